"""Notifications: what a member is told on the platform, her preferences per kind, and the e-mail outbox.

A notification's text is fixed per kind and names nobody: it says that something needs her and links to the page
that shows it, behind the page's own gate. E-mails are written to the outbox in the transaction of the event that
causes them (notifications.events), and sent by `send_notifications` (notifications.delivery): a mail server that
refuses or times out leaves the message in the outbox, retried later with back-off, never lost."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    REFERRAL_RECEIVED = "referral_received", _("Orientation reçue par votre organisation")
    REFERRAL_ANSWERED = "referral_answered", _("Réponse à une orientation envoyée par votre organisation")
    MEASURE_ENDING = "measure_ending", _("Mesure de protection qui prend fin dans les 15 jours")
    COMMITTEE_FLAG = "committee_flag", _("Situation signalée au comité de suivi")
    COMMITTEE_SHARE = "committee_share", _("Situation partagée avec le comité de suivi")
    COMMITTEE_ACTION = "committee_action", _("Action confiée par le comité de suivi")
    GROUP_TASK = "group_task", _("Tâche d'un groupe de travail qui vous est confiée")
    PERPETRATOR_LINK = "perpetrator_link", _("Organisation qui accompagne l'auteur identifiée")
    DIRECTORY_STALE = "directory_stale", _("Fiche du guide à vérifier")
    DIRECTORY_REVIEW = "directory_review", _("Modification du guide à relire")


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", _("Par e-mail, aussitôt")
    DIGEST = "digest", _("Par e-mail, dans un résumé quotidien")
    IN_APP = "in_app", _("Sur la plateforme seulement")


# What a member gets before she chooses: what needs her soon by e-mail at once, the rest once a day.
DEFAULT_DELIVERY = {
    Kind.REFERRAL_RECEIVED: Delivery.IMMEDIATE,
    Kind.REFERRAL_ANSWERED: Delivery.IMMEDIATE,
    Kind.MEASURE_ENDING: Delivery.IMMEDIATE,
    Kind.COMMITTEE_FLAG: Delivery.DIGEST,
    Kind.COMMITTEE_SHARE: Delivery.IMMEDIATE,
    Kind.COMMITTEE_ACTION: Delivery.IMMEDIATE,
    Kind.GROUP_TASK: Delivery.DIGEST,
    Kind.PERPETRATOR_LINK: Delivery.IMMEDIATE,
    Kind.DIRECTORY_STALE: Delivery.DIGEST,
    Kind.DIRECTORY_REVIEW: Delivery.DIGEST,
}


class NotificationQuerySet(models.QuerySet):
    def for_membership(self, membership):
        if membership is None:
            return self.none()
        return self.filter(membership_id=membership.pk)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """One thing a member is told, in the name of one of her memberships (she reads it acting for that organisation)."""

    membership = models.ForeignKey("accounts.Membership", on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("type"), max_length=24, choices=Kind.choices)
    title = models.CharField(_("message"), max_length=300)
    url = models.CharField(_("lien"), max_length=300)
    # Names the event (« referral_received:12 »): the same event never notifies the same membership twice.
    key = models.CharField(max_length=120, blank=True)
    delivery = models.CharField(max_length=10, choices=Delivery.choices)
    created_at = models.DateTimeField(_("reçue le"), default=timezone.now)
    read_at = models.DateTimeField(_("lue le"), null=True, blank=True)
    # Set when a daily digest took it (or found it read already): a digest never repeats a notification.
    digested_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        constraints = [
            models.UniqueConstraint(fields=["membership", "key"], condition=~models.Q(key=""), name="notif_one_per_event"),
        ]
        indexes = [
            models.Index(fields=["membership", "read_at"], name="notif_unread"),
            models.Index(fields=["membership", "-created_at", "-id"], name="notif_list"),
            models.Index(fields=["delivery", "digested_at"], name="notif_digest"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} (n° {self.pk})"


class Preference(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences")
    kind = models.CharField(max_length=24, choices=Kind.choices)
    delivery = models.CharField(max_length=10, choices=Delivery.choices)

    class Meta:
        verbose_name = _("préférence de notification")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notif_one_preference_per_kind")]

    def __str__(self):
        return f"{self.get_kind_display()} : {self.get_delivery_display()}"


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("À envoyer")
    SENT = "sent", _("Envoyé")
    CANCELLED = "cancelled", _("Annulé (compte ou appartenance désactivé)")


class OutboxMessage(models.Model):
    """An e-mail to send. The address is read at sending time from the member's account (never copied here), and a
    membership or account deactivated meanwhile cancels it."""

    membership = models.ForeignKey("accounts.Membership", on_delete=models.CASCADE, related_name="+")
    notification = models.ForeignKey(Notification, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    subject = models.CharField(max_length=200)
    body = models.TextField()
    status = models.CharField(max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    # A worker owns a message until `claimed_until` (a crashed worker's claim expires: another one sends it).
    claimed_until = models.DateTimeField(null=True, blank=True)
    claim_token = models.CharField(max_length=32, blank=True)
    last_error = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("e-mail à envoyer")
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="notif_outbox_due")]

    def __str__(self):
        return f"e-mail n° {self.pk} ({self.get_status_display()})"
