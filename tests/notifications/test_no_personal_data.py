"""No e-mail and no notification names a person: on the whole demo, every trigger fired (the demo's perpetrator links,
the daily reminders, referrals sent and answered, assessments flagging a situation, committee shares, guide changes and
summaries), every subject, body and notification text is checked against every name of the demo's people and
accounts."""

import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from accounts.models import Membership, Role, User
from casework import actions, risk
from casework.models import Person, PersonRole, Situation
from notifications import delivery
from notifications.models import Delivery, Kind, Notification, OutboxMessage

pytestmark = pytest.mark.django_db


def _names():
    names = set()
    for person in Person.objects.all():
        names.update({person.first_name, person.last_name})
    for user in User.objects.all():
        names.update({user.first_name, user.last_name})
    return {n for n in names if n and n != "[anonymisé]"}


def test_no_email_or_notification_names_anyone_of_the_demo(territory):
    call_command("demo")
    call_command("notify_due", verbosity=0)
    # Every trigger of the shared follow-up, on demo files, by their own organisations' members.
    situations = list(Situation.objects.filter(status="open").order_by("pk")[:6])
    receivers = list(Membership.objects.active().filter(role=Role.PRACTITIONER).order_by("pk"))
    grid = risk.default_grid()
    for situation in situations:
        member = (
            Membership.objects.active().filter(organisation=situation.organisation, role__in=[Role.PRACTITIONER, Role.ORG_ADMIN]).first()
        )
        if member is None:
            continue
        receiver = next(m for m in receivers if m.organisation_id != situation.organisation_id)
        for person in situation.people.filter(role__in=[PersonRole.VICTIM, PersonRole.PERPETRATOR])[:2]:
            referral = actions.create_referral(
                membership=member,
                situation=situation,
                person=person,
                receiver=receiver.organisation,
                reason="Motif fictif",
                consent_data={"items": ["identity"], "legal_basis": "consent", "given_on": timezone.localdate(), "method": "oral"},
            )
            actions.answer_referral(
                membership=receiver, referral=referral, accept=person.role == PersonRole.VICTIM, refusal_reason="Refus fictif"
            )
        answers = {q.code: risk.YES for q in grid.questions.all()}
        actions.record_assessment(membership=member, situation=situation, grid=grid, answers=answers, assessed_on=timezone.localdate())
        actions.share_with_committee(membership=member, situation=situation, until=timezone.localdate())
    kinds = set(Notification.objects.values_list("kind", flat=True))
    assert {Kind.PERPETRATOR_LINK, Kind.REFERRAL_RECEIVED, Kind.REFERRAL_ANSWERED, Kind.COMMITTEE_FLAG, Kind.COMMITTEE_SHARE} <= kinds
    assert Kind.MEASURE_ENDING in kinds
    # Half of everything goes through the daily summary as well.
    Notification.objects.filter(pk__in=list(Notification.objects.order_by("pk").values_list("pk", flat=True))[::2]).update(
        delivery=Delivery.DIGEST, digested_at=None
    )
    assert delivery.build_digests() > 0
    while delivery.send_due(limit=1000) != (0, 0, 0):
        pass
    assert len(mail.outbox) == OutboxMessage.objects.filter(status="sent").count() > 50
    names = _names()
    assert len(names) > 50
    pattern = re.compile(r"\b(" + "|".join(sorted((re.escape(n) for n in names), key=len, reverse=True)) + r")\b", re.IGNORECASE)
    assert pattern.search(f"Bonjour {min(names)}, voici")  # the check sees a name where there is one
    texts = [m.subject for m in mail.outbox] + [m.body for m in mail.outbox] + list(Notification.objects.values_list("title", flat=True))
    found = {match for text in texts for match in pattern.findall(text)}
    assert found == set()
