"""Bring the observatory's summary tables up to date (the « observatory » job, every quarter of an hour): the communes
written since, today's figures after midnight, everything on the first day of a year. `--rebuild`: everything now."""

import time

from django.core.management.base import BaseCommand

from observatory import rollup
from observatory.models import RollupCell, RollupChange


class Command(BaseCommand):
    help = "Met à jour les agrégats pré-calculés de l'observatoire (--rebuild : tout recalculer)."

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="tout recalculer")

    def handle(self, *args, rebuild=False, **options):
        pending = RollupChange.objects.values("commune").distinct().count()
        started = time.perf_counter()
        done = rollup.rebuild() if rebuild else rollup.refresh()
        self.stdout.write(
            f"Agrégats de l'observatoire : {done} ({pending} commune(s) modifiée(s) en attente, "
            f"{RollupCell.objects.count()} cellules, {time.perf_counter() - started:.1f} s)."
        )
