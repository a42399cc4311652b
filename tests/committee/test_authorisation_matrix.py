"""Every page of the committee, for every persona. Listed through every include: a route added under /reseau/comite/
without its row here makes `test_every_route_has_an_entry` fail."""

import pytest

from tests.casework import urlwalk

pytestmark = pytest.mark.django_db

PERSONAS = ["same_org", "other_org", "outsider", "perpetrator", "coordinator", "analyst", "anonymous"]


def _s(same, other, outsider, perpetrator, coordinator, analyst, anonymous=302):
    return dict(zip(PERSONAS, (same, other, outsider, perpetrator, coordinator, analyst, anonymous), strict=True))


# name -> (method, path from the objects, data, expected status by persona)
PAGES = {
    "home": ("get", lambda o: "/reseau/comite/", None, _s(200, 200, 200, 200, 200, 200)),
    "actions": ("get", lambda o: "/reseau/comite/actions/", None, _s(200, 200, 200, 200, 200, 404)),
    # Bob's organisation owns the action (it records its progress), the coordinator reviews any.
    "action_review": ("post", lambda o: f"/reseau/comite/actions/{o['other'].pk}/revue/", {}, _s(404, 302, 404, 404, 302, 404)),
    "meeting_create": ("get", lambda o: "/reseau/comite/seances/nouvelle/", None, _s(404, 404, 404, 404, 200, 404)),
    "meeting_detail": ("get", lambda o: f"/reseau/comite/seances/{o['meeting'].pk}/", None, _s(200, 200, 404, 200, 200, 404)),
    "meeting_edit": ("get", lambda o: f"/reseau/comite/seances/{o['meeting'].pk}/modifier/", None, _s(404, 404, 404, 404, 200, 404)),
    "put_forward": ("get", lambda o: f"/reseau/comite/seances/{o['meeting'].pk}/proposer/", None, _s(200, 200, 200, 200, 404, 404)),
    "minutes": ("get", lambda o: f"/reseau/comite/seances/{o['meeting'].pk}/compte-rendu/", None, _s(200, 200, 404, 200, 200, 404)),
    "minutes_pdf": ("get", lambda o: f"/reseau/comite/seances/{o['meeting'].pk}/compte-rendu.pdf", None, _s(200, 200, 404, 200, 200, 404)),
    "decision_add": ("post", lambda o: f"/reseau/comite/points/{o['item'].pk}/decision/", {}, _s(404, 404, 404, 404, 302, 404)),
    "action_add": ("get", lambda o: f"/reseau/comite/points/{o['item'].pk}/action/", None, _s(404, 404, 404, 404, 200, 404)),
}


def test_every_route_has_an_entry():
    assert set(urlwalk.pages("reseau/comite/", "committee")) == set(PAGES)


@pytest.fixture
def clients(member_client, other_client, outsider_client, perpetrator_client, coordinator_client, analyst_client, anonymous_client):
    return dict(
        zip(
            PERSONAS,
            (member_client, other_client, outsider_client, perpetrator_client, coordinator_client, analyst_client, anonymous_client),
            strict=True,
        )
    )


@pytest.mark.parametrize("name", sorted(PAGES))
def test_personas(name, clients, meeting, item, recorded):
    method, url_of, data, expected = PAGES[name]
    objects = {"meeting": meeting, "item": item, **recorded}
    url = url_of(objects)
    got = {}
    for persona, client in clients.items():
        response = client.post(url, data or {}) if method == "post" else client.get(url)
        got[persona] = response.status_code
    assert got == expected, url


# API operation -> (path from the objects, expected status by persona with a token; anonymous: no token)
API = {
    ("GET", "/seances"): (lambda o: "/api/reseau/comite/seances", _s(200, 200, 200, 200, 200, 200, 401)),
    ("GET", "/seances/{meeting_id}"): (lambda o: f"/api/reseau/comite/seances/{o['meeting'].pk}", _s(200, 200, 404, 200, 200, 404, 401)),
    ("GET", "/actions"): (lambda o: "/api/reseau/comite/actions", _s(200, 200, 200, 200, 200, 404, 401)),
}


def test_every_api_operation_has_an_entry():
    assert urlwalk.api_operations("api/reseau/comite/") == set(API)


@pytest.mark.parametrize("operation", sorted(API), ids=lambda op: f"{op[0]} {op[1]}")
def test_api_personas(operation, client, meeting, item, recorded, member, other_member, outsider, perpetrator_member, coordinator, analyst):
    from accounts.models import ApiToken

    url = API[operation][0]({"meeting": meeting})
    memberships = dict(zip(PERSONAS, (member, other_member, outsider, perpetrator_member, coordinator, analyst, None), strict=True))
    got = {}
    for persona, membership in memberships.items():
        headers = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(membership, 'm')[1]}"} if membership else {}
        got[persona] = client.get(url, **headers).status_code
    assert got == API[operation][1], url
