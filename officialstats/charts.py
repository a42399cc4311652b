"""Charts as Vega-Altair specifications rendered to SVG on the server by vl-convert (no JavaScript in the page, no
request outside: data are inline and no base URL is allowed). The same SVG serves the page, the download and the PDF."""

import base64
import hashlib
import json

import altair as alt
from django.core.cache import cache

FONT = "DejaVu Sans, Arial, sans-serif"
CONFIG = {
    "font": FONT,
    "view": {"stroke": None},
    "axis": {"labelFontSize": 12, "titleFontSize": 12},
    "legend": {"labelFontSize": 12, "titleFontSize": 12},
    "title": {"fontSize": 15, "anchor": "start"},
}
# Colour-blind safe categories (Okabe-Ito), strong enough on white for WCAG non-text contrast.
CATEGORY_COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"]


def render_svg(chart):
    """The SVG of an Altair chart (cached by its specification: the same figures give the same drawing)."""
    import vl_convert

    spec = chart.to_dict() if hasattr(chart, "to_dict") else chart
    key = "officialstats:svg:" + hashlib.sha256(json.dumps(spec, sort_keys=True, default=str).encode()).hexdigest()
    svg = cache.get(key)
    if svg is None:
        svg = vl_convert.vegalite_to_svg(spec, config=CONFIG, format_locale="fr-FR", time_format_locale="fr-FR", allowed_base_urls=[])
        cache.set(key, svg, 24 * 3600)
    return svg


def data_uri(svg):
    """For an <img>: the page's strict CSP allows images from data: and no inline style."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def line_chart(rows, *, title, y_title, series_title="Territoire", width=560, height=300):
    """rows: dicts with `year`, `series` and `value` (None values are left out: a gap, never a zero)."""
    values = [r for r in rows if r["value"] is not None]
    # A territory with no value is left out of the legend too (the table says « — » for it).
    order = list(dict.fromkeys(r["series"] for r in values))
    return (
        alt.Chart(alt.Data(values=values))
        .mark_line(point=True, strokeWidth=2.5)
        .encode(
            x=alt.X("year:O", title="Année", axis=alt.Axis(labelAngle=0)),
            y=alt.Y("value:Q", title=y_title),
            color=alt.Color(
                "series:N", title=series_title, sort=order, scale=alt.Scale(domain=order, range=CATEGORY_COLOURS[: len(order)])
            ),
            strokeDash=alt.StrokeDash("series:N", sort=order, legend=None),
        )
        .properties(title=title, width=width, height=height)
    )


def bar_chart(rows, *, title, y_title, width=420, height=260):
    """rows: dicts with `label` and `value`."""
    values = [r for r in rows if r["value"] is not None]
    return (
        alt.Chart(alt.Data(values=values))
        .mark_bar(color=CATEGORY_COLOURS[0])
        .encode(
            x=alt.X("label:N", title=None, sort=None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("value:Q", title=y_title),
        )
        .properties(title=title, width=width, height=height)
    )
