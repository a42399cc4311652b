"""Print a new age key pair for the backups: the public key goes into MAILLAGE_BACKUP_KEY, the private key elsewhere."""

from django.core.management.base import BaseCommand

from operations import backups


class Command(BaseCommand):
    help = "Crée une paire de clés age pour les sauvegardes (à lancer sur un poste d'administration, pas sur le serveur)."

    def handle(self, *args, **options):
        secret, public = backups.new_key_pair()
        self.stdout.write("# Clé privée : à garder hors du serveur (coffre-fort) ; sans elle, aucune sauvegarde ne se relit.")
        self.stdout.write(secret)
        self.stdout.write(f"# Clé publique, pour MAILLAGE_BACKUP_KEY : {public}")
