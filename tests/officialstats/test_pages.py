"""The official statistics pages: every route with its personas (a route without an entry fails), what the page
shows of the demo's real figures, the CSV and SVG downloads, and unknown filters answered in French."""

import csv
import io

import pytest
from django.test import Client

from accounts.models import Role
from tests.accounts.factories import MembershipFactory, OrganisationFactory, totp_device
from tests.casework import urlwalk
from tests.conftest import verified_client

pytestmark = pytest.mark.django_db

PERSONAS = ["analyst", "coordinator", "practitioner", "org_admin", "password_only", "anonymous"]
QUERY = "?territoire=arrondissement:596&indicateur=coups-et-blessures-volontaires-intrafamiliaux"


def _expected(analyst, coordinator, practitioner, org_admin, password_only=302, anonymous=302):
    return dict(zip(PERSONAS, (analyst, coordinator, practitioner, org_admin, password_only, anonymous), strict=True))


READERS_ONLY = _expected(200, 200, 404, 404)
MATRIX = {
    "index": ("", READERS_ONLY),
    "comparison_csv": ("comparaison.csv" + QUERY, READERS_ONLY),
    "local_csv": ("chiffres-locaux.csv" + QUERY, READERS_ONLY),
    "map_csv": ("carte.csv" + QUERY, READERS_ONLY),
    "chart_svg": ("graphique.svg" + QUERY, READERS_ONLY),
    "map_svg": ("carte.svg" + QUERY, READERS_ONLY),
    "local_template": ("modele-chiffres-locaux.csv", READERS_ONLY),
    "report": ("rapport/", READERS_ONLY),
    "report_pdf": ("rapport/diagnostic.pdf?territoire=commune:59606&annee=2023&edition=public", READERS_ONLY),
    "report_xlsx": ("rapport/annexe.xlsx?territoire=commune:59606&annee=2023&edition=pro", READERS_ONLY),
}
BASE = "/observatoire/statistiques/"


@pytest.fixture
def clients(organisation, member, org_admin):
    network = OrganisationFactory(name="Agglomération fictive")
    analyst = MembershipFactory(organisation=network, role=Role.ANALYST, user__email="oscar@exemple.test")
    coordinator = MembershipFactory(organisation=network, role=Role.COORDINATOR, user__email="claire@exemple.test")
    password_only = Client()
    password_only.force_login(analyst.user)  # first factor only
    totp_device(analyst.user)
    return {
        "analyst": verified_client(analyst.user, analyst),
        "coordinator": verified_client(coordinator.user, coordinator),
        "practitioner": verified_client(member.user, member),
        "org_admin": verified_client(org_admin.user, org_admin),
        "password_only": password_only,
        "anonymous": Client(),
    }


def test_every_route_has_an_entry():
    assert set(urlwalk.pages("observatoire/statistiques/", "officialstats")) == set(MATRIX)


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_personas(name, clients, official_statistics):
    path, expected = MATRIX[name]
    got = {persona: clients[persona].get(BASE + path).status_code for persona in PERSONAS}
    assert got == expected


def test_page_compares_the_territory_with_departement_region_and_france(clients, official_statistics):
    response = clients["analyst"].get(BASE)
    text = response.text
    assert response.status_code == 200
    # The police complaints of seed 001 and their computed evolution.
    assert "1\u202f053" in text and "705" in text and "+49\u202f%" in text
    for name in ("Arrondissement de Valenciennes", "Nord", "Hauts-de-France", "France"):
        assert name in text
    # The Nord's victims of intra-family violence in 2023 (SSMSI) and the national sum of départements.
    assert "11\u202f971" in text and "212\u202f615" in text
    assert 'src="data:image/svg+xml;base64,' in text and "<table" in text and "Tableau des données de la carte" in text
    assert "style=" not in text and "<script>" not in text


def test_comparison_csv_holds_the_figures(clients, official_statistics):
    response = clients["coordinator"].get(BASE + "comparaison.csv" + QUERY.replace("arrondissement:596", "departement:59"))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["annee", "Nord - nombre", "Nord - pour 1 000 habitants"]
    by_year = {row[0]: row for row in rows[1:]}
    assert by_year["2022"][1] == "10917" and by_year["2022"][2] == "4,174"  # 10 917 / 2 615 635 × 1 000
    assert "Hauts-de-France - nombre" in rows[0] and "France - nombre" in rows[0]


def test_local_csv_and_template(clients, official_statistics):
    rows = list(
        csv.reader(io.StringIO(clients["analyst"].get(BASE + "chiffres-locaux.csv" + QUERY).content.decode("utf-8-sig")), delimiter=";")
    )
    assert [(r[1], r[2]) for r in rows[1:]] == [("2019", "705"), ("2021", "997"), ("2022", "1053")]
    assert rows[2][3] == "41,4" and rows[1][5].startswith("Valenciennes Métropole")  # 705 → 997
    template = clients["analyst"].get(BASE + "modele-chiffres-locaux.csv").content.decode("utf-8-sig")
    assert template.startswith("annee;niveau;code;indicateur;unite;nombre;perimetre;source;edition;lien\n2019;arrondissement;596;")


def test_svg_downloads_are_drawn_charts(clients, official_statistics):
    chart = clients["analyst"].get(BASE + "graphique.svg" + QUERY)
    assert chart["Content-Type"].startswith("image/svg+xml") and chart.text.startswith("<svg") and "Hauts-de-France" in chart.text
    drawn = clients["analyst"].get(BASE + "carte.svg" + QUERY)
    assert drawn.text.startswith("<svg") and drawn.text.count("<path") > 82  # the 82 communes of the arrondissement, and more


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?territoire=commune:99999", "Territoire : Territoire inconnu"),
        ("?territoire=epci:%00", "Territoire : Territoire inconnu"),
        ("?indicateur=rien", "Indicateur (SSMSI) : Indicateur inconnu"),
    ],
)
def test_unknown_filters_are_named_in_french(clients, official_statistics, query, message):
    page = clients["analyst"].get(BASE + query)
    assert page.status_code == 400 and message in page.content.decode()
    download = clients["analyst"].get(BASE + "comparaison.csv" + query)
    assert download.status_code == 400 and message in download.content.decode()


def test_page_without_any_import_says_what_to_do(clients, territory):
    response = clients["analyst"].get(BASE)
    assert response.status_code == 200 and "import_official_statistics" in response.text
