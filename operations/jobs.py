"""The job runner: each job of settings.MAILLAGE_JOBS is a management command, run by `manage.py run_job NAME` from
a systemd timer (deploy/systemd/). This module claims the job's lease, records the run, keeps its heartbeat while the
command works, and answers « non installé » for a command that does not exist (yet) instead of failing."""

import io
import logging
import secrets
import threading
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.management import call_command, get_commands
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from operations.models import JobLease, JobRun, RunStatus

logger = logging.getLogger("maillage.jobs")

OUTPUT_LIMIT = 4000


@dataclass(frozen=True)
class Job:
    name: str
    command: str
    args: tuple = ()
    schedule: str = ""
    description: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def installed(self):
        return self.command in get_commands()


class UnknownJob(KeyError):
    pass


def all_jobs():
    return [job(name) for name in settings.MAILLAGE_JOBS]


def job(name):
    try:
        spec = settings.MAILLAGE_JOBS[name]
    except KeyError:
        raise UnknownJob(name) from None
    return Job(
        name=name,
        command=spec["command"],
        args=tuple(spec.get("args", ())),
        schedule=spec.get("schedule", ""),
        description=spec.get("description", ""),
    )


def lease_seconds():
    return getattr(settings, "MAILLAGE_JOB_LEASE_SECONDS", 300)


def heartbeat_seconds():
    return getattr(settings, "MAILLAGE_JOB_HEARTBEAT_SECONDS", 60)


# --- the lease ---------------------------------------------------------------------------------------------------


def claim(name, holder, now=None):
    """Take the job's lease if nobody holds it or its holder stopped beating. True when taken."""
    now = now or timezone.now()
    if not JobLease.objects.filter(job=name).exists():
        try:
            with transaction.atomic():
                JobLease.objects.create(job=name)
        except IntegrityError:
            pass  # another runner created it at the same moment; the conditional update below decides
    taken = (
        JobLease.objects.filter(job=name)
        .filter(Q(holder="") | Q(expires_at__isnull=True) | Q(expires_at__lt=now))
        .update(holder=holder, expires_at=now + timedelta(seconds=lease_seconds()))
    )
    return taken == 1


def extend(name, holder, now=None):
    """Push the lease back; False when it was lost (expired and taken by another runner)."""
    now = now or timezone.now()
    kept = JobLease.objects.filter(job=name, holder=holder).update(expires_at=now + timedelta(seconds=lease_seconds()))
    return kept == 1


def release(name, holder):
    JobLease.objects.filter(job=name, holder=holder).update(holder="", expires_at=None)


# --- one run -----------------------------------------------------------------------------------------------------


class Heartbeat(threading.Thread):
    """Beats every `interval` seconds while the command runs, in its own database connection."""

    def __init__(self, run, holder, interval):
        super().__init__(name=f"heartbeat-{run.job}", daemon=True)
        self.run_id, self.job, self.holder, self.interval = run.pk, run.job, holder, interval
        self.stopped = threading.Event()

    def run(self):
        try:
            while not self.stopped.wait(self.interval):
                beat(self.run_id, self.job, self.holder)
        finally:
            connection.close()

    def stop(self):
        self.stopped.set()
        self.join(timeout=10)


def beat(run_id, name, holder):
    now = timezone.now()
    JobRun.objects.filter(pk=run_id).update(heartbeat_at=now)
    if not extend(name, holder, now):
        logger.warning("lease lost", extra={"job": name})


def run(name, *, stdout=None):
    """Run the job `name` once. Returns the JobRun (its status says what happened). Never raises for a failing or
    missing command: the failure is recorded, and the caller decides the exit code from the status."""
    spec = job(name)
    now = timezone.now()
    if not spec.installed:
        logger.info("job not installed", extra={"job": name, "command": spec.command})
        return JobRun.objects.create(
            job=name, command=spec.command, started_at=now, finished_at=now, heartbeat_at=now, status=RunStatus.NOT_INSTALLED
        )
    holder = secrets.token_hex(16)
    if not claim(name, holder, now):
        logger.info("job already running", extra={"job": name})
        return JobRun.objects.create(
            job=name, command=spec.command, started_at=now, finished_at=now, heartbeat_at=now, status=RunStatus.SKIPPED
        )
    try:
        # Whatever was still « running » for this job died with its runner: the lease we hold had expired.
        JobRun.objects.of(name).filter(status=RunStatus.RUNNING).update(status=RunStatus.INTERRUPTED, finished_at=now)
        record = JobRun.objects.create(job=name, command=spec.command, started_at=now, heartbeat_at=now)
        heart = Heartbeat(record, holder, heartbeat_seconds())
        heart.start()
        buffer = io.StringIO()
        status = RunStatus.SUCCEEDED
        logger.info("job started", extra={"job": name, "command": spec.command})
        try:
            call_command(spec.command, *spec.args, stdout=buffer, stderr=buffer)
        except (Exception, SystemExit) as exc:  # a command that calls sys.exit() fails its run, not the runner
            status = RunStatus.FAILED
            # The exception's class only: its message may quote a value read from the database.
            buffer.write(f"\nÉchec : {type(exc).__name__}\n")
            logger.exception("job failed", extra={"job": name, "command": spec.command})
        finally:
            heart.stop()
        finished = timezone.now()
        output = buffer.getvalue()
        if stdout is not None:
            stdout.write(output)
        JobRun.objects.filter(pk=record.pk).update(
            status=status, finished_at=finished, heartbeat_at=finished, output=output[-OUTPUT_LIMIT:]
        )
        record.refresh_from_db()
        logger.info(
            "job finished",
            extra={"job": name, "status": status, "duration_ms": int((finished - now).total_seconds() * 1000)},
        )
        prune(name)
        return record
    finally:
        release(name, holder)


def prune(name, days=None):
    """Forget the job's runs older than MAILLAGE_JOB_HISTORY_DAYS (90 by default): the table stays small."""
    days = days if days is not None else getattr(settings, "MAILLAGE_JOB_HISTORY_DAYS", 90)
    JobRun.objects.of(name).older_than(timezone.now() - timedelta(days=days)).delete()


def last_runs():
    """The last run of each configured job (None when it never ran), in the settings' order."""
    latest = {}
    for record in JobRun.objects.filter(job__in=list(settings.MAILLAGE_JOBS)).order_by("job", "-started_at"):
        latest.setdefault(record.job, record)
    return [(spec, latest.get(spec.name)) for spec in all_jobs()]
