"""An import's report quotes the cells it refuses (names, birth dates, phones): stored encrypted from now on, the reports
already written encrypted in place (and decrypted back on the way down)."""

import json

from django.db import migrations

import imports.models


def _rewrite(apps, schema_editor, forwards):
    from casework.crypto import decrypt, encrypt

    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT id, report FROM imports_importjob")
        rows = cursor.fetchall()
        for pk, value in rows:
            if value is None or value == "":
                continue
            value = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
            if forwards and not value.startswith("fernet:"):
                cursor.execute("UPDATE imports_importjob SET report = %s WHERE id = %s", [encrypt(value), pk])
            elif not forwards and value.startswith("fernet:"):
                cursor.execute("UPDATE imports_importjob SET report = %s WHERE id = %s", [decrypt(value), pk])


def encrypt_reports(apps, schema_editor):
    _rewrite(apps, schema_editor, forwards=True)


def decrypt_reports(apps, schema_editor):
    _rewrite(apps, schema_editor, forwards=False)


class Migration(migrations.Migration):
    dependencies = [("imports", "0001_initial")]

    operations = [
        migrations.AlterField(model_name="importjob", name="report", field=imports.models.EncryptedJSONField(default=dict)),
        migrations.RunPython(encrypt_reports, decrypt_reports),
    ]
