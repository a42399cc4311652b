"""A short-lived cache of the public search pages, for anonymous visitors only.

Key: the full query, the current minute in Paris (so "open now" is right to the minute: opening hours are given to
the minute) and a data version bumped whenever the guide's content changes. With one process-local cache per server
worker (the default), another worker may serve a page up to one minute old after a change; with Redis (REDIS_URL)
the version is shared and a change shows at once. Professionals, who may see confidential fields, are never cached."""

import hashlib

from django.core.cache import cache
from django.utils import timezone

from directory import hours as hours_module

VERSION_KEY = "directory:data-version"


def data_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        version = int(timezone.now().timestamp() * 1000)
        cache.add(VERSION_KEY, version, None)
        version = cache.get(VERSION_KEY, version)
    return version


def bump(**kwargs):
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, int(timezone.now().timestamp() * 1000), None)


def page_key(request):
    now = timezone.now().astimezone(hours_module.PARIS)
    raw = (
        f"{request.get_full_path()}|{now:%Y%m%d%H%M}|{data_version()}|{request.LANGUAGE_CODE if hasattr(request, 'LANGUAGE_CODE') else ''}"
    )
    return "directory:page:" + hashlib.sha256(raw.encode()).hexdigest()


def seconds_left_in_minute():
    now = timezone.now()
    return max(1, 60 - now.second)


def connect_signals():
    from django.db.models.signals import post_delete, post_save

    from accounts.models import Organisation
    from directory import models

    # Organisation: its name is on every result card (and kept with the search index).
    for model in (
        models.Service,
        models.Place,
        models.ServiceAtPlace,
        models.Closure,
        models.Helpline,
        models.ServiceCategory,
        Organisation,
    ):
        post_save.connect(bump, sender=model, dispatch_uid=f"directory-cache-{model.__name__}-save")
        post_delete.connect(bump, sender=model, dispatch_uid=f"directory-cache-{model.__name__}-delete")
