"""Choropleth maps of communes drawn from the reference boundaries (shared/data/geo, IGN Admin Express) with no
external tiles: a Vega-Altair geoshape rendered to SVG on the server.

The boundaries are of an older geography than the codes the statistics use: a merged commune's old pieces are mapped
to the current commune with `mouvements-communes.csv` and drawn with its value. Reusable by any app:

    from officialstats.maps import commune_choropleth
    svg = commune_choropleth({"59606": 12.5, "59014": None}, "Situations ouvertes pour 1 000 habitants")
"""

import json
from functools import lru_cache
from pathlib import Path

import altair as alt
from django.conf import settings

from officialstats.charts import render_svg

MISSING_COLOUR = "#d9d9d9"


@lru_cache(maxsize=8)
def _boundaries(data_dir, departement):
    features = []
    for path in sorted((Path(data_dir) / "geo").glob(f"communes-{departement}-*.geojson")):
        features += json.loads(path.read_text(encoding="utf-8")).get("features", [])
    return features


@lru_cache(maxsize=2)
def _merged(data_dir):
    from officialstats.importer import merged_communes

    return merged_communes(data_dir)


def commune_features(codes, *, data_dir=None):
    """GeoJSON features of the given current INSEE codes: {code: [features]} (a merged commune has several pieces)."""
    data_dir = str(data_dir or settings.REFERENCE_DATA_DIR)
    merged = _merged(data_dir)
    wanted = set(codes)
    found = {}
    for departement in sorted({code[:3] if code.startswith("97") else code[:2] for code in wanted}):
        for feature in _boundaries(data_dir, departement):
            old = feature.get("properties", {}).get("code", "")
            current = old if old in wanted else merged.get(old)
            if current in wanted and feature.get("geometry"):
                found.setdefault(current, []).append(feature)
    return found


def commune_choropleth(
    values_by_insee_code,
    title,
    *,
    legend_title="",
    names=None,
    missing_label="pas de valeur",
    scheme="blues",
    value_format=",.1f",
    width=520,
    height=420,
    data_dir=None,
):
    """SVG of a choropleth of the communes in `values_by_insee_code` ({current INSEE code: number or None}); a None
    value (unpublished, suppressed, unknown) is drawn grey and named in the legend as `missing_label`. `names` gives
    each code's label for the tooltip (defaults to the boundaries file's names)."""
    names = names or {}
    features = commune_features(values_by_insee_code, data_dir=data_dir)
    values = []
    for code, pieces in sorted(features.items()):
        value = values_by_insee_code.get(code)
        for piece in pieces:
            values.append(
                {
                    "type": "Feature",
                    "geometry": piece["geometry"],
                    "properties": {
                        "code": code,
                        "nom": names.get(code) or piece["properties"].get("nom", code),
                        "value": value,
                        "missing": missing_label if value is None else None,
                    },
                }
            )
    base = alt.Chart(alt.Data(values=values)).project(type="mercator").properties(width=width, height=height, title=title)
    known = (
        base.transform_filter("datum.properties.value != null")
        .mark_geoshape(stroke="white", strokeWidth=0.6)
        .encode(
            color=alt.Color(
                "properties.value:Q", title=legend_title or None, scale=alt.Scale(scheme=scheme), legend=alt.Legend(format=value_format)
            ),
            tooltip=[
                alt.Tooltip("properties.nom:N", title="Commune"),
                alt.Tooltip("properties.value:Q", title=legend_title or "Valeur", format=value_format),
            ],
        )
    )
    layers = [known]
    if any(v["properties"]["value"] is None for v in values):
        layers.append(
            base.transform_filter("datum.properties.value == null")
            .mark_geoshape(stroke="white", strokeWidth=0.6)
            .encode(
                fill=alt.Fill(
                    "properties.missing:N", title=None, scale=alt.Scale(range=[MISSING_COLOUR]), legend=alt.Legend(symbolType="square")
                ),
                tooltip=[alt.Tooltip("properties.nom:N", title="Commune")],
            )
        )
    chart = alt.layer(*layers).resolve_scale(color="independent").properties(width=width, height=height, title=title)
    return render_svg(chart)
