"""Observatory at scale: BENCH_OBS_SITUATIONS situations (default 1 000 000) with one person each, ten events each and
an assessment for every other one, spread over ten years and the arrondissement's communes, written by PostgreSQL
itself (generate_series), then the full dashboard for one territory (Valenciennes Métropole) over ten years: cold
(empty cache), cached, and after a write (the cache invalidated, recomputed).

Run: `make bench` (all scenarios) or `.venv/bin/python bench/run.py observatory`. BENCH_REUSE=1 measures again
without regenerating. The cache is the settings' (the process's memory unless REDIS_URL is set; the redis client is not
installed here). Figures only: see docs/observatoire.md."""

import datetime
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

os.environ.setdefault("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/maillage_bench_observatory")

import common

SITUATIONS = int(os.environ.get("BENCH_OBS_SITUATIONS", "1000000"))
EVENTS_PER_SITUATION = int(os.environ.get("BENCH_OBS_EVENTS_PER_SITUATION", "10"))
YEARS = 10


def _columns(model, given):
    """Every concrete column of `model`: the SQL given, else the field's neutral default."""
    from django.db import models

    names, values = [], []
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        names.append(f'"{field.column}"')
        if field.name in given:
            values.append(given[field.name])
        elif field.null:
            values.append("NULL")
        elif isinstance(field, models.BooleanField):
            values.append("false")
        elif isinstance(field, (models.IntegerField, models.PositiveIntegerField, models.PositiveSmallIntegerField)):
            values.append(str(field.default if isinstance(field.default, int) else 0))
        elif isinstance(field, models.JSONField):
            values.append("'{}'::jsonb")
        elif isinstance(field, models.DateTimeField):
            values.append("now()")
        else:
            values.append("''")
    return ", ".join(names), ", ".join(values)


def generate():
    from django.core.management import call_command
    from django.db import connection

    from accounts import demo as accounts_demo
    from casework import risk
    from casework.models import Event, Person, RiskAssessment, Situation

    call_command("import_territory", verbosity=0)
    import random

    context = {}
    accounts_demo.load(random.Random(596), context)
    organisations = [o.pk for o in context["organisations"].values()]
    grid = risk.default_grid()
    started = time.perf_counter()
    orgs = "ARRAY[" + ",".join(map(str, organisations)) + "]"
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE bench_communes AS SELECT row_number() OVER () AS n, insee_code FROM territory_commune WHERE arrondissement_id = '596'"
        )
        cursor.execute("SELECT count(*) FROM bench_communes")
        communes = cursor.fetchone()[0]
        names, values = _columns(
            Situation,
            {
                "organisation": f"({orgs})[1 + (g % {len(organisations)})]",
                "side": "CASE WHEN g % 5 = 0 THEN 'perpetrator' ELSE 'victim' END",
                "status": "CASE WHEN g % 3 = 0 THEN 'closed' ELSE 'open' END",
                "opened_on": f"current_date - ((g::bigint * 7919) % ({YEARS} * 365))::int",
                "closed_on": f"CASE WHEN g % 3 = 0 THEN current_date - ((g::bigint * 7919) % ({YEARS} * 365))::int + 30 ELSE NULL END",
                "commune": f"(SELECT insee_code FROM bench_communes WHERE n = 1 + (g % {communes}))",
                "children_count": "g % 3",
                "danger_level": "(ARRAY['', 'standard', 'elevated', 'high'])[1 + (g % 4)]",
                "flagged_for_committee": "g % 17 = 0",
                "version": "1",
            },
        )
        cursor.execute(f"INSERT INTO {Situation._meta.db_table} ({names}) SELECT {values} FROM generate_series(1, {int(SITUATIONS)}) AS g")
        print(f"  {SITUATIONS} situations écrites en {time.perf_counter() - started:.0f} s", flush=True)
        names, values = _columns(
            Person,
            {
                "situation": "s.id",
                "role": "CASE WHEN s.side = 'perpetrator' THEN 'perpetrator' ELSE 'victim' END",
                "sex": "CASE WHEN s.side = 'perpetrator' THEN 'M' ELSE 'F' END",
                "age_band": "(ARRAY['18-24', '25-34', '35-44', '45-54', '55-64'])[1 + (s.id % 5)]",
                "version": "1",
            },
        )
        cursor.execute(f"INSERT INTO {Person._meta.db_table} ({names}) SELECT {values} FROM {Situation._meta.db_table} s")
        kinds = "ARRAY['complaint', 'police_log', 'protection_order', 'tgd_granted', 'anti_approach_bracelet', 'eviction', 'judicial_supervision', 'supervision_breach', 'hearing', 'interview']"
        names, values = _columns(
            Event,
            {
                "situation": "s.id",
                "kind": f"({kinds})[1 + ((s.id + k) % 10)]",
                "date": "s.opened_on + k * 9",
                "end_date": "CASE WHEN (s.id + k) % 10 IN (2, 3, 4, 5, 6) THEN s.opened_on + k * 9 + 180 ELSE NULL END",
                "organisation": "s.organisation_id",
                "owner": "s.organisation_id",
            },
        )
        cursor.execute(
            f"INSERT INTO {Event._meta.db_table} ({names}) SELECT {values} FROM {Situation._meta.db_table} s, generate_series(1, {int(EVENTS_PER_SITUATION)}) AS k",
        )
        print(f"  {SITUATIONS * EVENTS_PER_SITUATION} événements écrits en {time.perf_counter() - started:.0f} s", flush=True)
        names, values = _columns(
            RiskAssessment,
            {
                "situation": "s.id",
                "grid": str(grid.pk),
                "score": "s.id % 20",
                "computed_level": "CASE WHEN s.danger_level = '' THEN 'standard' ELSE s.danger_level END",
                "level": "CASE WHEN s.danger_level = '' THEN 'standard' ELSE s.danger_level END",
                "assessed_on": "s.opened_on + 3",
                "organisation": "s.organisation_id",
            },
        )
        cursor.execute(
            f"INSERT INTO {RiskAssessment._meta.db_table} ({names}) SELECT {values} FROM {Situation._meta.db_table} s WHERE s.id % 2 = 0"
        )
        cursor.execute("ANALYZE")
    print(f"  données générées en {time.perf_counter() - started:.0f} s", flush=True)


def measure():
    from django.core.cache import cache
    from django.db import connection

    from casework.models import Event, Situation
    from observatory import queries, rollup
    from observatory.models import RollupState
    from observatory.sources import Scope
    from territory.models import Epci

    epci = Epci.objects.get(name__icontains="Valenciennes Métropole")
    year = queries.current_year()
    scope = Scope(year - YEARS + 1, year, epci=epci.pk)
    situations = Situation.objects.count()
    events = Event.objects.count()
    print(f"\n## Observatoire : tableau de bord complet, {epci.name}, {scope.year_from}–{scope.year_to}\n")
    print(
        f"Base : {situations} situations, {events} événements (PostgreSQL, {connection.settings_dict['NAME']}) ; cache : {type(cache).__name__}.\n"
    )
    started = time.perf_counter()
    rollup.rebuild()
    build = time.perf_counter() - started
    RollupState.objects.update(as_of=datetime.date.today() - datetime.timedelta(days=1))
    started = time.perf_counter()
    rollup.refresh()
    new_day = time.perf_counter() - started
    colds = []
    for _ in range(5):
        cache.clear()
        started = time.perf_counter()
        queries.dashboard(scope)
        colds.append((time.perf_counter() - started) * 1000)
    cold = statistics.median(colds)
    warm = []
    for _ in range(30):
        started = time.perf_counter()
        queries.dashboard(scope)
        warm.append((time.perf_counter() - started) * 1000)
    situation = Situation.objects.filter(commune__epci=epci).first()
    Event.objects.create(situation=situation, kind="complaint", date=situation.opened_on, organisation_id=situation.organisation_id)
    started = time.perf_counter()
    queries.dashboard(scope)
    after_write = (time.perf_counter() - started) * 1000
    print("| mesure | durée (ms) |")
    print("|---|---|")
    print(f"| construction des agrégats (une fois, puis chaque 1er janvier) | {build * 1000:.0f} |")
    print(f"| agrégats du jour (chaque nuit : situations en cours, mesures en cours) | {new_day * 1000:.0f} |")
    print(f"| à froid (cache vide, médiane de 5 ; max {max(colds):.0f}) | {cold:.0f} |")
    print(f"| en cache (médiane de 30) | {statistics.median(warm):.1f} |")
    print(f"| en cache (p95) | {sorted(warm)[int(len(warm) * 0.95) - 1]:.1f} |")
    print(f"| après une écriture (cache invalidé, agrégats de la commune recalculés) | {after_write:.0f} |")


def measure_pages():
    """The dashboard page itself (filters, charts rendered to SVG, tables) as the analyst's browser gets it: gunicorn
    (one worker, its own cache in memory), requests from this process. A first page of another period loads the
    modules; then the ten-year page of each territory once (cold: its figures not yet in that worker's cache, the
    summary read), then one of them a hundred times (cached)."""
    import urllib.request
    from urllib.parse import urlencode

    from accounts.demo import demo_email
    from observatory import queries
    from territory.models import Epci

    headers, _ = common.session_cookie(demo_email("observatoire"))
    year = queries.current_year()
    first = year - YEARS + 1
    epcis = list(Epci.objects.filter(communes__arrondissement_id="596").distinct().order_by("name"))
    pages = [(f"tableau de bord, {e.name}, {first}–{year}", {"territory": f"epci:{e.pk}"}) for e in epcis]
    pages.append((f"tableau de bord, arrondissement, {first}–{year}", {"territory": "arrondissement:596"}))

    def url(params):
        return f"/observatoire/?{urlencode({'year_from': first, 'year_to': year, **params})}"

    def get(path):
        request = urllib.request.Request(f"http://127.0.0.1:{common.PORT}{path}", headers=headers)
        started = time.perf_counter()
        with urllib.request.urlopen(request, timeout=120) as response:
            body = response.read().decode()
            if response.geturl() != f"http://127.0.0.1:{common.PORT}{path}" or "Observatoire des violences" not in body:
                raise RuntimeError(f"{path}: not the dashboard ({response.geturl()})")
        return (time.perf_counter() - started) * 1000

    rows = []
    with common.Server(workers=1):
        get(f"/observatoire/?year_from={year}&year_to={year}")
        for label, params in pages:
            rows.append((f"{label} (à froid)", get(url(params))))
        cached = common.measure(url(pages[0][1]), headers=headers, requests=100, concurrency=1, warmup=5)
    print("\n## Observatoire : la page du tableau de bord (gunicorn, un processus ; requêtes d'un autre processus)\n")
    print("| page | durée (ms) |")
    print("|---|---|")
    for label, ms in rows:
        print(f"| {label} | {ms:.0f} |")
    print(f"| {pages[0][0]} (en cache, 100 requêtes) | p50 {cached['p50_ms']} ; p95 {cached['p95_ms']} ; statuts {cached['statuses']} |")


if __name__ == "__main__":
    common.prepare_database(generate)
    measure()
    measure_pages()
