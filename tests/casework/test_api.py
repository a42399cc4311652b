import json

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import ApiToken
from casework import access, actions
from casework.models import PersonRole, Referral, ReferralStatus, Situation
from tests.casework.conftest import people
from tests.casework.factories import ReferralFactory

pytestmark = pytest.mark.django_db


def _client(membership):
    _token, key = ApiToken.issue(membership, "test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def _post(client, path, body):
    return client.post(path, data=json.dumps(body), content_type="application/json")


def test_create_with_bad_values_answers_422_naming_the_fields(member, territory):
    response = _post(
        _client(member),
        "/api/suivi/situations",
        {
            "opened_on": "2026-03-01",
            "commune": "00000",
            "person": {"role": "victim", "first_name": "A", "last_name": "B", "birth_date": "2999-01-01", "phone": "12"},
        },
    )
    assert response.status_code == 422
    fields = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert fields["commune"].startswith("Code commune inconnu")
    assert fields["person.birth_date"] == "La date de naissance ne peut pas être dans le futur."
    assert fields["person.phone"] == "Numéro de téléphone invalide."
    assert not Situation.objects.exists()


def test_schema_type_errors_are_422_too(member):
    response = _post(_client(member), "/api/suivi/situations", {"opened_on": "2026-03-01", "children_count": "beaucoup", "person": {}})
    assert response.status_code == 422
    assert response.json()["errors"]


def test_create_then_read(member, territory):
    client = _client(member)
    response = _post(
        client,
        "/api/suivi/situations",
        {
            "opened_on": "2026-03-01",
            "commune": "59606",
            "person": {"role": "victim", "first_name": "Apolline", "last_name": "Apifictive", "sex": "F"},
        },
    )
    assert response.status_code == 201
    situation_id = response.json()["id"]
    detail = client.get(f"/api/suivi/situations/{situation_id}").json()
    assert detail["people"][0]["last_name"] == "Apifictive"
    assert detail["commune"] == "59606"


def test_referral_without_consent_is_422(member, situation, other_organisation):
    response = _post(
        _client(member),
        f"/api/suivi/situations/{situation.pk}/orientations",
        {
            "person": people(situation, PersonRole.VICTIM).pk,
            "receiver": other_organisation.pk,
            "reason": "x",
            "items": [],
            "given_on": "2026-03-01",
            "method": "oral",
        },
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "items"
    assert not Referral.objects.exists()


def test_receiver_reads_only_the_shared_items(member, other_member, situation, other_organisation):
    victim = people(situation, PersonRole.VICTIM)
    response = _post(
        _client(member),
        f"/api/suivi/situations/{situation.pk}/orientations",
        {
            "person": victim.pk,
            "receiver": other_organisation.pk,
            "reason": "Motif fictif",
            "items": ["identity"],
            "given_on": "2026-03-01",
            "method": "written",
        },
    )
    referral_id = response.json()["id"]
    receiver = _client(other_member)
    inbox = receiver.get("/api/suivi/orientations/recues").json()
    assert inbox[0]["person"]["last_name"] == victim.last_name
    assert "address" not in inbox[0]["person"] and "phone" not in inbox[0]["person"]
    assert receiver.get(f"/api/suivi/situations/{situation.pk}").status_code == 404
    assert _post(receiver, f"/api/suivi/orientations/{referral_id}/reponse", {"decision": "accept"}).status_code == 200
    detail = receiver.get(f"/api/suivi/situations/{situation.pk}").json()
    assert [p["role"] for p in detail["people"]] == ["victim"]
    assert "address" not in detail["people"][0]
    assert detail["assessments"] == []


def test_openapi_schema_lists_the_casework_endpoints(client):
    schema = client.get("/api/openapi.json").json()
    assert "/api/suivi/situations" in schema["paths"]
    assert "/api/suivi/orientations/recues" in schema["paths"]


def test_answering_an_answered_referral_is_a_409_naming_the_state(member, other_member, situation, other_organisation):
    referral = ReferralFactory(person=people(situation, PersonRole.VICTIM), receiver=other_organisation)
    receiver = _client(other_member)
    assert _post(receiver, f"/api/suivi/orientations/{referral.pk}/reponse", {"decision": "accept"}).status_code == 200
    response = _post(receiver, f"/api/suivi/orientations/{referral.pk}/reponse", {"decision": "refuse", "refusal_reason": "x"})
    assert response.status_code == 409
    message = "Cette orientation a déjà reçu une réponse (statut : Acceptée)."
    assert response.json() == {"detail": message, "errors": [{"field": "status", "message": message}]}
    assert Referral.objects.get(pk=referral.pk).status == ReferralStatus.ACCEPTED


def test_two_members_answering_at_once_get_a_409_not_a_500(monkeypatch, other_member, situation, other_organisation):
    """The second answer passes the first check, then the locked write finds the referral answered by a colleague."""
    referral = ReferralFactory(person=people(situation, PersonRole.VICTIM), receiver=other_organisation)
    read = access.get_referral_or_404

    def read_then_a_colleague_answers(membership, pk):
        found = read(membership, pk)
        Referral.objects.filter(pk=pk).update(status=ReferralStatus.REFUSED, answered_at=timezone.now(), refusal_reason="Complet")
        return found

    monkeypatch.setattr(access, "get_referral_or_404", read_then_a_colleague_answers)
    response = _post(_client(other_member), f"/api/suivi/orientations/{referral.pk}/reponse", {"decision": "accept"})
    assert response.status_code == 409
    assert response.json()["errors"] == [{"field": "status", "message": "Cette orientation a déjà reçu une réponse (statut : Refusée)."}]
    assert Referral.objects.get(pk=referral.pk).status == ReferralStatus.REFUSED


def test_answering_a_referral_whose_consent_was_withdrawn_is_a_409(member, other_member, situation, other_organisation):
    referral = ReferralFactory(person=people(situation, PersonRole.VICTIM), receiver=other_organisation)
    actions.withdraw_consent(membership=member, referral=referral, day=timezone.localdate())
    response = _post(_client(other_member), f"/api/suivi/orientations/{referral.pk}/reponse", {"decision": "accept"})
    assert response.status_code == 409
    assert response.json()["errors"][0]["field"] == "consent"


def test_perpetrator_side_creation_refuses_a_victims_contacts(member, territory):
    body = {
        "side": "perpetrator",
        "opened_on": "2026-03-01",
        "person": {
            "role": "victim",
            "first_name": "Apolline",
            "last_name": "Apifictive",
            "address": "4 rue Cachée (fictive)",
            "phone": "06 12 34 56 78",
            "via_third_party": "Sa sœur (fictif)",
        },
    }
    response = _post(_client(member), "/api/suivi/situations", body)
    assert response.status_code == 422
    errors = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert set(errors) == {"person.address", "person.phone", "person.via_third_party"}
    assert errors["person.address"].startswith("Votre organisation accompagne l'auteur : elle n'enregistre ni les coordonnées")
    assert not Situation.objects.exists()
    for name in ("address", "phone", "via_third_party"):
        body["person"].pop(name)
    assert _post(_client(member), "/api/suivi/situations", body).status_code == 201
