"""The complete health check: database, migrations applied, cache, free disk, the job runner's last heartbeat, the
last backup's age. Each check answers (ok, detail); the detail is for the operator (manage.py health, a verified staff account), never for
an anonymous caller, who reads « ok » or « échec » only."""

import shutil
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, timedelta
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from operations.models import JobRun


@dataclass(frozen=True)
class Result:
    name: str
    label: str
    ok: bool
    detail: str


def check_database():
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return True, connections[DEFAULT_DB_ALIAS].vendor


# Reading the migration files takes tens of milliseconds: a process that found them applied remembers it a minute.
_migrations_ok_until = 0.0


def check_migrations():
    global _migrations_ok_until
    if time.monotonic() < _migrations_ok_until:
        return True, "toutes appliquées"
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        return False, f"{len(plan)} migration(s) non appliquée(s) : {', '.join(f'{m.app_label}.{m.name}' for m, _ in plan[:5])}"
    _migrations_ok_until = time.monotonic() + 60
    return True, "toutes appliquées"


def check_cache():
    key = f"health:{uuid.uuid4().hex}"
    cache.set(key, "ok", timeout=10)
    value = cache.get(key)
    cache.delete(key)
    backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    return value == "ok", backend


def disk_paths():
    paths = [Path(settings.BASE_DIR)]
    backup_dir = getattr(settings, "MAILLAGE_BACKUP_DIR", None)
    if backup_dir:
        paths.append(Path(backup_dir))
    return paths


def check_disk():
    minimum = settings.MAILLAGE_HEALTH_MIN_FREE_MB
    details, ok = [], True
    for path in disk_paths():
        existing = path
        while not existing.exists() and existing != existing.parent:
            existing = existing.parent
        free_mb = shutil.disk_usage(existing).free // (1024 * 1024)
        ok = ok and free_mb >= minimum
        details.append(f"{path} : {free_mb} Mo libres")
    return ok, f"{' ; '.join(details)} (minimum {minimum} Mo)"


def check_jobs():
    last = JobRun.objects.latest_heartbeat()
    limit = settings.MAILLAGE_JOBS_HEARTBEAT_MAX_MINUTES
    if last is None:
        return False, "aucune tâche n'a encore tourné (minuteurs systemd installés ?)"
    age = timezone.now() - last
    minutes = int(age.total_seconds() // 60)
    return age <= timedelta(minutes=limit), f"dernier signe de vie il y a {minutes} min (limite {limit} min)"


def check_backups():
    """The newest encrypted backup in MAILLAGE_BACKUP_DIR is younger than MAILLAGE_HEALTH_BACKUP_MAX_HOURS: a backup
    job that stopped working (a full disk, a lost key, a stopped timer) is seen the next day, not at the restore."""
    from operations.backups import backup_time

    limit = settings.MAILLAGE_HEALTH_BACKUP_MAX_HOURS
    folder = Path(settings.MAILLAGE_BACKUP_DIR)
    times = [backup_time(path.name) for path in folder.iterdir()] if folder.is_dir() else []
    times = [t for t in times if t is not None]
    if not times:
        return False, f"aucune sauvegarde dans {folder} (tâche « backup », MAILLAGE_BACKUP_KEY)"
    newest = max(times).replace(tzinfo=UTC)
    hours = (timezone.now() - newest).total_seconds() / 3600
    return hours <= limit, f"dernière sauvegarde il y a {hours:.0f} h (limite {limit} h)"


CHECKS = [
    ("database", "base de données", check_database),
    ("migrations", "migrations", check_migrations),
    ("cache", "cache", check_cache),
    ("disk", "espace disque", check_disk),
    ("jobs", "tâches de fond", check_jobs),
    ("backups", "sauvegardes", check_backups),
]


def run_checks():
    results = []
    for name, label, check in CHECKS:
        try:
            ok, detail = check()
        except Exception as exc:
            # The exception's class only: a driver's message may name hosts, users or paths.
            ok, detail = False, f"erreur {type(exc).__name__}"
        results.append(Result(name, label, bool(ok), detail))
    return results
