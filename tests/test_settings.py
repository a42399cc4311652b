"""Production settings: `check --deploy` passes with good values, bad values fail loudly."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOOD = {
    "MAILLAGE_ENV": "production",
    "SECRET_KEY": "p" * 30 + "-production-secret-key-for-the-test-0123456789",
    "ALLOWED_HOSTS": "maillage.exemple.fr",
    "FIELD_ENCRYPTION_KEYS": "bWFpbGxhZ2UtcHJvZC10ZXN0LWtleS0zMi1ieXRlcyE=",
    "BLIND_INDEX_KEY": "b" * 40,
    "AUDIT_CHAIN_KEY": "a" * 40,
    "DATABASE_URL": "postgres://maillage@127.0.0.1:5432/maillage",
}


def manage(*args, **env_overrides):
    # A clean environment: nothing the test run itself set (DEBUG, DJANGO_ALLOW_ASYNC_UNSAFE...) leaks in.
    env = {k: v for k, v in os.environ.items() if k not in GOOD and k not in ("DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL")}
    env.update(GOOD)
    env.update(env_overrides)
    env = {k: v for k, v in env.items() if v is not None}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_check_deploy_passes_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("SECRET_KEY", None, "SECRET_KEY must be set"),
        ("SECRET_KEY", "trop-court", "SECRET_KEY must be at least 50"),
        ("DEBUG", "true", "DEBUG must be false"),
        ("DEBUG", "peut-etre", "DEBUG must be a boolean"),
        ("ALLOWED_HOSTS", "", "ALLOWED_HOSTS must list"),
        ("FIELD_ENCRYPTION_KEYS", "", "FIELD_ENCRYPTION_KEYS must be set"),
        ("AUDIT_CHAIN_KEY", None, "AUDIT_CHAIN_KEY must be set"),
        ("SESSION_IDLE_TIMEOUT_MINUTES", "trente", "must be an integer"),
        ("MAILLAGE_ENV", "prod", "MAILLAGE_ENV must be"),
        # Issue 11, point 26: production requires PostgreSQL.
        ("DATABASE_URL", "sqlite:///:memory:", "DATABASE_URL must be a PostgreSQL URL"),
        ("DATABASE_URL", "sqlite:////srv/maillage/db.sqlite3", "DATABASE_URL must be a PostgreSQL URL"),
        ("DATABASE_URL", None, "DATABASE_URL must be a PostgreSQL URL"),
    ],
)
def test_bad_production_value_fails_loudly(name, value, message):
    result = manage("check", **{name: value})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and message in result.stderr


def test_demo_refuses_to_run_in_production():
    result = manage("demo")
    assert result.returncode != 0
    assert "refusées quand MAILLAGE_ENV=production" in result.stderr
