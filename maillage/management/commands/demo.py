"""Load the demo: the real partners of the seeds, demo accounts for each role, and each app's synthetic content.

Each app that has a `demo.py` with `load(rng, context)` adds its part, in the order of DEMO_APPS."""

import importlib
import random
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from territory.models import Commune

DEMO_APPS = ["accounts", "directory", "casework", "network", "committee", "calls", "observatory"]
SEED = 20230505  # the day the laboratory's convention was signed


class Command(BaseCommand):
    help = "Charge les données de démonstration (fictives, déterministes) et affiche les comptes de démo. Refusé en production."

    def add_arguments(self, parser):
        parser.add_argument(
            "--codes-only",
            action="store_true",
            help="ne charge rien : donne de nouveaux codes de secours aux comptes de démo (les codes affichés avant ne valent plus)",
        )
        parser.add_argument(
            "--accounts-file",
            default="",
            help="écrit aussi les comptes et leurs codes dans ce fichier (que `manage.py rundemo` affiche au démarrage du serveur)",
        )

    def handle(self, *args, **options):
        self.accounts_file = options.get("accounts_file") or ""
        if settings.PRODUCTION:
            raise CommandError("Les données de démonstration sont refusées quand MAILLAGE_ENV=production.")
        from accounts import demo as accounts_demo

        if not options["codes_only"]:
            if not Commune.objects.exists():
                call_command("import_territory", stdout=self.stdout)
            rng = random.Random(SEED)
            context = {"stdout": self.stdout}
            for app in DEMO_APPS:
                try:
                    module = importlib.import_module(f"{app}.demo")
                except ModuleNotFoundError as exc:
                    if exc.name in (app, f"{app}.demo"):
                        continue
                    raise
                module.load(rng, context)
                self.stdout.write(f"Démo : {app} chargé.")
        self.print_accounts(accounts_demo)

    def print_accounts(self, accounts_demo):
        from accounts.models import User

        lines = [
            "",
            self.style.SUCCESS("Comptes de démonstration (données fictives) :"),
            f"  mot de passe commun : {accounts_demo.DEMO_PASSWORD}",
            "  second facteur : un code de secours à usage unique (ou une application TOTP)",
        ]
        teams = {key: name for _org, key, name, _audience in accounts_demo.TEAMS}
        for local, _first, _last, _org, role, team in accounts_demo.ACCOUNTS:
            user = User.objects.get(email=accounts_demo.demo_email(local))
            codes = accounts_demo.issue_backup_codes(user)
            label = f"{role.label} ({teams[team]})" if team else role.label
            lines.append(f"  {user.email:<45} {label:<40} codes : {' '.join(codes)}")
        lines.append("  Ces codes remplacent ceux affichés auparavant. D'autres codes : make demo-codes (ceux-ci ne vaudront plus).")
        for line in lines:
            self.stdout.write(line)
        if self.accounts_file:
            path = Path(self.accounts_file)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("\n".join(self.style_free(line) for line in lines) + "\n", encoding="utf-8")
            path.chmod(0o600)

    @staticmethod
    def style_free(line):
        import re

        return re.sub(r"\x1b\[[0-9;]*m", "", line)
