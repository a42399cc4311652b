"""`{{ number|phone }}`: a phone number stored in E.164 shown the French way (« 06 39 18 81 35 »)."""

import phonenumbers
from django import template

from directory.models import display_phone

register = template.Library()


@register.filter
def phone(value):
    try:
        return display_phone(value or "")
    except phonenumbers.NumberParseException:  # a number typed before validation existed: show it as typed
        return value
