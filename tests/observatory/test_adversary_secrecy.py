"""Adversary: the public edition's tables have integer years beside the margin « * » (and EPCI codes that may be None,
« commune non renseignée »). Secondary suppression must not compare those keys with each other: a share published on
two EPCIs in one year (2 of 24 and 11 of 35) crashed the open-data page and its CSV for every visitor (a 500)."""

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from observatory import secrecy
from tests.observatory.test_secrecy import determined_exactly

LIMIT = 11


def test_a_share_on_two_epcis_in_one_year_is_protected_without_error():
    cells = {("200067950", 2024, "oui"): 11, ("200067950", 2024, "non"): 24, ("245900758", 2024, "oui"): 2, ("245900758", 2024, "non"): 22}
    domains = [["200067950", "245900758"], [2024], ["oui", "non"]]
    protected = secrecy.protect(cells, ["epci", "year", "flag"], domains=domains, limit=LIMIT)
    assert ("245900758", 2024, "oui") in protected.suppressed
    assert determined_exactly(protected, domains) & protected.primary == set()


@st.composite
def public_tables(draw):
    """As queries.publication builds them: EPCI codes (None among them), integer years, the share's flag."""
    epcis = draw(st.lists(st.sampled_from(["200067950", "245900758", "245901160", None]), min_size=1, max_size=3, unique=True))
    years = list(range(2024, 2024 + draw(st.integers(1, 3))))
    cells = {}
    for epci, year in itertools.product(epcis, years):
        total = draw(st.integers(0, 40))
        yes = draw(st.integers(0, total))
        cells[(epci, year, "oui")], cells[(epci, year, "non")] = yes, total - yes
    return cells, [sorted(epcis, key=str), years, ["oui", "non"]]


@settings(max_examples=60, deadline=None, derandomize=True)
@given(public_tables())
def test_public_share_tables_never_raise_and_hide_every_small_count(table):
    cells, domains = table
    protected = secrecy.protect(cells, ["epci", "year", "flag"], domains=domains, limit=LIMIT)
    assert all(key in protected.suppressed for key, value in protected.values.items() if 0 < value < LIMIT)
    assert determined_exactly(protected, domains) & protected.primary == set()
