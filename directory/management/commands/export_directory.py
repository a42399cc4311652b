"""Write the public guide as data·inclusion (services or structures) or Open Referral HSDS JSON."""

import json

from django.core.management.base import BaseCommand

from directory.exports import datainclusion_services, datainclusion_structures, hsds_document


class Command(BaseCommand):
    help = "Exporte le guide public au schéma data·inclusion ou Open Referral HSDS (champs confidentiels exclus)."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["data-inclusion", "data-inclusion-structures", "hsds"], default="data-inclusion")
        parser.add_argument("--output", help="fichier de sortie (par défaut la sortie standard)")

    def handle(self, *args, **options):
        data = {"data-inclusion": datainclusion_services, "data-inclusion-structures": datainclusion_structures, "hsds": hsds_document}[
            options["format"]
        ]()
        text = json.dumps(data, ensure_ascii=False, indent=2, default=str)
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8") as handle:
                handle.write(text)
        else:
            self.stdout.write(text)
