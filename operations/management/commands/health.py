"""Print the complete health check with its detail (for the operator and monitoring scripts): exit 1 when a check fails."""

from django.core.management.base import BaseCommand, CommandError

from operations.health import run_checks


class Command(BaseCommand):
    help = "Vérifie la base, les migrations, le cache, l'espace disque et les tâches de fond ; code de sortie 1 si un point échoue."

    def handle(self, *args, **options):
        results = run_checks()
        for result in results:
            mark = self.style.SUCCESS("ok   ") if result.ok else self.style.ERROR("ÉCHEC")
            self.stdout.write(f"{mark} {result.label} : {result.detail}")
        failed = [r.label for r in results if not r.ok]
        if failed:
            raise CommandError(f"Échec : {', '.join(failed)}")
