"""Figures as the observatory writes them: French numbers, shares as percentages, the secrecy mark."""

from django import template
from django.utils.html import format_html

register = template.Library()


def _number(value):
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.1f}".replace(",", "\u202f").replace(".", ",")
    return f"{value:,}".replace(",", "\u202f")


@register.filter
def fr_number(value):
    return _number(value)


@register.simple_tag
def figure(row, kind):
    """A table cell's figure: the count (or the share and its two counts), with the mark of a cell that statistical
    secrecy would hide in public. A None count (public edition) reads « secret »."""
    if row is None:
        return ""
    if kind == "share":
        if row.get("rate") is None and row.get("denominator") in (None, 0):
            text = "—" if row.get("denominator") == 0 else "secret"
        elif row.get("rate") is None:
            text = "secret"
        else:
            text = f"{_number(round(100 * row['rate'], 1))} % ({_number(row['numerator'])}/{_number(row['denominator'])})"
    else:
        text = "secret" if row.get("value") is None else _number(row["value"])
    if row.get("suppressed"):
        return format_html('{} <abbr class="obs-secret" title="Masqué en diffusion publique (secret statistique)">s</abbr>', text)
    return text
