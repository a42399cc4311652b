"""The action plan's forms fuzzed (hypothesis): never a server error, a refusal writes nothing in the network's tables."""

import pytest
from django.apps import apps

from tests.fuzz import fuzz, several, text, values

pytestmark = pytest.mark.django_db
WATCHED = list(apps.get_app_config("network").get_models())
DATES = values("2026-03-01", "2026-02-30", "01/03/2026", "2099-01-01", "1899-12-31", "")
AMOUNTS = values("0", "1500", "-1", "1e9", "12,50", "99999999999")


def test_action_form_never_fails(network, clients):
    fields = {
        "plan": values(str(network["plan"].pk), "0", "x"),
        "axis": values("prevention", "training"),
        "kind": values("campaign", "guide"),
        "title": text,
        "description": text,
        "lead": values(str(network["lead"].pk), str(network["other"].pk), "-1"),
        "partners": several(str(network["other"].pk), str(network["lead"].pk)),
        "audience": values("public", "pupils"),
        "communes": several("59606", "00000"),
        "starts_on": DATES,
        "ends_on": DATES,
        "status": values("planned", "done"),
        "budget": AMOUNTS,
    }
    fuzz(lambda data: clients["coordinator"].post("/reseau/actions/nouvelle/", data), fields, WATCHED)
    fuzz(lambda data: clients["lead_admin"].post(f"/reseau/actions/{network['action'].pk}/modifier/", data), fields, WATCHED)


def test_outputs_milestone_funding_plan_forms_never_fail(network, clients):
    pk = network["action"].pk
    counts = values("0", "12", "-3", "1000001", "douze", "")
    fuzz(
        lambda data: clients["lead_admin"].post(f"/reseau/actions/{pk}/resultats/", data),
        {"people_reached": counts, "pupils_reached": counts, "documents_produced": counts, "trained_social": counts, "notes": text},
        WATCHED,
    )
    fuzz(
        lambda data: clients["lead_admin"].post(f"/reseau/actions/{pk}/jalons/", data),
        {"title": text, "due_on": DATES, "done_on": DATES},
        WATCHED,
    )
    fuzz(
        lambda data: clients["lead_admin"].post(f"/reseau/actions/{pk}/financements/", data),
        {"source": values("cispd", "fipd", "autre"), "amount": AMOUNTS},
        WATCHED,
    )
    fuzz(
        lambda data: clients["coordinator"].post("/reseau/plans/nouveau/", data),
        {"title": text, "territory": text, "starts_on": DATES, "ends_on": DATES},
        WATCHED,
    )


def test_filters_never_fail(network, clients):
    fields = {"axis": text, "status": values("done"), "organisation": values(str(network["lead"].pk), "x"), "commune": text, "plan": text}
    fuzz(lambda data: clients["practitioner"].get("/reseau/plan/", data), fields, WATCHED, accepted=(200, 400))
    fuzz(lambda data: clients["practitioner"].get("/reseau/plan/frise/", data), fields, WATCHED, accepted=(200, 400))


def test_training_forms_never_fail(network, clients):
    cycle, session = network["cycle"], network["session"]
    times = values("09:00", "16:30", "25:99", "9h", "")
    fuzz(
        lambda data: clients["lead_admin"].post(f"/reseau/formations/{cycle.pk}/sessions/", data),
        {
            "date": DATES,
            "starts_at": times,
            "ends_at": times,
            "place": text,
            "trainer": text,
            "objectives": text,
            "capacity": values("1", "0", "-2", "1001", "dix"),
        },
        WATCHED,
    )
    fuzz(
        lambda data: clients["coordinator"].post("/reseau/formations/nouveau/", data),
        {
            "title": text,
            "organiser": values(str(network["lead"].pk), "x"),
            "action": values(str(network["action"].pk), "0"),
            "starts_on": DATES,
            "ends_on": DATES,
            "objectives": text,
            "audience": text,
            "registration_open": values("on"),
        },
        WATCHED,
    )
    fuzz(
        lambda data: clients["lead_admin"].post(f"/reseau/formations/sessions/{session.pk}/emargement/", data),
        {"present": several(str(network["registration"].pk), "0", "abc")},
        WATCHED,
    )
    rating = values("1", "5", "0", "6", "x")
    fuzz(
        lambda data: clients["practitioner"].post(f"/reseau/formations/{cycle.pk}/evaluation/", data),
        {
            "overall": rating,
            "objectives_met": rating,
            "usefulness": rating,
            "network_knowledge": rating,
            "recommend": values("oui", "non"),
            "comment": text,
        },
        WATCHED,
    )
