"""The committee's rules: who may put a situation forward and why, the repeat rule, what each attendee reads of the
agenda (« restreinte », the perpetrator's side), texts that name nobody, actions reviewed at the next meeting."""

import datetime
import subprocess

import pytest
from django.utils import timezone

from casework.models import CommitteeShare, DangerLevel, EventKind, PersonRole
from committee import actions
from committee.models import ActionStatus, AgendaItem, Basis, CommitteeAction, Decision, Meeting, Reason
from tests.casework.conftest import people
from tests.casework.factories import EventFactory
from tests.committee.conftest import WHEREABOUTS

pytestmark = pytest.mark.django_db


def _pdf_text(pdf):
    return subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


def _counts():
    return (AgendaItem.objects.count(), CommitteeShare.objects.count())


def test_a_situation_without_consent_or_legal_basis_is_refused(member_client, meeting, situation):
    situation.danger_level = DangerLevel.HIGH
    situation.save()
    before = _counts()
    response = member_client.post(
        f"/reseau/comite/seances/{meeting.pk}/proposer/", {"situation": situation.pk, "reason": "high_danger", "basis": ""}
    )
    assert response.status_code == 422
    assert "Consentement ou base légale : Sans consentement de la victime ni base légale" in response.text
    assert _counts() == before


def test_the_owner_puts_a_situation_forward_and_the_coordinator_then_reads_it(member_client, coordinator_client, meeting, situation):
    situation.danger_level = DangerLevel.HIGH
    situation.save()
    assert coordinator_client.get(f"/suivi/{situation.pk}/").status_code == 404
    response = member_client.post(
        f"/reseau/comite/seances/{meeting.pk}/proposer/", {"situation": situation.pk, "reason": "high_danger", "basis": "consent"}
    )
    assert response.status_code == 302
    item = AgendaItem.objects.get()
    assert (item.situation, item.put_forward_by, item.repeat) == (situation, situation.organisation, False)
    assert situation.organisation in meeting.attendees.all()
    assert coordinator_client.get(f"/suivi/{situation.pk}/").status_code == 200
    page = coordinator_client.get(f"/reseau/comite/seances/{meeting.pk}/").text
    assert situation.reference in page and "Enregistrer une décision" in page


def test_a_situation_of_another_organisation_cannot_be_put_forward(other_client, meeting, situation):
    response = other_client.post(
        f"/reseau/comite/seances/{meeting.pk}/proposer/", {"situation": situation.pk, "reason": "judgement", "basis": "consent"}
    )
    assert response.status_code == 422 and not AgendaItem.objects.exists()


def test_high_danger_needs_the_high_level_and_escalation_three_incidents_in_twelve_months(member_client, meeting, situation):
    url = f"/reseau/comite/seances/{meeting.pk}/proposer/"
    response = member_client.post(url, {"situation": situation.pk, "reason": "high_danger", "basis": "danger"})
    assert response.status_code == 422 and "n&#x27;est pas « grave »" in response.text
    today = timezone.localdate()
    EventFactory(situation=situation, kind=EventKind.COMPLAINT, date=today - datetime.timedelta(days=20))
    EventFactory(situation=situation, kind=EventKind.POLICE_LOG, date=today - datetime.timedelta(days=200))
    EventFactory(situation=situation, kind=EventKind.COMPLAINT, date=today - datetime.timedelta(days=400))  # too old
    response = member_client.post(url, {"situation": situation.pk, "reason": "escalation", "basis": "danger"})
    assert response.status_code == 422 and "2 incident(s) enregistré(s) en 12 mois" in response.text
    EventFactory(situation=situation, kind=EventKind.BREACH, date=today - datetime.timedelta(days=2))
    response = member_client.post(url, {"situation": situation.pk, "reason": "escalation", "basis": "danger"})
    assert response.status_code == 302 and AgendaItem.objects.get().reason == Reason.ESCALATION


def _meeting_on(coordinator, day, attendees):
    return actions.create_meeting(membership=coordinator, data={"date": day, "attendees": attendees})


@pytest.mark.parametrize(("days", "repeat"), [(30, True), (365, True), (366, False), (700, False)])
def test_a_situation_back_within_twelve_months_of_its_last_discussion_is_a_repeat(
    days, repeat, member, coordinator, situation, organisation
):
    first_day = datetime.date(2025, 3, 1)
    first = _meeting_on(coordinator, first_day, [organisation])
    actions.put_forward(membership=member, meeting=first, situation=situation, reason=Reason.JUDGEMENT, basis=Basis.CONSENT)
    later = _meeting_on(coordinator, first_day + datetime.timedelta(days=days), [organisation])
    item = actions.put_forward(membership=member, meeting=later, situation=situation, reason=Reason.JUDGEMENT, basis=Basis.CONSENT)
    assert item.repeat is repeat
    assert item.previous.meeting == first


def test_repeat_counts_from_the_last_discussion_not_the_first(member, coordinator, situation, organisation):
    day = datetime.date(2024, 1, 10)
    for offset in (0, 300, 600):
        meeting = _meeting_on(coordinator, day + datetime.timedelta(days=offset), [organisation])
        item = actions.put_forward(membership=member, meeting=meeting, situation=situation, reason=Reason.JUDGEMENT, basis=Basis.CONSENT)
    assert item.repeat is True  # 300 days after the second discussion, 600 after the first


def test_an_attendee_who_may_not_open_the_situation_reads_it_as_restricted(other_client, meeting, item, recorded, situation):
    page = other_client.get(f"/reseau/comite/seances/{meeting.pk}/").text
    assert "Situation restreinte" in page
    assert situation.reference not in page.split("Ordre du jour")[1]
    assert WHEREABOUTS not in page
    # Her organisation's action is shown: she has to carry it out.
    assert "Accompagner la victime au foyer" in page
    assert "Rappeler à l&#x27;auteur" not in page


def test_the_perpetrators_organisation_attending_never_reads_where_the_victim_is(perpetrator_client, meeting, item, recorded, situation):
    """Gamma attends; the perpetrator was referred to it with every item ticked (its gate shows it the situation): the
    meeting page, the minutes and their PDF show it neither the decision that places her, nor the other partners'
    actions, nor any contact or commune; only its own action."""
    victim = people(situation, PersonRole.VICTIM)
    child = people(situation, PersonRole.CHILD)
    assert perpetrator_client.get(f"/suivi/{situation.pk}/").status_code == 200  # the gate shows it the situation
    pages = [
        perpetrator_client.get(f"/reseau/comite/seances/{meeting.pk}/").text,
        perpetrator_client.get(f"/reseau/comite/seances/{meeting.pk}/compte-rendu/").text,
        _pdf_text(perpetrator_client.get(f"/reseau/comite/seances/{meeting.pk}/compte-rendu.pdf").content),
        perpetrator_client.get("/reseau/comite/actions/").text,
    ]
    for text in pages:
        flat = " ".join(text.replace("&#x27;", "'").split())
        assert "Tilleuls" not in flat and "Denain" not in flat
        for secret in (victim.address, victim.phone, child.address, victim.first_name, victim.last_name):
            assert secret not in flat
        assert "Rappeler à l'auteur" in flat
    assert "ne vous sont pas communiquées" in pages[0]


def test_the_owner_reads_the_decisions_and_every_action(member_client, meeting, item, recorded):
    page = member_client.get(f"/reseau/comite/seances/{meeting.pk}/").text.replace("&#x27;", "'")
    assert WHEREABOUTS in page and "Rappeler à l'auteur" in page and "Accompagner la victime" in page


def test_a_decision_naming_a_person_of_the_household_is_refused(coordinator_client, item, situation):
    victim = people(situation, PersonRole.VICTIM)
    before = Decision.objects.count()
    response = coordinator_client.post(
        f"/reseau/comite/points/{item.pk}/decision/", {"text": f"Orienter {victim.first_name.upper()} vers le CIDFF"}
    )
    assert response.status_code == 302 and Decision.objects.count() == before
    page = coordinator_client.get(response.url).text
    assert "Le texte contient le nom d&#x27;une personne du foyer" in page
    response = coordinator_client.post(
        f"/reseau/comite/points/{item.pk}/action/",
        {"description": "Recevoir Mme Fictive-Martin", "owner": item.put_forward_by.pk, "due_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 422 and not CommitteeAction.objects.exists()


def test_the_coordinator_records_a_decision_and_an_action(coordinator_client, item, other_organisation):
    response = coordinator_client.post(f"/reseau/comite/points/{item.pk}/decision/", {"text": "Demande d'évaluation approfondie"})
    assert response.status_code == 302 and Decision.objects.get().text == "Demande d'évaluation approfondie"
    due = (timezone.localdate() + datetime.timedelta(days=15)).isoformat()
    response = coordinator_client.post(
        f"/reseau/comite/points/{item.pk}/action/",
        {"description": "Proposer un accompagnement juridique", "owner": other_organisation.pk, "due_on": due},
    )
    assert response.status_code == 302
    action = CommitteeAction.objects.get()
    assert (action.owner, action.due_on.isoformat(), action.status) == (other_organisation, due, ActionStatus.OPEN)


def test_practitioners_see_the_actions_assigned_to_their_organisation_and_report_progress(other_client, member_client, recorded):
    page = other_client.get("/reseau/comite/actions/").text
    assert "Accompagner la victime" in page and "Rappeler à l&#x27;auteur" not in page
    assert "Aucune action" in member_client.get("/reseau/comite/actions/").text
    response = other_client.post(f"/reseau/comite/actions/{recorded['other'].pk}/revue/", {"status": "done", "note": "Rendez-vous tenu"})
    assert response.status_code == 302
    recorded["other"].refresh_from_db()
    assert recorded["other"].status == ActionStatus.DONE and recorded["other"].closed_on == timezone.localdate()
    # Dropping an action is the committee's call, not the organisation's.
    other_client.post(f"/reseau/comite/actions/{recorded['other'].pk}/revue/", {"status": "dropped"})
    recorded["other"].refresh_from_db()
    assert recorded["other"].status == ActionStatus.DONE


def test_outstanding_actions_are_reviewed_at_the_next_meeting(coordinator, coordinator_client, meeting, item, recorded, organisation):
    later = _meeting_on(coordinator, meeting.date + datetime.timedelta(days=30), [organisation])
    page = coordinator_client.get(f"/reseau/comite/seances/{later.pk}/").text.replace("&#x27;", "'")
    review = page.split("Actions en cours des séances précédentes")[1].split("Ordre du jour")[0]
    assert "Rappeler à l'auteur" in review and "Accompagner la victime" in review
    response = coordinator_client.post(
        f"/reseau/comite/actions/{recorded['gamma'].pk}/revue/",
        {"status": "done", "note": "Fait", "meeting": later.pk, "next": f"/reseau/comite/seances/{later.pk}/"},
    )
    assert response.status_code == 302 and response.url == f"/reseau/comite/seances/{later.pk}/"
    recorded["gamma"].refresh_from_db()
    assert (recorded["gamma"].status, recorded["gamma"].last_review) == (ActionStatus.DONE, later)
    review = coordinator_client.get(f"/reseau/comite/seances/{later.pk}/").text.replace("&#x27;", "'").split("Ordre du jour")[0]
    assert "Rappeler à l'auteur" not in review and "Accompagner la victime" in review
    # The meeting where they were decided does not review them.
    first = coordinator_client.get(f"/reseau/comite/seances/{meeting.pk}/").text
    assert "Aucune action en cours à revoir" in first


def test_the_minutes_pdf_has_numbered_pages_and_names_nobody(coordinator_client, meeting, item, recorded, situation):
    response = coordinator_client.get(f"/reseau/comite/seances/{meeting.pk}/compte-rendu.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    assert situation.reference in text and "Page 1 / 1" in text
    for person in situation.people.all():
        assert person.first_name not in text and person.last_name not in text


def test_an_upcoming_meeting_takes_no_situation_once_held(member_client, meeting, situation):
    Meeting.objects.filter(pk=meeting.pk).update(held=True)
    response = member_client.post(
        f"/reseau/comite/seances/{meeting.pk}/proposer/", {"situation": situation.pk, "reason": "judgement", "basis": "consent"}
    )
    assert response.status_code == 422 and "Cette séance est passée" in response.text


def test_calendar_items_name_nobody(meeting, item, recorded, other_organisation, situation):
    from committee.queries import calendar_items

    items = calendar_items(other_organisation)
    assert {i["kind"] for i in items} == {"committee_meeting", "committee_action"}
    assert all(i["date"] and i["url"].startswith("/reseau/comite/") for i in items)
    titles = " ".join(i["title"] for i in items)
    for person in situation.people.all():
        assert person.first_name not in titles and person.last_name not in titles


def test_the_feed_names_no_situation_and_leaves_out_what_a_perpetrators_team_may_read(recorded, other_organisation, situation):
    """The organisation's iCalendar feed leaves the platform (calendar applications, phones): an action's due date is
    there, its situation's reference is not. And the feed (like the calendar page) is the organisation's, not a team's:
    once one of its teams accompanies the household's perpetrator, the committee's actions about the household leave it."""
    from accounts.models import Audience, Team
    from casework.models import LinkSource, PerpetratorLink
    from network import calendar

    feed = calendar.feed(other_organisation).decode()
    assert "Échéance d'une action du comité" in feed and situation.reference not in feed
    page = calendar.items_for(other_organisation)
    assert any(i.kind == "committee_action" and situation.reference in i.title for i in page), "inside the platform, the reference"

    team = Team.objects.create(organisation=other_organisation, name="Socio-judiciaire (fictive)", accompanies=Audience.PERPETRATORS)
    PerpetratorLink.objects.create(situation=situation, organisation=other_organisation, team=team, source=LinkSource.DECLARATION)
    assert "action du comité" not in calendar.feed(other_organisation).decode()
    assert not [i for i in calendar.items_for(other_organisation) if i.kind == "committee_action"]
