"""Statistical secrecy (« secret statistique ») for every figure that leaves the professional area.

One method, documented in docs/observatoire.md: cell suppression on a table of counts and all its margins.

1. Primary suppression: a count from 1 to `threshold - 1` (default 11, settings.OBSERVATORY_SECRECY_THRESHOLD) is
   not published. Zeros are published.
2. Secondary suppression, so that no suppressed count can be recomputed:
   - every line of the table (one dimension varying, the others fixed, with its total) that has a published total
     and suppressed members must hide at least `threshold` in all, so that no suppressed member can be bounded below
     the threshold by difference;
   - an exact audit then solves the table's additive system (every margin equals the sum of its members, over every
     dimension at once, so two overlapping tables cut from the same counts are audited together): a suppressed cell
     whose value the published cells determine gets a companion suppressed in one of its lines, and the audit runs
     again until no suppressed cell is determined.
3. A rate is published only when its numerator and denominator both are.

A table is given as its detail cells (a dict from a tuple of dimension values to a count); the margins over every
subset of dimensions are computed here, so what is published is always consistent with what is audited."""

import itertools
from dataclasses import dataclass, field

from django.conf import settings

ALL = "*"  # the value of a dimension in a margin: every value of it
_PRIME = (1 << 61) - 1  # elimination modulo a Mersenne prime: exact integers without fractions' cost


def threshold():
    return getattr(settings, "OBSERVATORY_SECRECY_THRESHOLD", 11)


@dataclass
class Protected:
    """A table of counts with its margins and the cells that may not be published."""

    dims: tuple
    values: dict  # every cell, detail and margins: key (tuple, ALL in margins) -> count
    suppressed: set = field(default_factory=set)
    primary: set = field(default_factory=set)

    def published(self, key):
        return None if key in self.suppressed else self.values.get(key, 0)

    def is_suppressed(self, key):
        return key in self.suppressed

    def rate(self, numerator_key, denominator_key):
        """numerator / denominator, or None when either is suppressed or the denominator is zero."""
        if numerator_key in self.suppressed or denominator_key in self.suppressed:
            return None
        denominator = self.values.get(denominator_key, 0)
        return self.values.get(numerator_key, 0) / denominator if denominator else None


def full_table(cells, dims, domains=None):
    """Every cell of the product of the dimensions' values (missing ones count zero) and every margin."""
    dims = tuple(dims)
    if domains is None:
        domains = [sorted({key[i] for key in cells}, key=str) for i in range(len(dims))]
    domains = [list(d) for d in domains]
    values = dict.fromkeys(itertools.product(*[[*d, ALL] for d in domains]), 0)
    for key in itertools.product(*domains):
        count = int(cells.get(key, 0))
        if not count:
            continue
        for mask in itertools.product((False, True), repeat=len(dims)):
            values[tuple(ALL if hide else v for hide, v in zip(mask, key, strict=True))] += count
    return dims, domains, values


def lines(dims, domains, values):
    """The additive constraints: (total key, member keys) for every margin and every dimension it aggregates."""
    result = []
    for key in values:
        for i, value in enumerate(key):
            if value == ALL:
                result.append((key, [(*key[:i], member, *key[i + 1 :]) for member in domains[i]]))
    return result


def protect(cells, dims, *, domains=None, limit=None):
    """Apply primary and secondary suppression to `cells` (detail counts) and their margins."""
    limit = threshold() if limit is None else limit
    dims, domains, values = full_table(cells, dims, domains)
    primary, suppressed = _suppress(lines(dims, domains, values), values, limit)
    return Protected(dims=dims, values=values, suppressed=suppressed, primary=primary)


def protect_together(tables, links=(), *, limit=None):
    """Tables published side by side whose cells count the same thing (two shares over the same people: their totals;
    a share and the count of its people), audited as one system: `tables` {name: (cells, dims, domains)}, `links`
    pairs ((name, key), (name, key)) of cells an attacker knows to be equal. Protected one by one, a total hidden in
    one table as a companion and published in the other gives back what the first hid. Returns {name: Protected}."""
    limit = threshold() if limit is None else limit
    values, constraints, parts = {}, [], {}
    for name, (cells, dims, domains) in tables.items():
        dims, domains, table_values = full_table(cells, dims, domains)
        parts[name] = (dims, table_values)
        values.update({(name, *key): count for key, count in table_values.items()})
        for total, members in lines(dims, domains, table_values):
            constraints.append(((name, *total), [(name, *member) for member in members]))
    for (a_name, a_key), (b_name, b_key) in links:
        constraints.append(((a_name, *a_key), [(b_name, *b_key)]))
    primary, suppressed = _suppress(constraints, values, limit)
    return {
        name: Protected(
            dims=dims,
            values=table_values,
            suppressed={key[1:] for key in suppressed if key[0] == name},
            primary={key[1:] for key in primary if key[0] == name},
        )
        for name, (dims, table_values) in parts.items()
    }


def _suppress(constraints, values, limit):
    """(primary, suppressed) for the cells `values` under the additive `constraints` (total, members)."""
    primary = {key for key, count in values.items() if 0 < count < limit}
    suppressed = set(primary)
    for _round in range(10_000):
        changed = _enforce_line_protection(constraints, values, suppressed, limit)
        determined = _determined(constraints, values, suppressed)
        if not determined and not changed:
            break
        before = len(suppressed)
        # Companions chosen best first over all determined cells (a detail cell before a margin, the smallest first),
        # one per group of related cells per round: a companion often frees its neighbours, and the next audit says
        # which remain determined (hiding one for each would hide far more than needed).
        # Ordered by rank, then by the cells' text: a key mixes years (int), codes (str, None) and the margin « * »,
        # which Python does not compare with each other.
        choices = sorted(
            ((choice, key) for key in determined if (choice := _companion(key, constraints, values, suppressed)) is not None),
            key=lambda pair: (pair[0][0], str(pair[0][1]), str(pair[1])),
        )
        touched = set()
        for (_rank, added), key in choices:
            if key in touched or added in suppressed:
                continue
            suppressed.add(added)
            for total, members in constraints:
                cells = (total, *members)
                if key in cells or added in cells:
                    touched.update(cells)
        if determined and len(suppressed) == before:
            # No published cell left beside a determined one: fail closed, nothing of the table is published.
            suppressed.update(key for key, count in values.items() if count)
            break
    return primary, suppressed


def _enforce_line_protection(constraints, values, suppressed, limit):
    """A line with a published total hides at least `limit` in its suppressed members, or its total is hidden."""
    changed = False
    for total, members in constraints:
        if len(members) == 1 and (total in suppressed) != (members[0] in suppressed):
            suppressed.update((total, members[0]))  # two cells known equal are hidden together
            changed = True
            continue
        hidden = [m for m in members if m in suppressed]
        if not hidden or total in suppressed:
            continue
        if sum(values[m] for m in hidden) >= limit:
            continue
        candidates = sorted((m for m in members if m not in suppressed and values[m] > 0), key=lambda m: (values[m], str(m)))
        if candidates:
            suppressed.add(candidates[0])
        else:
            suppressed.add(total)
        changed = True
    return changed


def _companion(key, constraints, values, suppressed):
    """The cell to hide beside `key`, as (rank, cell): the smallest published positive count in one of its lines
    (detail cells before margins), so that `key` has a second unknown in that line."""
    best = None
    for total, members in constraints:
        if key != total and key not in members:
            continue
        for other in (total, *members):
            if other == key or other in suppressed:
                continue
            rank = (values[other] == 0, ALL in other, values[other], str(other))
            if best is None or rank < best[0]:
                best = (rank, other)
    return best


def _system(constraints, values, suppressed):
    """The constraints as equations over the suppressed cells only (published ones moved to the right-hand side)."""
    unknowns = sorted(suppressed, key=str)
    column = {key: i for i, key in enumerate(unknowns)}
    rows = []
    for total, members in constraints:
        row = {}
        if total in column:
            row[column[total]] = _PRIME - 1
        for member in members:
            if member in column:
                row[column[member]] = (row.get(column[member], 0) + 1) % _PRIME
        row = {c: v for c, v in row.items() if v}
        if row:
            rows.append(row)
    return unknowns, rows


def _determined(constraints, values, suppressed):
    """The suppressed cells whose value the published cells and the additive constraints fix."""
    unknowns, rows = _system(constraints, values, suppressed)
    pivots = {}  # column -> row (dict), fully reduced
    for row in rows:
        row = dict(row)
        # Reduce by the existing pivots.
        for col in [c for c in row if c in pivots]:
            factor = row.get(col, 0)
            if factor:
                for c, v in pivots[col].items():
                    row[c] = (row.get(c, 0) - factor * v) % _PRIME
                row = {c: v for c, v in row.items() if v}
        if not row:
            continue
        col = min(row)
        inverse = pow(row[col], _PRIME - 2, _PRIME)
        row = {c: (v * inverse) % _PRIME for c, v in row.items()}
        # Keep the basis fully reduced: eliminate the new pivot from the others.
        for other_col, other in pivots.items():
            factor = other.get(col, 0)
            if factor:
                for c, v in row.items():
                    other[c] = (other.get(c, 0) - factor * v) % _PRIME
                pivots[other_col] = {c: v for c, v in other.items() if v}
        pivots[col] = row
    return {unknowns[col] for col, row in pivots.items() if len(row) == 1}


def public_cells(protected):
    """The published view: each cell's count, or None where suppressed."""
    return {key: protected.published(key) for key in protected.values}
