"""Daily reminders: protective measures ending within 15 days, guide entries to verify, daily summaries. Idempotent."""

from django.core.management.base import BaseCommand

from notifications import due


class Command(BaseCommand):
    help = "Rappels quotidiens (mesures qui prennent fin sous 15 jours, fiches du guide à vérifier) et résumés du jour."

    def handle(self, *args, **options):
        counts = due.run()
        if options["verbosity"] > 0:
            self.stdout.write(
                f"rappels : {counts['measures']} mesure(s), {counts['guide']} fiche(s) du guide ; {counts['digests']} résumé(s) écrit(s)"
            )
