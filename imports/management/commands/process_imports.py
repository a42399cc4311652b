"""Run the imports queued because of their size (every minute, with the notifications). Safe to run from several
workers: a job is taken by a conditional update of its status."""

from django.core.management.base import BaseCommand

from imports import writing
from imports.models import ImportJob, ImportStatus


class Command(BaseCommand):
    help = "Exécute les reprises de tableurs en file d'attente (fichiers volumineux)."

    def handle(self, *args, **options):
        done = 0
        for pk in ImportJob.objects.filter(status=ImportStatus.QUEUED).order_by("created_at").values_list("pk", flat=True):
            job = writing.run(pk)
            done += job.status == ImportStatus.DONE
        if options["verbosity"] > 0:
            self.stdout.write(f"reprises : {done} importée(s)")
