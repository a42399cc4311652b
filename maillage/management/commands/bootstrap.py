from django.core.management import call_command
from django.core.management.base import BaseCommand

from accounts.models import Organisation
from territory.models import Commune


class Command(BaseCommand):
    help = (
        "Prépare une base vide : territoire réel puis données de démonstration (utilisé par `make run`). Sur une base déjà "
        "prête, donne de nouveaux codes de secours aux comptes de démo."
    )

    def add_arguments(self, parser):
        parser.add_argument("--accounts-file", default="", help="écrit aussi les comptes de démo et leurs codes dans ce fichier")

    def handle(self, *args, **options):
        if not Commune.objects.exists():
            call_command("import_territory", stdout=self.stdout)
        # Idempotent: the first run imports the SSMSI files and the local figures, the next ones say nothing changed.
        call_command("import_official_statistics", stdout=self.stdout)
        accounts_file = options["accounts_file"]
        if not Organisation.objects.exists():
            call_command("demo", stdout=self.stdout, accounts_file=accounts_file)
        else:
            call_command("demo", codes_only=True, stdout=self.stdout, accounts_file=accounts_file)
        # The observatory's summary of the demo's data (else the first dashboard computes it).
        call_command("observatory_rollup", stdout=self.stdout)
