"""Pages of the observatory: the dashboard, one page per indicator (table, chart, downloads), the referral-flow matrix
downloads, and the public open-data page. Figures come from observatory.queries; the gate is observatory.access."""

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode

from observatory import access, charts, exports, indicators, queries, secrecy
from observatory.forms import FilterForm, parse_dims, territory_choices
from observatory.indicators import DIMENSION_LABELS


def _filters(request):
    form = FilterForm(request.GET or None)
    if form.is_bound:
        form.is_valid()
    return form, form.scope()


def _query(request, **extra):
    params = {k: v for k, v in request.GET.items() if k in ("year_from", "year_to", "territory", "organisation", "programme", "dims")}
    params.update({k: v for k, v in extra.items() if v is not None})
    return urlencode(params)


def _filter_context(request, form):
    return {
        "form": form,
        "errors": form.errors_named() if form.is_bound else [],
        "territories": territory_choices(),
        "organisations": form.organisation_choices(),
        "selected": {k: request.GET.get(k, "") for k in ("territory", "organisation", "programme")},
    }


@login_not_required
def home(request):
    if not access.reads_exact_figures(request):
        # Other roles and visitors read what anybody may read: the public edition.
        return redirect("observatory:open_data")
    form, scope = _filters(request)
    data = queries.dashboard(scope)
    years = scope.years()
    families = []
    for family in data["families"]:
        rows = []
        for code, table in family["rows"]:
            indicator = indicators.get(code)
            row = {"indicator": indicator, "cells": [], "ignored": indicator.ignored_filters(scope)}
            if table is not None:
                by_year = {r["key"][0]: r for r in table.rows}
                row["cells"] = [by_year.get(year) for year in years]
                row["total"] = table.total
            rows.append(row)
        families.append({"name": family["name"], "rows": rows})
    flows = [row for row in data["flows"] if row["all_years"]]
    context = {
        **_filter_context(request, form),
        "scope": scope,
        "years": years,
        "families": families,
        "flows": flows,
        "flow_headers": queries.FLOW_HEADERS,
        "query": _query(request),
        "chart_query": _query(request, dims="year,epci"),
        "series_chart": data["chart"],
        "threshold": secrecy.threshold(),
        "officialstats_url": reverse("officialstats:index"),
    }
    return render(request, "observatory/home.html", context)


def _dims_param(request):
    """`dims=year,sex`, or the page's two selects `dim1` and `dim2`."""
    if request.GET.get("dims"):
        return request.GET["dims"]
    return ",".join(d for d in (request.GET.get("dim1", ""), request.GET.get("dim2", "")) if d)


def _indicator_or_404(code):
    indicator = indicators.get(code)
    if indicator is None:
        raise Http404
    return indicator


def indicator_detail(request, code):
    access.dashboard_membership(request)
    indicator = _indicator_or_404(code)
    form, scope = _filters(request)
    dims, dims_error = parse_dims(_dims_param(request), indicator)
    context = {
        **_filter_context(request, form),
        "indicator": indicator,
        "scope": scope,
        "dims_error": dims_error,
        "threshold": secrecy.threshold(),
        "query": _query(request),
    }
    context["dimension_choices"] = [(d, DIMENSION_LABELS[d]) for d in indicator.dimensions]
    context["ignored"] = indicator.ignored_filters(scope)
    if indicator.available and dims is not None and indicator.kind != "flows":
        table = queries.table(indicator, scope, dims)
        context.update({"table": table, "dims": dims, "records": table.records(), "query": _query(request, dims=",".join(dims))})
    elif indicator.kind == "flows":
        flows = queries.flows(scope)
        context.update({"flows": flows, "flow_headers": queries.FLOW_HEADERS, "query": _query(request)})
    status = 200 if dims_error is None else 400
    return render(request, "observatory/indicator.html", context, status=status)


def _table_for_download(request, code):
    access.dashboard_membership(request)
    indicator = _indicator_or_404(code)
    if not indicator.available:
        raise Http404
    _form, scope = _filters(request)
    if indicator.kind == "flows":
        return indicator, None, queries.FLOW_HEADERS, queries.flow_records(queries.flows(scope))
    dims, error = parse_dims(_dims_param(request), indicator)
    if error:
        return indicator, error, None, None
    table = queries.table(indicator, scope, dims)
    return indicator, table, table.headers, table.records()


NOTE_PRO = "Chiffres exacts (espace professionnel) : ne pas diffuser sans appliquer le secret statistique (voir la note de méthode)."


def indicator_csv(request, code):
    indicator, table, headers, records = _table_for_download(request, code)
    if isinstance(table, str):
        return HttpResponse(table, status=400, content_type="text/plain; charset=utf-8")
    return exports.csv_response(f"maillage-{indicator.code}", headers, records, notes=[NOTE_PRO])


def indicator_xlsx(request, code):
    indicator, table, headers, records = _table_for_download(request, code)
    if isinstance(table, str):
        return HttpResponse(table, status=400, content_type="text/plain; charset=utf-8")
    return exports.xlsx_response(f"maillage-{indicator.code}", indicator.label, headers, records, notes=[NOTE_PRO])


def indicator_svg(request, code):
    indicator, table, _headers, _records = _table_for_download(request, code)
    if isinstance(table, str):
        return HttpResponse(table, status=400, content_type="text/plain; charset=utf-8")
    spec = chart_for(indicator, table)
    response = HttpResponse(charts.svg(spec), content_type="image/svg+xml")
    if request.GET.get("download"):
        response["Content-Disposition"] = f'attachment; filename="maillage-{indicator.code}.svg"'
    return response


def chart_for(indicator, table):
    """The chart of a table: the years as a line (one per value of the second dimension), otherwise bars."""
    if table is None:  # the referral flows: sent per pair over the period
        rows = [r for r in queries.flows(queries.default_scope()) if r["all_years"]]
        records = [{"pair": f"{r['sender']} → {r['receiver']}", "n": r["sent"]} for r in rows]
        return charts.chart_spec(records, x="pair", y="n", kind="bar", x_title="Orientation", y_title="Orientations envoyées", x_type="N")
    value = "rate" if indicator.kind == "share" else "value"
    y_title = "Part (%)" if indicator.kind == "share" else f"Nombre ({indicator.unit})"
    records = []
    for row in table.rows:
        figure = row[value]
        if figure is not None and indicator.kind == "share":
            figure = round(100 * figure, 1)
        record = {"x": row["labels"][0], "y": figure}
        if len(table.dims) > 1:
            record["c"] = " / ".join(row["labels"][1:])
        records.append(record)
    time_series = table.dims[0] in ("year", "month")
    return charts.chart_spec(
        records,
        x="x",
        y="y",
        color="c" if len(table.dims) > 1 else None,
        kind="line" if time_series and len({r["x"] for r in records}) > 1 else "bar",
        title=indicator.label,
        x_title=DIMENSION_LABELS[table.dims[0]],
        y_title=y_title,
        x_type="O" if time_series else "N",
    )


def flows_download(request, fmt):
    access.dashboard_membership(request)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    _form, scope = _filters(request)
    records = queries.flow_records(queries.flows(scope))
    if fmt == "xlsx":
        return exports.xlsx_response("maillage-orientations", "Orientations", queries.FLOW_HEADERS, records, notes=[NOTE_PRO])
    return exports.csv_response("maillage-orientations", queries.FLOW_HEADERS, records, notes=[NOTE_PRO])


@login_not_required
def open_data(request):
    first, last = queries.public_years()
    rows = []
    for indicator in indicators.public():
        by_epci = {}
        for cell in queries.publication(indicator):
            by_epci.setdefault(cell["epci_label"], []).append(cell)
        rows.append({"indicator": indicator, "rows": [{"label": label, "cells": cells} for label, cells in by_epci.items()]})
    return render(
        request,
        "observatory/open_data.html",
        {
            "publications": rows,
            "years": list(range(first, last + 1)),
            "first": first,
            "last": last,
            "threshold": secrecy.threshold(),
            "csv_url": reverse("observatory:open_data_csv"),
        },
    )


OPEN_HEADERS = ["indicateur", "libelle", "unite", "epci_siren", "epci", "annee", "effectif", "effectif_total", "part_pourcent"]


def open_data_records():
    records = []
    for indicator in indicators.public():
        for cell in queries.publication(indicator):
            records.append(
                [
                    indicator.code,
                    indicator.label,
                    indicator.unit,
                    cell["epci"] or "",
                    cell["epci_label"],
                    cell["year"] or "toutes",
                    cell["count"],
                    cell.get("total", cell["count"]) if indicator.kind == "share" else "",
                    cell.get("rate", "") if indicator.kind == "share" else "",
                ]
            )
    return records


@login_not_required
def open_data_csv(request):
    note = f"« secret » : effectif inférieur à {secrecy.threshold()} ou permettant d'en recalculer un (secret statistique, voir la note de méthode)."
    return exports.csv_response("maillage-donnees-ouvertes", OPEN_HEADERS, open_data_records(), notes=[note])
