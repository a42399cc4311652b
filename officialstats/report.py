"""The annual diagnostic report of a territory: a PDF (WeasyPrint, with its chart and maps) and an XLSX annex, in a
professional edition (exact counts, the ones secrecy would hide marked) and a public edition.

It reads the official statistics through officialstats.summary and the network's own indicators through the
observatory's registry only (observatory.indicators / observatory.queries). The public edition takes the follow-up
indicators from the observatory's audited publication (per EPCI and year, after its statistical secrecy), never from
a new aggregate: for a commune it publishes none of them, and never the referral flows between partners."""

import io
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import timezone

from officialstats import queries, summary
from officialstats.charts import data_uri
from officialstats.maps import commune_choropleth
from officialstats.models import Indicator, Level

PRO, PUBLIC = "pro", "public"
EDITIONS = {PRO: "édition professionnelle", PUBLIC: "édition publique"}
OFFICIAL_INDICATORS = ["coups-et-blessures-volontaires-intrafamiliaux", "violences-sexuelles"]
# A sheet's title holds 31 characters at most.
SHEET_TITLES = {
    "coups-et-blessures-volontaires-intrafamiliaux": "SSMSI violences intrafamiliales",
    "violences-sexuelles": "SSMSI violences sexuelles",
}
REPORT_FAMILIES_SKIP = {"referral_flows", "housing_occupancy", "measures_expiring"}


class ReportError(Exception):
    pass


@dataclass
class NetworkFigure:
    label: str
    unit: str
    family: str
    group: str = ""  # a programme's name, when cut by programme
    value: object = None  # count, or share in percent
    previous: object = None
    detail: str = ""  # « 52 sur 80 » for a share
    suppressed: bool = False  # would be hidden in public (pro edition) / is hidden (public edition)
    change: float | None = None


@dataclass
class Report:
    area: object
    year: int
    edition: str
    generated_at: object
    official: list = field(default_factory=list)  # summaries of the official indicators
    local: list = field(default_factory=list)
    network: list = field(default_factory=list)
    network_note: str = ""
    flows: list = field(default_factory=list)
    flows_note: str = ""
    network_map_svg: str = ""
    network_map_rows: list = field(default_factory=list)
    threshold: int | None = None

    @property
    def edition_label(self):
        return EDITIONS[self.edition]

    @property
    def public(self):
        return self.edition == PUBLIC


def area_from_option(value):
    """`arrondissement:596`, or a bare code: 596 (arrondissement), 59 (département), 9 digits (EPCI), 5 (commune)."""
    value = (value or "").strip()
    if ":" in value:
        return queries.parse_area_key(value)
    level = {3: Level.ARRONDISSEMENT, 9: Level.EPCI, 5: Level.COMMUNE}.get(len(value), Level.DEPARTEMENT)
    return queries.area_for(level, value)


def _observatory():
    try:
        from observatory import indicators as registry
        from observatory import queries as observatory_queries
        from observatory import secrecy
        from observatory.sources import Scope
    except ImportError:  # pragma: no cover - the observatory app is part of the project now
        return None
    return registry, observatory_queries, secrecy, Scope


def _territory_filter(area):
    if area.level == Level.COMMUNE:
        return {"commune": area.code}
    if area.level == Level.EPCI:
        return {"epci": area.code}
    if area.level == Level.ARRONDISSEMENT:
        return {"arrondissement": area.code}
    return {}


def _share_percent(numerator, denominator):
    if numerator is None or not denominator:
        return None
    return round(100 * numerator / denominator, 1)


def _pro_network(report, area, year, observatory):
    registry, oq, secrecy, Scope = observatory
    territory = _territory_filter(area)
    figures = []
    for indicator in registry.REGISTRY.values():
        if not indicator.available or indicator.code in REPORT_FAMILIES_SKIP or "year" not in indicator.dimensions:
            continue
        by_programme = "programme" in indicator.dimensions
        # One table per year (a year's figure, its cells marked as secrecy would hide them in public).
        tables = {y: oq.table(indicator, Scope(y, y, **territory), ["programme"] if by_programme else []) for y in (year - 1, year)}
        groups = {}
        for y, table in tables.items():
            for row in table.rows:
                group = row["labels"][0] if by_programme else ""
                groups.setdefault(group, {}).setdefault(y, row)
        for group, rows in groups.items():
            current, before = rows.get(year), rows.get(year - 1)
            figure = NetworkFigure(indicator.label, indicator.unit, indicator.family, group)
            if indicator.kind == "share":
                figure.value = _share_percent(current and current["numerator"], current and current["denominator"])
                figure.previous = _share_percent(before and before["numerator"], before and before["denominator"])
                if current:
                    figure.detail = f"{current['numerator']} sur {current['denominator']}"
            else:
                figure.value = current["value"] if current else 0
                figure.previous = before["value"] if before else 0
                figure.change = queries.evolution(figure.previous, figure.value)
            figure.suppressed = bool(current and current["suppressed"])
            if figure.value or figure.previous:
                figures.append(figure)
    report.network = figures
    report.network_note = (
        "Nombres exacts du suivi partagé. Les valeurs marquées « secret » seraient masquées dans l'édition publique "
        f"(secret statistique de l'observatoire, seuil {secrecy.threshold()})."
    )
    flow_rows = [r for r in oq.flows(Scope(year, year, **_territory_filter(area))) if r["all_years"]]
    report.flows = flow_rows
    report.flows_note = "Orientations envoyées dans l'année entre partenaires, avec leur taux d'acceptation et leurs délais médians."
    # The map of the follow-up: situations opened in the year, per commune of the territory.
    opened = registry.get("situations_opened")
    commune_table = oq.table(opened, Scope(year, year, **_territory_filter(area)), ["commune"])
    values = {row["key"][0]: row["value"] for row in commune_table.rows if row["key"][0]}
    codes = queries.commune_codes(area) if area.level in (Level.EPCI, Level.ARRONDISSEMENT, Level.COMMUNE) else list(values)
    if codes:
        from territory.models import Commune

        names = dict(Commune.objects.filter(insee_code__in=codes).values_list("insee_code", "name"))
        shown = {code: values.get(code, 0) for code in codes}
        report.network_map_svg = commune_choropleth(
            shown, f"Situations ouvertes en {year} par commune (suivi partagé)", legend_title="situations", names=names, value_format=",.0f"
        )
        suppressed = {row["key"][0] for row in commune_table.rows if row["suppressed"]}
        report.network_map_rows = sorted((names.get(c, c), shown[c], c in suppressed) for c in codes)
    report.threshold = secrecy.threshold()


def _public_network(report, area, year, observatory):
    registry, oq, secrecy, _Scope = observatory
    report.threshold = secrecy.threshold()
    report.flows_note = "Les orientations entre partenaires ne sont pas publiées : paire par paire, les effectifs sont trop fins."
    if area.level == Level.COMMUNE:
        report.network_note = (
            "Les indicateurs du suivi partagé sont publiés par intercommunalité (EPCI) et par année seulement : "
            "à l'échelle d'une commune, les effectifs permettraient de reconnaître des personnes."
        )
        return
    first, last = oq.public_years()
    if not first <= year <= last:
        report.network_note = f"L'édition publique couvre les années {first} à {last}."
        return
    epci = area.code if area.level == Level.EPCI else None  # the arrondissement and above: « Tous territoires »
    figures = []
    for indicator in registry.public():
        rows = {(r["epci"], r["year"]): r for r in oq.publication(indicator)}
        current, before = rows.get((epci, year)), rows.get((epci, year - 1))
        if current is None:
            continue
        figure = NetworkFigure(indicator.label, indicator.unit, indicator.family)
        if indicator.kind == "share":
            figure.value = current["rate"]
            figure.previous = before["rate"] if before else None
            figure.detail = "" if current["count"] is None or current["total"] is None else f"{current['count']} sur {current['total']}"
        else:
            figure.value = current["count"]
            figure.previous = before["count"] if before else None
            figure.change = queries.evolution(figure.previous, figure.value)
        figure.suppressed = current["suppressed"]
        if figure.suppressed or figure.value or figure.previous:
            figures.append(figure)
    report.network = figures
    report.network_note = (
        f"Après secret statistique : un effectif de 1 à {secrecy.threshold() - 1} n'est pas publié, ni ce qui permettrait de le "
        "recalculer (« secret »), ni un taux calculé sur lui. Publication par EPCI et par année, la même que les données ouvertes."
    )


def build(area, year, edition):
    if edition not in EDITIONS:
        raise ReportError(f"Édition inconnue « {edition} » (attendu : pro ou public).")
    report = Report(area=area, year=year, edition=edition, generated_at=timezone.localtime())
    for code in OFFICIAL_INDICATORS:
        indicator = Indicator.objects.filter(code=code).first()
        if indicator is None:
            continue
        built = summary.build(area, indicator, with_images=False)
        built["rows"] = [row for row in built["rows"] if row.year <= year]
        built["evolutions"] = _evolutions(built)
        built["chart_svg"] = summary.rate_chart(built)
        built["last_year"] = built["rows"][-1].year if built["rows"] else None
        report.official.append(built)
    if report.official:
        report.official[0]["map_svg"] = summary.map_svg(report.official[0])
    for item in summary.local_series(area):
        item.points = [(p, change) for p, change in item.points if p.year <= year]
        published = [p for p, _c in item.points if p.count is not None]
        item.first, item.last = (published[0], published[-1]) if len(published) >= 2 else (None, None)
        item.change = queries.evolution(item.first.count, item.last.count) if item.first else None
        report.local.append(item)
    observatory = _observatory()
    if observatory is None:  # pragma: no cover
        report.network_note = "Le module observatoire n'est pas installé : seuls les chiffres publiés figurent ici."
    elif edition == PRO:
        _pro_network(report, area, year, observatory)
    else:
        _public_network(report, area, year, observatory)
    return report


def _evolutions(built):
    result = []
    for index in range(len(built["areas"])):
        points = [row.cells[index] for row in built["rows"] if row.cells[index] and row.cells[index].count is not None]
        points = [p for p in points if not p.partial]
        if len(points) < 2:
            result.append(None)
            continue
        first, last = points[0], points[-1]
        result.append(
            {
                "first": first,
                "last": last,
                "count": queries.evolution(first.count, last.count),
                "rate": queries.evolution(first.rate, last.rate),
            }
        )
    return result


def render_pdf(report):
    from weasyprint import HTML

    html = render_to_string(
        "officialstats/report.html",
        {
            "report": report,
            "official": [
                {**o, "chart_uri": data_uri(o["chart_svg"]), "map_uri": data_uri(o["map_svg"]) if o.get("map_svg") else ""}
                for o in report.official
            ],
            "network_map_uri": data_uri(report.network_map_svg) if report.network_map_svg else "",
        },
    )
    return HTML(string=html).write_pdf()


def render_xlsx(report):
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Présentation"
    for line in (
        [f"Diagnostic annuel {report.year} — {report.area.name}"],
        [f"{report.edition_label.capitalize()}, produit le {report.generated_at:%d/%m/%Y à %H:%M}"],
        ["Statistiques officielles : SSMSI (Licence Ouverte) ; chiffres locaux : leur source est indiquée."],
        [report.network_note],
    ):
        sheet.append(line)
    sheet["A1"].font = Font(bold=True, size=14)
    for built in report.official:
        ws = book.create_sheet(SHEET_TITLES.get(built["indicator"].code) or _sheet_title(built["indicator"].label))
        header, rows = summary.comparison_csv_rows(built)
        ws.append(header)
        for row in rows:
            ws.append([_number(v) for v in row])
        ws.append([])
        ws.append(["Source", "; ".join(f"{s}, édition {e}" for s, e in built["sources"])])
    ws = book.create_sheet("Chiffres locaux")
    ws.append(["indicateur", "annee", "nombre", "evolution_depuis_annee_precedente_pct", "perimetre", "source", "edition"])
    for item in report.local:
        for point, change in item.points:
            source, edition = sorted(point.sources)[0] if point.sources else ("", "")
            ws.append(
                [
                    item.indicator.label,
                    point.year,
                    point.count,
                    None if change is None else round(change, 1),
                    point.perimeter,
                    source,
                    edition,
                ]
            )
    ws = book.create_sheet("Indicateurs du réseau")
    ws.append(
        [
            "famille",
            "indicateur",
            "programme",
            "unite",
            f"valeur {report.year}",
            f"valeur {report.year - 1}",
            "detail",
            "secret statistique",
        ]
    )
    for f in report.network:
        ws.append([f.family, f.label, f.group, f.unit, f.value, f.previous, f.detail, "oui" if f.suppressed else ""])
    ws.append([])
    ws.append([report.network_note])
    if report.flows:
        ws = book.create_sheet("Orientations")
        ws.append(
            [
                "organisation qui oriente",
                "organisation destinataire",
                "envoyées",
                "acceptées",
                "refusées",
                "en attente",
                "taux d'acceptation (%)",
                "délai médian réponse (j)",
                "délai médian premier contact (j)",
            ]
        )
        for r in report.flows:
            ws.append(
                [
                    r["sender"],
                    r["receiver"],
                    r["sent"],
                    r["accepted"],
                    r["refused"],
                    r["waiting"],
                    r["acceptance"],
                    r["median_answer_days"],
                    r["median_contact_days"],
                ]
            )
    if report.official and report.official[0]["map"]["rows"]:
        found = report.official[0]["map"]
        ws = book.create_sheet("Carte des communes")
        ws.append([found["title"]])
        ws.append(
            ["commune", "population" if found["is_population"] else "nombre", "" if found["is_population"] else "pour 1 000 habitants"]
        )
        for name, count, rate in found["rows"]:
            ws.append([name, count, None if rate is None else round(rate, 3)])
    for ws in book.worksheets:
        ws.column_dimensions["A"].width = 40
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def _sheet_title(label):
    for char in "[]:*?/\\":
        label = label.replace(char, " ")
    return label[:31].strip()


def _number(value):
    if isinstance(value, str) and value.replace(",", "").isdigit() and "," in value:
        return float(value.replace(",", "."))
    return value


def file_stem(report):
    from django.utils.text import slugify

    return f"diagnostic-{slugify(report.area.name)}-{report.year}-{report.edition}"
