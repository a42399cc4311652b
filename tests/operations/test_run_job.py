"""The job runner: every configured job runs its command once at a time, each run is recorded, a command that is
not installed is reported and never crashes the runner, a crashed runner's lease expires."""

import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from operations import jobs
from operations.models import JobLease, JobRun, RunStatus

pytestmark = pytest.mark.django_db

TEST_JOBS = {
    "ok": {"command": "apply_retention", "args": ["--dry-run"], "schedule": "daily"},
    "broken": {"command": "apply_retention", "args": ["--days", "1"], "schedule": "daily"},
    "missing": {"command": "command_that_does_not_exist", "schedule": "daily"},
}


@pytest.fixture
def test_jobs(settings):
    settings.MAILLAGE_JOBS = TEST_JOBS
    return TEST_JOBS


def run_job(*args):
    out = io.StringIO()
    call_command("run_job", *args, stdout=out)
    return out.getvalue()


def test_a_job_runs_its_command_and_is_recorded(test_jobs):
    out = run_job("ok")
    assert "0 situation(s) seraient anonymisées" in out and "réussie" in out
    record = JobRun.objects.get(job="ok")
    assert record.status == RunStatus.SUCCEEDED and record.command == "apply_retention"
    assert record.finished_at >= record.started_at and record.heartbeat_at == record.finished_at
    assert "seraient anonymisées" in record.output
    # The lease is free again for the next run.
    assert JobLease.objects.get(job="ok").holder == ""


def test_a_missing_command_is_reported_not_installed_and_does_not_fail(test_jobs):
    out = run_job("missing")
    assert "non installé" in out
    assert JobRun.objects.get(job="missing").status == RunStatus.NOT_INSTALLED
    listing = run_job("--list")
    assert "command_that_does_not_exist — non installé" in listing


def test_a_failing_command_is_recorded_and_exits_non_zero(test_jobs):
    with pytest.raises(CommandError, match="échouée"):
        run_job("broken")
    record = JobRun.objects.get(job="broken")
    assert record.status == RunStatus.FAILED and "Échec : CommandError" in record.output
    assert JobLease.objects.get(job="broken").holder == ""


def test_a_command_that_exits_fails_its_run_not_the_runner(test_jobs, monkeypatch):
    def exits(*args, **kwargs):
        raise SystemExit(2)

    monkeypatch.setattr(jobs, "call_command", exits)
    record = jobs.run("ok")
    assert record.status == RunStatus.FAILED and "Échec : SystemExit" in record.output
    assert JobLease.objects.get(job="ok").holder == ""


def test_an_unknown_job_is_refused_with_the_known_ones(test_jobs):
    with pytest.raises(CommandError, match=r"Tâche inconnue : 'nope'\. Tâches connues : ok, broken, missing"):
        run_job("nope")
    assert not JobRun.objects.exists()


def test_a_run_never_overlaps_another_run_of_the_same_job(test_jobs, monkeypatch):
    """While the command runs, a second runner of the same job is told it is running and does nothing."""
    nested = []
    real = jobs.call_command

    def command_that_starts_the_job_again(name, *args, **kwargs):
        nested.append(jobs.run("ok"))
        nested.append(jobs.run("missing"))  # another job is not held by this one's lease
        return real(name, *args, **kwargs)

    monkeypatch.setattr(jobs, "call_command", command_that_starts_the_job_again)
    outer = jobs.run("ok")
    assert outer.status == RunStatus.SUCCEEDED
    assert nested[0].status == RunStatus.SKIPPED
    assert nested[1].status == RunStatus.NOT_INSTALLED
    # Once finished, the job runs again.
    monkeypatch.setattr(jobs, "call_command", real)
    assert jobs.run("ok").status == RunStatus.SUCCEEDED


def test_a_crashed_runner_leaves_a_lease_that_expires(test_jobs):
    """A runner killed mid-job left its run « running » and its lease taken: until the lease expires nothing else
    runs; once expired, the next run takes over and the dead run is marked interrupted."""
    now = timezone.now()
    dead = JobRun.objects.create(job="ok", command="apply_retention", started_at=now, heartbeat_at=now)
    JobLease.objects.create(job="ok", holder="dead-runner", expires_at=now + timedelta(seconds=120))
    assert jobs.run("ok").status == RunStatus.SKIPPED
    JobLease.objects.filter(job="ok").update(expires_at=now - timedelta(seconds=1))
    fresh = jobs.run("ok")
    assert fresh.status == RunStatus.SUCCEEDED
    dead.refresh_from_db()
    assert dead.status == RunStatus.INTERRUPTED and dead.finished_at is not None


def test_the_heartbeat_pushes_the_lease_back_and_notices_its_loss(test_jobs):
    start = timezone.now()
    assert jobs.claim("ok", "me", start)
    record = JobRun.objects.create(job="ok", command="apply_retention", started_at=start, heartbeat_at=start)
    jobs.beat(record.pk, "ok", "me")
    record.refresh_from_db()
    lease = JobLease.objects.get(job="ok")
    assert record.heartbeat_at > start and lease.expires_at > start + timedelta(seconds=jobs.lease_seconds())
    # Another runner took the expired lease: the old holder cannot extend it any more.
    JobLease.objects.filter(job="ok").update(holder="other")
    assert not jobs.extend("ok", "me")


def test_the_heartbeat_thread_beats_while_the_command_runs(test_jobs, settings, monkeypatch):
    """With a tiny interval, the thread records a heartbeat later than the start while the command is still running."""
    settings.MAILLAGE_JOB_HEARTBEAT_SECONDS = 0.01
    beats = []
    monkeypatch.setattr(jobs, "beat", lambda run_id, name, holder: beats.append((run_id, name, holder)))
    real = jobs.call_command

    def slow_command(*args, **kwargs):
        import time

        deadline = time.monotonic() + 5
        while not beats and time.monotonic() < deadline:
            time.sleep(0.01)
        return real(*args, **kwargs)

    monkeypatch.setattr(jobs, "call_command", slow_command)
    record = jobs.run("ok")
    assert record.status == RunStatus.SUCCEEDED
    assert beats and beats[0][:2] == (record.pk, "ok")


def test_old_runs_are_forgotten(test_jobs, settings):
    settings.MAILLAGE_JOB_HISTORY_DAYS = 30
    old = timezone.now() - timedelta(days=31)
    JobRun.objects.create(job="ok", command="apply_retention", started_at=old, heartbeat_at=old, status=RunStatus.SUCCEEDED)
    jobs.run("ok")
    assert JobRun.objects.filter(job="ok").count() == 1


def test_every_configured_job_is_listed_with_its_command():
    listing = run_job("--list")
    for name in (
        "notifications",
        "reminders",
        "retention",
        "backup",
        "reports",
        "directory_stale",
        "imports",
        "imports_purge",
        "audit",
        "observatory",
    ):
        assert name in listing
    assert "apply_retention" in listing and "send_notifications" in listing


class LeaseMachine(RuleBasedStateMachine):
    """Random claims, beats, releases and clock jumps by three runners: at every step, at most one runner believes it
    holds the job, and a claim succeeds exactly when no other runner holds an unexpired lease."""

    runners = ("a", "b", "c")

    def __init__(self):
        super().__init__()
        JobLease.objects.all().delete()
        self.now = timezone.now()
        self.holding = set()
        self.expiry = None

    @rule(runner=st.sampled_from(runners))
    def claim(self, runner):
        free = not self.holding or self.expiry < self.now
        got = jobs.claim("job", runner, self.now)
        assert got == free
        if got:
            self.holding = {runner}
            self.expiry = self.now + timedelta(seconds=jobs.lease_seconds())

    @precondition(lambda self: self.holding)
    @rule(runner=st.sampled_from(runners))
    def extend(self, runner):
        kept = jobs.extend("job", runner, self.now)
        assert kept == (runner in self.holding)
        if kept:
            self.expiry = self.now + timedelta(seconds=jobs.lease_seconds())

    @rule(runner=st.sampled_from(runners))
    def release(self, runner):
        jobs.release("job", runner)
        self.holding.discard(runner)

    @rule(seconds=st.integers(min_value=0, max_value=600))
    def time_passes(self, seconds):
        self.now += timedelta(seconds=seconds)

    @invariant()
    def one_holder_at_most(self):
        lease = JobLease.objects.filter(job="job").first()
        if lease is None or not lease.holder:
            assert not self.holding
        else:
            assert self.holding == {lease.holder}


def test_lease_state_machine(db):
    LeaseMachine.TestCase.settings = hsettings(max_examples=30, stateful_step_count=25, deadline=None, derandomize=True)
    LeaseMachine.TestCase().runTest()
