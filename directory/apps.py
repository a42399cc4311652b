"""The guide: structures, services, places, hours and helplines of the territory."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _install_search(sender, using="default", **kwargs):
    # Test databases are built without migrations: create the full-text machinery there too (idempotent).
    from django.db import connections

    from directory.search import install

    install(connections[using])


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = "Guide et annuaire"

    def ready(self):
        post_migrate.connect(_install_search, sender=self)
        from directory.caching import connect_signals

        connect_signals()
