"""The summary tables (« agrégats pré-calculés ») that let the dashboard answer at national scale.

Each rolled-up indicator (`Indicator.rolled_up`) is stored per year, commune, organisation, programme and flag
(`RollupCell`), computed by the indicator's own aggregate query (observatory.sources): the summary is the raw
computation cut finer, never a second definition. A cut and filters made of those dimensions (year, commune, EPCI,
arrondissement, organisation, programme) is read by summing cells; any other cut is computed from the raw tables.

Kept right by the database: triggers record the communes every write touches (observatory_rollupchange, migration
0002), whatever wrote (ORM, queryset update, bulk load, raw SQL, psql). `refresh()`, run before every read, computes
again the cells of those communes, and:
- the current year's « today » figures (`as_of_today`: open situations, measures in force) when the day has changed;
- everything when the year has changed, or when nothing was ever built, or when a programme's code changed.
Refreshes are serialised (an advisory lock on PostgreSQL; SQLite serialises writers itself). A change recorded while a
refresh computes stays in the log and is taken by the next one: only the changes read at the start are removed."""

from django.db import connection, transaction
from django.db.models import F, OuterRef, Subquery, Sum

from observatory import indicators, sources
from observatory.models import RollupCell, RollupChange, RollupState

FIRST_YEAR = 2000  # as observatory.queries.FIRST_YEAR: no period starts before
LOCK = 5960_2023  # the advisory lock's key (any constant of our own)
EVERYTHING = "*"
TERRITORY = ("commune", "epci", "arrondissement")


def rolled():
    return [indicator for indicator in indicators.REGISTRY.values() if indicator.rolled_up and indicator.available]


def grain(indicator):
    """The dimensions an indicator is stored by, beyond the year (and the flag of a share)."""
    return [dim for dim in ("commune", "organisation", "programme") if dim in indicator.dimensions]


def answers(indicator, scope, dims):
    """Whether the summary can answer this cut and these filters exactly."""
    if not indicator.rolled_up or not indicator.available or scope.communes is not None:
        return False
    stored = {"year", *grain(indicator), "flag"}
    if "commune" in stored:
        stored |= {"epci", "arrondissement"}
    if not set(dims) <= stored:
        return False
    if (scope.commune or scope.epci or scope.arrondissement) and "commune" not in stored:
        return False
    return scope.year_from >= FIRST_YEAR


# --- Reading -----------------------------------------------------------------------------------------------------


def read(indicator, scope, dims):
    """{key tuple: value}, as indicator.run(scope, dims) would compute it, from the summary; None when it cannot."""
    dims = tuple(dims)
    if indicator.kind == "share":
        dims = (*dims, "flag")
    if not answers(indicator, scope, dims):
        return None
    refresh()
    from territory.models import Commune

    qs = RollupCell.objects.filter(indicator=indicator.code, year__gte=scope.year_from, year__lte=scope.year_to)
    if scope.commune:
        qs = qs.filter(commune=scope.commune)
    if scope.epci:
        qs = qs.filter(commune__in=Commune.objects.filter(epci_id=scope.epci).values("insee_code"))
    if scope.arrondissement:
        qs = qs.filter(commune__in=Commune.objects.filter(arrondissement_id=scope.arrondissement).values("insee_code"))
    if scope.organisation and "organisation" in grain(indicator):
        qs = qs.filter(organisation=scope.organisation)
    if scope.programme and "programme" in grain(indicator):
        qs = qs.filter(programme=scope.programme)

    def expression(dim):
        if dim in ("epci", "arrondissement"):
            return Subquery(Commune.objects.filter(insee_code=OuterRef("commune")).values(f"{dim}_id")[:1])
        return F(dim)

    expressions = {f"d_{dim}": expression(dim) for dim in dims}
    if not expressions:
        total = qs.aggregate(value=Sum("value"))["value"]
        return {} if total is None else {(): int(total)}
    result = {}
    for row in qs.order_by().values(**expressions).annotate(value=Sum("value")):
        key = tuple(_key(dim, row[f"d_{dim}"]) for dim in dims)
        result[key] = result.get(key, 0) + int(row["value"])
    return result


def _key(dim, value):
    if dim == "organisation":
        return value or ""
    return "" if value is None else value


# --- Keeping it right --------------------------------------------------------------------------------------------


def refresh():
    """Bring the summary up to date with the data (see the module's docstring). Returns what it did."""
    today = sources.today()
    if _clean(today):
        return "à jour"
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK])
        state = RollupState.objects.filter(pk=1).first()
        changes = list(RollupChange.objects.values_list("pk", "commune"))
        communes = {commune for _, commune in changes}
        if state is None or state.year != today.year or EVERYTHING in communes:
            _build(sources.Scope(FIRST_YEAR, today.year), rolled())
            RollupState.objects.update_or_create(pk=1, defaults={"year": today.year, "as_of": today})
            done = "reconstruit"
        else:
            done = []
            if state.as_of != today:
                moving = [indicator for indicator in rolled() if indicator.as_of_today]
                _build(sources.Scope(today.year, today.year), moving)
                RollupState.objects.filter(pk=1).update(as_of=today)
                done.append(f"au {today:%d/%m/%Y}")
            if communes:
                _build(sources.Scope(FIRST_YEAR, today.year, communes=tuple(sorted(communes))), rolled())
                done.append(f"{len(communes)} commune(s)")
            done = ", ".join(done) or "à jour"
        _forget(changes)
    return done


def _clean(today):
    """Nothing to do: built for this year, as of today, and no change logged (two cheap reads, no lock)."""
    state = RollupState.objects.filter(pk=1).values_list("year", "as_of").first()
    return state == (today.year, today) and not RollupChange.objects.exists()


def _forget(changes):
    """Remove exactly the changes read at the start (a change logged since stays for the next refresh)."""
    ids = [pk for pk, _ in changes]
    for start in range(0, len(ids), 5000):
        RollupChange.objects.filter(pk__in=ids[start : start + 5000]).delete()


def _build(scope, which):
    """Compute `which` indicators over `scope` cut by year and their grain, and replace their cells in that scope."""
    for indicator in which:
        dims = ["year", *grain(indicator)]
        cells = indicator.run(scope, dims)
        existing = RollupCell.objects.filter(indicator=indicator.code, year__gte=scope.year_from, year__lte=scope.year_to)
        if scope.communes is not None:
            existing = existing.filter(commune__in=scope.communes)
        existing.delete()
        full = [*dims, "flag"] if indicator.kind == "share" else dims
        RollupCell.objects.bulk_create(
            [_cell(indicator.code, dict(zip(full, key, strict=True)), value) for key, value in cells.items()],
            batch_size=5000,
        )


def _cell(code, key, value):
    return RollupCell(
        indicator=code,
        year=key["year"],
        commune=key.get("commune") or "",
        organisation=key.get("organisation") or 0,
        programme=key.get("programme") or "",
        flag=key.get("flag") or "",
        value=value,
    )


def rebuild():
    """Everything again (the command `observatory_rollup --rebuild`)."""
    RollupChange.objects.create(commune=EVERYTHING)
    return refresh()
