"""A GIN index on the French full-text vector of the services (PostgreSQL only; SQLite has its FTS5 table)."""

from django.db import migrations

INDEX = "directory_service_fts_gin"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON directory_service USING gin (to_tsvector('french_unaccent'::regconfig, \"search_document\"))"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("directory", "0003_search_copies")]

    operations = [migrations.RunPython(forwards, backwards)]
