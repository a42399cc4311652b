"""`make run`'s server: Django's development server, which prints the demo accounts and their codes last, once it
listens, so that they do not scroll away before it starts (they are written by `bootstrap --accounts-file`)."""

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.management.commands.runserver import Command as RunserverCommand
from django.core.management.base import CommandError


class Command(RunserverCommand):
    help = "Serveur de développement de la démo : affiche en dernier les comptes de démo et leurs codes de secours."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--accounts-file", default="var/demo-accounts.txt", help="le fichier écrit par `bootstrap --accounts-file`")

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("Le serveur de démonstration est refusé quand MAILLAGE_ENV=production.")
        self.accounts_file = Path(options["accounts_file"])
        super().handle(*args, **options)

    def on_bind(self, server_port):
        super().on_bind(server_port)
        if self.accounts_file.exists():
            self.stdout.write(self.accounts_file.read_text(encoding="utf-8"))
        self.stdout.write(
            f"Ouvrez http://{self.addr}:{server_port}/ . Autre port : PORT=8001 make run ; pages techniques de Django : DEBUG=1 make run."
        )
