"""Send the e-mails waiting in the outbox (every minute). Safe to run from several workers at once."""

from django.core.management.base import BaseCommand

from notifications.delivery import send_due


class Command(BaseCommand):
    help = "Envoie les e-mails de notification en attente (relance avec délai croissant en cas d'échec)."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=200, help="Nombre maximal d'e-mails envoyés par passage.")

    def handle(self, *args, limit, **options):
        sent, failed, cancelled = send_due(limit=limit)
        if options["verbosity"] > 0:
            self.stdout.write(f"notifications : {sent} envoyé(s), {failed} en échec (reprogrammé(s)), {cancelled} annulé(s)")
