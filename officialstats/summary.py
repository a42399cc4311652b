"""What a page or a report shows of a territory's official statistics, assembled once: the local figures and their
evolution, the comparison with the département, the région and France (counts, rates per 1 000, evolutions), the
chart and the map with their table alternatives, and the sources. The page, the CSV files and the annual report
all read it."""

from dataclasses import dataclass, field

from officialstats import queries
from officialstats.charts import line_chart, render_svg
from officialstats.maps import commune_choropleth
from officialstats.models import Figure, Level


def fr_int(value):
    if value is None:
        return "—"
    return f"{value:,}".replace(",", "\u202f")


def fr_dec(value, digits=2):
    if value is None:
        return "—"
    return f"{value:,.{digits}f}".replace(",", "\u202f").replace(".", ",")


def fr_pct(value):
    if value is None:
        return "—"
    rounded = round(value)
    sign = "+" if rounded > 0 else ("−" if rounded < 0 else "")
    return f"{sign}{abs(rounded)}\u202f%"


@dataclass
class LocalSeries:
    indicator: object
    points: list  # (Point, evolution from the previous published year)
    first: object = None
    last: object = None
    change: float | None = None
    sources: list = field(default_factory=list)


def local_series(area):
    result = []
    for indicator in queries.local_indicators(area):
        points = list(queries.series(indicator, area).values())
        rows, previous = [], None
        for point in points:
            rows.append((point, queries.evolution(previous.count, point.count) if previous else None))
            previous = point if point.count is not None else previous
        published = [p for p in points if p.count is not None]
        item = LocalSeries(indicator, rows, sources=sorted({s for p in points for s in p.sources}))
        if len(published) >= 2:
            item.first, item.last = published[0], published[-1]
            item.change = queries.evolution(item.first.count, item.last.count)
        result.append(item)
    return result


def map_values(area, indicator):
    """For the map: the communes of the territory (its arrondissement's for a commune), with the indicator's rate per
    1 000 inhabitants in the latest year that has communal figures; without any, their legal population."""
    from territory.models import Commune

    communes = Commune.objects.all()
    if area.level == Level.COMMUNE:
        arrondissement = Commune.objects.filter(insee_code=area.code).values_list("arrondissement_id", flat=True).first()
        communes = communes.filter(arrondissement_id=arrondissement)
    elif area.level == Level.EPCI:
        communes = communes.filter(epci_id=area.code)
    elif area.level == Level.ARRONDISSEMENT:
        communes = communes.filter(arrondissement_id=area.code)
    elif area.level == Level.DEPARTEMENT:
        communes = communes.filter(departement_id=area.code)
    else:
        communes = communes.none()
    communes = {c.insee_code: c for c in communes}
    figures = Figure.objects.of(indicator, Level.COMMUNE, communes).values_list("year", "code", "count")
    years = sorted({year for year, _code, _count in figures})
    if years:
        latest = years[-1]
        counts = {code: count for year, code, count in figures if year == latest}
        values = {code: queries.rate_per_thousand(counts.get(code), c.population) for code, c in communes.items()}
        return {
            "values": values,
            "names": {code: c.name for code, c in communes.items()},
            "title": f"{indicator.label}, {latest}, pour 1 000 habitants",
            "legend": "pour 1 000 hab.",
            "missing": "non diffusé",
            "format": ",.1f",
            "is_population": False,
            "rows": sorted(((c.name, counts.get(code), values[code]) for code, c in communes.items()), key=lambda r: r[0]),
        }
    return {
        "values": {code: c.population for code, c in communes.items()},
        "names": {code: c.name for code, c in communes.items()},
        "title": "Population municipale (INSEE, populations légales 2023)",
        "legend": "habitants",
        "missing": "population inconnue",
        "format": ",.0f",
        "is_population": True,
        "rows": sorted(((c.name, c.population, None) for c in communes.values()), key=lambda r: r[0]),
    }


def build(area, indicator, *, with_images=True):
    areas = queries.compared_areas(area)
    rows = queries.comparison(indicator, areas)
    evolutions = queries.evolutions(indicator, areas)
    sources = sorted({s for row in rows for cell in row.cells if cell for s in cell.sources})
    summary = {
        "area": area,
        "indicator": indicator,
        "areas": areas,
        "rows": rows,
        "evolutions": evolutions,
        "local": local_series(area),
        "sources": sources,
        "has_area_figures": any(row.cells[0] and row.cells[0].count is not None for row in rows),
        "map": map_values(area, indicator),
    }
    if with_images:
        summary["chart_svg"] = rate_chart(summary)
        summary["map_svg"] = map_svg(summary)
    return summary


def rate_chart(summary):
    data = [
        {"year": row.year, "series": area.name, "value": round(cell.rate, 3) if cell and cell.rate is not None else None}
        for row in summary["rows"]
        for area, cell in zip(summary["areas"], row.cells, strict=True)
    ]
    return render_svg(
        line_chart(
            data,
            title=f"{summary['indicator'].label} pour 1 000 habitants",
            y_title=f"{summary['indicator'].unit or 'faits'} pour 1 000 habitants",
        )
    )


def map_svg(summary):
    found = summary["map"]
    if not found["values"]:
        return ""
    return commune_choropleth(
        found["values"],
        found["title"],
        legend_title=found["legend"],
        names=found["names"],
        missing_label=found["missing"],
        value_format=found["format"],
    )


def comparison_csv_rows(summary):
    """Header and rows of the comparison table as a CSV gives them (numbers the French way, as the SSMSI does)."""
    header = ["annee"]
    for area in summary["areas"]:
        header += [f"{area.name} - nombre", f"{area.name} - pour 1 000 habitants", f"{area.name} - partiel"]
    lines = []
    for row in summary["rows"]:
        line = [row.year]
        for cell in row.cells:
            if cell is None:
                line += ["", "", ""]
            else:
                line += [
                    "" if cell.count is None else cell.count,
                    "" if cell.rate is None else f"{cell.rate:.3f}".replace(".", ","),
                    "oui" if cell.partial else "",
                ]
        lines.append(line)
    return header, lines
