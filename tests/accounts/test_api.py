"""Personal API tokens: the page, the token authentication and JSON errors."""

import pytest
from django.urls import reverse

from accounts.models import ApiToken
from tests.accounts.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def auth(key):
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_token_page_shows_the_key_once_then_only_its_prefix(member_client, member):
    response = member_client.post(reverse("accounts:tokens"), {"name": "logiciel métier"})
    token = ApiToken.objects.get(membership=member)
    key = response.context["new_key"]
    assert key in response.text
    again = member_client.get(reverse("accounts:tokens"))
    assert key not in again.text and token.prefix in again.text


def test_token_page_with_an_empty_name_names_the_field(member_client):
    response = member_client.post(reverse("accounts:tokens"), {"name": ""})
    assert "Nom du jeton : Ce champ est obligatoire" in response.text


def test_revoke_only_ones_own_token(member_client, member, other_member):
    mine, _ = ApiToken.issue(member, "a")
    theirs, _ = ApiToken.issue(other_member, "b")
    assert member_client.post(reverse("accounts:token_revoke", args=[theirs.pk])).status_code == 404
    assert member_client.post(reverse("accounts:token_revoke", args=[mine.pk])).status_code == 302
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.revoked_at is not None and theirs.revoked_at is None


def test_api_acts_as_the_tokens_membership(client):
    membership = MembershipFactory(organisation__name="Association Gamma (fictive)")
    _, key = ApiToken.issue(membership, "x")
    response = client.get("/api/comptes/moi", **auth(key))
    assert response.status_code == 200
    assert response.json()["organisation"]["name"] == "Association Gamma (fictive)"


@pytest.mark.parametrize("header", [{}, auth("mlg_inconnu"), {"HTTP_AUTHORIZATION": "Basic abc"}])
def test_api_without_a_valid_token_is_401_json(client, header):
    response = client.get("/api/comptes/moi", **header)
    assert response.status_code == 401
    assert "jeton" in response.json()["detail"]


def test_revoked_token_is_refused(client):
    token, key = ApiToken.issue(MembershipFactory(), "x")
    ApiToken.objects.filter(pk=token.pk).update(revoked_at="2026-01-01T00:00:00Z")
    assert client.get("/api/comptes/moi", **auth(key)).status_code == 401


def test_api_validation_error_names_the_field_and_writes_nothing(client):
    membership = MembershipFactory(user__first_name="Avant")
    _, key = ApiToken.issue(membership, "x")
    response = client.patch("/api/comptes/moi", {"first_name": "   ", "last_name": "Fictive"}, content_type="application/json", **auth(key))
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "first_name"
    response = client.patch("/api/comptes/moi", "pas du json", content_type="application/json", **auth(key))
    assert 400 <= response.status_code < 500
    membership.user.refresh_from_db()
    assert membership.user.first_name == "Avant"
    ok = client.patch("/api/comptes/moi", {"first_name": "Nina", "last_name": "Fictive"}, content_type="application/json", **auth(key))
    assert ok.status_code == 200 and ok.json()["first_name"] == "Nina"


def test_a_token_cannot_create_tokens(client):
    _, key = ApiToken.issue(MembershipFactory(), "x")
    response = client.post("/api/comptes/jetons", {"name": "autre"}, content_type="application/json", **auth(key))
    assert response.status_code == 404
    assert ApiToken.objects.count() == 1


def test_unknown_api_path_is_a_json_404(client):
    response = client.get("/api/nimporte-quoi")
    assert response.status_code == 404 and response.json()["detail"] == "Ressource inconnue."


def test_openapi_schema_is_served(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert "/api/comptes/moi" in schema["paths"]
    assert "/api/territoire/communes" in schema["paths"]
