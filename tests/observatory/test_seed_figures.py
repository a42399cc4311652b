"""The figures seed 001 publishes, recomputed to the unit through the indicator registry from cohorts that encode them."""

import pytest

from casework import stats
from observatory import indicators, queries, secrecy
from observatory.sources import Scope
from tests.accounts.factories import OrganisationFactory
from tests.observatory import cohorts

pytestmark = pytest.mark.django_db
YEAR = Scope(2022, 2022)


@pytest.fixture
def seed_cohorts(db):
    carrier = OrganisationFactory(name="Valenciennes Métropole (fictive)")
    cohorts.build(cohorts.AIR, carrier)
    cohorts.build(cohorts.PATHWAY, carrier)


def cells(code, dims, scope=YEAR):
    return indicators.get(code).run(scope, dims)


def share(code, programme):
    raw = cells(code, ["programme"])
    yes, no = raw.get((programme, "oui"), 0), raw.get((programme, "non"), 0)
    return yes, yes + no


def test_participants_by_sex(seed_cohorts):
    raw = cells("programme_participants", ["programme", "sex"])
    assert raw == {("air", "M"): 78, ("air", "F"): 12, ("perpetrators", "M"): 60, ("perpetrators", "F"): 16}
    assert cells("programme_participants", ["programme"]) == {("air",): 90, ("perpetrators",): 76}


def test_air_2022(seed_cohorts):
    assert share("programme_positive_exits", "air") == (56, 86)  # 65 %
    assert round(100 * 56 / 86) == 65
    assert share("programme_unemployed_at_entry", "air") == (45, 90)  # 50 %
    assert share("programme_unemployed_at_exit", "air") == (12, 86)  # 14 %
    assert round(100 * 12 / 86) == 14
    assert share("programme_hearing_positive", "air") == (0, 0)  # AIR has no hearing


def test_perpetrators_pathway_2022(seed_cohorts):
    assert share("programme_with_children", "perpetrators") == (61, 76)  # « presque 80 % »
    assert round(100 * 61 / 76) == 80
    assert share("programme_unemployed_at_entry", "perpetrators") == (38, 76)  # 50 %
    assert share("programme_active_at_exit", "perpetrators") == (47, 70)  # « les deux tiers »
    assert share("programme_hearing_positive", "perpetrators") == (63, 70)  # 90 %


def test_the_registry_agrees_with_casework_stats(seed_cohorts):
    for code in ("air", "perpetrators"):
        figures = stats.programme_figures(code, 2022)
        assert figures["followed"]["total"] == sum(v for k, v in cells("programme_participants", ["programme"]).items() if k == (code,))
        for name, key in [
            ("positive_exits", "positive_exits"),
            ("unemployed_at_entry", "unemployment_at_entry"),
            ("active_at_exit", "activity_at_exit"),
        ]:
            yes, total = share(f"programme_{name}", code)
            assert (yes, total) == (figures[key]["numerator"], figures[key]["denominator"]), name


def test_the_professional_table_shows_the_rates_and_the_public_one_hides_what_a_complement_reveals(seed_cohorts):
    indicator = indicators.get("programme_positive_exits")
    table = queries.table(indicator, YEAR, ["programme"])
    air = next(row for row in table.rows if row["key"] == ("air",))
    assert (air["numerator"], air["denominator"], round(100 * air["rate"])) == (56, 86, 65)
    # 7 of the pathway's 70 exits are not positive (< 11): its rate is marked, and AIR's with it, since AIR's 30
    # non-positive exits and the 37 of both programmes would give the 7 by difference.
    assert [row["suppressed"] for row in table.rows] == [True, True]
    public = queries.table(indicator, YEAR, ["programme"], public=True)
    assert [row["rate"] for row in public.rows] == [None, None]
    assert (public.total["numerator"], public.total["denominator"]) == (119, 156)
    # The 12 women of AIR are above the threshold; the sex table hides nothing here.
    by_sex = queries.table(indicators.get("programme_participants"), YEAR, ["programme", "sex"], public=True)
    assert {tuple(r["key"]): r["value"] for r in by_sex.rows}[("air", "F")] == 12
    assert by_sex.total["value"] == 166
    assert secrecy.threshold() == 11
