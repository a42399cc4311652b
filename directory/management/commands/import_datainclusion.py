"""Import a data·inclusion file (JSON array or JSON Lines) into one organisation: every row or none."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.models import Organisation
from directory.exports import import_datainclusion


class Command(BaseCommand):
    help = "Importe un fichier data·inclusion (services) dans une organisation ; rien n'est écrit si une ligne est invalide."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--organisation", required=True, help="identifiant ou nom exact de l'organisation")
        parser.add_argument("--publish", action="store_true", help="publier sans relecture (sinon les services restent non publiés)")

    def handle(self, *args, **options):
        key = options["organisation"]
        organisation = Organisation.objects.filter(pk=int(key)).first() if key.isdigit() else Organisation.objects.filter(name=key).first()
        if organisation is None:
            raise CommandError(f"Organisation introuvable : {key}")
        try:
            content = Path(options["path"]).read_bytes()
        except OSError as exc:
            raise CommandError(f"Fichier illisible : {exc}") from exc
        report = import_datainclusion(content, organisation=organisation, publish=options["publish"])
        if not report.ok:
            for error in report.errors:
                field = f", champ « {error['field']} »" if error["field"] else ""
                self.stderr.write(f"ligne {error['line']}{field} : {error['message']}")
            raise CommandError(f"Fichier refusé ({len(report.errors)} erreur(s)) : rien n'a été importé.")
        self.stdout.write(self.style.SUCCESS(f"{report.created} service(s) importé(s)."))
