"""Error pages and errors of the API (issue 11, points 20, 22, 24): French, without the database, JSON on the API,
debug only on request."""

import json
import os
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import OperationalError, connection
from django.test import Client

from accounts.models import ApiToken
from casework.models import Situation
from tests.accounts.factories import MembershipFactory
from tests.conftest import verified_client

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.django_db


@contextmanager
def database_down():
    """Every query fails, as when the server is gone or refuses the connection."""

    def refuse(execute, sql, params, many, context):
        raise OperationalError("server closed the connection unexpectedly")

    with connection.execute_wrapper(refuse):
        yield


def _emergency_and_french(text):
    assert 'lang="fr"' in text
    for number in ('href="tel:17"', 'href="tel:112"', 'href="sms:114"', 'href="tel:3919"'):
        assert number in text


def test_debug_is_off_unless_asked_for():
    """`make run` serves the pages people see (French 403 and 404), not Django's technical pages."""
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "MAILLAGE_ENV", "DATABASE_URL")}
    code = "from django.conf import settings; print(settings.DEBUG)"
    run = [sys.executable, "manage.py", "shell", "-c", code]
    default = subprocess.run(run, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert default.stdout.split()[-1] == "False", default.stderr
    asked = subprocess.run(run, cwd=ROOT, env={**env, "DEBUG": "1"}, capture_output=True, text=True, timeout=60)
    assert asked.stdout.split()[-1] == "True"


def test_404_and_403_are_french_with_emergency_numbers_and_the_quick_exit_on_public_pages(client, member_client, other_member):
    response = client.get("/guide/service/999999/")
    assert response.status_code == 404
    assert "Page introuvable" in response.text and 'id="quick-exit"' in response.text
    _emergency_and_french(response.text)
    assert response.cookies == {}
    # A professional's 404 and 403 pages: French, emergency numbers, no quick exit, never cached.
    response = member_client.get("/suivi/999999/")
    assert response.status_code == 404 and "Page introuvable" in response.text and 'id="quick-exit"' not in response.text
    assert response["Cache-Control"] == "no-store, private"
    response = member_client.get("/comptes/organisation/membres/")
    assert response.status_code in (403, 404)
    _emergency_and_french(response.text)


def test_csrf_failure_is_a_french_403(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/comptes/connexion/", {"username": "x@exemple.test", "password": "y"})
    assert response.status_code == 403
    assert "La page a expiré" in response.text
    _emergency_and_french(response.text)


def test_server_error_page_renders_without_the_database_and_the_platform_recovers(member, territory):
    client = verified_client(member.user, member)
    client.raise_request_exception = False
    anonymous = Client(raise_request_exception=False)
    with database_down():
        response = client.get("/suivi/")
        public = anonymous.get("/guide/numeros/")
    assert response.status_code == 500
    assert "Une erreur est survenue" in response.text and 'id="quick-exit"' not in response.text
    _emergency_and_french(response.text)
    assert public.status_code == 500 and 'id="quick-exit"' in public.text
    _emergency_and_french(public.text)
    # The database is back: the same pages answer, no restart needed.
    assert client.get("/suivi/").status_code == 200
    assert anonymous.get("/guide/numeros/").status_code == 200


def test_api_server_error_is_json_in_french(client, monkeypatch, territory):
    import directory.api
    from directory.models import Helpline

    Helpline.objects.create(name="Police secours", number="17", description="Danger immédiat", hours="24/7")

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(directory.api, "present_helpline", broken)
    client.raise_request_exception = False
    response = client.get("/api/annuaire/numeros")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Erreur interne du serveur : réessayez plus tard."}


def test_api_not_found_is_json_in_french(client, territory):
    response = client.get("/api/annuaire/services/999999")
    assert response.status_code == 404 and response.json() == {"detail": "Ressource inconnue."}


def test_api_bad_request_is_json(client):
    client.raise_request_exception = False
    response = client.get("/api/annuaire/numeros", HTTP_HOST="hote-inconnu.exemple")
    assert response.status_code == 400
    assert response.json() == {"detail": "Requête incorrecte."}


@pytest.mark.parametrize("path", ["/api/suivi/situations", "/api/annuaire/pro/import/data-inclusion"])
def test_oversized_api_body_is_a_french_413_and_writes_nothing(client, path, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    _token, key = ApiToken.issue(MembershipFactory(), "fuzz")
    body = json.dumps({"texte": "a" * (2 * 1024 * 1024)})
    client.raise_request_exception = False
    response = client.post(path, body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 413
    assert response.json() == {"detail": "Corps de la requête trop volumineux (1 Mo au plus)."}
    assert not Situation.objects.exists()


def test_oversized_form_body_is_a_french_400_page(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    client.raise_request_exception = False
    response = client.post("/comptes/connexion/", {"username": "x" * 4000, "password": "y"})
    assert response.status_code == 413
    assert "trop volumineuses" in response.text
    _emergency_and_french(response.text)
