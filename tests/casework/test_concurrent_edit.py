"""Two practitioners edit the same record: the second save is refused, clearly, and nothing is lost."""

import pytest

from casework.models import PersonRole
from tests.accounts.factories import MembershipFactory
from tests.casework.conftest import people
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
