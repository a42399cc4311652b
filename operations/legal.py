"""What the legal pages say that depends on the installation: the operator (settings.OPERATOR) and the retention
periods the platform enforces (read from the settings the commands use, so that the notice says what is done)."""

from django.conf import settings

from casework.management.commands.apply_retention import DEFAULT_RETENTION_DAYS

MISSING = "à renseigner par l'exploitant"


def operator():
    return {key: value or MISSING for key, value in settings.OPERATOR.items()} | {
        "filled": {key: bool(value) for key, value in settings.OPERATOR.items()}
    }


def years(days):
    return round(days / 365.25)


def retention():
    casework_days = getattr(settings, "CASEWORK_RETENTION_DAYS", DEFAULT_RETENTION_DAYS)
    return {
        "casework_years": years(casework_days),
        "casework_days": casework_days,
        "session_minutes": settings.SESSION_IDLE_TIMEOUT_MINUTES,
        "backup_daily": settings.MAILLAGE_BACKUP_KEEP_DAILY,
        "backup_monthly": settings.MAILLAGE_BACKUP_KEEP_MONTHLY,
        "job_history_days": settings.MAILLAGE_JOB_HISTORY_DAYS,
    }
