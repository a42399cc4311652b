from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from territory.importer import TerritoryImportError, import_territory


class Command(BaseCommand):
    help = "Importe les communes, populations et EPCI d'un arrondissement ou d'un département depuis les fichiers INSEE et DGCL (relançable sans risque)."

    def add_arguments(self, parser):
        parser.add_argument("--arrondissement", help="code INSEE de l'arrondissement, par exemple 596 (Valenciennes)")
        parser.add_argument("--departement", help="code du département, par exemple 59")
        parser.add_argument("--data-dir", help="dossier des données de référence (par défaut REFERENCE_DATA_DIR)")

    def handle(self, *args, **options):
        arrondissement = options["arrondissement"]
        departement = options["departement"]
        if not arrondissement and not departement:
            arrondissement = settings.TERRITORY_ARRONDISSEMENT
        data_dir = Path(options["data_dir"] or settings.REFERENCE_DATA_DIR)
        try:
            result = import_territory(data_dir, departement=departement, arrondissement=arrondissement)
        except TerritoryImportError as exc:
            raise CommandError(f"Import du territoire interrompu, rien n'a été écrit : {exc}") from exc
        self.stdout.write(self.style.SUCCESS(f"Territoire importé : {result['communes']} communes, {result['epcis']} EPCI."))
