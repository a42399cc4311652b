"""Full text in French: the unaccent extension and a `french_unaccent` configuration on PostgreSQL, an FTS5 table on SQLite."""

from django.db import migrations


def forwards(apps, schema_editor):
    from directory.search import install

    install(schema_editor)


def backwards(apps, schema_editor):
    from directory.search import uninstall

    uninstall(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
