"""Indicator tables as pages, exports and the API show them: computed through the registry (cached), labelled, with
statistical secrecy applied (public) or marked (professional area), and the referral-flow matrix."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q

from observatory import cache, indicators, rollup, secrecy, sources
from observatory.indicators import DIMENSION_LABELS

MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"]
FIRST_YEAR = 2000
PUBLIC_YEARS = 10  # the open data covers the last ten years, always the same table (one publication, one audit)


def current_year():
    return sources.today().year


def compute(indicator, scope, dims):
    """The indicator's raw cells {key tuple: value} (flows: {key: measures}), cached by data version."""
    parts = [indicator.code, scope.__dict__, list(dims)]
    return cache.cached("cells", parts, lambda: _compute(indicator, scope, dims))


def _compute(indicator, scope, dims):
    """From the summary tables when they can answer (observatory.rollup), else from the raw tables."""
    found = rollup.read(indicator, scope, dims)
    return indicator.run(scope, dims) if found is None else found


def labels_for(dim, values):
    """French labels of a dimension's values (names of places and organisations read from their tables)."""
    values = [v for v in values if v not in ("", None, secrecy.ALL)]
    if dim in ("commune", "epci", "arrondissement"):
        from territory.models import Arrondissement, Commune, Epci

        model, key = {"commune": (Commune, "insee_code"), "epci": (Epci, "siren"), "arrondissement": (Arrondissement, "code")}[dim]
        found = dict(model.objects.filter(**{f"{key}__in": values}).values_list(key, "name"))
    elif dim in ("organisation", "sender", "receiver"):
        from accounts.models import Organisation

        found = {
            pk: short or name for pk, name, short in Organisation.objects.filter(pk__in=values).values_list("pk", "name", "short_name")
        }
    elif dim == "month":
        found = {v: MONTHS[int(v) - 1] for v in values}
    elif dim in sources.CHOICE_LABELS:
        found = {v: str(sources.CHOICE_LABELS[dim].get(v, v)) for v in values}
    elif dim in ("action_kind", "profession"):
        found = {v: str(sources.network_labels()[dim].get(v, v)) for v in values}
    else:
        found = {v: str(v) for v in values}
    result = {v: found.get(v, str(v)) for v in values}
    result[""] = "Non renseigné" if dim not in ("danger_level",) else "Non évalué"
    result[None] = result[""]
    result[secrecy.ALL] = "Ensemble"
    return result


@dataclass
class Table:
    code: str
    dims: list
    rows: list = field(default_factory=list)  # {"key", "labels", "value", "suppressed", and for shares "numerator", "denominator"}
    total: dict | None = None
    public: bool = False

    @property
    def indicator(self):
        return indicators.get(self.code)

    @property
    def headers(self):
        names = [DIMENSION_LABELS[d] for d in self.dims]
        if self.indicator.kind == "share":
            return [*names, "Effectif concerné", "Effectif total", "Part (%)"]
        return [*names, f"Nombre ({self.indicator.unit})"]

    def records(self):
        """Plain rows for CSV, XLSX and the API: labels, then figures; None where suppressed in public."""
        out = []
        for row in [*self.rows, *([self.total] if self.total else [])]:
            figures = []
            if self.indicator.kind == "share":
                figures = [row["numerator"], row["denominator"], None if row["rate"] is None else round(100 * row["rate"], 1)]
            else:
                figures = [row["value"]]
            out.append([*row["labels"], *figures])
        return out


def table(indicator, scope, dims, *, public=False):
    """The indicator cut by `dims` over the scope: exact counts with the cells that secrecy would hide marked
    (`suppressed`), or, when `public`, those cells emptied. Cached by data version, labels and secrecy included."""
    dims = list(dims)
    parts = [indicator.code, scope.__dict__, dims, public, secrecy.threshold()]
    return cache.cached("table", parts, lambda: _table(indicator, scope, dims, public))


def _table(indicator, scope, dims, public):
    raw = compute(indicator, scope, dims)
    domains = _domains(raw, len(dims))
    if "year" in dims:  # every year of the period, a year without any count reads 0
        position = dims.index("year")
        domains[position] = sorted(
            set(domains[position]) | set(scope.years()) if _by_year(indicator, scope) else domains[position], key=str
        )
    if indicator.kind == "share":
        protected = secrecy.protect(raw, [*dims, "flag"], domains=[*domains, ["oui", "non"]])
    else:
        protected = secrecy.protect(raw, dims, domains=domains)
    labels = {dim: labels_for(dim, {k[i] for k in protected.values}) for i, dim in enumerate(dims)}
    result = Table(indicator.code, dims, public=public)
    detail_keys = sorted({k[: len(dims)] for k in protected.values if secrecy.ALL not in k[: len(dims)]}, key=_sort_key)
    for key in [*detail_keys, (secrecy.ALL,) * len(dims)]:
        row = _row(indicator, protected, key, dims, labels, public)
        if key == (secrecy.ALL,) * len(dims):
            if dims:
                row["labels"] = ["Ensemble"] + [""] * (len(dims) - 1)
                result.total = row
            else:
                result.rows.append(row)
        else:
            result.rows.append(row)
    return result


def _by_year(indicator, scope):
    # A share with no population in a year has no rate to show: only counts are filled with zeros.
    return indicator.kind == "count"


def _domains(raw, n):
    return [sorted({k[i] for k in raw}, key=str) for i in range(n)]


def _sort_key(key):
    return tuple((0, v) if isinstance(v, int) else (1, str(v)) for v in key)


def _row(indicator, protected, key, dims, labels, public):
    row = {"key": key, "labels": [labels[d].get(v, str(v)) for d, v in zip(dims, key, strict=True)]}
    if indicator.kind == "share":
        yes, total = (*key, "oui"), (*key, secrecy.ALL)
        row["numerator"] = protected.values.get(yes, 0)
        row["denominator"] = protected.values.get(total, 0)
        row["suppressed"] = protected.is_suppressed(yes) or protected.is_suppressed(total)
        row["rate"] = (row["numerator"] / row["denominator"]) if row["denominator"] else None
        if public and row["suppressed"]:
            row["rate"] = None
            row["numerator"] = protected.published(yes)
            row["denominator"] = protected.published(total)
    else:
        row["value"] = protected.values.get(key, 0)
        row["suppressed"] = protected.is_suppressed(key)
        if public and row["suppressed"]:
            row["value"] = None
    return row


# --- The dashboard ------------------------------------------------------------------------------------------------

SERIES_HIDDEN = {"referral_flows", "measures_expiring"}  # not a yearly series: on their own pages


def dashboard(scope):
    """Everything the dashboard shows for a scope: each family's indicators by year, the referral flows, the chart's
    table (situations opened by year and EPCI). Each table is cached on its own; `make bench` times this function."""
    families = []
    for family in indicators.FAMILIES:
        rows = []
        for indicator in indicators.REGISTRY.values():
            if indicator.family != family or indicator.code in SERIES_HIDDEN:
                continue
            has_series = indicator.available and "year" in indicator.dimensions
            rows.append((indicator.code, table(indicator, scope, ["year"]) if has_series else None))
        if rows:
            families.append({"name": family, "rows": rows})
    return {
        "families": families,
        "flows": flows(scope),
        "chart": table(indicators.get("situations_opened"), scope, ["year", "epci"]),
    }


# --- The referral-flow matrix ------------------------------------------------------------------------------------


def flows(scope):
    """Rows (sender, receiver) over the period with sent, acceptance rate and median delays, per year and overall."""
    return cache.cached("flows", [scope.__dict__, secrecy.threshold()], lambda: _flows(scope))


def _flows(scope):
    raw = compute(indicators.get("referral_flows"), scope, ["year", "sender", "receiver"])
    pairs = {}
    for (year, sender, receiver), measures in raw.items():
        for key in ((sender, receiver, year), (sender, receiver, secrecy.ALL)):
            merged = pairs.setdefault(
                key, {"sent": 0, "accepted": 0, "refused": 0, "cancelled": 0, "waiting": 0, "answer_days": {}, "contact_days": {}}
            )
            for m in ("sent", "accepted", "refused", "cancelled", "waiting"):
                merged[m] += measures[m]
            for m in ("answer_days", "contact_days"):
                for days, n in measures[m].items():
                    merged[m][days] = merged[m].get(days, 0) + n
    orgs = labels_for("organisation", {k[0] for k in pairs} | {k[1] for k in pairs})
    limit = secrecy.threshold()
    rows = []
    for (sender, receiver, year), m in sorted(
        pairs.items(), key=lambda item: (orgs.get(item[0][0], ""), orgs.get(item[0][1], ""), str(item[0][2]))
    ):
        answered = m["accepted"] + m["refused"]
        rows.append(
            {
                "sender": orgs.get(sender, ""),
                "receiver": orgs.get(receiver, ""),
                "year": "Toute la période" if year == secrecy.ALL else year,
                "all_years": year == secrecy.ALL,
                "sent": m["sent"],
                "accepted": m["accepted"],
                "refused": m["refused"],
                "waiting": m["waiting"],
                "acceptance": round(100 * m["accepted"] / answered, 1) if answered else None,
                "median_answer_days": sources.median_of(m["answer_days"]),
                "median_contact_days": sources.median_of(m["contact_days"]),
                "small": 0 < m["sent"] < limit,
            }
        )
    return rows


FLOW_HEADERS = [
    "Organisation qui oriente",
    "Organisation destinataire",
    "Année",
    "Orientations envoyées",
    "Acceptées",
    "Refusées",
    "En attente",
    "Taux d'acceptation (%)",
    "Délai médian envoi → réponse (jours)",
    "Délai médian envoi → premier contact (jours)",
]


def flow_records(rows):
    return [
        [
            r["sender"],
            r["receiver"],
            r["year"],
            r["sent"],
            r["accepted"],
            r["refused"],
            r["waiting"],
            r["acceptance"],
            r["median_answer_days"],
            r["median_contact_days"],
        ]
        for r in rows
    ]


# --- The public edition ------------------------------------------------------------------------------------------


def public_years():
    last = current_year()
    return last - PUBLIC_YEARS + 1, last


def publication(indicator):
    """The open data of one indicator: counts (or the share's two counts) per EPCI and year over the last ten years,
    all margins included, protected as one table. Every public answer is a selection of these cells, never a new
    aggregate, so that two requests can never be combined into a table that was not audited."""
    first, last = public_years()
    scope = sources.Scope(first, last)

    def build():
        dims = ["epci", "year"]
        group = same_people(indicator)
        raws = {other.code: compute(other, scope, dims) for other in group}
        epcis = sorted({k[0] for raw in raws.values() for k in raw}, key=str)
        years = list(range(first, last + 1))

        def table(other):
            if other.kind == "share":
                return raws[other.code], [*dims, "flag"], [epcis, years, ["oui", "non"]]
            return raws[other.code], dims, [epcis, years]

        def total(other, epci, year):
            return (other.code, (epci, year, secrecy.ALL) if other.kind == "share" else (epci, year))

        links = [
            (total(group[0], epci, year), total(other, epci, year))
            for other in group[1:]
            for epci in [*epcis, secrecy.ALL]
            for year in [*years, secrecy.ALL]
        ]
        protected = secrecy.protect_together({other.code: table(other) for other in group}, links)[indicator.code]
        names = labels_for("epci", epcis)
        rows = []
        for epci in [*epcis, secrecy.ALL]:
            for year in [*years, secrecy.ALL]:
                row = {
                    "epci": None if epci == secrecy.ALL else (epci or None),
                    "epci_label": "Tous territoires" if epci == secrecy.ALL else names.get(epci, "Commune non renseignée"),
                    "year": None if year == secrecy.ALL else year,
                    "all_epci": epci == secrecy.ALL,
                    "all_years": year == secrecy.ALL,
                }
                if indicator.kind == "share":
                    yes, total = (epci, year, "oui"), (epci, year, secrecy.ALL)
                    row["count"] = protected.published(yes)
                    row["total"] = protected.published(total)
                    rate = protected.rate(yes, total)
                    row["rate"] = None if rate is None else round(100 * rate, 1)
                    row["suppressed"] = protected.is_suppressed(yes) or protected.is_suppressed(total)
                else:
                    row["count"] = protected.published((epci, year))
                    row["suppressed"] = protected.is_suppressed((epci, year))
                rows.append(row)
        return rows

    return cache.cached("publication", [indicator.code, first, last, secrecy.threshold()], build)


def _people_counted(indicator):
    """Whom a public programme indicator counts, as (population, restriction), or None for the others."""
    if indicator.code == "programme_participants":
        return "followed", Q()
    name = indicator.code.removeprefix("programme_")
    if indicator.kind == "share" and indicator.code.startswith("programme_") and name in sources.ENROLMENT_SHARES:
        return sources.ENROLMENT_SHARES[name][:2]
    return None


def same_people(indicator):
    """`indicator` first, then the public indicators whose totals count the same people (the participants, the shares
    over them): their publications are protected together, since one's total is the other's."""
    people = _people_counted(indicator)
    if people is None:
        return [indicator]
    return [indicator, *(other for other in indicators.public() if other.code != indicator.code and _people_counted(other) == people)]


def default_scope():
    year = current_year()
    return sources.Scope(max(FIRST_YEAR, year - 4), year)


def year_is_valid(year):
    return FIRST_YEAR <= year <= current_year()


def today():
    return datetime.date.today()
