"""Two practitioners edit the same record: the second save is refused, clearly, and nothing is lost."""

import datetime

import pytest

from audit.models import Action, Entry
from casework import actions
from casework.forms import ExitForm
from casework.models import Enrolment, PersonRole, Programme, ProgrammeCode, ReferralStatus
from tests.accounts.factories import MembershipFactory
from tests.casework.conftest import people
from tests.casework.factories import ReferralFactory
from tests.conftest import verified_client

pytestmark = pytest.mark.django_db


def _form(situation, **changes):
    data = {
        "status": "open",
        "closed_on": "",
        "side": "victim",
        "opened_on": situation.opened_on.isoformat(),
        "commune": "",
        "relationship": "",
        "children_count": str(situation.children_count),
        "notes": "",
        "version": str(situation.version),
    }
    data.update(changes)
    return data


def test_second_save_of_a_situation_is_refused_with_a_clear_message(member_client, organisation, situation):
    colleague = MembershipFactory(organisation=organisation)
    colleague_client = verified_client(colleague.user, colleague)
    first = _form(situation, children_count="2", notes="Première saisie")
    second = _form(situation, children_count="4", notes="Seconde saisie, à ne pas perdre")
    assert member_client.post(f"/suivi/{situation.pk}/modifier/", first).status_code == 302
    response = colleague_client.post(f"/suivi/{situation.pk}/modifier/", second)
    assert response.status_code == 200
    html = response.content.decode()
    assert "modifiée par quelqu&#x27;un d&#x27;autre" in html
    # Her input is still in the form, and the record kept the first save.
    assert "Seconde saisie, à ne pas perdre" in html
    situation.refresh_from_db()
    assert situation.children_count == 2
    assert situation.notes == "Première saisie"
    assert situation.version == 2


def test_second_save_of_a_person_is_refused(member_client, organisation, situation):
    colleague = MembershipFactory(organisation=organisation)
    colleague_client = verified_client(colleague.user, colleague)
    victim = people(situation, PersonRole.VICTIM)
    base = {
        "role": "victim",
        "first_name": victim.first_name,
        "last_name": victim.last_name,
        "birth_date": victim.birth_date.isoformat(),
        "sex": "F",
        "address": victim.address,
        "phone": "",
        "email": "",
        "safe_hours": "",
        "via_third_party": "",
        "notes": "",
        "version": str(victim.version),
    }
    assert member_client.post(f"/suivi/personnes/{victim.pk}/modifier/", {**base, "safe_hours": "le matin"}).status_code == 302
    response = colleague_client.post(f"/suivi/personnes/{victim.pk}/modifier/", {**base, "safe_hours": "le soir"})
    assert response.status_code == 200
    assert "n&#x27;ont PAS été enregistrées" in response.content.decode()
    victim.refresh_from_db()
    assert victim.safe_hours == "le matin"


def _enrolment(situation):
    return Enrolment.objects.create(
        programme=Programme.builtin(ProgrammeCode.AIR),
        person=people(situation, PersonRole.PERPETRATOR),
        situation=situation,
        organisation=situation.organisation,
        entered_on=datetime.date(2026, 1, 10),
        employment_at_entry="unemployed",
        housing_at_entry="stable",
    )


EXIT = {"employment_at_exit": "training", "housing_at_exit": "stable"}


def test_second_exit_from_a_programme_is_refused_through_the_pages(member, member_client, organisation, situation):
    colleague = MembershipFactory(organisation=organisation)
    colleague_client = verified_client(colleague.user, colleague)
    enrolment = _enrolment(situation)
    url = f"/suivi/inscriptions/{enrolment.pk}/sortie/"
    # Both open the form; the first saves.
    assert member_client.get(url).status_code == 200
    assert colleague_client.get(url).status_code == 200
    assert member_client.post(url, {**EXIT, "exited_on": "2026-03-01", "outcome": "positive"}).status_code == 302
    response = colleague_client.post(url, {**EXIT, "exited_on": "2026-03-15", "outcome": "abandoned", "housing_at_exit": "precarious"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Date de sortie : La sortie de ce programme est déjà enregistrée (le 01/03/2026, Sortie positive)" in html
    assert "n&#x27;a PAS été enregistrée" in html
    # Her input is still in the form; the record kept the first exit.
    assert 'value="2026-03-15"' in html and '<option value="precarious" selected>' in html
    enrolment.refresh_from_db()
    assert (enrolment.exited_on, enrolment.outcome, enrolment.housing_at_exit) == (datetime.date(2026, 3, 1), "positive", "stable")


def test_second_exit_is_refused_even_when_both_forms_were_valid(member, situation):
    """The two saves at the same moment: both forms validated before either was saved. The action reads the row
    again under lock and refuses the second."""
    enrolment = _enrolment(situation)
    stale = Enrolment.objects.select_related("programme").get(pk=enrolment.pk)
    first = ExitForm({**EXIT, "exited_on": "2026-03-01", "outcome": "positive"}, enrolment=enrolment)
    second = ExitForm({**EXIT, "exited_on": "2026-03-15", "outcome": "negative"}, enrolment=stale)
    assert first.is_valid() and second.is_valid()
    actions.exit_enrolment(membership=member, enrolment=enrolment, data=first.cleaned_data)
    with pytest.raises(actions.Conflict) as refused:
        actions.exit_enrolment(membership=member, enrolment=stale, data=second.cleaned_data)
    assert refused.value.field == "exited_on"
    assert "déjà enregistrée (le 01/03/2026, Sortie positive)" in str(refused.value)
    enrolment.refresh_from_db()
    assert (enrolment.exited_on, enrolment.outcome) == (datetime.date(2026, 3, 1), "positive")
    assert Entry.objects.filter(action=Action.UPDATE, target_type="casework.Enrolment").count() == 1


def _accepted_referral(situation, receiver):
    return ReferralFactory(
        person=people(situation, PersonRole.VICTIM),
        receiver=receiver,
        status=ReferralStatus.ACCEPTED,
        sent_at=datetime.datetime(2026, 3, 1, 10, tzinfo=datetime.UTC),
    )


def test_second_first_contact_is_refused(situation, other_organisation, other_member):
    referral = _accepted_referral(situation, other_organisation)
    colleague = MembershipFactory(organisation=other_organisation)
    stale = type(referral).objects.get(pk=referral.pk)
    actions.record_first_contact(membership=other_member, referral=referral, day=datetime.date(2026, 3, 2))
    with pytest.raises(actions.Conflict) as refused:
        actions.record_first_contact(membership=colleague, referral=stale, day=datetime.date(2026, 3, 9))
    assert refused.value.field == "first_contact_on"
    assert "déjà enregistré pour cette orientation (le 02/03/2026)" in str(refused.value)
    referral.refresh_from_db()
    assert referral.first_contact_on == datetime.date(2026, 3, 2)
    assert Entry.objects.filter(action=Action.UPDATE, target_type="casework.Referral").count() == 1


def test_second_first_contact_is_refused_through_the_pages(situation, other_organisation, other_member, other_client):
    referral = _accepted_referral(situation, other_organisation)
    colleague = MembershipFactory(organisation=other_organisation)
    colleague_client = verified_client(colleague.user, colleague)
    url = f"/suivi/orientations/{referral.pk}/premier-contact/"
    assert other_client.post(url, {"first_contact_on": "2026-03-02"}).status_code == 302
    response = colleague_client.post(url, {"first_contact_on": "2026-03-09"})
    assert response.status_code == 409
    assert "Le premier contact est déjà enregistré" in response.content.decode()
    referral.refresh_from_db()
    assert referral.first_contact_on == datetime.date(2026, 3, 2)
    # Once recorded, the page no longer offers the form.
    assert 'name="first_contact_on"' not in colleague_client.get(f"/suivi/orientations/{referral.pk}/").content.decode()
