"""`{{ number|phone }}`: a phone number stored in E.164 shown the French way (« 06 39 18 81 35 »)."""

from django import template

from directory.models import display_phone

register = template.Library()


@register.filter
def phone(value):
    try:
        return display_phone(value or "")
    except Exception:
        return value
