"""The calls' JSON API: the calls with their envelope, a call's applications as the token's member may read them, and
the coordinator's decision (422 naming the field, 409 beyond the envelope or once decided)."""

import pytest

from accounts.models import ApiToken
from calls.models import Award

pytestmark = pytest.mark.django_db


def _headers(membership):
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(membership, 'test')[1]}"}


def test_calls_and_applications_through_the_gate(client, call, application, coordinator, org_admin, other_admin, reviewer):
    listed = client.get("/api/reseau/appels/", **_headers(other_admin)).json()
    assert [(c["title"], c["envelope"], c["awarded"]) for c in listed] == [(call.title, 20_000, 0)]
    assert client.get(f"/api/reseau/appels/{call.pk}", **_headers(other_admin)).json()["applications"] == []
    own = client.get(f"/api/reseau/appels/{call.pk}", **_headers(org_admin)).json()["applications"]
    assert [a["title"] for a in own] == [application.title] and "reviews" not in own[0]
    steered = client.get(f"/api/reseau/appels/{call.pk}", **_headers(coordinator)).json()["applications"]
    assert steered[0]["reviews"]["count"] == 0
    assert client.get("/api/reseau/appels/999999", **_headers(coordinator)).status_code == 404


def test_the_coordinator_decides_within_the_envelope(client, call, application, coordinator, org_admin):
    url = f"/api/reseau/appels/dossiers/{application.pk}/decision"
    assert (
        client.post(url, {"outcome": "funded", "amount": 6000}, content_type="application/json", **_headers(org_admin)).status_code == 404
    )
    response = client.post(url, {"outcome": "funded", "amount": 7000}, content_type="application/json", **_headers(coordinator))
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "amount"
    Award.objects.create(
        application=__import__("tests.calls.conftest", fromlist=["x"]).make_application(
            call, application.organisation, title="Autre", requested=16_000, budget=16_000
        ),
        call=call,
        outcome="funded",
        amount=16_000,
    )
    response = client.post(url, {"outcome": "funded", "amount": 6000}, content_type="application/json", **_headers(coordinator))
    assert response.status_code == 409 and "4000 €" in response.json()["detail"]
    response = client.post(url, {"outcome": "funded", "amount": 4000}, content_type="application/json", **_headers(coordinator))
    assert response.status_code == 201 and response.json()["remaining"] == 0
    response = client.post(url, {"outcome": "rejected"}, content_type="application/json", **_headers(coordinator))
    assert response.status_code == 409
