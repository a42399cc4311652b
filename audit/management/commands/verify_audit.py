from django.core.management.base import BaseCommand, CommandError

from audit.journal import verify
from audit.models import Entry


class Command(BaseCommand):
    help = "Vérifie l'intégrité du journal d'accès (chaînage par empreintes) ; échoue si une entrée a été modifiée ou supprimée."

    def handle(self, *args, **options):
        problems = verify()
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(f"Journal d'accès corrompu : {len(problems)} anomalie(s).")
        self.stdout.write(self.style.SUCCESS(f"Journal d'accès intègre : {Entry.objects.count()} entrées vérifiées."))
