"""The demo loads the national and local lines of the seeds and the partners' services, and can run twice."""

import random

from accounts import demo as accounts_demo
from directory import demo
from directory.models import Helpline, Place, Service, ServiceAtPlace
from directory.search import find_commune, search


def _load():
    context = {}
    accounts_demo.load(random.Random(1), context)
    demo.load(random.Random(1), context)
    return context


def test_demo_ships_the_lines_of_the_seeds_and_the_partners_services(territory):
    context = _load()
    numbers = set(Helpline.objects.values_list("number", flat=True))
    assert {"17", "112", "114", "3919", "119", "+33327629900", "+33652136577"} <= numbers
    assert Helpline.objects.get(number="114").href == "sms:114"
    assert Service.objects.published().count() >= 12
    assert {p.commune.name for p in Place.objects.select_related("commune")} >= {"Valenciennes", "Denain", "Saint-Amand-les-Eaux", "Anzin"}
    assert ServiceAtPlace.objects.exclude(hours="").filter(hours__contains="[2,4]").exists()
    assert context["directory_services"]
    local, _remote, _ = search(commune=find_commune("Denain").commune, category="shelter")
    assert local and local[0].location.place.is_confidential("address")


def test_demo_runs_twice_without_duplicates(territory):
    _load()
    counts = (Service.objects.count(), Place.objects.count(), Helpline.objects.count())
    _load()
    assert (Service.objects.count(), Place.objects.count(), Helpline.objects.count()) == counts
