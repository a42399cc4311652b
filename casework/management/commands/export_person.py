"""Right of access or portability: everything the platform holds on one person, as JSON or PDF."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from audit.journal import record
from audit.models import Action
from casework import access, export
from casework.models import Person


class Command(BaseCommand):
    help = "Exporte tout ce qui est détenu sur une personne (droit d'accès) en JSON ou en PDF."

    def add_arguments(self, parser):
        parser.add_argument("person_id", type=int)
        parser.add_argument("--format", choices=["json", "pdf"], default="json")
        parser.add_argument("--output", help="fichier de sortie (défaut : sortie standard pour le JSON)")

    def handle(self, *args, person_id, format, output, **options):
        person = Person.objects.select_related("situation__organisation", "situation__commune").filter(pk=person_id).first()
        if person is None:
            raise CommandError(f"Personne introuvable : {person_id}.")
        # The command is run by the data controller on a person's request: it sees the whole record.
        full = access.SituationAccess(person.situation, None, is_owner=True, items=access.ALL_ITEMS, linked=False)
        data = export.person_data(person, full)
        if format == "json":
            content = json.dumps(data, ensure_ascii=False, indent=2, default=export.json_default)
            if output:
                Path(output).write_text(content, encoding="utf-8")
            else:
                self.stdout.write(content)
        else:
            if not output:
                raise CommandError("--output est obligatoire pour le PDF.")
            Path(output).write_bytes(export.person_pdf(data))
        record(Action.EXPORT, target=person, detail={"format": format, "command": "export_person"})
        if output:
            self.stdout.write(self.style.SUCCESS(f"Export écrit dans {output}."))
