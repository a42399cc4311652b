"""Teams inside an organisation: the organisation admin puts a member in a team (journaled), among her own
organisation's teams only; whom a team accompanies is the platform's setting, not hers."""

import pytest
from django.urls import reverse

from accounts.models import Audience, Team
from audit.models import Action, Entry
from tests.accounts.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def teams(organisation):
    return (
        Team.objects.create(organisation=organisation, name="Victimes", accompanies=Audience.VICTIMS),
        Team.objects.create(organisation=organisation, name="Auteurs", accompanies=Audience.PERPETRATORS),
    )


def test_the_org_admin_puts_a_member_in_a_team_journaled(org_admin_client, member, teams):
    victims, _perpetrators = teams
    url = reverse("accounts:member_edit", args=[member.pk])
    assert "Victimes" in org_admin_client.get(url).content.decode()
    response = org_admin_client.post(url, {"role": "practitioner", "team": victims.pk, "is_active": "on"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.team == victims
    entry = Entry.objects.filter(action=Action.UPDATE, target_type="accounts.Membership", target_id=str(member.pk)).latest("seq")
    assert entry.detail["after"]["team"] == victims.pk and entry.detail["before"]["team"] is None


def test_another_organisations_team_is_refused(org_admin_client, member, teams):
    elsewhere = Team.objects.create(organisation=OrganisationFactory(), name="Ailleurs", accompanies=Audience.VICTIMS)
    url = reverse("accounts:member_edit", args=[member.pk])
    response = org_admin_client.post(url, {"role": "practitioner", "team": elsewhere.pk, "is_active": "on"})
    assert response.status_code == 200 and "Sélectionnez un choix valide" in response.content.decode()
    member.refresh_from_db()
    assert member.team is None


def test_without_teams_the_field_is_not_offered(org_admin_client, member):
    html = org_admin_client.get(reverse("accounts:member_edit", args=[member.pk])).content.decode()
    assert 'name="team"' not in html


def test_the_org_admin_cannot_say_whom_her_organisation_accompanies(org_admin_client, organisation):
    """The organisation page does not offer it, and a posted value is ignored: it decides who reads a shelter's address."""
    html = org_admin_client.get(reverse("accounts:organisation")).content.decode()
    assert 'name="accompanies"' not in html
    org_admin_client.post(reverse("accounts:organisation"), {"name": organisation.name, "kind": organisation.kind, "accompanies": "both"})
    organisation.refresh_from_db()
    assert organisation.accompanies == Audience.VICTIMS
