"""The public guide under load: 20 000 generated services at places in the 82 communes of the arrondissement,
then the search by category + commune + "open now" (page and JSON API) beside the /sante/ floor, under gunicorn
with PostgreSQL.

Run: `make bench` (all scenarios) or `.venv/bin/python bench/run.py directory`.
BENCH_SERVICES changes the volume (default 20 000); BENCH_REUSE=1 measures again without regenerating. Figures only, never assertions: see docs/directory.md.
The scenario uses its own database (maillage_bench_directory) and port, so it can run beside another scenario."""

import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/maillage_bench_directory")
os.environ.setdefault("BENCH_PORT", "8766")

import common

SERVICES = int(os.environ.get("BENCH_SERVICES", "20000"))
CHUNK = 2000
HOURS = [
    "Mo-Fr 09:00-12:00,13:30-17:00; PH off",
    "Mo-Fr 08:30-12:30,13:30-17:30; PH off",
    "Mo-Th 09:00-12:00,14:00-17:00; Fr 09:00-12:00; PH off",
    "Tu[2,4] 09:00-12:00; PH off",
    "We[1,3] 14:00-17:00; PH off",
    "Mo-Sa 09:00-19:00",
    "24/7",
    "Mo-Fr 18:00-22:00; Sa 10:00-16:00",
    "Mo,We,Fr 09:00-12:00; PH off",
    "Th[-1] 14:00-16:00",
]
CATEGORIES = [
    "listening",
    "shelter",
    "legal",
    "complaint",
    "victim_support",
    "health",
    "children",
    "perpetrators",
    "housing",
    "employment",
    "training",
]


def generate():
    from django.core.management import call_command
    from django.db import connection

    from accounts.models import Organisation, OrganisationKind
    from directory.models import Place, Service, ServiceAtPlace, ServiceCategory, week_mask
    from directory.taxonomy import category_bits
    from territory.models import Commune

    call_command("import_territory", verbosity=0)
    rng = random.Random(596)
    communes = list(Commune.objects.exclude(latitude=None))
    organisations = Organisation.objects.bulk_create(
        [Organisation(name=f"Structure fictive {n:03d}", kind=OrganisationKind.ASSOCIATION, is_partner=False) for n in range(300)]
    )
    places = []
    for organisation in organisations:
        for commune in rng.sample(communes, 3):
            confidential = rng.random() < 0.05
            lat = commune.latitude + rng.uniform(-0.01, 0.01)
            lon = commune.longitude + rng.uniform(-0.015, 0.015)
            places.append(
                Place(
                    organisation=organisation,
                    name=f"Lieu {len(places)}",
                    address=f"{rng.randint(1, 120)} rue Fictive",
                    postal_code=(commune.postal_codes or [""])[0],
                    commune=commune,
                    latitude=lat,
                    longitude=lon,
                    confidential_fields=["address"] if confidential else [],
                    search_latitude=commune.latitude if confidential else lat,
                    search_longitude=commune.longitude if confidential else lon,
                )
            )
    places = Place.objects.bulk_create(places)
    places_by_org = {}
    for place in places:
        places_by_org.setdefault(place.organisation_id, []).append(place)
    masks = {text: week_mask(text) for text in HOURS}
    started = time.perf_counter()
    made = 0
    while made < SERVICES:
        count = min(CHUNK, SERVICES - made)
        batch = []
        for index in range(made, made + count):
            organisation = rng.choice(organisations)
            hours = rng.choice(HOURS)
            remote = rng.random() < 0.03
            batch.append(
                Service(
                    organisation=organisation,
                    name=f"Service fictif {index}",
                    summary="Écoute, information et accompagnement (données générées).",
                    description="Service généré pour la mesure de performance : écoute, hébergement, droits, plainte, soins.",
                    audiences=rng.sample(["women", "men", "children", "relatives", "perpetrators"], 2),
                    access_modes=["walk_in", "phone"],
                    languages=["fr"],
                    is_remote=remote,
                    phone="+33327000000",
                    hours=hours,
                    week_mask=masks[hours],
                    is_published=rng.random() < 0.97,
                    last_verified_at=None,
                    search_document=f"Service fictif {index} {organisation.name} écoute hébergement droits plainte",
                )
            )
        chosen = [rng.sample(CATEGORIES, rng.choice([1, 1, 2, 3])) for _ in batch]
        for service, codes in zip(batch, chosen, strict=True):
            service.category_bits = category_bits(codes)
        batch = Service.objects.bulk_create(batch)
        links, locations = [], []
        for service, codes in zip(batch, chosen, strict=True):
            for code in codes:
                links.append(ServiceCategory(service=service, category=code))
            if service.is_remote:
                continue
            for place in rng.sample(places_by_org[service.organisation_id], rng.choice([1, 1, 1, 2])):
                hours = rng.choice(["", "", "", "Tu[2,4] 09:00-12:00; PH off", "Fr 14:00-17:00"])
                locations.append(
                    # bulk_create skips save(): the search copies are set here.
                    ServiceAtPlace(
                        service=service,
                        place=place,
                        hours=hours,
                        week_mask=masks.get(hours) or week_mask(hours or service.hours),
                        published=service.is_published,
                        category_bits=service.category_bits,
                        latitude=place.search_latitude,
                        longitude=place.search_longitude,
                    )
                )
        ServiceCategory.objects.bulk_create(links)
        ServiceAtPlace.objects.bulk_create(locations)
        made += count
        print(f"  {made} services ({time.perf_counter() - started:.0f} s)", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    published = ServiceAtPlace.objects.filter(published=True).exclude(category_bits=0).count()
    print(f"  services à un lieu publiés et catégorisés : {published}")
    print(
        f"  données : {Service.objects.count()} services, {Place.objects.count()} lieux, {ServiceAtPlace.objects.count()} services à un lieu"
    )


def measure_many(label, paths, *, concurrency):
    """Like common.measure, over a rotating list of distinct queries: no two requests share a cache entry."""
    import statistics
    import urllib.request
    from concurrent.futures import ThreadPoolExecutor

    def one(path):
        start = time.perf_counter()
        with urllib.request.urlopen(f"http://127.0.0.1:{common.PORT}{path}", timeout=30) as response:
            response.read()
            status = response.status
        return (time.perf_counter() - start) * 1000, status

    for path in paths[:10]:
        one(path + "&echauffement=1")
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        results = list(pool.map(one, paths))
    elapsed = time.perf_counter() - started
    latencies = sorted(r[0] for r in results)
    return {
        "label": label,
        "path": "(requêtes toutes différentes)",
        "requests": len(paths),
        "concurrency": concurrency,
        "p50_ms": round(statistics.median(latencies), 1),
        "p95_ms": round(latencies[int(len(latencies) * 0.95) - 1], 1),
        "throughput_rps": round(len(paths) / elapsed, 1),
        "statuses": sorted({r[1] for r in results}),
    }


def distinct_searches(count, seed):
    """Category + commune + open now over the 82 communes and 11 categories, each made unique by a page marker the
    form ignores, so that every request is computed (the anonymous page cache never answers)."""
    from territory.models import Commune

    rng = random.Random(seed)
    names = list(Commune.objects.values_list("name", flat=True))
    from urllib.parse import urlencode

    return [
        f"/guide/recherche/?{urlencode({'commune': rng.choice(names), 'categorie': rng.choice(CATEGORIES), 'ouvert': 'on', 'n': n})}"
        for n in range(count)
    ]


def main():
    common.prepare_database(generate)  # one PostgreSQL connection per worker, as in production (common.bench_env)
    rows = []
    repeated = [
        ("plancher /sante/", "/sante/"),
        ("guide : catégorie + commune + ouvert, même requête (cache)", "/guide/recherche/?commune=Denain&categorie=shelter&ouvert=on"),
        ("API : catégorie + commune + ouvert (sans cache)", "/api/annuaire/services?commune=Denain&categorie=shelter&ouvert=true"),
        ("guide : commune + texte libre, même requête (cache)", "/guide/recherche/?commune=Anzin&texte=hebergement"),
    ]
    with common.Server():
        import urllib.request

        for label, path in repeated[1:]:
            with urllib.request.urlopen(f"http://127.0.0.1:{common.PORT}{path}", timeout=30) as response:
                body = response.read().decode()
            found = body.count('class="card"') + body.count('"id":')
            print(f"  {label} : {found} résultats sur la première page")
        rows.append(
            measure_many(
                "guide : catégorie + commune + ouvert, 300 requêtes distinctes (sans cache)", distinct_searches(300, 1), concurrency=1
            )
        )
        for label, path in repeated:
            result = common.measure(path, requests=300, concurrency=1)
            result["label"] = label
            rows.append(result)
        rows.append(measure_many("guide : requêtes distinctes (sans cache), 4 clients", distinct_searches(400, 2), concurrency=4))
        for label, path in repeated[:3]:
            result = common.measure(path, requests=400, concurrency=4)
            result["label"] = f"{label}, 4 clients"
            rows.append(result)
    common.print_table(f"Guide : {SERVICES} services, PostgreSQL, gunicorn 2 workers", rows)
    floor = next(r for r in rows if r["label"].startswith("plancher") and r["concurrency"] == 4)
    for row in rows:
        if row["concurrency"] == 4 and not row["label"].startswith("plancher"):
            print(f"- débit relatif au plancher, {row['label']} : {row['throughput_rps'] / floor['throughput_rps']:.2f}")


if __name__ == "__main__":
    main()
