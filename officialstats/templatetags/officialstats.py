from django import template

from officialstats.summary import fr_dec, fr_int, fr_pct

register = template.Library()
register.filter("fr_int", fr_int)
register.filter("fr_dec", fr_dec)
register.filter("fr_pct", fr_pct)


@register.filter
def at(sequence, index):
    return sequence[index]
