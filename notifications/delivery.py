"""Writing notifications and their e-mails, and sending the outbox.

- `notify()` writes, in the caller's transaction, one notification per member (once per event: its key) and, for a
  member who wants e-mails at once, one outbox message.
- `send_due()` (command `send_notifications`, every minute) claims the messages that are due, so that two workers
  never send the same one: `SELECT … FOR UPDATE SKIP LOCKED` on PostgreSQL, a conditional update (the row is claimed
  only if nobody holds it) on SQLite, whose writers take the database in turn. A claim is a lease: a worker that dies
  mid-send leaves the message to the next one once the lease ends. A refusal or a time-out of the mail server puts it
  back with a growing delay (1, 2, 4… minutes, at most six hours); it stays in the outbox until it leaves.
- `build_digests()` (command `notify_due`, daily) gathers the unread notifications of members who chose the daily
  summary into one e-mail each."""

import contextlib
import datetime
import secrets

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.models import DEFAULT_DELIVERY, Delivery, Kind, Notification, OutboxMessage, OutboxStatus, Preference

LEASE = datetime.timedelta(minutes=5)
MAX_DELAY = datetime.timedelta(hours=6)


def platform_url(path):
    return f"{settings.PLATFORM_URL}{path}"


def deliveries_for(user_ids, kind):
    chosen = dict(Preference.objects.filter(user_id__in=list(user_ids), kind=kind).values_list("user_id", "delivery"))
    return {user_id: chosen.get(user_id, DEFAULT_DELIVERY[kind]) for user_id in user_ids}


def email_for(membership, kind, text, url):
    subject = _("[Maillage] %(kind)s") % {"kind": Kind(kind).label}
    body = _(
        "Bonjour,\n\n%(text)s\n\nPour en savoir plus, connectez-vous à Maillage (organisation : %(organisation)s) :\n%(url)s\n\n"
        "Ce message ne contient volontairement aucune information sur les personnes suivies.\n"
        "Pour choisir comment vous êtes prévenu·e : %(preferences)s\n\n— Maillage"
    ) % {
        "text": text,
        "organisation": membership.organisation,
        "url": platform_url(url),
        "preferences": platform_url(reverse("notifications:preferences")),
    }
    return subject, body


def notify(memberships, kind, text, *, url, key=""):
    """Notify each membership once per `key`; returns the notifications created."""
    memberships = list({m.pk: m for m in memberships}.values())
    if not memberships:
        return []
    already = set()
    if key:
        already = set(
            Notification.objects.filter(membership_id__in=[m.pk for m in memberships], key=key).values_list("membership_id", flat=True)
        )
    deliveries = deliveries_for({m.user_id for m in memberships}, kind)
    created = []
    for membership in memberships:
        if membership.pk in already:
            continue
        delivery = deliveries[membership.user_id]
        try:
            with transaction.atomic():  # a savepoint: a concurrent run that notified first leaves the caller's work intact
                notification = Notification.objects.create(
                    membership=membership,
                    kind=kind,
                    title=str(text),
                    url=url,
                    key=key,
                    delivery=delivery,
                    digested_at=None if delivery == Delivery.DIGEST else timezone.now(),
                )
        except IntegrityError:
            continue
        if delivery == Delivery.IMMEDIATE:
            subject, body = email_for(membership, kind, text, url)
            OutboxMessage.objects.create(membership=membership, notification=notification, subject=subject, body=body)
        created.append(notification)
    return created


def delay_after(attempts):
    return min(datetime.timedelta(minutes=2 ** max(attempts - 1, 0)), MAX_DELAY)


def _due(now):
    return Q(status=OutboxStatus.PENDING, next_attempt_at__lte=now) & (Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))


def claim(limit=100, now=None):
    """Claim up to `limit` due messages for this worker; returns (token, ids)."""
    now = now or timezone.now()
    token = secrets.token_hex(16)
    candidates = OutboxMessage.objects.filter(_due(now)).order_by("next_attempt_at", "pk")
    if connection.features.has_select_for_update_skip_locked:
        with transaction.atomic():
            ids = list(candidates.select_for_update(skip_locked=True).values_list("pk", flat=True)[:limit])
            OutboxMessage.objects.filter(pk__in=ids).update(claimed_until=now + LEASE, claim_token=token)
        return token, ids
    ids = []
    for pk in candidates.values_list("pk", flat=True)[:limit]:
        # Claimed only if still due and unclaimed: of two workers, one update finds the row, the other none.
        if OutboxMessage.objects.filter(_due(now), pk=pk).update(claimed_until=now + LEASE, claim_token=token):
            ids.append(pk)
    return token, ids


def _error_label(exc):
    """What the outbox keeps of a failure: its kind and SMTP code, never its text (a refusal quotes the address)."""
    code = getattr(exc, "smtp_code", None)
    return f"{type(exc).__name__}{f' ({code})' if code else ''}"[:200]


def send_due(limit=100, now=None):
    """Send what is due; returns (sent, failed, cancelled)."""
    token, ids = claim(limit, now)
    sent = failed = cancelled = 0
    if not ids:
        return sent, failed, cancelled
    messages = OutboxMessage.objects.filter(pk__in=ids, claim_token=token).select_related("membership__user").order_by("pk")
    mail = get_connection(fail_silently=False, timeout=settings.EMAIL_TIMEOUT)
    for message in messages:
        mine = OutboxMessage.objects.filter(pk=message.pk, claim_token=token)
        membership = message.membership
        if not (membership.is_active and membership.user.is_active and membership.user.email):
            mine.update(status=OutboxStatus.CANCELLED, claimed_until=None)
            cancelled += 1
            continue
        try:
            EmailMessage(message.subject, message.body, None, [membership.user.email], connection=mail).send()
        except Exception as exc:  # whatever the mail server or the network did, the message stays
            attempts = message.attempts + 1
            mine.update(
                attempts=attempts,
                next_attempt_at=timezone.now() + delay_after(attempts),
                claimed_until=None,
                last_error=_error_label(exc),
            )
            failed += 1
            with contextlib.suppress(Exception):  # a broken connection is reopened by the next send
                mail.close()
            continue
        mine.update(status=OutboxStatus.SENT, sent_at=timezone.now(), claimed_until=None, attempts=message.attempts + 1, last_error="")
        sent += 1
    with contextlib.suppress(Exception):
        mail.close()
    return sent, failed, cancelled


def build_digests(now=None):
    """One e-mail per member with unread notifications waiting for the daily summary; returns how many were written.
    Each notification is taken once (marked in the same transaction), so a second run the same day writes nothing."""
    now = now or timezone.now()
    from accounts.models import Membership

    waiting = Notification.objects.filter(delivery=Delivery.DIGEST, digested_at__isnull=True)
    written = 0
    for membership_id in sorted(set(waiting.values_list("membership_id", flat=True))):
        with transaction.atomic():
            rows = list(waiting.filter(membership_id=membership_id).select_for_update().order_by("created_at", "pk"))
            if not rows:
                continue
            Notification.objects.filter(pk__in=[n.pk for n in rows]).update(digested_at=now)
            unread = [n for n in rows if n.read_at is None]
            if not unread:
                continue
            membership = Membership.objects.select_related("organisation").get(pk=membership_id)
            counts = {}
            for notification in unread:
                counts[notification.kind] = counts.get(notification.kind, 0) + 1
            lines = "\n".join(f"- {Kind(kind).label} : {count}" for kind, count in sorted(counts.items()))
            subject = _("[Maillage] Votre résumé du jour : %(n)s notification(s)") % {"n": len(unread)}
            body = _(
                "Bonjour,\n\nDepuis le dernier résumé, vous avez reçu sur Maillage (organisation : %(organisation)s) :\n%(lines)s\n\n"
                "Pour les consulter, connectez-vous :\n%(url)s\n\n"
                "Ce message ne contient volontairement aucune information sur les personnes suivies.\n"
                "Pour choisir comment vous êtes prévenu·e : %(preferences)s\n\n— Maillage"
            ) % {
                "organisation": membership.organisation,
                "lines": lines,
                "url": platform_url(reverse("notifications:list")),
                "preferences": platform_url(reverse("notifications:preferences")),
            }
            OutboxMessage.objects.create(membership=membership, subject=subject, body=body)
            written += 1
    return written
