"""Who reads a shelter's confidential address (issue 10, findings 2 and 3): after the second factor only, only the
members whose team or organisation accompanies victims, of a kind the setting lists; never the perpetrator's side, the
analyst or the coordinator; each reading journaled. The page, the search and the professionals' API alike."""

import pytest
from django.test import Client

from accounts.models import ApiToken, Audience, OrganisationKind, Role, Team
from audit.models import Entry
from tests.accounts.factories import MembershipFactory, OrganisationFactory
from tests.conftest import verified_client

pytestmark = pytest.mark.django_db
SECRET = "7 impasse Secrète"


def _reads(client, guide):
    """Whether the shelter's address shows on its page and in the search for shelters near Denain."""
    page = client.get(f"/guide/service/{guide['shelter'].pk}/").content.decode()
    search = client.get("/guide/recherche/", {"commune": "Denain", "categorie": "shelter"}).content.decode()
    assert "urgence fictif" in search
    return SECRET in page, SECRET in search


def _api_reads(membership, guide):
    _token, key = ApiToken.issue(membership, "lecture")
    body = Client().get(f"/api/annuaire/pro/services/{guide['shelter'].pk}", headers={"Authorization": f"Bearer {key}"}).json()
    return any(location["place"]["address"] == SECRET for location in body["locations"])


def test_a_victims_practitioner_reads_it_and_each_reading_is_journaled(guide, other_member):
    client = verified_client(other_member.user, other_member)
    assert _reads(client, guide) == (True, True)
    assert _api_reads(other_member, guide)
    entries = Entry.objects.filter(target_type="directory.Service", organisation_id=other_member.organisation_id)
    assert entries.count() == 3
    assert all(e.detail["confidential"][str(guide["shelter"].pk)] == ["place:address"] for e in entries)


def test_a_password_without_the_second_factor_reads_the_public_guide(guide, other_member):
    """Logged in with the password, before the second factor: the guide is the public one."""
    from tests.accounts.factories import PASSWORD

    client = Client()
    response = client.post("/comptes/connexion/", {"username": other_member.user.email, "password": PASSWORD})
    assert response.status_code == 302 and "/comptes/" in response["Location"]
    assert _reads(client, guide) == (False, False)
    assert not Entry.objects.filter(target_type="directory.Service").exists()


@pytest.mark.parametrize(
    "who",
    ["perpetrators_association", "perpetrators_team", "both_without_team", "analyst", "coordinator", "parquet", "neither"],
)
def test_nobody_else_reads_it(guide, who):
    accompanies, kind, role, team = Audience.VICTIMS, OrganisationKind.ASSOCIATION, Role.PRACTITIONER, None
    if who == "perpetrators_association":
        accompanies = Audience.PERPETRATORS
    elif who == "both_without_team":
        accompanies = Audience.BOTH
    elif who == "analyst":
        role = Role.ANALYST
    elif who == "coordinator":
        role = Role.COORDINATOR
    elif who == "parquet":
        kind = OrganisationKind.PARQUET
    elif who == "neither":
        accompanies = Audience.NEITHER
    organisation = OrganisationFactory(accompanies=accompanies, kind=kind)
    if who == "perpetrators_team":
        organisation.accompanies = Audience.BOTH
        organisation.save()
        team = Team.objects.create(organisation=organisation, name="Auteurs", accompanies=Audience.PERPETRATORS)
    membership = MembershipFactory(organisation=organisation, role=role, team=team)
    assert _reads(verified_client(membership.user, membership), guide) == (False, False)
    assert not _api_reads(membership, guide)


def test_the_victims_team_of_an_organisation_that_has_both_reads_it(guide):
    organisation = OrganisationFactory(accompanies=Audience.BOTH)
    victims = Team.objects.create(organisation=organisation, name="Victimes", accompanies=Audience.VICTIMS)
    membership = MembershipFactory(organisation=organisation, team=victims)
    assert _reads(verified_client(membership.user, membership), guide) == (True, True)
