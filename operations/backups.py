"""Backups: a compressed dump of the database (pg_dump's custom format on PostgreSQL, SQLite's online backup then
gzip on the embedded default), encrypted with age (pyrage) for public keys, so that the server can write backups it
cannot read; old backups pruned (daily ones for a while, then the first of each month); restore refused onto a
database that has tables unless forced.

A backup is written under a temporary name and renamed once complete: a crash leaves no half file that looks like a
backup. The plain dump only ever exists in a private temporary folder, removed whatever happens."""

import contextlib
import gzip
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

import pyrage
from django.conf import settings
from django.db import connections
from django.utils import timezone

PREFIX = "maillage-"
SUFFIX = ".age"
KINDS = {"postgresql": ".pgdump", "sqlite": ".sqlite.gz"}
NAME = re.compile(r"^maillage-(\d{8}-\d{6})\.(pgdump|sqlite\.gz)\.age$")


class BackupError(Exception):
    """A failure to report in French to the operator (the command turns it into a CommandError)."""


# --- keys ----------------------------------------------------------------------------------------------------------


def recipients(keys=None):
    keys = keys if keys is not None else settings.MAILLAGE_BACKUP_KEY
    values = [k.strip() for k in (keys or "").split(",") if k.strip()]
    if not values:
        raise BackupError(
            "MAILLAGE_BACKUP_KEY est vide : donnez la clé publique age (age1…) des sauvegardes ; "
            "`manage.py backup_key` en crée une (docs/deploiement.md, § 8)."
        )
    try:
        return [pyrage.x25519.Recipient.from_str(value) for value in values]
    except pyrage.RecipientError:
        raise BackupError("MAILLAGE_BACKUP_KEY : clé publique age invalide (elle commence par age1…).") from None


def identities(path):
    try:
        lines = Path(path).read_text().splitlines()
    except OSError:
        raise BackupError(f"--identity : fichier illisible : {path}") from None
    keys = [line.strip() for line in lines if line.strip().startswith("AGE-SECRET-KEY-")]
    if not keys:
        raise BackupError("--identity : le fichier ne contient aucune clé privée age (AGE-SECRET-KEY-…).")
    try:
        return [pyrage.x25519.Identity.from_str(key) for key in keys]
    except pyrage.IdentityError:
        raise BackupError("--identity : clé privée age invalide.") from None


def new_key_pair():
    identity = pyrage.x25519.Identity.generate()
    return str(identity), str(identity.to_public())


# --- the database ------------------------------------------------------------------------------------------------


def vendor(db):
    engine = db["ENGINE"]
    if engine.endswith("postgresql"):
        return "postgresql"
    if engine.endswith("sqlite3"):
        return "sqlite"
    raise BackupError(f"Base de données non prise en charge : {engine}")


def pg_env(db):
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PGCONNECT_TIMEOUT": "10"}
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD"), ("NAME", "PGDATABASE")):
        if db.get(key):
            env[name] = str(db[key])
    return env


def run(argv, db):
    result = subprocess.run(argv, env=pg_env(db), capture_output=True, text=True, timeout=7200)  # noqa: S603
    if result.returncode != 0:
        # pg_dump's message names tables and the server, not rows: shown to the operator.
        raise BackupError(f"{Path(argv[0]).name} a échoué : {result.stderr.strip()[-2000:]}")
    return result.stdout


def dump(db, alias, target):
    """The plain dump of the database into `target` (a path in a private folder)."""
    if vendor(db) == "postgresql":
        run(["pg_dump", "--format=custom", "--compress=6", "--no-owner", "--no-privileges", f"--file={target}"], db)
        return
    copy = target.with_suffix(".sqlite")
    source = connections[alias]
    if source.in_atomic_block:
        # SQLite's online backup waits for the writer's lock, which this very connection holds: it would never end.
        raise BackupError("Sauvegarde SQLite impossible depuis une transaction ouverte.")
    source.ensure_connection()
    destination = sqlite3.connect(copy)
    try:
        source.connection.backup(destination)
    finally:
        destination.close()
    with open(copy, "rb") as raw, gzip.open(target, "wb", compresslevel=6) as packed:
        shutil.copyfileobj(raw, packed, 1024 * 1024)
    copy.unlink()


def table_names(db, alias=None):
    if vendor(db) == "postgresql":
        out = run(["psql", "-tAc", "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"], db)
        return [name for name in out.splitlines() if name]
    path = db["NAME"]
    if alias is not None and (str(path) in (":memory:", "") or "mode=memory" in str(path)):
        return connections[alias].introspection.table_names()
    if not Path(path).exists():
        return []
    with contextlib.closing(sqlite3.connect(path)) as conn:
        return [
            row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY 1")
        ]


def load(db, plain, *, force):
    """Restore the plain dump `plain` into the database `db` (its settings dictionary)."""
    if vendor(db) == "postgresql":
        if force:
            run(["psql", "-v", "ON_ERROR_STOP=1", "-c", "DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;"], db)
        run(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                f"--dbname={db['NAME']}",
                str(plain),
            ],
            db,
        )
        return
    unpacked = plain.with_suffix(".sqlite")
    with gzip.open(plain, "rb") as packed, open(unpacked, "wb") as raw:
        shutil.copyfileobj(packed, raw, 1024 * 1024)
    source = sqlite3.connect(unpacked)
    target = sqlite3.connect(db["NAME"])
    try:
        source.backup(target)  # replaces the whole target database, atomically for its readers
    finally:
        target.close()
        source.close()


# --- backup and restore ------------------------------------------------------------------------------------------


def backup_dir():
    path = Path(settings.MAILLAGE_BACKUP_DIR)
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


@contextlib.contextmanager
def private_folder():
    folder = Path(tempfile.mkdtemp(prefix="maillage-backup-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def create_backup(alias="default", now=None, keys=None):
    """Write one encrypted backup of the database `alias`; returns its path."""
    db = connections[alias].settings_dict
    kind = vendor(db)
    keys = recipients(keys)
    now = now or timezone.now()
    directory = backup_dir()
    final = directory / f"{PREFIX}{now:%Y%m%d-%H%M%S}{KINDS[kind]}{SUFFIX}"
    partial = final.with_name(final.name + ".partial")
    with private_folder() as folder:
        plain = folder / "dump"
        dump(db, alias, plain)
        pyrage.encrypt_file(str(plain), str(partial), keys)
    partial.chmod(0o600)
    partial.replace(final)
    return final


def restore_backup(path, identity_file, db, *, force=False, alias=None):
    path = Path(path)
    match = NAME.match(path.name)
    if not path.exists():
        raise BackupError(f"Sauvegarde introuvable : {path}")
    kind = vendor(db)
    if match and KINDS[kind] != f".{match.group(2)}":
        raise BackupError(f"Cette sauvegarde vient d'une base {match.group(2)}, la base cible est {kind}.")
    keys = identities(identity_file)
    tables = table_names(db, alias)
    if tables and not force:
        raise BackupError(
            f"La base cible n'est pas vide ({len(tables)} tables) : restauration refusée. Restaurez dans une base neuve "
            "(createdb), ou ajoutez --force pour l'effacer d'abord."
        )
    with private_folder() as folder:
        plain = folder / "dump"
        try:
            pyrage.decrypt_file(str(path), str(plain), keys)
        except pyrage.DecryptError:
            raise BackupError(
                "Déchiffrement impossible : ce n'est pas la clé privée de cette sauvegarde, ou le fichier est abîmé."
            ) from None
        load(db, plain, force=force)


# --- retention ---------------------------------------------------------------------------------------------------


def backup_time(name):
    match = NAME.match(name)
    if not match:
        return None
    return datetime.strptime(match.group(1), "%Y%m%d-%H%M%S")


def to_prune(names, now, keep_daily, keep_monthly):
    """The backups to delete among `names`: kept are the newest, every one of the last `keep_daily` days, and the
    first of each of the last `keep_monthly` months. Files that are not backups are never touched."""
    dated = sorted((backup_time(n), n) for n in names if backup_time(n) is not None)
    if not dated:
        return []
    keep = {dated[-1][1]}
    daily_limit = now - timedelta(days=keep_daily)
    month_index = now.year * 12 + now.month - 1
    first_of_month = {}
    for moment, name in dated:
        if moment >= daily_limit:
            keep.add(name)
        months_ago = month_index - (moment.year * 12 + moment.month - 1)
        if 0 <= months_ago < keep_monthly:
            first_of_month.setdefault((moment.year, moment.month), name)
    keep.update(first_of_month.values())
    return [name for _moment, name in dated if name not in keep]


def prune(now=None):
    directory = backup_dir()
    now = (now or timezone.now()).replace(tzinfo=None)
    names = [path.name for path in directory.iterdir() if path.is_file()]
    doomed = to_prune(names, now, settings.MAILLAGE_BACKUP_KEEP_DAILY, settings.MAILLAGE_BACKUP_KEEP_MONTHLY)
    for name in doomed:
        (directory / name).unlink()
    # A partial file older than a day is what a crashed backup left.
    for path in directory.glob(f"{PREFIX}*.partial"):
        if datetime.fromtimestamp(path.stat().st_mtime) < now - timedelta(days=1):
            path.unlink()
    return doomed
