"""The complete health check: each point checked, « ok » or « échec » only for anyone but a verified technical
administrator, who reads the detail; `manage.py health` prints it for the operator."""

import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from operations import health
from operations.models import JobRun, RunStatus
from tests.accounts.factories import UserFactory
from tests.conftest import verified_client

pytestmark = pytest.mark.django_db
URL = "/sante/complet/"


def beat(minutes_ago=0):
    moment = timezone.now() - timedelta(minutes=minutes_ago)
    return JobRun.objects.create(
        job="notifications", command="send_notifications", started_at=moment, heartbeat_at=moment, status=RunStatus.SUCCEEDED
    )


@pytest.fixture(autouse=True)
def backups(settings, tmp_path):
    """A backup folder holding one backup of an hour ago (the tests below that are about it change it)."""
    settings.MAILLAGE_BACKUP_DIR = tmp_path
    backup(hours_ago=1)
    return tmp_path


def backup(hours_ago):
    from django.conf import settings

    moment = timezone.now() - timedelta(hours=hours_ago)
    path = settings.MAILLAGE_BACKUP_DIR / f"maillage-{moment:%Y%m%d-%H%M%S}.sqlite.gz.age"
    path.write_bytes(b"age")
    return path


@pytest.fixture
def operator_client():
    return verified_client(UserFactory(is_staff=True, is_superuser=True))


def test_healthy_platform_answers_ok(anonymous_client, settings):
    settings.MAILLAGE_HEALTH_MIN_FREE_MB = 1
    beat(minutes_ago=1)
    response = anonymous_client.get(URL)
    assert response.status_code == 200 and response.text == "ok"
    assert "no-cache" in response["Cache-Control"]


def test_a_silent_job_runner_fails_the_check_without_saying_why_to_anonymous(anonymous_client, member_client, settings):
    settings.MAILLAGE_HEALTH_MIN_FREE_MB = 1
    beat(minutes_ago=settings.MAILLAGE_JOBS_HEARTBEAT_MAX_MINUTES + 1)
    for client in (anonymous_client, member_client):
        response = client.get(URL)
        assert response.status_code == 503 and response.text == "échec"


def test_the_operator_reads_each_point(operator_client, settings):
    settings.MAILLAGE_HEALTH_MIN_FREE_MB = 1
    response = operator_client.get(URL)
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert set(checks) == {"database", "migrations", "cache", "disk", "jobs", "backups"}
    assert checks["backups"]["ok"] and "dernière sauvegarde il y a 1 h" in checks["backups"]["detail"]
    assert checks["database"]["ok"] and checks["migrations"]["ok"] and checks["cache"]["ok"] and checks["disk"]["ok"]
    assert not checks["jobs"]["ok"] and "aucune tâche" in checks["jobs"]["detail"]


def test_a_password_only_staff_session_reads_no_detail(settings):
    staff = UserFactory(is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(staff)  # before the second factor
    response = client.get(URL)
    assert response.status_code == 503 and response.text == "échec"


def test_a_full_disk_fails(settings):
    settings.MAILLAGE_HEALTH_MIN_FREE_MB = 10**12
    ok, detail = health.check_disk()
    assert not ok and "Mo libres" in detail


def test_an_unapplied_migration_fails(monkeypatch):
    class Executor:
        def __init__(self, connection):
            self.loader = type("L", (), {"graph": type("G", (), {"leaf_nodes": lambda self: []})()})()

        def migration_plan(self, targets):
            migration = type("M", (), {"app_label": "operations", "name": "0099_future"})()
            return [(migration, False)]

    monkeypatch.setattr(health, "_migrations_ok_until", 0.0)
    monkeypatch.setattr(health, "MigrationExecutor", Executor)
    ok, detail = health.check_migrations()
    assert not ok and "operations.0099_future" in detail


def test_a_broken_cache_or_database_fails_without_its_message(monkeypatch):
    def broken():
        raise ConnectionError("redis://secret-host:6379 refused for user maillage")

    monkeypatch.setattr(health, "CHECKS", [("cache", "cache", broken)])
    (result,) = health.run_checks()
    assert not result.ok and result.detail == "erreur ConnectionError"


def test_health_command_prints_each_point_and_fails_loudly(settings):
    settings.MAILLAGE_HEALTH_MIN_FREE_MB = 1
    out = io.StringIO()
    with pytest.raises(CommandError, match="tâches de fond"):
        call_command("health", stdout=out)
    assert "base de données" in out.getvalue() and "aucune tâche" in out.getvalue()
    beat()
    call_command("health", stdout=out)


def test_a_backup_older_than_a_day_and_a_night_fails(anonymous_client, settings, backups):
    """The backup job runs each night: no backup for 26 hours means it stopped (disk, key, timer), seen the next day."""
    settings.MAILLAGE_HEALTH_MIN_FREE_MB = 1
    beat(minutes_ago=1)
    for path in backups.iterdir():
        path.unlink()
    backup(hours_ago=30)
    (backups / "notes.txt").write_text("not a backup")
    ok, detail = health.check_backups()
    assert not ok and detail == "dernière sauvegarde il y a 30 h (limite 26 h)"
    assert anonymous_client.get(URL).status_code == 503
    backup(hours_ago=2)
    assert health.check_backups()[0] and anonymous_client.get(URL).text == "ok"


def test_no_backup_at_all_fails(settings, tmp_path):
    settings.MAILLAGE_BACKUP_DIR = tmp_path / "absent"
    ok, detail = health.check_backups()
    assert not ok and detail.startswith("aucune sauvegarde dans")
