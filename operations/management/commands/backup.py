"""Write an encrypted, compressed backup of the database into MAILLAGE_BACKUP_DIR, then prune the old ones (the
nightly job « backup »)."""

from django.core.management.base import BaseCommand, CommandError

from operations import backups


class Command(BaseCommand):
    help = "Sauvegarde chiffrée (age) et compressée de la base dans MAILLAGE_BACKUP_DIR, puis efface les anciennes sauvegardes."

    def add_arguments(self, parser):
        parser.add_argument("--database", default="default", help="alias de la base (défaut : default)")
        parser.add_argument("--no-prune", action="store_true", help="ne pas effacer les anciennes sauvegardes")

    def handle(self, *args, database, no_prune, **options):
        try:
            path = backups.create_backup(database)
            pruned = [] if no_prune else backups.prune()
        except backups.BackupError as error:
            raise CommandError(str(error)) from None
        size = path.stat().st_size
        self.stdout.write(self.style.SUCCESS(f"Sauvegarde écrite : {path.name} ({size / 1024:.0f} Kio)"))
        if pruned:
            self.stdout.write(f"{len(pruned)} ancienne(s) sauvegarde(s) effacée(s) : {', '.join(pruned)}")
