"""Backups: encrypted and compressed, a round trip into an empty database gives back every row of every table, a
database that has tables is not overwritten unless forced, the wrong key reads nothing, old backups are pruned."""

import contextlib
import io
import sqlite3
import subprocess
import uuid
from datetime import datetime, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from casework.models import PersonRole
from operations import backups
from tests.casework.factories import EventFactory, PersonFactory, SituationFactory
from tests.directory.factories import ServiceFactory

SECRET, PUBLIC = backups.new_key_pair()


@pytest.fixture
def backup_settings(settings, tmp_path):
    settings.MAILLAGE_BACKUP_DIR = tmp_path / "sauvegardes"
    settings.MAILLAGE_BACKUP_KEY = PUBLIC
    identity = tmp_path / "cle.txt"
    identity.write_text(f"# clé de test\n{SECRET}\n")
    return identity


def rows_by_table(cursor, tables, quote):
    """Every row of every table; on PostgreSQL each row as PostgreSQL writes it in text (no driver's conversion)."""
    content = {}
    for table in tables:
        if connection.vendor == "postgresql":
            cursor.execute(f"SELECT t::text FROM {quote(table)} t")
        else:
            cursor.execute(f"SELECT * FROM {quote(table)}")
        content[table] = sorted((tuple(row) for row in cursor.fetchall()), key=repr)
    return content


@contextlib.contextmanager
def empty_database():
    """A new empty database of the same engine as the test database, dropped afterwards."""
    db = dict(connection.settings_dict)
    if connection.vendor == "postgresql":
        db["NAME"] = f"{db['NAME']}_restore_{uuid.uuid4().hex[:8]}"
        env = backups.pg_env({**db, "NAME": "postgres"})
        subprocess.run(["psql", "-c", f'CREATE DATABASE "{db["NAME"]}"'], env=env, check=True, capture_output=True)
        try:
            yield db
        finally:
            subprocess.run(["psql", "-c", f'DROP DATABASE IF EXISTS "{db["NAME"]}" WITH (FORCE)'], env=env, check=True, capture_output=True)
    else:
        import tempfile

        with tempfile.TemporaryDirectory() as folder:
            db["NAME"] = f"{folder}/restauree.sqlite3"
            yield db


def restored_rows(db, tables):
    if connection.vendor == "postgresql":
        import psycopg

        with psycopg.connect(
            dbname=db["NAME"], host=db["HOST"], port=db["PORT"] or 5432, user=db["USER"], password=db["PASSWORD"] or None
        ) as conn:
            return rows_by_table(conn.cursor(), tables, connection.ops.quote_name)
    # The same type detection as Django's own connection (its converters are registered process-wide).
    with contextlib.closing(sqlite3.connect(db["NAME"], detect_types=sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES)) as conn:
        return rows_by_table(conn.cursor(), tables, connection.ops.quote_name)


def source_rows(tables):
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            return rows_by_table(cursor, tables, connection.ops.quote_name)
    # Read through the driver's own cursor, as the restored side is read.
    return rows_by_table(connection.connection.cursor(), tables, connection.ops.quote_name)


@pytest.mark.django_db(transaction=True)
def test_round_trip_into_an_empty_database_gives_back_every_table(backup_settings, organisation, member, territory):
    situation = SituationFactory(organisation=organisation)
    victim = PersonFactory(situation=situation, role=PersonRole.VICTIM, first_name="Zélie", last_name="Fictive-Sauvegarde")
    EventFactory(situation=situation, person=victim, notes="Note fictive à restaurer")
    ServiceFactory()
    out = io.StringIO()
    call_command("backup", stdout=out)
    (path,) = backups.backup_dir().iterdir()
    assert "Sauvegarde écrite" in out.getvalue() and path.name.startswith("maillage-")
    content = path.read_bytes()
    assert content.startswith(b"age-encryption.org/v1")
    for clear in (b"Fictive-Sauvegarde", b"CREATE TABLE", b"SQLite format", b"PGDMP", b"casework_person"):
        assert clear not in content

    tables = connection.introspection.table_names()
    assert len(tables) > 30
    before = source_rows(tables)
    assert sum(map(len, before.values())) > 100 and before["casework_person"]
    with empty_database() as target:
        backups.restore_backup(path, backup_settings, target)
        assert restored_rows(target, tables) == before
        # A second restore onto it (no longer empty) is refused, then done when forced.
        with pytest.raises(backups.BackupError, match="n'est pas vide"):
            backups.restore_backup(path, backup_settings, target)
        backups.restore_backup(path, backup_settings, target, force=True)
        assert restored_rows(target, tables) == before


@pytest.mark.django_db(transaction=True)
def test_restore_onto_the_live_database_is_refused(backup_settings, organisation):
    call_command("backup", stdout=io.StringIO())
    (path,) = backups.backup_dir().iterdir()
    with pytest.raises(CommandError, match="La base cible n'est pas vide"):
        call_command("restore", str(path), "--identity", str(backup_settings), stdout=io.StringIO())


@pytest.mark.django_db(transaction=True)
def test_the_wrong_key_reads_nothing(backup_settings, tmp_path):
    call_command("backup", stdout=io.StringIO())
    (path,) = backups.backup_dir().iterdir()
    other = tmp_path / "autre.txt"
    other.write_text(backups.new_key_pair()[0])
    with empty_database() as target, pytest.raises(backups.BackupError, match="Déchiffrement impossible"):
        backups.restore_backup(path, other, target)


@pytest.mark.django_db(transaction=True)
def test_no_key_no_backup(settings, tmp_path):
    settings.MAILLAGE_BACKUP_DIR = tmp_path
    settings.MAILLAGE_BACKUP_KEY = ""
    with pytest.raises(CommandError, match="MAILLAGE_BACKUP_KEY est vide"):
        call_command("backup")
    settings.MAILLAGE_BACKUP_KEY = "pas-une-cle"
    with pytest.raises(CommandError, match="clé publique age invalide"):
        call_command("backup")
    assert list(tmp_path.iterdir()) == []


def test_backup_key_prints_a_pair_that_works():
    out = io.StringIO()
    call_command("backup_key", stdout=out)
    secret = next(line for line in out.getvalue().splitlines() if line.startswith("AGE-SECRET-KEY-"))
    public = out.getvalue().split("MAILLAGE_BACKUP_KEY : ")[1].strip()
    import pyrage

    assert str(pyrage.x25519.Identity.from_str(secret).to_public()) == public


@pytest.mark.django_db(transaction=True)
def test_the_backup_job_runs_the_backup_and_prunes(backup_settings, settings):
    directory = backups.backup_dir()
    old = directory / "maillage-20200101-020000.pgdump.age"
    old.write_bytes(b"x")
    unrelated = directory / "notes.txt"
    unrelated.write_text("à garder")
    out = io.StringIO()
    call_command("run_job", "backup", stdout=out)
    assert "réussie" in out.getvalue()
    names = sorted(p.name for p in directory.iterdir())
    assert old.name not in names and "notes.txt" in names and len(names) == 2


def name(moment):
    return f"maillage-{moment:%Y%m%d-%H%M%S}.pgdump.age"


NOW = datetime(2027, 6, 15, 2, 0)


@hsettings(max_examples=200, deadline=None, derandomize=True)
@given(st.lists(st.integers(min_value=0, max_value=800 * 24), min_size=1, max_size=60, unique=True))
def test_retention_keeps_the_recent_the_monthly_and_the_newest(hours_ago):
    names = {name(NOW - timedelta(hours=h)) for h in hours_ago}
    doomed = set(backups.to_prune(sorted(names), NOW, keep_daily=14, keep_monthly=12))
    kept = names - doomed
    assert doomed <= names
    newest = max(names, key=backups.backup_time)
    assert newest in kept
    for n in names:
        moment = backups.backup_time(n)
        if moment >= NOW - timedelta(days=14):
            assert n in kept
    # Each of the last twelve months that had a backup keeps its first one; nothing older than both windows stays
    # but the newest.
    months = {}
    for n in sorted(names, key=backups.backup_time):
        moment = backups.backup_time(n)
        months.setdefault((moment.year, moment.month), n)
    for (year, month), first in months.items():
        if (NOW.year * 12 + NOW.month) - (year * 12 + month) < 12:
            assert first in kept
    for n in kept:
        moment = backups.backup_time(n)
        recent = moment >= NOW - timedelta(days=14)
        monthly = n in months.values() and (NOW.year * 12 + NOW.month) - (moment.year * 12 + moment.month) < 12
        assert recent or monthly or n == newest


def test_retention_never_touches_other_files():
    assert backups.to_prune(["notes.txt", "maillage-x.age", "maillage-20200101-020000.pgdump.age.partial"], NOW, 14, 12) == []
