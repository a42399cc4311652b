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
    assert fields["commune"].startswith("Commune inconnue")
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


# Parameters of the API checked before the view runs: a 422 naming the parameter, with the pages' French message, in
# the shape of every validation error; never a 500 (a page number past the database's integers made one).
TOO_BIG = "Assurez-vous que cette valeur est inférieure ou égale à 10000."
TOO_SMALL = "Assurez-vous que cette valeur est supérieure ou égale à 1."
NOT_A_NUMBER = "Saisissez un nombre entier."
BAD_YEAR = "Année invalide (attendue entre 2000 et 2100)."


def _not_a_choice(value):
    return f"Sélectionnez un choix valide. {value} n’en fait pas partie."


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("/situations?page=9223372036854775807", "page", TOO_BIG),
        ("/situations?page=99999999999999999999999", "page", TOO_BIG),
        ("/situations?page=10001", "page", TOO_BIG),
        ("/situations?page=0", "page", TOO_SMALL),
        ("/situations?page=-5", "page", TOO_SMALL),
        ("/situations?page=abc", "page", NOT_A_NUMBER),
        ("/situations?page=1.5", "page", NOT_A_NUMBER),
        ("/situations?page=" + "9" * 5000, "page", NOT_A_NUMBER),
        ("/situations?page=", "page", "Ce champ est obligatoire."),
        ("/situations?status=ouverte", "status", _not_a_choice("ouverte")),
        ("/situations?level=extreme", "level", _not_a_choice("extreme")),
        ("/orientations/recues?status=acceptee", "status", _not_a_choice("acceptee")),
        ("/orientations/envoyees?status=acceptee", "status", _not_a_choice("acceptee")),
        ("/statistiques/programmes/air?year=abc", "year", BAD_YEAR),
        ("/statistiques/programmes/air?year=0", "year", BAD_YEAR),
        ("/statistiques/programmes/air?year=1999", "year", BAD_YEAR),
        ("/statistiques/programmes/air?year=99999999999999999999999", "year", BAD_YEAR),
        ("/situations/abc", "situation_id", NOT_A_NUMBER),
        ("/orientations/1.5", "referral_id", NOT_A_NUMBER),
    ],
)
def test_a_bad_query_or_path_parameter_is_a_422_naming_it_in_french(member, situation, query, field, message):
    from audit.models import Entry

    journaled = Entry.objects.count()
    response = _client(member).get(f"/api/suivi{query}")
    assert response.status_code == 422, response.content[:300]
    assert response.json() == {"detail": "Données invalides.", "errors": [{"field": field, "message": message}]}
    assert Entry.objects.count() == journaled  # nothing was read


@pytest.mark.parametrize(
    ("path", "body", "field", "message"),
    [
        ("/situations/{s}/evenements", {"kind": "interview", "date": "2026-03-02", "person": "la victime"}, "person", NOT_A_NUMBER),
        ("/situations/{s}/evenements", {"kind": "interview", "date": "2026-03-02", "housing_place": True}, "housing_place", NOT_A_NUMBER),
        ("/situations/{s}/evenements", {"kind": "interview", "date": "2026-03-02", "person": 1.5}, "person", NOT_A_NUMBER),
        (
            "/situations/{s}/evenements",
            {"kind": "interview", "date": "2026-03-02", "person": 99999999999999999999999},
            "person",
            "Sélectionnez un choix valide. Ce choix ne fait pas partie de ceux disponibles.",
        ),
        ("/situations/{s}/evenements", {"kind": "interview", "date": "99999-03-02"}, "date", "Saisissez une date valide."),
        (
            "/situations/{s}/orientations",
            {"person": [1], "receiver": 1, "reason": "x", "items": ["identity"], "given_on": "2026-03-01", "method": "oral"},
            "person",
            NOT_A_NUMBER,
        ),
        (
            "/situations",
            {"opened_on": "2026-03-01", "children_count": "beaucoup", "person": {"role": "victim", "first_name": "A", "last_name": "B"}},
            "children_count",
            NOT_A_NUMBER,
        ),
    ],
)
def test_a_bad_id_or_number_in_a_body_is_a_422_naming_it_in_french(member, situation, path, body, field, message):
    before = (Situation.objects.count(), situation.events.count(), Referral.objects.count())
    response = _post(_client(member), f"/api/suivi{path.format(s=situation.pk)}", body)
    assert response.status_code == 422, response.content[:300]
    assert {"field": field, "message": message} in response.json()["errors"]
    assert (Situation.objects.count(), situation.events.count(), Referral.objects.count()) == before


@pytest.mark.parametrize("pk", ["9223372036854775807", "99999999999999999999999", "-1", "0"])
def test_an_id_no_object_can_have_is_simply_not_found(member, pk):
    client = _client(member)
    assert client.get(f"/api/suivi/situations/{pk}").json() == {"detail": "Situation introuvable."}
    assert client.get(f"/api/suivi/orientations/{pk}").json() == {"detail": "Orientation introuvable."}
    response = _post(client, f"/api/suivi/orientations/{pk}/reponse", {"decision": "accept"})
    assert (response.status_code, response.json()) == (404, {"detail": "Orientation introuvable."})
    response = _post(client, f"/api/suivi/situations/{pk}/evenements", {"kind": "interview", "date": "2026-03-02"})
    assert (response.status_code, response.json()) == (404, {"detail": "Situation introuvable."})


def test_the_list_pages_by_fifty_up_to_the_last_page_allowed(member, organisation):
    from casework.api import MAX_PAGE, PAGE_SIZE
    from tests.casework.factories import SituationFactory

    SituationFactory.create_batch(PAGE_SIZE + 1, organisation=organisation)
    client = _client(member)
    first, second = client.get("/api/suivi/situations").json(), client.get("/api/suivi/situations?page=2").json()
    assert (first["count"], first["page"], len(first["items"])) == (PAGE_SIZE + 1, 1, PAGE_SIZE)
    assert (second["page"], len(second["items"])) == (2, 1)
    assert {i["id"] for i in first["items"]}.isdisjoint(i["id"] for i in second["items"])
    assert client.get(f"/api/suivi/situations?page={MAX_PAGE}").json() == {"count": PAGE_SIZE + 1, "page": MAX_PAGE, "items": []}


def test_the_filters_still_filter(member, situation, other_organisation):
    client = _client(member)
    assert [i["id"] for i in client.get("/api/suivi/situations?status=open&level=").json()["items"]] == [situation.pk]
    assert client.get("/api/suivi/situations?status=closed").json()["items"] == []
    ReferralFactory(person=people(situation, PersonRole.VICTIM), receiver=other_organisation)
    assert len(client.get("/api/suivi/orientations/envoyees?status=sent").json()) == 1
    assert client.get("/api/suivi/orientations/envoyees?status=accepted").json() == []
    assert client.get("/api/suivi/statistiques/programmes/air").json()["year"] == timezone.localdate().year


BAD_VALUES = ["abc", "-1", "0", "1.5", "9223372036854775807", "99999999999999999999999", "", "%00", "9" * 400]
QUERY_PARAMETERS = ("page", "status", "level", "q", "year")


def test_no_endpoint_answers_a_500_to_bad_ids_or_parameters(member, situation, other_organisation):
    """Every operation of the API (listed through its sub-routers): each path parameter given bad values; then, with
    ids that exist, each query parameter the API knows given bad values, one at a time (so that no other check refuses
    the request first). A JSON answer (a 4xx, or a 200 where the value is merely empty), never a 500."""
    import re

    from tests.casework import urlwalk

    referral = ReferralFactory(person=people(situation, PersonRole.VICTIM), receiver=other_organisation)
    existing = {"situation_id": situation.pk, "referral_id": referral.pk, "code": "air"}
    client = _client(member)
    client.raise_request_exception = False
    operations = urlwalk.api_operations("api/suivi/")
    assert operations

    def send(method, url):
        response = client.get(url) if method == "GET" else client.post(url, data="{}", content_type="application/json")
        assert response.status_code < 500, f"{method} {url[:120]}: {response.status_code}"
        assert response["Content-Type"].startswith("application/json"), f"{method} {url[:120]}: {response['Content-Type']}"

    for method, template in sorted(operations):
        for bad in BAD_VALUES:
            send(method, "/api/suivi" + re.sub(r"\{\w+\}", bad or "x", template))
            valid = "/api/suivi" + re.sub(r"\{(\w+)\}", lambda m: str(existing[m.group(1)]), template)
            for name in QUERY_PARAMETERS:
                send(method, f"{valid}?{name}={bad}")


def test_the_apis_own_validation_speaks_french_and_names_the_field(member, situation):
    """Errors pydantic raises before any form (a missing field, a list where text is expected, a body that is not
    JSON) are in French like the forms' own, and name the field."""
    client = _client(member)
    victim = people(situation, PersonRole.VICTIM)
    response = _post(client, f"/api/suivi/situations/{situation.pk}/orientations", {"person": victim.pk, "items": "identity"})
    assert response.status_code == 422
    errors = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert errors["receiver"] == "Ce champ est obligatoire." and errors["reason"] == "Ce champ est obligatoire."
    assert errors["items"] == "Liste attendue."
    assert not any("Field" in m or "Input should" in m for m in errors.values())
    broken = client.post(f"/api/suivi/situations/{situation.pk}/evenements", data="{pas du json", content_type="application/json")
    assert broken.status_code == 400
    assert broken.json()["detail"].startswith("Corps de la requête illisible")
    assert not Referral.objects.exists()


def test_the_inbox_and_outbox_page_through_every_referral(member, other_member, situation, other_organisation, monkeypatch):
    from casework import api as casework_api

    monkeypatch.setattr(casework_api, "REFERRALS_PER_PAGE", 2)
    victim = people(situation, PersonRole.VICTIM)
    made = {ReferralFactory(person=victim, receiver=other_organisation).pk for _ in range(5)}
    for client, path in ((_client(other_member), "/api/suivi/orientations/recues"), (_client(member), "/api/suivi/orientations/envoyees")):
        seen = []
        for page in (1, 2, 3, 4):
            seen.append([r["id"] for r in client.get(path, {"page": page}).json()])
        assert [len(ids) for ids in seen] == [2, 2, 1, 0]
        assert {pk for ids in seen for pk in ids} == made


def test_the_situation_list_asks_once_whose_perpetrator_the_organisation_accompanies(member, other_member, other_organisation):
    """The list shows the contacts a consent shares: whether the organisation accompanies each row's perpetrator is
    asked once for the page, not once per row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.casework.factories import PersonFactory, SituationFactory

    def shared(count):
        for _ in range(count):
            situation = SituationFactory(organisation=member.organisation)
            victim = PersonFactory(situation=situation, role=PersonRole.VICTIM)
            PersonFactory(situation=situation, role=PersonRole.PERPETRATOR, sex="M", birth_date=None)
            ReferralFactory(
                person=victim, receiver=other_organisation, status=ReferralStatus.ACCEPTED, consent__items=["identity", "contact"]
            )

    client = _client(other_member)
    client.get("/api/suivi/situations")  # the token's first use records when it was used: not the list's cost
    shared(2)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/api/suivi/situations").json()["count"] == 2
    shared(8)
    with CaptureQueriesContext(connection) as many:
        data = client.get("/api/suivi/situations").json()
    assert data["count"] == 10 and all("phone" in item["primary_person"] for item in data["items"])
    assert len(many.captured_queries) == len(few.captured_queries)
