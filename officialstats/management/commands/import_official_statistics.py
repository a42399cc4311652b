from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from officialstats.importer import StatisticsImportError, bundled_files, import_reference_areas, parse_file, write_file


class Command(BaseCommand):
    help = (
        "Importe les statistiques officielles (SSMSI, format large départemental et régional ou format long) et les "
        "chiffres locaux (modèle documenté dans docs/statistiques-officielles.md). Sans fichier : les populations de "
        "référence, les fichiers SSMSI des données de référence et les chiffres locaux fournis. Relançable sans risque : "
        "dit ce qui a été ajouté ou modifié. Un fichier fautif n'écrit rien."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", help="fichiers CSV à importer")
        parser.add_argument("--edition", help="édition des fichiers SSMSI quand leur nom ne la dit pas (ex. 2024)")
        parser.add_argument("--data-dir", help="dossier des données de référence (par défaut REFERENCE_DATA_DIR)")

    def handle(self, *args, **options):
        data_dir = Path(options["data_dir"] or settings.REFERENCE_DATA_DIR)
        files = [Path(f) for f in options["files"]] or bundled_files(data_dir)
        try:
            with transaction.atomic():
                reports = [import_reference_areas(data_dir)]
                # Every file is read and checked before anything is written: one fault and nothing is imported.
                parsed = [parse_file(path, data_dir=data_dir, edition=options["edition"]) for path in files]
                reports += [write_file(p) for p in parsed]
        except StatisticsImportError as exc:
            raise CommandError(f"Import des statistiques interrompu, rien n'a été écrit : {exc}") from exc
        for report in reports:
            self.stdout.write(f"Statistiques officielles — {report}")
