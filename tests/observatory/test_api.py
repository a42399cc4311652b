"""The observatory's API: exact figures for an analyst's token, the public edition (one audited publication) for any
other caller, errors named in French."""

import datetime

import pytest
from django.test import Client

from accounts.models import ApiToken
from tests.casework.factories import SituationFactory

pytestmark = pytest.mark.django_db


def bearer(membership):
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(membership, 'test')[1]}"}


@pytest.fixture
def opened(territory, organisation):
    from territory.models import Commune

    valenciennes = Commune.objects.get(insee_code="59606")
    this_year = datetime.date.today().year
    SituationFactory.create_batch(14, organisation=organisation, commune=valenciennes, opened_on=datetime.date(this_year, 1, 10))
    SituationFactory.create_batch(3, organisation=organisation, commune=valenciennes, opened_on=datetime.date(this_year - 1, 1, 10))
    return valenciennes.epci_id, this_year


def test_the_registry_lists_every_indicator_with_its_dimensions(anonymous_client):
    body = anonymous_client.get("/api/observatoire/indicateurs").json()
    codes = {item["code"] for item in body}
    assert {"situations_opened", "referral_flows", "programme_positive_exits", "network_actions"} <= codes
    opened = next(item for item in body if item["code"] == "situations_opened")
    assert {"code": "epci", "libelle": "EPCI"} in opened["dimensions"] and opened["public"] is True


def test_an_analyst_reads_exact_counts_marked_and_the_public_reads_them_suppressed(analyst, opened, member):
    epci, year = opened
    exact = Client().get("/api/observatoire/indicateurs/situations_opened/valeurs?dims=year", **bearer(analyst)).json()
    by_year = {row["dimensions"]["year"]: row for row in exact["lignes"]}
    assert by_year[year - 1]["valeur"] == 3 and by_year[year - 1]["secret_en_public"] is True
    assert by_year[year]["valeur"] == 14
    for client, headers in ((Client(), {}), (Client(), bearer(member))):
        public = client.get(
            f"/api/observatoire/indicateurs/situations_opened/valeurs?dims=epci,year&territory=epci:{epci}", **headers
        ).json()
        assert public["edition"] == "publique"
        cells = {row["annee"]: row for row in public["lignes"]}
        assert cells[year - 1]["valeur"] is None and cells[year - 1]["secret"] is True
        # 14 alone would give the 3 by difference from the EPCI's total: it is hidden too.
        assert cells[year]["valeur"] is None
        assert all(row["epci"] == epci for row in public["lignes"])


def test_public_callers_get_no_new_aggregate(anonymous_client, opened):
    for query, field in [
        ("dims=commune", "dims"),
        ("territory=commune:59606", "territory"),
        ("organisation=1", "organisation"),
        ("dims=year&year_from=2030", "year_from"),
    ]:
        response = anonymous_client.get(f"/api/observatoire/indicateurs/situations_opened/valeurs?{query}")
        assert response.status_code == 422, query
        assert response.json()["errors"][0]["field"] == field
    assert anonymous_client.get("/api/observatoire/indicateurs/referral_flows/valeurs").status_code == 422


def test_bad_input_is_named(analyst):
    client, headers = Client(), bearer(analyst)
    response = client.get("/api/observatoire/indicateurs/situations_opened/valeurs?territory=epci:000000000", **headers)
    assert response.status_code == 422 and "Territoire inconnu" in response.json()["errors"][0]["message"]
    response = client.get("/api/observatoire/indicateurs/situations_opened/valeurs?year_from=2025&year_to=2023", **headers)
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "year_to"
    response = client.get("/api/observatoire/indicateurs/situations_opened/valeurs?dims=sex", **headers)
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "dims"
    assert client.get("/api/observatoire/indicateurs/nope/valeurs", **headers).status_code == 404
    assert client.get("/api/observatoire/indicateurs", HTTP_AUTHORIZATION="Bearer faux").status_code == 401


def test_open_data_in_the_api_matches_the_page(anonymous_client, opened):
    body = anonymous_client.get("/api/observatoire/donnees-ouvertes").json()
    assert {item["indicateur"]["code"] for item in body} >= {"situations_opened", "programme_positive_exits"}
