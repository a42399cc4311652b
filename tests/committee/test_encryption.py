"""The committee's texts are encrypted at rest and rotated with the rest (manage.py rotate_keys)."""

import io

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from committee.models import CommitteeAction, Decision
from tests.committee.conftest import WHEREABOUTS

pytestmark = pytest.mark.django_db


def test_decisions_and_actions_are_encrypted_and_rotated(settings, recorded):
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM committee_decision")
        stored = [row[0] for row in cursor.fetchall()]
    assert stored and all(value.startswith("fernet:") and "Tilleuls" not in value for value in stored)
    old_keys = list(settings.FIELD_ENCRYPTION_KEYS)
    new_key = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new_key, *old_keys]
    out = io.StringIO()
    call_command("rotate_keys", stdout=out)
    assert "committee.Decision : 1 ligne(s) rechiffrée(s)" in out.getvalue()
    settings.FIELD_ENCRYPTION_KEYS = [new_key]
    assert Decision.objects.get().text == WHEREABOUTS
    assert CommitteeAction.objects.count() == 2 and all(a.description for a in CommitteeAction.objects.all())
