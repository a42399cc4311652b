"""Adversary: an import's report quotes the cells it refuses (« Aurore Exemple-Fictive » is the same person as line 2, a
birth date that does not exist, a phone number): it was kept in clear in the database (imports_importjob.report), and
so in every backup, where the spreadsheet itself and its file name are encrypted. Read back through the model, the
page still shows it to the organisation's admin."""

import pytest
from django.db import connection

from imports.models import ImportJob
from tests.imports.conftest import accept_guessed_mapping, example, upload

pytestmark = pytest.mark.django_db


def test_the_report_of_a_file_with_errors_is_stored_encrypted(territory, org_admin_client):
    assert upload(org_admin_client, example("suivi-avec-erreurs.csv"), "suivi.csv").status_code == 302
    job = ImportJob.objects.latest("pk")
    assert accept_guessed_mapping(org_admin_client, job).status_code == 302
    job.refresh_from_db()
    assert any(p["value"] == "Aurore Exemple-Fictive" for p in job.report["problems"])  # the model reads it back
    with connection.cursor() as cursor:
        cursor.execute("SELECT CAST(report AS TEXT) FROM imports_importjob WHERE id = %s", [job.pk])
        raw = cursor.fetchone()[0]
    for secret in ("Exemple-Fictive", "Aurore", "Atlantide", "31/02/2021"):
        assert secret not in raw
    page = org_admin_client.get(f"/reprise/{job.pk}/").content.decode()
    assert "Aurore Exemple-Fictive" in page and "Atlantide" in page
