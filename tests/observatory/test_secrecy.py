"""Statistical secrecy proven on random tables (hypothesis): no small count published, none recomputable from the
published cells and the margins (exact rational elimination, independent of the module's modular one), each line with
a published total hides at least the threshold, no rate on a suppressed count."""

import itertools
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from observatory import secrecy

LIMIT = 11
SMALLISH = st.one_of(st.integers(0, 12), st.integers(0, 60), st.sampled_from([0, 1, 2, 5, 10, 11, 25]))


def tables(max_dims=3):
    @st.composite
    def build(draw):
        sizes = draw(st.lists(st.integers(1, 4), min_size=1, max_size=max_dims))
        domains = [[f"d{i}v{j}" for j in range(size)] for i, size in enumerate(sizes)]
        cells = {key: draw(SMALLISH) for key in itertools.product(*domains)}
        return cells, tuple(f"dim{i}" for i in range(len(sizes))), domains

    return build()


def determined_exactly(protected, domains):
    """Cells the attacker can compute: published values plus every additive constraint, solved over the rationals."""
    constraints = secrecy.lines(protected.dims, domains, protected.values)
    unknowns = sorted(protected.suppressed, key=str)
    index = {key: i for i, key in enumerate(unknowns)}
    rows = []
    for total, members in constraints:
        row = [Fraction(0)] * len(unknowns)
        for key, coefficient in [(total, -1)] + [(m, 1) for m in members]:
            if key in index:
                row[index[key]] += coefficient
        if any(row):
            rows.append(row)
    # Reduced row echelon form over the rationals.
    pivot_columns = []
    r = 0
    for c in range(len(unknowns)):
        pivot = next((i for i in range(r, len(rows)) if rows[i][c] != 0), None)
        if pivot is None:
            continue
        rows[r], rows[pivot] = rows[pivot], rows[r]
        rows[r] = [v / rows[r][c] for v in rows[r]]
        for i in range(len(rows)):
            if i != r and rows[i][c] != 0:
                factor = rows[i][c]
                rows[i] = [a - factor * b for a, b in zip(rows[i], rows[r], strict=True)]
        pivot_columns.append(c)
        r += 1
    found = set()
    for i, c in enumerate(pivot_columns):
        if all(v == 0 for j, v in enumerate(rows[i]) if j != c):
            found.add(unknowns[c])
    return found


@settings(max_examples=150, deadline=None, derandomize=True)
@given(tables())
def test_no_small_count_is_published_and_none_can_be_recomputed(table):
    cells, dims, domains = table
    protected = secrecy.protect(cells, dims, domains=domains, limit=LIMIT)
    for key, count in protected.values.items():
        if 0 < count < LIMIT:
            assert protected.published(key) is None, key
    assert determined_exactly(protected, domains) == set()
    for total, members in secrecy.lines(protected.dims, domains, protected.values):
        hidden = [m for m in members if protected.is_suppressed(m)]
        if hidden and not protected.is_suppressed(total):
            assert sum(protected.values[m] for m in hidden) >= LIMIT


@settings(max_examples=60, deadline=None, derandomize=True)
@given(tables(max_dims=2))
def test_no_rate_on_a_suppressed_count(table):
    cells, dims, domains = table
    protected = secrecy.protect(cells, dims, domains=domains, limit=LIMIT)
    grand_total = (secrecy.ALL,) * len(dims)
    for key in protected.values:
        rate = protected.rate(key, grand_total)
        if protected.is_suppressed(key) or protected.is_suppressed(grand_total):
            assert rate is None
        elif protected.values[grand_total]:
            assert rate == protected.values[key] / protected.values[grand_total]


def test_a_lone_small_cell_takes_a_companion_in_its_line():
    cells = {("Anzin", "F"): 3, ("Anzin", "M"): 40, ("Bruay", "F"): 30, ("Bruay", "M"): 50}
    protected = secrecy.protect(cells, ("commune", "sex"), limit=LIMIT)
    assert protected.published(("Anzin", "F")) is None
    # Without a companion, 3 = 43 - 40: its row and its column each hide another cell.
    assert protected.published(("Anzin", "M")) is None or protected.published(("Anzin", secrecy.ALL)) is None
    assert protected.published(("Bruay", "F")) is None or protected.published((secrecy.ALL, "F")) is None
    assert protected.published((secrecy.ALL, secrecy.ALL)) == 123


def test_nothing_small_nothing_hidden_and_the_threshold_is_a_setting(settings):
    cells = {("a",): 11, ("b",): 20}
    assert secrecy.protect(cells, ("x",)).suppressed == set()
    settings.OBSERVATORY_SECRECY_THRESHOLD = 21
    assert secrecy.protect(cells, ("x",)).suppressed == {("a",), ("b",)}


def test_two_overlapping_tables_are_audited_together():
    # Commune × sex and commune × age band are the margins of one commune × sex × age table: one suppression for both.
    cells = {("c1", "F", "18-24"): 4, ("c1", "F", "25-34"): 30, ("c1", "M", "18-24"): 20, ("c1", "M", "25-34"): 25}
    protected = secrecy.protect(cells, ("commune", "sex", "age"), limit=LIMIT)
    assert determined_exactly(protected, [["c1"], ["F", "M"], ["18-24", "25-34"]]) == set()
    assert protected.published(("c1", "F", "18-24")) is None
