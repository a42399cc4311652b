"""Small helpers that read settings from environment variables (after healthchecks' hc/settings.py)."""

import os

from django.core.exceptions import ImproperlyConfigured


def env(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), not {value!r}")


def env_int(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}") from exc


def env_list(name, default=()):
    value = os.environ.get(name)
    if not value:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def env_secret(name, dev_default, *, production, min_length=32):
    """A secret: required and long enough in production, a fixed placeholder in development."""
    value = os.environ.get(name, "")
    if not value:
        if production:
            raise ImproperlyConfigured(f"{name} must be set in production")
        return dev_default
    if production and (len(value) < min_length or value == dev_default):
        raise ImproperlyConfigured(f"{name} must be at least {min_length} characters and not the development value")
    return value
