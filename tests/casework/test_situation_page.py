from audit.models import Action, Entry
from casework.models import PersonRole
from tests.casework.conftest import people


def test_owner_sees_everything_and_read_is_journaled(member_client, situation):
    response = member_client.get(f"/suivi/{situation.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Zélie Fictive-Martin" in html
    assert "12 rue Imaginaire" in html
    assert "Contact sans risque" in html
    assert Entry.objects.filter(action=Action.VIEW, target_type="casework.Situation", target_id=str(situation.pk)).exists()


def test_other_organisation_gets_404(other_client, situation):
    assert other_client.get(f"/suivi/{situation.pk}/").status_code == 404


def test_anonymous_is_redirected_to_login(anonymous_client, situation):
    response = anonymous_client.get(f"/suivi/{situation.pk}/")
    assert response.status_code == 302
    assert "/comptes/connexion/" in response["Location"]


def test_perpetrator_practitioner_never_sees_victim_contacts(perpetrator_client, situation, perpetrator_referral):
    response = perpetrator_client.get(f"/suivi/{situation.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    victim = people(situation, PersonRole.VICTIM)
    assert "Gaston Fictif-Martin" in html
    assert "+33 6 98 76 54 32" in html  # the perpetrator's own phone was shared
    assert victim.address not in html
    assert victim.phone not in html
    assert victim.email not in html
    assert "12 rue Imaginaire" not in html


def test_coordinator_without_committee_share_gets_404(coordinator_client, situation):
    assert coordinator_client.get(f"/suivi/{situation.pk}/").status_code == 404
