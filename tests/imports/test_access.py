"""Who may import: the organisation's admins, for their own organisation only; everyone else gets a 404 (a practitioner
too: bringing hundreds of people's files in is the organisation's decision). Every route has its personas."""

import pytest
from django.urls import reverse

from imports.models import ImportJob
from tests.accounts.factories import MembershipFactory
from tests.conftest import verified_client
from tests.imports.conftest import example, upload

pytestmark = pytest.mark.django_db

# url name: (expected for the org admin, a practitioner of the same organisation, one of another, an anonymous visitor)
MATRIX = {
    "imports:home": ({}, 200, 404, 404, 302),
    "imports:example": ({"name": "suivi.csv"}, 200, 404, 404, 302),
    "imports:detail": ("job", 200, 404, 404, 302),
    "imports:mapping": ("job", 200, 404, 404, 302),
    "imports:commit": ("job", 405, 405, 405, 302),
    "imports:cancel": ("job", 405, 405, 405, 302),
}


def test_every_route_has_an_entry():
    from tests.casework.urlwalk import walk

    assert {route.key for route in walk() if route.name and route.name.startswith("imports:")} == set(MATRIX)


@pytest.fixture
def job(org_admin_client):
    upload(org_admin_client, example("suivi-exemple.csv"), "suivi.csv")
    return ImportJob.objects.get()


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_personas(name, job, org_admin_client, member_client, other_client, anonymous_client):
    kwargs, *expected = MATRIX[name]
    url = reverse(name, kwargs={"pk": job.pk} if kwargs == "job" else kwargs)
    got = []
    for client in (org_admin_client, member_client, other_client, anonymous_client):
        response = client.get(url)
        got.append(response.status_code)
    assert got == expected


def test_another_organisations_admin_gets_404_everywhere(job, other_organisation):
    admin = MembershipFactory(organisation=other_organisation, role="org_admin")
    client = verified_client(admin.user, admin)
    for path in (f"/reprise/{job.pk}/", f"/reprise/{job.pk}/colonnes/"):
        assert client.get(path).status_code == 404
    for path in (f"/reprise/{job.pk}/importer/", f"/reprise/{job.pk}/annuler/", f"/reprise/{job.pk}/colonnes/"):
        assert client.post(path).status_code == 404
    job.refresh_from_db()
    assert job.status == "uploaded"


def test_a_practitioner_cannot_upload(member_client):
    assert upload(member_client, example("suivi-exemple.csv"), "suivi.csv").status_code == 404
    assert not ImportJob.objects.exists()


def test_a_coordinator_cannot_import(coordinator):
    client = verified_client(coordinator.user, coordinator)
    assert client.get("/reprise/").status_code == 404
