"""What the job runner records: each run of a job (start, end, status, heartbeat) and the lease that keeps two runs
of one job from overlapping (it expires, so a crashed runner never holds it for ever)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RunStatus(models.TextChoices):
    RUNNING = "running", _("en cours")
    SUCCEEDED = "succeeded", _("réussie")
    FAILED = "failed", _("échouée")
    NOT_INSTALLED = "not_installed", _("non installé")
    SKIPPED = "skipped", _("ignorée (déjà en cours)")
    INTERRUPTED = "interrupted", _("interrompue")


class JobRunQuerySet(models.QuerySet):
    def of(self, job):
        return self.filter(job=job)

    def latest_heartbeat(self):
        """When the runner last showed it was alive, whatever the job."""
        return self.aggregate(last=models.Max("heartbeat_at"))["last"]

    def older_than(self, moment):
        return self.filter(started_at__lt=moment).exclude(status=RunStatus.RUNNING)


class JobRun(models.Model):
    job = models.CharField(_("tâche"), max_length=50, db_index=True)
    command = models.CharField(_("commande"), max_length=100)
    started_at = models.DateTimeField(_("début"), default=timezone.now, db_index=True)
    finished_at = models.DateTimeField(_("fin"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("dernier signe de vie"), default=timezone.now, db_index=True)
    status = models.CharField(_("état"), max_length=20, choices=RunStatus.choices, default=RunStatus.RUNNING)
    # The command's own summary (counts, references), never a person's data: the commands print none.
    output = models.TextField(_("sortie"), blank=True)

    objects = JobRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("exécution de tâche")
        verbose_name_plural = _("exécutions de tâches")
        ordering = ["-started_at"]

    def __str__(self):
        return f"{self.job} {self.started_at:%d/%m/%Y %H:%M} ({self.get_status_display()})"

    @property
    def duration(self):
        if self.finished_at is None:
            return None
        return self.finished_at - self.started_at


class JobLease(models.Model):
    """One row per job. A runner holds the job while `holder` is its token and `expires_at` is in the future; it
    pushes `expires_at` back at each heartbeat. Claimed by a conditional UPDATE, atomic on SQLite and PostgreSQL."""

    job = models.CharField(max_length=50, primary_key=True)
    holder = models.CharField(max_length=64, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("verrou de tâche")
        verbose_name_plural = _("verrous de tâches")

    def __str__(self):
        return self.job
