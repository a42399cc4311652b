"""Pages of the official statistics: a territory compared with its département, its région and France, with its
local figures, a chart and a map; each table downloads as CSV, each image as SVG."""

import csv
from pathlib import Path

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.text import slugify

from officialstats import queries, summary
from officialstats import report as reports
from officialstats.access import reader_or_404
from officialstats.charts import data_uri
from officialstats.forms import ReportForm, StatisticsForm
from officialstats.models import Indicator

TEMPLATE_HEADER = "annee;niveau;code;indicateur;unite;nombre;perimetre;source;edition;lien"


def _chosen(request):
    """(form, area, indicator); area and indicator are None when the form names an unknown value."""
    form = StatisticsForm(request.GET)
    if not form.is_valid():
        return form, None, None
    try:
        area = queries.parse_area_key(form.cleaned_data["territoire"])
    except LookupError:
        form.add_error("territoire", "Territoire inconnu.")
        return form, None, None
    return form, area, Indicator.objects.get(code=form.cleaned_data["indicateur"])


def _bad_request(form):
    errors = "; ".join(f"{form.fields[name].label if name in form.fields else name} : {' '.join(e)}" for name, e in form.errors.items())
    return HttpResponse(errors, status=400, content_type="text/plain; charset=utf-8")


def index(request):
    reader_or_404(request)
    if not Indicator.objects.filter(is_local=False).exists():
        return render(request, "officialstats/index.html", {"form": None, "summary": None, "empty": True})
    form, area, indicator = _chosen(request)
    context = {"form": form, "summary": None}
    if area is not None:
        built = summary.build(area, indicator)
        context.update(
            summary=built,
            chart_uri=summary_uri(built["chart_svg"]),
            map_uri=summary_uri(built["map_svg"]),
            query=request.GET.urlencode() or f"territoire={area.key}&indicateur={indicator.code}",
        )
    return render(request, "officialstats/index.html", context, status=200 if area is not None or not form.errors else 400)


def summary_uri(svg):
    return data_uri(svg) if svg else ""


def _csv_response(filename, header, rows):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # Excel reads the accents
    writer = csv.writer(response, delimiter=";")
    writer.writerow(header)
    writer.writerows(rows)
    return response


def comparison_csv(request):
    reader_or_404(request)
    form, area, indicator = _chosen(request)
    if area is None:
        return _bad_request(form)
    built = summary.build(area, indicator, with_images=False)
    header, rows = summary.comparison_csv_rows(built)
    return _csv_response(f"{slugify(indicator.label)}-{slugify(area.name)}.csv", header, rows)


def local_csv(request):
    reader_or_404(request)
    form, area, _indicator = _chosen(request)
    if area is None:
        return _bad_request(form)
    rows = []
    for item in summary.local_series(area):
        for point, change in item.points:
            source, edition = sorted(point.sources)[0] if point.sources else ("", "")
            rows.append(
                [
                    item.indicator.label,
                    point.year,
                    "" if point.count is None else point.count,
                    "" if change is None else f"{change:.1f}".replace(".", ","),
                    point.perimeter,
                    source,
                    edition,
                ]
            )
    header = ["indicateur", "annee", "nombre", "evolution_depuis_annee_precedente_pct", "perimetre", "source", "edition"]
    return _csv_response(f"chiffres-locaux-{slugify(area.name)}.csv", header, rows)


def map_csv(request):
    reader_or_404(request)
    form, area, indicator = _chosen(request)
    if area is None:
        return _bad_request(form)
    found = summary.map_values(area, indicator)
    if found["is_population"]:
        header, rows = ["commune", "population_municipale_2023"], [[name, "" if pop is None else pop] for name, pop, _r in found["rows"]]
    else:
        header = ["commune", "nombre", "pour_1000_habitants"]
        rows = [[n, "" if c is None else c, "" if r is None else f"{r:.3f}".replace(".", ",")] for n, c, r in found["rows"]]
    return _csv_response(f"carte-{slugify(area.name)}.csv", header, rows)


def _svg_response(svg, filename):
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def chart_download(request):
    reader_or_404(request)
    form, area, indicator = _chosen(request)
    if area is None:
        return _bad_request(form)
    built = summary.build(area, indicator, with_images=False)
    return _svg_response(summary.rate_chart(built), f"graphique-{slugify(indicator.label)}-{slugify(area.name)}.svg")


def map_download(request):
    reader_or_404(request)
    form, area, indicator = _chosen(request)
    if area is None:
        return _bad_request(form)
    built = summary.build(area, indicator, with_images=False)
    svg = summary.map_svg(built)
    if not svg:
        return HttpResponse("Aucune commune à cartographier pour ce territoire.", status=404, content_type="text/plain; charset=utf-8")
    return _svg_response(svg, f"carte-{slugify(area.name)}.svg")


def local_template(request):
    reader_or_404(request)
    example = (Path(__file__).parent / "data" / "chiffres-locaux-valenciennois.csv").read_text(encoding="utf-8").splitlines()
    response = HttpResponse("\ufeff" + "\n".join(example[:2]) + "\n", content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="modele-chiffres-locaux.csv"'
    return response


def report_page(request):
    reader_or_404(request)
    return render(request, "officialstats/report_form.html", {"form": ReportForm()})


def _report_or_400(request):
    form = ReportForm(request.GET)
    if not form.is_valid():
        return None, render(request, "officialstats/report_form.html", {"form": form}, status=400)
    try:
        area = queries.parse_area_key(form.cleaned_data["territoire"])
    except LookupError:
        form.add_error("territoire", "Territoire inconnu.")
        return None, render(request, "officialstats/report_form.html", {"form": form}, status=400)
    return reports.build(area, form.cleaned_data["annee"], form.cleaned_data["edition"]), None


def report_pdf(request):
    reader_or_404(request)
    report, refused = _report_or_400(request)
    if refused:
        return refused
    response = HttpResponse(reports.render_pdf(report), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{reports.file_stem(report)}.pdf"'
    return response


def report_xlsx(request):
    reader_or_404(request)
    report, refused = _report_or_400(request)
    if refused:
        return refused
    response = HttpResponse(reports.render_xlsx(report), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{reports.file_stem(report)}.xlsx"'
    return response
