from django.core.management import call_command
from django.core.management.base import BaseCommand

from accounts.models import Organisation
from territory.models import Commune


class Command(BaseCommand):
    help = "Prépare une base vide : territoire réel puis données de démonstration (utilisé par `make run`)."

    def handle(self, *args, **options):
        if not Commune.objects.exists():
            call_command("import_territory", stdout=self.stdout)
        if not Organisation.objects.exists():
            call_command("demo", stdout=self.stdout)
        else:
            call_command("demo", codes_only=True, stdout=self.stdout)
