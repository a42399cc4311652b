"""Shared follow-up under load: 100 000 situations (people, events, assessments, referrals) in PostgreSQL,
then p50/p95 latency of the caseload, situation and inbox pages under gunicorn, beside the /sante/ floor.

Run: `make bench` (all scenarios) or `.venv/bin/python bench/run.py casework`.
BENCH_SITUATIONS changes the volume (default 100 000); BENCH_REUSE=1 measures again without regenerating. Figures only, never assertions: see docs/casework.md."""

import datetime
import os
import random
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import common

SITUATIONS = int(os.environ.get("BENCH_SITUATIONS", "100000"))
CHUNK = 5000


def generate():
    from django.core.management import call_command
    from django.db import connection

    from accounts import demo as accounts_demo
    from casework import demo as casework_demo
    from casework import risk
    from casework.models import HousingPlace, Situation
    from territory.models import Commune

    call_command("import_territory", verbosity=0)
    rng = random.Random(596)
    context = {}
    accounts_demo.load(rng, context)
    organisations = context["organisations"]
    users_by_org = {}
    for user in context["users"].values():
        membership = user.memberships.filter(role__in=["practitioner", "org_admin"]).first()
        if membership is not None:
            users_by_org.setdefault(membership.organisation_id, user)
    risk.default_grid()
    for name, key, capacity in casework_demo.HOUSING_PLACES:
        HousingPlace.objects.get_or_create(name=name, defaults={"organisation": organisations[key], "capacity": capacity})
    communes = list(Commune.objects.all())
    today = datetime.date.today()
    started = time.perf_counter()
    made = 0
    while made < SITUATIONS:
        count = min(CHUNK, SITUATIONS - made)
        casework_demo.make_situations(
            rng,
            organisations=organisations,
            users_by_org=users_by_org,
            communes=communes,
            count=count,
            start=today - datetime.timedelta(days=3 * 365),
            end=today,
            today=today,
        )
        made += count
        print(f"  {made} situations ({time.perf_counter() - started:.0f} s)", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    from casework.models import Event, Person, Referral

    print(
        f"  données : {Situation.objects.count()} situations, {Person.objects.count()} personnes, {Event.objects.count()} événements, "
        f"{Referral.objects.count()} orientations, en {time.perf_counter() - started:.0f} s"
    )
    return context


def check_page(path, headers, marker):
    """The measure follows redirects: make sure the session works and the page is the one meant, not the login page."""
    url = f"http://127.0.0.1:{common.PORT}{path}"
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=30) as response:
        body = response.read().decode()
        if response.geturl() != url or marker not in body:
            raise RuntimeError(f"{path}: unexpected page ({response.geturl()})")


def explain(sql_label, queryset):
    plan = queryset.explain()
    uses_index = "Index" in plan
    print(f"  plan « {sql_label} » : {'index' if uses_index else 'SANS INDEX'}")
    for line in plan.splitlines()[:6]:
        print(f"    {line}")


def main():
    common.prepare_database(generate)  # one PostgreSQL connection per worker, as in production (common.bench_env)

    from accounts.demo import demo_email
    from casework import access
    from casework.models import Referral, Situation

    ajar_headers, ajar = common.session_cookie(demo_email("intervenante.ajar"))
    cidff_headers, cidff = common.session_cookie(demo_email("intervenante.cidff"))
    situation = Situation.objects.filter(organisation=ajar.organisation).order_by("-updated_at").first()
    # The generated names repeat (16 surnames): give one victim a name of her own, as real names mostly are.
    victim = situation.people.filter(role="victim").first()
    victim.last_name = "Unique-Banc-Essai"
    victim.save()
    explain("liste des situations", Situation.objects.visible_to(ajar).order_by("-updated_at", "-pk")[:25])
    explain("boîte de réception", access.referrals_received(cidff).order_by("-sent_at", "-pk")[:25])
    explain("parcours", situation.events.order_by("-date", "-pk"))
    rows = []
    with common.Server():
        for label, path, headers, marker in [
            ("/sante/ (plancher)", "/sante/", {}, ""),
            ("liste des situations (AJAR)", "/suivi/", ajar_headers, "Situations suivies"),
            ("liste filtrée : mesure expirant", "/suivi/?expiring=on", ajar_headers, "Situations suivies"),
            ("recherche par nom (index aveugles)", f"/suivi/?q={quote(victim.last_name)}", ajar_headers, victim.last_name),
            ("page d'une situation", f"/suivi/{situation.pk}/", ajar_headers, situation.reference),
            ("orientations reçues (CIDFF)", "/suivi/orientations/recues/", cidff_headers, "Orientations reçues"),
            # A name search must take the same time whether the name exists in a file the searcher may not open or
            # exists nowhere (issue 10): the CIDFF searching AJAR's victim, then a name nobody has.
            ("recherche d'un nom suivi ailleurs (CIDFF)", f"/suivi/?q={quote(victim.last_name)}", cidff_headers, "Situations suivies"),
            ("recherche d'un nom absent (CIDFF)", f"/suivi/?q={quote('Absente-Banc-Essai')}", cidff_headers, "Situations suivies"),
        ]:
            check_page(path, headers, marker)
            result = common.measure(path, headers=headers, requests=300, concurrency=1)
            result["label"] = label
            rows.append(result)
            print(f"  {label} : p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms, statuts {result['statuses']}", flush=True)
    common.print_table(
        f"Suivi partagé : {Situation.objects.count()} situations, {Referral.objects.filter(receiver=cidff.organisation).count()} orientations reçues par le CIDFF",
        rows,
    )


if __name__ == "__main__":
    main()
