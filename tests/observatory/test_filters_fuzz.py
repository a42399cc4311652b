"""The dashboard's filters and an indicator's cut fuzzed (hypothesis): whatever is in the query string, a page in
French (200, or 400 for an unknown cut), never a server error; an impossible period or an unknown territory is named."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz import text

pytestmark = pytest.mark.django_db

years = st.one_of(text, st.integers(-10, 3000).map(str))
territories = st.one_of(text, st.sampled_from(["commune:59606", "epci:200017606", "arrondissement:596", "epci:", "commune:0", "x:1"]))


@settings(
    max_examples=30, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(year_from=years, year_to=years, territory=territories, organisation=years, programme=text, dims=text)
def test_no_filter_breaks_a_page(analyst_client, year_from, year_to, territory, organisation, programme, dims):
    params = {"year_from": year_from, "year_to": year_to, "territory": territory, "organisation": organisation, "programme": programme}
    params = {k: v.replace("\x00", "") for k, v in params.items()}
    assert analyst_client.get("/observatoire/", params).status_code == 200
    response = analyst_client.get("/observatoire/indicateurs/people_followed/", {**params, "dims": dims.replace("\x00", "")})
    assert response.status_code in (200, 400)


def test_an_impossible_period_and_an_unknown_territory_are_named(analyst_client, territory):
    html = analyst_client.get("/observatoire/", {"year_from": "2025", "year_to": "2023", "territory": "epci:123456789"}).text
    assert (
        "Jusqu&#x27;à l&#x27;année : La période est impossible : l&#x27;année de fin (2023) précède l&#x27;année de début (2025)." in html
    )
    assert "Territoire : Territoire inconnu : « epci:123456789 »." in html
    html = analyst_client.get("/observatoire/", {"year_from": "1850"}).text
    assert "Depuis l&#x27;année : Année impossible" in html
    response = analyst_client.get("/observatoire/indicateurs/people_followed/", {"dims": "year,commune,sex,role"})
    assert response.status_code == 200  # three dimensions at most: the fourth is dropped
    response = analyst_client.get("/observatoire/indicateurs/people_followed/", {"dims": "planet"})
    assert response.status_code == 400 and "Dimension inconnue" in response.text


def test_a_filter_narrows_the_figures(analyst_client, territory, organisation):
    import datetime

    from territory.models import Commune
    from tests.casework.factories import SituationFactory

    anzin = Commune.objects.get(name="Anzin")
    SituationFactory.create_batch(2, organisation=organisation, commune=anzin, opened_on=datetime.date.today())
    SituationFactory.create_batch(5, organisation=organisation, commune=None, opened_on=datetime.date.today())
    from observatory import indicators, queries
    from observatory.sources import Scope

    year = datetime.date.today().year
    code = indicators.get("situations_opened")
    assert queries.table(code, Scope(year, year), ["year"]).total["value"] == 7
    assert queries.table(code, Scope(year, year, commune=anzin.pk), ["year"]).total["value"] == 2
    assert queries.table(code, Scope(year, year, epci=anzin.epci_id), ["year"]).total["value"] == 2
    assert queries.table(code, Scope(year, year, organisation=organisation.pk + 1000), ["year"]).total["value"] == 0


def test_each_pathway_indicator_counts_its_own_kind(organisation):
    import datetime

    from observatory import indicators, queries
    from observatory.sources import Scope
    from tests.casework.factories import EventFactory, SituationFactory

    situation = SituationFactory(organisation=organisation, opened_on=datetime.date(2026, 1, 5))
    EventFactory.create_batch(2, situation=situation, kind="complaint", date=datetime.date(2026, 2, 1))
    EventFactory(situation=situation, kind="tgd_granted", date=datetime.date(2026, 3, 1))
    EventFactory(situation=situation, kind="supervision_breach", date=datetime.date(2025, 3, 1))
    scope = Scope(2025, 2026)
    figures = {
        code: queries.table(indicators.get(code), scope, ["year"]).total["value"]
        for code in ("complaints", "tgd", "supervision_breaches", "bar")
    }
    assert figures == {"complaints": 2, "tgd": 1, "supervision_breaches": 1, "bar": 0}
