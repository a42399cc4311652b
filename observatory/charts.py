"""Charts: Vega-Altair specifications rendered to SVG on the server by vl-convert (no JavaScript, nothing loaded from
a third party). The same specification can serve a page, a download and a PDF report; other apps (official
statistics) call `chart_spec` and `svg` too.

A chart is always shown beside its table (the accessible alternative) and downloads as CSV, XLSX and SVG."""

import hashlib
import json

import altair as alt
from django.core.cache import cache

FONT = "DejaVu Sans, Arial, sans-serif"
PALETTE = ["#1d4f91", "#c2410c", "#15803d", "#7c3aed", "#b91c1c", "#0e7490", "#a16207", "#4d7c0f", "#be185d", "#475569"]


def chart_spec(records, *, x, y, color=None, kind="line", title="", x_title="", y_title="", x_type="O", width=560, height=260):
    """A Vega-Lite specification (dict) of `records` (a list of dicts): a line (time series), a bar or a grouped bar
    chart. Values None (figures under statistical secrecy) are left out, never drawn as zero."""
    values = [r for r in records if r.get(y) is not None]
    base = alt.Chart(alt.Data(values=values), title=title or None, width=width, height=height)
    mark = {"line": base.mark_line(point=True), "bar": base.mark_bar()}[kind]
    encoding = {
        "x": alt.X(f"{x}:{x_type}", title=x_title or x, axis=alt.Axis(labelAngle=0 if x_type == "O" else -30, labelLimit=160)),
        "y": alt.Y(f"{y}:Q", title=y_title or y),
        "tooltip": [alt.Tooltip(f"{x}:{x_type}", title=x_title or x), alt.Tooltip(f"{y}:Q", title=y_title or y)],
    }
    if color:
        encoding["color"] = alt.Color(
            f"{color}:N", title=None, scale=alt.Scale(range=PALETTE), legend=alt.Legend(orient="bottom", columns=3, labelLimit=220)
        )
        if kind == "bar":
            encoding["xOffset"] = alt.XOffset(f"{color}:N")
    chart = mark.encode(**encoding).configure(font=FONT).configure_view(stroke=None)
    return chart.to_dict()


def svg(spec):
    """The SVG of a Vega-Lite specification, cached by the specification itself."""
    digest = hashlib.sha256(json.dumps(spec, sort_keys=True, default=str).encode()).hexdigest()[:32]
    key = f"charts:svg:{digest}"
    found = cache.get(key)
    if found is None:
        import vl_convert

        found = vl_convert.vegalite_to_svg(spec)
        cache.set(key, found, 24 * 3600)
    return found
