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


# --- Two public shares over the same people ------------------------------------------------------------------------
# « Sans emploi à l'entrée » and « Personnes ayant des enfants » divide by the same enrolments: their totals per EPCI
# and year are the same number (and « Personnes suivies dans un programme » counts those people). Protected one by
# one, a total hidden as a companion in one table was published in the other: written into the first table's system,
# it gave back a count the first had hidden (here the one person of 2025 in an EPCI, and whether she has children).

PARTICIPANTS = {("e1", 2024): 0, ("e1", 2025): 1, ("e1", 2026): 2, ("e2", 2024): 11, ("e2", 2025): 0, ("e2", 2026): 27}
PARTICIPANTS |= {("e3", 2024): 14, ("e3", 2025): 2, ("e3", 2026): 40}
UNEMPLOYED = {("e1", 2026): 1, ("e2", 2024): 5, ("e2", 2026): 17, ("e3", 2024): 9, ("e3", 2025): 2, ("e3", 2026): 25}
CHILDREN = {("e1", 2025): 1, ("e1", 2026): 1, ("e2", 2024): 3, ("e2", 2026): 5, ("e3", 2024): 2, ("e3", 2025): 2, ("e3", 2026): 34}


def _share(yes):
    cells = {}
    for key, total in PARTICIPANTS.items():
        if total:
            cells[(*key, "oui")], cells[(*key, "non")] = yes.get(key, 0), total - yes.get(key, 0)
    return cells


def _published_system(publications):
    """What anybody reads (each table's published cells) and knows (each table adds up; the shares' totals and the
    participants are the same people), as equations over the hidden cells, solved exactly."""
    from fractions import Fraction

    known, hidden, equations = {}, set(), []
    for code, rows in publications.items():
        for row in rows:
            cells = {"count": row["count"], **({"total": row["total"]} if "total" in row else {})}
            for part, value in cells.items():
                key = (code, part, row["epci"], row["year"])
                if value is None:
                    hidden.add(key)
                else:
                    known[key] = Fraction(value)
        # Each table adds up over EPCIs and over years.
        parts = ["count", "total"] if code != "programme_participants" else ["count"]
        epcis = sorted({row["epci"] for row in rows if row["epci"] is not None})
        years = sorted({row["year"] for row in rows if row["year"] is not None})
        for part in parts:
            for year in [*years, None]:
                equations.append(((code, part, None, year), [(code, part, e, year) for e in epcis]))
            for epci in [*epcis, None]:
                equations.append(((code, part, epci, None), [(code, part, epci, y) for y in years]))
    for row in publications["programme_participants"]:
        for share in ("programme_unemployed_at_entry", "programme_with_children"):
            equations.append((("programme_participants", "count", row["epci"], row["year"]), [(share, "total", row["epci"], row["year"])]))
    unknowns = sorted(hidden, key=str)
    index = {key: i for i, key in enumerate(unknowns)}
    matrix = []
    for total, members in equations:
        row, constant = [Fraction(0)] * len(unknowns), Fraction(0)
        for key, sign in [(total, -1), *[(m, 1) for m in members]]:
            if key in index:
                row[index[key]] += sign
            else:
                constant -= sign * known.get(key, 0)
        if any(row):
            matrix.append([*row, constant])
    r, pivots = 0, []
    for c in range(len(unknowns)):
        pivot = next((i for i in range(r, len(matrix)) if matrix[i][c] != 0), None)
        if pivot is None:
            continue
        matrix[r], matrix[pivot] = matrix[pivot], matrix[r]
        matrix[r] = [v / matrix[r][c] for v in matrix[r]]
        for i in range(len(matrix)):
            if i != r and matrix[i][c] != 0:
                matrix[i] = [a - matrix[i][c] * b for a, b in zip(matrix[i], matrix[r], strict=True)]
        pivots.append(c)
        r += 1
    return {unknowns[c]: matrix[i][-1] for i, c in enumerate(pivots) if all(v == 0 for j, v in enumerate(matrix[i][:-1]) if j != c)}


def test_two_public_shares_over_the_same_people_give_back_no_hidden_count(db, monkeypatch):
    from observatory import indicators, queries

    raws = {"programme_participants": PARTICIPANTS, "programme_unemployed_at_entry": _share(UNEMPLOYED)}
    raws["programme_with_children"] = _share(CHILDREN)
    monkeypatch.setattr(queries, "compute", lambda indicator, scope, dims: raws.get(indicator.code, {}))
    monkeypatch.setattr(queries.cache, "cached", lambda namespace, parts, compute: compute())
    monkeypatch.setattr(queries, "current_year", lambda: 2026)
    publications = {code: queries.publication(indicators.get(code)) for code in raws}
    assert any(row["count"] is None for rows in publications.values() for row in rows)  # something is hidden
    recovered = {key: value for key, value in _published_system(publications).items() if 0 < value < LIMIT}
    assert recovered == {}, recovered


@settings(max_examples=40, deadline=None, derandomize=True)
@given(public_tables(), st.data())
def test_shares_protected_together_give_back_no_hidden_count(table, data):
    cells, domains = table
    epcis, years, _flags = domains
    other = {}
    for epci, year in itertools.product(epcis, years):
        total = cells[(epci, year, "oui")] + cells[(epci, year, "non")]
        yes = data.draw(st.integers(0, total))
        other[(epci, year, "oui")], other[(epci, year, "non")] = yes, total - yes
    links = [(("a", (e, y, secrecy.ALL)), ("b", (e, y, secrecy.ALL))) for e in [*epcis, secrecy.ALL] for y in [*years, secrecy.ALL]]
    dims = ["epci", "year", "flag"]
    together = secrecy.protect_together({"a": (cells, dims, domains), "b": (other, dims, domains)}, links, limit=LIMIT)
    for name in ("a", "b"):
        assert all(key in together[name].suppressed for key, value in together[name].values.items() if 0 < value < LIMIT)
    for (_a, a_key), (_b, b_key) in links:
        assert (a_key in together["a"].suppressed) == (b_key in together["b"].suppressed)
