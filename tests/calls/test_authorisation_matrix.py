"""Every page of the calls for projects, for every persona. A route added under /reseau/appels/ without its row here
makes `test_every_route_has_an_entry` fail."""

import pytest

from calls.models import Document
from tests.casework import urlwalk

pytestmark = pytest.mark.django_db

PERSONAS = ["coordinator", "applicant_admin", "applicant_member", "other_admin", "reviewer", "analyst", "anonymous"]


def _s(coordinator, applicant_admin, applicant_member, other_admin, reviewer, analyst, anonymous=302):
    return dict(zip(PERSONAS, (coordinator, applicant_admin, applicant_member, other_admin, reviewer, analyst, anonymous), strict=True))


ALL = _s(200, 200, 200, 200, 200, 200)
COORDINATOR_POST = _s(302, 404, 404, 404, 404, 404)
# name -> (method, path from the objects, expected status by persona)
PAGES = {
    "home": ("get", lambda o: "/reseau/appels/", ALL),
    "call_create": ("get", lambda o: "/reseau/appels/nouveau/", _s(200, 404, 404, 404, 404, 404)),
    "call_detail": ("get", lambda o: f"/reseau/appels/{o['call'].pk}/", ALL),
    "call_edit": ("get", lambda o: f"/reseau/appels/{o['call'].pk}/modifier/", _s(200, 404, 404, 404, 404, 404)),
    "criterion_add": ("post", lambda o: f"/reseau/appels/{o['call'].pk}/criteres/", COORDINATOR_POST),
    "reviewer_add": ("post", lambda o: f"/reseau/appels/{o['call'].pk}/evaluateurs/", COORDINATOR_POST),
    "application_create": ("get", lambda o: f"/reseau/appels/{o['call'].pk}/deposer/", _s(404, 200, 404, 200, 404, 404)),
    "application_detail": ("get", lambda o: f"/reseau/appels/dossiers/{o['application'].pk}/", _s(200, 200, 200, 404, 200, 404)),
    "application_edit": ("get", lambda o: f"/reseau/appels/dossiers/{o['application'].pk}/modifier/", _s(404, 200, 404, 404, 404, 404)),
    "document_add": ("post", lambda o: f"/reseau/appels/dossiers/{o['application'].pk}/pieces/", _s(404, 302, 404, 404, 404, 404)),
    "review": ("get", lambda o: f"/reseau/appels/dossiers/{o['application'].pk}/evaluer/", _s(404, 404, 404, 404, 200, 404)),
    "decide": ("post", lambda o: f"/reseau/appels/dossiers/{o['application'].pk}/decision/", COORDINATOR_POST),
    "report": ("get", lambda o: f"/reseau/appels/dossiers/{o['funded'].pk}/bilan/", _s(404, 200, 404, 404, 404, 404)),
    "document_download": ("get", lambda o: f"/reseau/appels/pieces/{o['document'].pk}/", _s(200, 200, 200, 404, 200, 404)),
}


def test_every_route_has_an_entry():
    assert set(urlwalk.pages("reseau/appels/", "calls")) == set(PAGES)


@pytest.fixture
def clients(coordinator_client, org_admin_client, member_client, other_admin_client, reviewer_client, analyst_client, anonymous_client):
    return dict(
        zip(
            PERSONAS,
            (coordinator_client, org_admin_client, member_client, other_admin_client, reviewer_client, analyst_client, anonymous_client),
            strict=True,
        )
    )


@pytest.mark.parametrize("name", sorted(PAGES))
def test_personas(name, clients, call, application, funded):
    document = Document.objects.create(application=application, name="budget.pdf", content_type="application/pdf", size=4, data=b"%PDF")
    method, url_of, expected = PAGES[name]
    url = url_of({"call": call, "application": application, "funded": funded, "document": document})
    got = {persona: (client.post(url, {}) if method == "post" else client.get(url)).status_code for persona, client in clients.items()}
    assert got == expected, url


# API operation -> (method, path from the objects, body, expected status by persona with a token; anonymous: no token)
API = {
    ("GET", "/"): ("get", lambda o: "/api/reseau/appels/", None, _s(200, 200, 200, 200, 200, 200, 401)),
    ("GET", "/{call_id}"): ("get", lambda o: f"/api/reseau/appels/{o['call'].pk}", None, _s(200, 200, 200, 200, 200, 200, 401)),
    ("POST", "/dossiers/{application_id}/decision"): (
        "post",
        lambda o: f"/api/reseau/appels/dossiers/{o['application'].pk}/decision",
        {"outcome": "rejected"},
        _s(201, 404, 404, 404, 404, 404, 401),
    ),
}


def test_every_api_operation_has_an_entry():
    assert urlwalk.api_operations("api/reseau/appels/") == set(API)


@pytest.mark.parametrize("operation", sorted(API), ids=lambda op: f"{op[0]} {op[1]}")
def test_api_personas(operation, client, call, application, coordinator, org_admin, member, other_admin, reviewer, analyst):
    from accounts.models import ApiToken

    method, url_of, body, expected = API[operation]
    url = url_of({"call": call, "application": application})
    memberships = dict(zip(PERSONAS, (coordinator, org_admin, member, other_admin, reviewer, analyst, None), strict=True))
    got = {}
    # The coordinator's decision writes: every other persona is asked first, and must be refused.
    for persona in reversed(PERSONAS):
        membership = memberships[persona]
        headers = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(membership, 'm')[1]}"} if membership else {}
        if method == "post":
            got[persona] = client.post(url, body, content_type="application/json", **headers).status_code
        else:
            got[persona] = client.get(url, **headers).status_code
    assert got == expected, url
