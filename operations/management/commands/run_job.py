"""Run one job of settings.MAILLAGE_JOBS (called by the systemd timers of deploy/systemd/), or list them."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from operations import jobs
from operations.models import RunStatus


class Command(BaseCommand):
    help = "Exécute une tâche planifiée (MAILLAGE_JOBS) en l'enregistrant, sans jamais deux exécutions simultanées ; --list les montre."

    def add_arguments(self, parser):
        parser.add_argument("name", nargs="?", help="nom de la tâche (voir --list)")
        parser.add_argument(
            "--list", action="store_true", dest="show_list", help="liste les tâches, leur commande et leur dernière exécution"
        )

    def handle(self, *args, name, show_list, **options):
        if show_list or not name:
            return self.show()
        try:
            record = jobs.run(name, stdout=self.stdout)
        except jobs.UnknownJob:
            known = ", ".join(spec.name for spec in jobs.all_jobs())
            raise CommandError(f"Tâche inconnue : {name!r}. Tâches connues : {known}") from None
        message = f"{name} ({record.command}) : {record.get_status_display()}"
        if record.status == RunStatus.FAILED:
            raise CommandError(message)
        style = self.style.SUCCESS if record.status == RunStatus.SUCCEEDED else self.style.WARNING
        self.stdout.write(style(message))

    def show(self):
        for spec, last in jobs.last_runs():
            installed = "" if spec.installed else " — non installé"
            when = f"{timezone.localtime(last.started_at):%d/%m/%Y %H:%M} {last.get_status_display()}" if last else "jamais exécutée"
            args = " ".join(spec.args)
            self.stdout.write(
                f"{spec.name:16} {spec.command} {args}".rstrip() + f"{installed} ; planification {spec.schedule} ; dernière : {when}"
            )
