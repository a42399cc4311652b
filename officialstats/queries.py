"""Reading official statistics: a territory's series for an indicator, compared with its département, its région and
France. National figures are the sum of the départements and evolutions are computed here, never stored; rates per
1 000 inhabitants use the legal populations (territory app for communes, EPCI and arrondissements; the reference areas
for départements, régions and France)."""

from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum

from officialstats.models import Figure, Indicator, Level, ReferenceArea

FRANCE_CODE = "FR"


@dataclass(frozen=True)
class Area:
    level: str
    code: str
    name: str
    population: int | None
    departement: str = ""
    region: str = ""

    @property
    def key(self):
        return f"{self.level}:{self.code}"

    @property
    def level_label(self):
        return Level(self.level).label


@dataclass
class Point:
    year: int
    count: int | None
    rate: float | None = None
    # Part of the count is not published (« ndiff ») or not placed: the sum is a lower bound.
    partial: bool = False
    perimeter: str = ""
    sources: set = field(default_factory=set)


def rate_per_thousand(count, population):
    if count is None or not population:
        return None
    return count * 1000 / population


def evolution(before, after):
    """Relative change in percent (705 → 1 053: +49.4), None when it cannot be computed."""
    if before in (None, 0) or after is None:
        return None
    return (after - before) * 100 / before


def area_for(level, code):
    """The territory of a level and a code, with its population; LookupError when unknown."""
    from territory.models import Arrondissement, Commune, Epci

    if level in (Level.DEPARTEMENT, Level.REGION, Level.FRANCE):
        found = ReferenceArea.objects.filter(level=level, code=code).first()
        if found is None:
            raise LookupError(code)
        departement = code if level == Level.DEPARTEMENT else ""
        region = found.region if level == Level.DEPARTEMENT else (code if level == Level.REGION else "")
        return Area(level, code, found.name, found.population, departement, region)
    communes = Commune.objects.all()
    if level == Level.COMMUNE:
        commune = communes.filter(insee_code=code).select_related("departement").first()
        if commune is None:
            raise LookupError(code)
        name, communes = commune.name, communes.filter(insee_code=code)
    elif level == Level.EPCI:
        epci = Epci.objects.filter(siren=code).first()
        if epci is None:
            raise LookupError(code)
        name, communes = epci.name, communes.filter(epci_id=code)
    elif level == Level.ARRONDISSEMENT:
        arrondissement = Arrondissement.objects.filter(code=code).first()
        if arrondissement is None:
            raise LookupError(code)
        name, communes = f"Arrondissement de {arrondissement.name}", communes.filter(arrondissement_id=code)
    else:
        raise LookupError(level)
    totals = communes.aggregate(inhabitants=Sum("population"), missing=Count("pk", filter=Q(population__isnull=True)))
    departements = sorted(set(communes.values_list("departement_id", flat=True)))
    departement = departements[0] if len(departements) == 1 else ""
    region = ReferenceArea.objects.filter(level=Level.DEPARTEMENT, code=departement).values_list("region", flat=True).first() or ""
    population = totals["inhabitants"] if not totals["missing"] else None
    return Area(level, code, name, population, departement, region)


def parse_area_key(key):
    level, _sep, code = (key or "").partition(":")
    if level not in Level.values or not code:
        raise LookupError(key)
    return area_for(level, code)


def compared_areas(area):
    """The territory, then its département, its région and France (each once)."""
    areas = [area]
    if area.departement and area.level != Level.DEPARTEMENT:
        areas.append(area_for(Level.DEPARTEMENT, area.departement))
    if area.region and area.level != Level.REGION:
        areas.append(area_for(Level.REGION, area.region))
    if area.level != Level.FRANCE:
        areas.append(area_for(Level.FRANCE, FRANCE_CODE))
    return areas


def commune_codes(area):
    from territory.models import Commune

    communes = Commune.objects.all()
    if area.level == Level.EPCI:
        communes = communes.filter(epci_id=area.code)
    elif area.level == Level.ARRONDISSEMENT:
        communes = communes.filter(arrondissement_id=area.code)
    else:
        return [area.code]
    return list(communes.values_list("insee_code", flat=True))


def series(indicator, area):
    """{year: Point} of an indicator for a territory, by aggregation in the database."""
    points = {}
    direct = Figure.objects.of(indicator, area.level, [area.code]).values("year", "count", "perimeter", "source", "edition")
    for row in direct:
        points[row["year"]] = Point(
            row["year"], row["count"], partial=row["count"] is None, perimeter=row["perimeter"], sources={(row["source"], row["edition"])}
        )
    if area.level == Level.FRANCE:
        points.update(_national(indicator))
    elif area.level in (Level.EPCI, Level.ARRONDISSEMENT) and not points:
        points.update(_sum_of_communes(indicator, commune_codes(area)))
    for point in points.values():
        if not point.perimeter and not point.partial and area.level != Level.FRANCE:
            point.rate = rate_per_thousand(point.count, area.population)
    return dict(sorted(points.items()))


def _national(indicator):
    """France: the sum of the départements, computed; its rate over the départements whose population is known."""
    populations = dict(ReferenceArea.objects.filter(level=Level.DEPARTEMENT).values_list("code", "population"))
    rows = Figure.objects.of(indicator, Level.DEPARTEMENT).values_list("year", "code", "count", "source", "edition")
    points = {}
    counted = {}
    for year, code, count, source, edition in rows:
        point = points.setdefault(year, Point(year, 0))
        counted.setdefault(year, [0, 0])
        point.sources.add((source, edition))
        if count is None:
            point.partial = True
            continue
        point.count += count
        if populations.get(code):
            counted[year][0] += count
            counted[year][1] += populations[code]
    for year, point in points.items():
        count, population = counted[year]
        point.rate = None if point.partial else rate_per_thousand(count, population)
    return points


def _sum_of_communes(indicator, codes):
    points = {}
    rows = (
        Figure.objects.of(indicator, Level.COMMUNE, codes)
        .values("year")
        .annotate(total=Sum("count"), unpublished=Count("pk", filter=Q(count__isnull=True)), n=Count("pk"))
    )
    for row in rows:
        point = Point(row["year"], row["total"], partial=bool(row["unpublished"]) or row["n"] < len(codes))
        points[row["year"]] = point
    return points


def available_indicators(area=None):
    """Indicators with figures; for a territory, those with figures at its level or below it."""
    indicators = Indicator.objects.filter(figures__isnull=False).distinct()
    return list(indicators.order_by("is_local", "label"))


def local_indicators(area):
    levels = Q(level=area.level, code=area.code)
    return list(Indicator.objects.filter(is_local=True, figures__in=Figure.objects.filter(levels)).distinct().order_by("label"))


@dataclass
class ComparisonRow:
    year: int
    cells: list  # one Point (or None) per compared area


def comparison(indicator, areas):
    """One row per year, one cell per compared territory."""
    by_area = [series(indicator, area) for area in areas]
    years = sorted({year for points in by_area for year in points})
    return [ComparisonRow(year, [points.get(year) for points in by_area]) for year in years]


def evolutions(indicator, areas):
    """For each compared territory: first and last published year, and the change between them, count and rate."""
    result = []
    for area in areas:
        points = [p for p in series(indicator, area).values() if p.count is not None and not p.partial]
        if len(points) < 2:
            result.append(None)
            continue
        first, last = points[0], points[-1]
        result.append(
            {
                "first": first,
                "last": last,
                "count": evolution(first.count, last.count),
                "rate": evolution(first.rate, last.rate),
            }
        )
    return result
