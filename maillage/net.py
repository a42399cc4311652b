"""The client's address, the same for the lockout (django-axes) and the audit journal.

Behind N trusted reverse proxies (TRUSTED_PROXY_COUNT), the client is the N-th address from the right of
X-Forwarded-For: the proxies append to it, so anything further left was written by the client and is not
trusted. Without proxies, REMOTE_ADDR. Addresses are normalised, so that the journal's hash is computed on
exactly what the database stores."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_ipv46_address
from django.utils.ipv6 import clean_ipv6_address


def normalise_ip(value):
    if not value:
        return None
    value = value.strip()
    try:
        validate_ipv46_address(value)
    except ValidationError:
        return None
    if ":" in value:
        return clean_ipv6_address(value)
    return value


def client_ip(request):
    if request is None:
        return None
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= count:
            return normalise_ip(forwarded[-count])
    return normalise_ip(request.META.get("REMOTE_ADDR"))


def login_username(request, credentials):
    """The email the lockout counts failures against, normalised so that case and spaces do not reset the counter."""
    value = (credentials or {}).get("username")
    if value is None and request is not None:
        value = getattr(request, "POST", {}).get("username")
    return (value or "").strip().lower() or None
