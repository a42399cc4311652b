"""Erase the files of imports left unfinished for more than a day (uploaded, checked, never imported nor cancelled)."""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from imports.models import ImportChunk, ImportJob, ImportStatus


class Command(BaseCommand):
    help = "Efface les fichiers des reprises de tableurs abandonnées depuis plus d'un jour."

    def handle(self, *args, **options):
        limit = timezone.now() - datetime.timedelta(days=1)
        stale = ImportJob.objects.filter(
            created_at__lt=limit, status__in=[ImportStatus.UPLOADED, ImportStatus.CHECKED, ImportStatus.INVALID]
        )
        deleted, _detail = ImportChunk.objects.filter(job__in=stale).delete()
        stale.update(status=ImportStatus.CANCELLED, finished_at=timezone.now())
        if options["verbosity"] > 0:
            self.stdout.write(f"reprises abandonnées : {deleted} morceau(x) de fichier effacé(s)")
