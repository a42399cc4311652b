import re

from django.core.management.base import BaseCommand, CommandError

from audit.journal import current_head, verify
from audit.models import Entry


class Command(BaseCommand):
    help = (
        "Vérifie l'intégrité du journal d'accès (chaînage par empreintes) ; échoue si une entrée a été modifiée "
        "ou supprimée. Affiche la tête de chaîne à conserver hors de la base (--expect la compare ensuite)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--expect", help="tête relevée précédemment hors de la base, sous la forme NUMÉRO:EMPREINTE")

    def handle(self, *args, **options):
        expect = None
        if options["expect"]:
            match = re.fullmatch(r"(\d+):([0-9a-f]{64})", options["expect"].strip())
            if not match:
                raise CommandError("--expect attend NUMÉRO:EMPREINTE (64 caractères hexadécimaux).")
            expect = (int(match.group(1)), match.group(2))
        problems = verify(expect=expect)
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(f"Journal d'accès corrompu : {len(problems)} anomalie(s).")
        seq, digest = current_head()
        self.stdout.write(self.style.SUCCESS(f"Journal d'accès intègre : {Entry.objects.count()} entrées vérifiées."))
        self.stdout.write(f"Tête à conserver hors de la base : {seq}:{digest}")
