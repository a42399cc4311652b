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
    assert {"17", "112", "114", "115", "3919", "119", "116006", "+33801901911"} <= numbers
    assert all(line.source_url.startswith("https://") for line in Helpline.objects.filter(scope="national"))
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


def test_maubeuge_lines_are_not_loaded_on_the_valenciennes_guide(territory):
    """Issue 11, point 4: the Maubeuge MJD and Maison de la famille (seed 002) serve Maubeuge-Val de Sambre."""
    _load()
    assert not Helpline.objects.filter(number__in=["+33327629900", "+33652136577"]).exists()


def test_maubeuge_lines_serve_maubeuge_when_the_installation_holds_it(territory):
    from territory.models import Commune, Departement, Epci

    epci = Epci.objects.create(siren="200043396", name="CA Maubeuge Val de Sambre")
    maubeuge = Commune.objects.create(insee_code="59392", name="Maubeuge", departement=Departement.objects.get(code="59"), epci=epci)
    _load()
    mjd = Helpline.objects.get(number="+33327629900")
    assert list(mjd.communes.all()) == [maubeuge]
    assert mjd in Helpline.objects.serving(maubeuge)
    assert mjd not in Helpline.objects.serving(find_commune("Valenciennes").commune)


def test_air_is_carried_by_valenciennes_metropole_as_seed_001_says(territory):
    """Issue 11, point 5: AIR is « accompagnement individuel renforcé », carried since 2020 by Valenciennes Métropole."""
    context = _load()
    air = Service.objects.get(name__startswith="Dispositif AIR")
    assert air.name == "Dispositif AIR : accompagnement individuel renforcé"
    assert air.organisation == context["organisations"]["vm"]
    assert "2018 par le Parquet" in air.description and "depuis 2020 par Valenciennes Métropole" in air.description
    assert "auteurs de violences conjugales" in air.description and "addictive" in air.description
    assert not Service.objects.filter(name__icontains="insertion et responsabilisation").exists()
