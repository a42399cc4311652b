"""The official statistics in the JSON API: the observatory's readers get the same figures as the page (the Nord's
11 971 victims of intra-family violence in 2023, France as the sum of départements, the Valenciennes police complaints
705 → 1 053, +49 %); other tokens 403; bad filters 422 naming the field in French."""

import pytest

from accounts.models import ApiToken, Role
from tests.accounts.factories import MembershipFactory

pytestmark = pytest.mark.django_db
BASE = "/api/observatoire/statistiques"
INDICATOR = "coups-et-blessures-volontaires-intrafamiliaux"


def bearer(role):
    _token, key = ApiToken.issue(MembershipFactory(role=role), "statistiques")
    return {"Authorization": f"Bearer {key}"}


@pytest.fixture
def analyst():
    return bearer(Role.ANALYST)


def test_the_analyst_reads_the_comparison_and_the_local_figures(client, analyst, official_statistics):
    indicators = client.get(f"{BASE}/indicateurs", headers=analyst).json()
    assert any(i["code"] == INDICATOR and not i["local"] for i in indicators)
    assert any(i["local"] and i["unite"] for i in indicators), "the local figures are listed too"
    body = client.get(f"{BASE}/valeurs", {"territoire": "arrondissement:596", "indicateur": INDICATOR}, headers=analyst).json()
    assert [t["nom"] for t in body["territoires"]] == ["Arrondissement de Valenciennes", "Nord", "Hauts-de-France", "France"]
    row = next(r for r in body["annees"] if r["annee"] == 2023)
    nord, france = row["valeurs"][1], row["valeurs"][3]
    assert nord["nombre"] == 11971 and france["nombre"] == 212615
    assert nord["taux_pour_mille"] is not None and nord["sources"]
    police = next(series for series in body["chiffres_locaux"])
    assert [(p["annee"], p["nombre"]) for p in police["annees"]] == [(2019, 705), (2021, 997), (2022, 1053)]
    assert all(e is None or e["derniere_annee"] >= e["premiere_annee"] for e in body["evolutions"])


def test_the_coordinator_reads_it_too_and_the_default_is_the_arrondissement(client, official_statistics):
    body = client.get(f"{BASE}/valeurs", headers=bearer(Role.COORDINATOR)).json()
    assert body["territoires"][0]["code"] == "596" and body["indicateur"]["code"] == INDICATOR


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.ORG_ADMIN])
def test_other_roles_are_refused(client, role, official_statistics):
    for path in ("/indicateurs", "/valeurs"):
        response = client.get(BASE + path, headers=bearer(role))
        assert response.status_code == 403 and "observatoire" in response.json()["detail"]


def test_without_a_token_401(client, official_statistics):
    assert client.get(f"{BASE}/indicateurs").status_code == 401


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"territoire": "epci:123456789"}, "territoire", "Territoire inconnu"),
        ({"indicateur": "n-existe-pas"}, "indicateur", "Indicateur inconnu"),
        ({"territoire": "x:1"}, "territoire", "Territoire inconnu"),
    ],
)
def test_bad_filters_answer_422_naming_the_field(client, analyst, official_statistics, query, field, message):
    response = client.get(f"{BASE}/valeurs", query, headers=analyst)
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors[0]["field"] == field and message in errors[0]["message"]
