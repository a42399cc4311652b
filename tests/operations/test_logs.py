"""Logs carry no personal data: a practitioner's whole casework flow, with the demo's names, searched, mistyped,
exported, and a failing job, logged at DEBUG with SQL, leaves none of the names, e-mails or phones in the log lines."""

import io
import json
import logging

import pytest
from django.db import connection

from casework.demo import FIRST_F, SURNAMES
from casework.models import Situation
from operations.logs import JsonFormatter, TextFormatter

pytestmark = pytest.mark.django_db

FIRST, LAST = FIRST_F[0], f"{SURNAMES[0]}-Démo"
EMAIL = "victime.fictive@exemple.test"
PHONE = "06 12 34 56 78"


@pytest.fixture
def captured():
    """Every logger at DEBUG, through the production formatter and the development one."""
    stream = io.StringIO()
    handlers = []
    for formatter in (JsonFormatter(), TextFormatter()):
        handler = logging.StreamHandler(stream)
        handler.setFormatter(formatter)
        handlers.append(handler)
    root = logging.getLogger()
    old_level = root.level
    levels = {name: logging.getLogger(name).level for name in ("django", "django.request", "django.db.backends", "maillage")}
    root.setLevel(logging.DEBUG)
    for name in levels:
        logging.getLogger(name).setLevel(logging.DEBUG)
    for handler in handlers:
        root.addHandler(handler)
    connection.force_debug_cursor = True
    yield stream
    connection.force_debug_cursor = False
    for handler in handlers:
        root.removeHandler(handler)
    root.setLevel(old_level)
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


def payload(**overrides):
    data = {
        "side": "victim",
        "opened_on": "2026-03-01",
        "commune": "59606",
        "relationship": "married",
        "children_count": "1",
        "notes": f"Rencontrée avec {FIRST} {LAST}",
        "person-role": "victim",
        "person-first_name": FIRST,
        "person-last_name": LAST,
        "person-birth_date": "1985-06-01",
        "person-sex": "F",
        "person-address": "12 rue des Tilleuls",
        "person-phone": PHONE,
        "person-email": EMAIL,
        "person-phone_ok": "on",
        "person-safe_hours": "le matin",
        "person-via_third_party": "",
        "person-notes": "",
    }
    data.update(overrides)
    return data


def test_a_casework_flow_logs_no_personal_data(captured, member_client, territory, settings):

    # A mistyped form (the birth date is wrong), then the situation, a search by name, a file that is not hers.
    assert member_client.post("/suivi/nouvelle/", payload(**{"person-birth_date": "1985-02-31"})).status_code == 200
    assert member_client.post("/suivi/nouvelle/", payload()).status_code == 302
    situation = Situation.objects.get()
    person = situation.people.get()
    assert member_client.get(f"/suivi/?q={LAST}").status_code == 200
    assert member_client.get(f"/suivi/{situation.pk}/").status_code == 200
    assert member_client.get(f"/suivi/personnes/{person.pk}/export.json").status_code == 200
    assert member_client.get(f"/suivi/{situation.pk + 1000}/?nom={LAST}").status_code == 404
    # A job that fails, and code that logs carelessly.
    settings.MAILLAGE_JOBS = {"broken": {"command": "apply_retention", "args": ["--days", "1"]}}
    from operations import jobs

    jobs.run("broken")
    log = logging.getLogger("maillage.test")
    log.info("personne trouvée : %s %s (%s)", FIRST, LAST, EMAIL)
    log.warning(f"appel de {EMAIL} au {PHONE}?nom={LAST}")
    try:
        raise ValueError(f"doublon : {FIRST} {LAST}")
    except ValueError:
        log.exception("erreur de saisie")

    text = captured.getvalue()
    assert "job failed" in text, text[-3000:]
    assert "Not Found" in text and "django.db.backends" in text, "the flow was logged"
    for secret in (FIRST, LAST, SURNAMES[0], EMAIL, PHONE, "Tilleuls"):
        assert secret.lower() not in text.lower(), secret


def test_json_lines_are_json_with_technical_fields():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    log = logging.getLogger("maillage.test.json")
    log.addHandler(handler)
    log.propagate = False
    try:
        log.warning("job finished in %d ms", 42, extra={"job": "backup", "status": "succeeded", "person": "Dupont"})
    finally:
        log.removeHandler(handler)
        log.propagate = True
    entry = json.loads(stream.getvalue())
    assert entry["message"] == "job finished in 42 ms"
    assert entry["job"] == "backup" and entry["status"] == "succeeded" and entry["level"] == "WARNING"
    assert "person" not in entry and "Dupont" not in stream.getvalue()


def test_production_logs_are_json(settings):
    from tests.test_settings import manage

    result = manage("shell", "-c", "from django.conf import settings; print(settings.LOGGING['handlers']['console']['formatter'])")
    assert result.stdout.strip().splitlines()[-1] == "json", result.stderr
