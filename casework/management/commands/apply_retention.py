"""Anonymise the situations closed for longer than the retention period, and say what was done.

The period comes from --days or settings.CASEWORK_RETENTION_DAYS (default: 5 years, 1826 days). Identifying
fields are erased; what statistics need (sex, age band, commune, kinds and dates of events, programme
indicators) is kept. Each anonymisation is written to the audit journal."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from casework import actions

DEFAULT_RETENTION_DAYS = 1826


class Command(BaseCommand):
    help = "Anonymise les situations closes depuis plus que la durée de conservation (--days, défaut CASEWORK_RETENTION_DAYS ou 5 ans)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="durée de conservation après clôture, en jours")
        parser.add_argument("--dry-run", action="store_true", help="affiche ce qui serait anonymisé sans rien modifier")

    def handle(self, *args, days, dry_run, **options):
        days = days if days is not None else getattr(settings, "CASEWORK_RETENTION_DAYS", DEFAULT_RETENTION_DAYS)
        if days < 30:
            raise CommandError("--days : la durée de conservation doit être d'au moins 30 jours.")
        situations = list(actions.closed_before(days).order_by("closed_on", "pk"))
        for situation in situations:
            if not dry_run:
                actions.anonymise_situation(situation, reason=f"retention:{days}d")
            self.stdout.write(
                f"{'(simulation) ' if dry_run else ''}{situation.reference} close le {situation.closed_on:%d/%m/%Y} : anonymisée"
            )
        verb = "seraient anonymisées" if dry_run else "anonymisée(s)"
        self.stdout.write(self.style.SUCCESS(f"{len(situations)} situation(s) {verb} (durée de conservation : {days} jours)."))
