"""One test per trigger: who is told, who is not, and that the same event never notifies twice."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from accounts.models import Audience, Role, Team
from casework import actions, risk
from casework.models import PerpetratorLink, PersonRole, Situation
from directory.models import Service
from notifications import delivery, events
from notifications.models import Kind, Notification, OutboxMessage
from tests.accounts.factories import MembershipFactory, OrganisationFactory
from tests.casework.factories import EventFactory, PersonFactory, SituationFactory

pytestmark = pytest.mark.django_db


def kinds_of(membership):
    return sorted(Notification.objects.filter(membership=membership).values_list("kind", flat=True))


def _refer(member, situation, receiver, role=PersonRole.VICTIM):
    person = situation.people.get(role=role)
    return actions.create_referral(
        membership=member,
        situation=situation,
        person=person,
        receiver=receiver,
        reason="Accompagnement juridique (motif fictif)",
        consent_data={"items": ["identity"], "legal_basis": "consent", "given_on": datetime.date(2026, 3, 1), "method": "oral"},
    )


def test_a_referral_received_notifies_the_receivers_members_and_mails_them(member, situation, other_member, other_organisation):
    referral = _refer(member, situation, other_organisation)
    assert kinds_of(other_member) == [Kind.REFERRAL_RECEIVED]
    assert kinds_of(member) == []
    notification = Notification.objects.get(membership=other_member)
    assert notification.url == f"/suivi/orientations/{referral.pk}/"
    assert OutboxMessage.objects.filter(membership=other_member, notification=notification).count() == 1
    delivery.send_due()
    assert [m.to for m in mail.outbox] == [[other_member.user.email]]
    assert f"/suivi/orientations/{referral.pk}/" in mail.outbox[0].body


def test_a_referral_answered_notifies_the_senders_members(member, situation, other_member, other_organisation):
    referral = _refer(member, situation, other_organisation)
    actions.answer_referral(membership=other_member, referral=referral, accept=False, refusal_reason="Hors de notre champ (fictif)")
    assert kinds_of(member) == [Kind.REFERRAL_ANSWERED]
    assert "refusée" in Notification.objects.get(membership=member).title
    assert "Hors de notre champ" not in Notification.objects.get(membership=member).title
    assert kinds_of(other_member) == [Kind.REFERRAL_RECEIVED]


def test_a_measure_ending_within_15_days_is_reminded_once(member, situation, other_member):
    today = timezone.localdate()
    ending = EventFactory(
        situation=situation,
        kind="protection_order",
        date=today - datetime.timedelta(days=170),
        end_date=today + datetime.timedelta(days=15),
    )
    EventFactory(situation=situation, kind="protection_order", date=today, end_date=today + datetime.timedelta(days=16))
    EventFactory(situation=situation, kind="complaint", date=today, end_date=today + datetime.timedelta(days=3))
    call_command("notify_due", verbosity=0)
    call_command("notify_due", verbosity=0)  # the next day's run, or a rerun after a crash: nobody is told twice
    notifications = Notification.objects.filter(kind=Kind.MEASURE_ENDING)
    assert [(n.membership_id, n.url) for n in notifications] == [(member.pk, f"/suivi/{situation.pk}/")]
    assert notifications[0].key == f"measure_ending:{ending.pk}:{ending.end_date.isoformat()}"
    # Extended, then ending again soon: a new reminder for the new date.
    ending.end_date = today + datetime.timedelta(days=2)
    ending.save()
    call_command("notify_due", verbosity=0)
    assert Notification.objects.filter(kind=Kind.MEASURE_ENDING).count() == 2


def test_a_closed_situations_measures_are_not_reminded(member, situation):
    today = timezone.localdate()
    EventFactory(situation=situation, kind="housing", date=today, end_date=today + datetime.timedelta(days=5))
    Situation.objects.filter(pk=situation.pk).update(status="closed", closed_on=today)
    call_command("notify_due", verbosity=0)
    assert not Notification.objects.filter(kind=Kind.MEASURE_ENDING).exists()


def test_a_situation_flagged_for_the_committee_tells_its_organisation_and_the_coordinators(member, situation, coordinator):
    grid = risk.default_grid()
    answers = {q.code: risk.YES for q in grid.questions.all()}
    actions.record_assessment(membership=member, situation=situation, grid=grid, answers=answers, assessed_on=timezone.localdate())
    situation.refresh_from_db()
    assert situation.flagged_for_committee
    assert kinds_of(member) == [Kind.COMMITTEE_FLAG]
    assert kinds_of(coordinator) == [Kind.COMMITTEE_FLAG]
    # The coordinator is sent to the counts per organisation, not to a file she may not open.
    assert Notification.objects.get(membership=coordinator).url == "/suivi/"
    actions.record_assessment(membership=member, situation=situation, grid=grid, answers=answers, assessed_on=timezone.localdate())
    assert Notification.objects.filter(kind=Kind.COMMITTEE_FLAG).count() == 2


def test_a_situation_shared_with_the_committee_tells_the_coordinators(member, situation, coordinator):
    actions.share_with_committee(membership=member, situation=situation, until=timezone.localdate() + datetime.timedelta(days=30))
    assert kinds_of(coordinator) == [Kind.COMMITTEE_SHARE]
    assert kinds_of(member) == []


def test_a_committee_action_assigned_tells_the_organisations_members(member, org_admin, organisation, other_member):
    created = events.committee_action_assigned(organisation=organisation, url="/reseau/actions/7/", key="committee_action:7")
    assert {n.membership_id for n in created} == {member.pk, org_admin.pk}
    assert events.committee_action_assigned(organisation=organisation, url="/reseau/actions/7/", key="committee_action:7") == []
    assert kinds_of(other_member) == []


def test_a_stale_guide_entry_is_reminded_to_its_organisations_admin_once(org_admin, member, organisation, other_member):
    old = timezone.localdate() - datetime.timedelta(days=200)
    stale = Service.objects.create(organisation=organisation, name="Permanence fictive", is_published=True, last_verified_at=old)
    Service.objects.create(organisation=organisation, name="Permanence à jour", is_published=True, last_verified_at=timezone.localdate())
    call_command("notify_due", verbosity=0)
    call_command("notify_due", verbosity=0)
    notifications = Notification.objects.filter(kind=Kind.DIRECTORY_STALE)
    assert [n.membership_id for n in notifications] == [org_admin.pk]
    assert notifications[0].key == f"directory_stale:{stale.pk}:{old.isoformat()}"


def test_a_change_to_review_tells_the_coordinators(member, organisation, coordinator):
    from directory.actions import propose_service
    from directory.forms import PAYLOAD_FIELDS

    service = Service.objects.create(organisation=organisation, name="Permanence fictive", is_published=True)
    payload = {name: getattr(service, name) for name in PAYLOAD_FIELDS}
    payload["categories"] = []
    change = propose_service(acting_membership=member, payload=payload, locations=[], service=service)
    propose_service(acting_membership=member, payload=payload, locations=[], service=service)  # edited again: same change
    assert [n.url for n in Notification.objects.filter(membership=coordinator)] == [f"/guide/pro/relecture/{change.pk}/"]
    assert kinds_of(member) == []


def test_a_perpetrator_link_tells_the_victims_organisation_never_the_linked_one(
    member, org_admin, situation, perpetrator_member, perpetrator_org
):
    _refer(member, situation, perpetrator_org, role=PersonRole.PERPETRATOR)
    assert PerpetratorLink.objects.filter(situation=situation, organisation=perpetrator_org).exists()
    assert kinds_of(member) == [Kind.PERPETRATOR_LINK]
    assert kinds_of(org_admin) == [Kind.PERPETRATOR_LINK]
    # His association is told of the referral it received, and of nothing else.
    assert kinds_of(perpetrator_member) == [Kind.REFERRAL_RECEIVED]
    text = Notification.objects.get(membership=member).title
    assert perpetrator_org.name not in text and str(perpetrator_org) not in text
    delivery.send_due()
    hers = [m for m in mail.outbox if m.to[0] in (member.user.email, org_admin.user.email)]
    assert len(hers) == 2
    for message in hers:
        assert perpetrator_org.name not in message.body and perpetrator_org.name not in message.subject


def test_a_perpetrators_own_file_tells_the_victims_organisation(member, situation, perpetrator_member, perpetrator_org):
    """His association opens its own file on him: the link is recognised, and only her organisation hears of it."""
    own = SituationFactory(organisation=perpetrator_org, side="perpetrator")
    man = situation.people.get(role=PersonRole.PERPETRATOR)
    PersonFactory(
        situation=own, role=PersonRole.PERPETRATOR, first_name=man.first_name, last_name=man.last_name, birth_date=man.birth_date, sex="M"
    )
    assert kinds_of(member) == [Kind.PERPETRATOR_LINK]
    assert kinds_of(perpetrator_member) == []


def test_a_perpetrators_team_of_the_same_organisation_is_never_told(organisation, situation):
    """Her team is told; his team, and a member without a team (who may be anyone in it), are not."""
    organisation.accompanies = Audience.BOTH
    organisation.save()
    victims = Team.objects.create(organisation=organisation, name="Aide aux victimes", accompanies=Audience.VICTIMS)
    perpetrators = Team.objects.create(organisation=organisation, name="Socio-judiciaire", accompanies=Audience.PERPETRATORS)
    Situation.objects.filter(pk=situation.pk).update(team=victims)
    situation.refresh_from_db()
    hers = MembershipFactory(organisation=organisation, role=Role.PRACTITIONER, team=victims)
    his = MembershipFactory(organisation=organisation, role=Role.PRACTITIONER, team=perpetrators)
    no_team = MembershipFactory(organisation=organisation, role=Role.ORG_ADMIN)
    own = SituationFactory(organisation=organisation, team=perpetrators, side="perpetrator")
    man = situation.people.get(role=PersonRole.PERPETRATOR)
    PersonFactory(
        situation=own, role=PersonRole.PERPETRATOR, first_name=man.first_name, last_name=man.last_name, birth_date=man.birth_date, sex="M"
    )
    assert PerpetratorLink.objects.filter(situation=situation, team=perpetrators).exists()
    assert kinds_of(hers) == [Kind.PERPETRATOR_LINK]
    assert kinds_of(his) == [] and kinds_of(no_team) == []
    # And later news of her household skips them too.
    today = timezone.localdate()
    EventFactory(situation=situation, kind="tgd_granted", date=today, end_date=today + datetime.timedelta(days=4))
    call_command("notify_due", verbosity=0)
    assert kinds_of(hers) == [Kind.MEASURE_ENDING, Kind.PERPETRATOR_LINK]
    assert kinds_of(his) == [] and kinds_of(no_team) == []


def test_an_event_rolled_back_leaves_no_notification_and_no_email(member, situation, other_organisation, other_member):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        _refer(member, situation, other_organisation)
        raise RuntimeError("the request failed after the referral")
    assert not Notification.objects.exists() and not OutboxMessage.objects.exists()


def test_an_inactive_member_is_not_told(situation, other_organisation, member):
    gone = MembershipFactory(organisation=other_organisation, role=Role.PRACTITIONER, is_active=False)
    analyst = MembershipFactory(organisation=other_organisation, role=Role.ANALYST)
    _refer(member, situation, other_organisation)
    assert kinds_of(gone) == [] and kinds_of(analyst) == []


def test_an_organisation_without_admin_has_its_practitioners_reminded(member):
    service = Service.objects.create(organisation=OrganisationFactory(), name="Fiche fictive", is_published=True)
    MembershipFactory(organisation=service.organisation, role=Role.PRACTITIONER)
    assert len(events.directory_entry_stale(service)) == 1
