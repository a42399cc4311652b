"""Restore an encrypted backup into the database: refused when the database already has tables, unless --force."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from operations import backups


class Command(BaseCommand):
    help = "Restaure une sauvegarde chiffrée dans la base (vide ; --force pour effacer une base qui ne l'est pas)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="fichier maillage-AAAAMMJJ-HHMMSS….age")
        parser.add_argument("--identity", required=True, help="fichier de la clé privée age (AGE-SECRET-KEY-…)")
        parser.add_argument("--database", default="default", help="alias de la base (défaut : default)")
        parser.add_argument("--force", action="store_true", help="efface la base cible si elle n'est pas vide (irréversible)")

    def handle(self, *args, path, identity, database, force, **options):
        db = connections[database].settings_dict
        if backups.vendor(db) == "sqlite":
            connections[database].close()
        try:
            backups.restore_backup(path, identity, db, force=force, alias=database)
        except backups.BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"Sauvegarde restaurée dans la base {db['NAME']}."))
