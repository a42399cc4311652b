"""The network's JSON API with the personas: every operation under /api/reseau/ (the committee's and the calls' apart)
has its expected statuses; bad input gets a French 422 naming the field and writes nothing."""

import datetime

import pytest
from django.apps import apps
from django.test import Client

from accounts.models import ApiToken
from network.models import Action, ActionOutput, GroupTask, Registration
from tests.casework.urlwalk import api_operations
from tests.network.conftest import PERSONAS

pytestmark = pytest.mark.django_db
WATCHED = list(apps.get_app_config("network").get_models())

OWN = ("comite", "appels")


def _s(coordinator, lead_admin, other_admin, practitioner, analyst, anonymous=401):
    return dict(zip(PERSONAS, (coordinator, lead_admin, other_admin, practitioner, analyst, anonymous), strict=True))


def action_payload(o):
    return {
        "plan": o["plan"].pk,
        "axis": "training",
        "kind": "training",
        "title": "Formation par l'API (fictive)",
        "lead": o["lead"].pk,
        "audience": "professionals",
        "starts_on": "2026-01-10",
        "ends_on": "2026-02-10",
        "budget": "100",
    }


# (method, path) -> (path from the objects, body, expected status by persona)
OPERATIONS = {
    ("GET", "/actions"): (lambda o: "/actions", None, _s(200, 200, 200, 200, 200)),
    ("GET", "/actions/{action_id}"): (lambda o: f"/actions/{o['action'].pk}", None, _s(200, 200, 200, 200, 200)),
    ("POST", "/actions"): (lambda o: "/actions", action_payload, _s(201, 201, 201, 403, 403)),
    ("PUT", "/actions/{action_id}/resultats"): (
        lambda o: f"/actions/{o['action'].pk}/resultats",
        lambda o: {"people_reached": 5},
        _s(200, 200, 404, 404, 404),
    ),
    ("GET", "/formations"): (lambda o: "/formations", None, _s(200, 200, 200, 200, 200)),
    # The practitioner is registered already: registering again answers her registration (201, no second row).
    ("POST", "/formations/{cycle_id}/inscription"): (
        lambda o: f"/formations/{o['cycle'].pk}/inscription",
        None,
        _s(201, 201, 201, 201, 201),
    ),
    ("DELETE", "/formations/{cycle_id}/inscription"): (
        lambda o: f"/formations/{o['cycle'].pk}/inscription",
        None,
        _s(404, 404, 404, 200, 404),
    ),
    ("GET", "/milieu-scolaire"): (lambda o: "/milieu-scolaire", None, _s(200, 200, 200, 200, 200)),
    ("GET", "/groupes"): (lambda o: "/groupes", None, _s(200, 200, 200, 200, 200)),
    ("POST", "/groupes/{group_id}/taches"): (
        lambda o: f"/groupes/{o['group'].pk}/taches",
        lambda o: {"title": "Relire", "owner": o["members"]["practitioner"].pk, "due_on": "2026-12-01"},
        _s(201, 201, 404, 404, 404),
    ),
    ("GET", "/calendrier"): (lambda o: "/calendrier", None, _s(200, 200, 200, 200, 200)),
}


def network_operations():
    return {(m, p) for m, p in api_operations("api/reseau/") if not p.lstrip("/").startswith(OWN)}


def test_every_operation_has_an_entry():
    assert network_operations() == set(OPERATIONS)


def api_clients(network):
    clients = {}
    for name, membership in network["members"].items():
        _token, key = ApiToken.issue(membership, "test")
        clients[name] = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    clients["anonymous"] = Client()
    return clients


@pytest.mark.parametrize("operation", sorted(OPERATIONS))
def test_personas(operation, network):
    method, _path = operation
    path, body, expected = OPERATIONS[operation]
    got = {}
    for persona, client in api_clients(network).items():
        url = "/api/reseau" + path(network)
        kwargs = {"content_type": "application/json", "data": body(network)} if body else {}
        got[persona] = getattr(client, method.lower())(url, **kwargs).status_code
    assert got == expected


def test_bad_action_is_a_french_422_naming_the_field_and_writes_nothing(network):
    client = api_clients(network)["coordinator"]
    before = Action.objects.count()
    payload = action_payload(network) | {"ends_on": "2025-01-01", "axis": "nimporte"}
    response = client.post("/api/reseau/actions", payload, content_type="application/json")
    assert response.status_code == 422
    errors = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert errors["axis"].startswith("Sélectionnez un choix valide")
    assert errors["ends_on"] == "La fin de l'action précède son début."
    assert Action.objects.count() == before


def test_outputs_through_the_api(network):
    client = api_clients(network)["lead_admin"]
    url = f"/api/reseau/actions/{network['action'].pk}/resultats"
    bad = client.put(url, {"people_reached": 3, "professionals_trained": {"astronautes": 2}}, content_type="application/json")
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "professionals_trained.astronautes"
    assert not ActionOutput.objects.exists()
    ok = client.put(url, {"people_reached": 30, "professionals_trained": {"social": 4}}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["outputs"]["professionals_trained"] == {"social": 4}


def test_task_without_owner_is_a_422(network):
    client = api_clients(network)["lead_admin"]
    before = GroupTask.objects.count()
    response = client.post(
        f"/api/reseau/groupes/{network['group'].pk}/taches", {"title": "Relire", "due_on": "2026-12-01"}, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "owner", "message": "Une tâche sans responsable n'est pas suivie : choisissez un membre du groupe."}
    ]
    assert GroupTask.objects.count() == before


def test_registration_through_the_api_goes_to_the_waiting_list_when_full(network):
    from tests.network.factories import CycleFactory, SessionFactory

    cycle = CycleFactory(organiser=network["lead"])
    SessionFactory(cycle=cycle, capacity=1)
    clients = api_clients(network)
    assert clients["practitioner"].post(f"/api/reseau/formations/{cycle.pk}/inscription").json() == {
        "status": "confirmed",
        "waiting_position": None,
    }
    assert clients["other_admin"].post(f"/api/reseau/formations/{cycle.pk}/inscription").json() == {
        "status": "waiting",
        "waiting_position": 1,
    }
    assert clients["practitioner"].delete(f"/api/reseau/formations/{cycle.pk}/inscription").json()["status"] == "withdrawn"
    assert Registration.objects.get(cycle=cycle, user=network["members"]["other_admin"].user).status == "confirmed"
    cycle.ends_on = datetime.date.today() - datetime.timedelta(days=1)
    cycle.starts_on = cycle.ends_on - datetime.timedelta(days=30)
    cycle.save()
    assert clients["analyst"].post(f"/api/reseau/formations/{cycle.pk}/inscription").status_code == 409


def test_schema_declares_the_errors(network):
    schema = Client().get("/api/openapi.json").json()
    register = schema["paths"]["/api/reseau/formations/{cycle_id}/inscription"]["post"]["responses"]
    assert {"401", "403", "404", "409"} <= set(register)
    create = schema["paths"]["/api/reseau/actions"]["post"]["responses"]
    assert {"400", "401", "403", "413", "422"} <= set(create)
