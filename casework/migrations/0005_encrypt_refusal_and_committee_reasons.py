"""Encrypt at rest the referral's refusal reason and the committee share's reason, rows already written included.

The data step runs while the fields are still plain text fields in the migration state, so it reads the stored
clear text and writes Fernet tokens as they are; the field change that follows alters no column (text either
way), on SQLite as on PostgreSQL. Reversing decrypts them back to clear text."""

from django.db import migrations

import casework.crypto

FIELDS = [("Referral", "refusal_reason"), ("CommitteeShare", "reason")]
BATCH = 500


def _is_token(value):
    try:
        casework.crypto.decrypt(value)
    except ValueError:
        return False
    return True


def _rewrite(apps, convert):
    for model_name, field in FIELDS:
        model = apps.get_model("casework", model_name)
        last_pk = 0
        while True:
            rows = list(model.objects.filter(pk__gt=last_pk).exclude(**{field: ""}).order_by("pk").values_list("pk", field)[:BATCH])
            if not rows:
                break
            changed = []
            for pk, value in rows:
                new = convert(value)
                if new != value:
                    changed.append(model(pk=pk, **{field: new}))
            model.objects.bulk_update(changed, [field])
            last_pk = rows[-1][0]


def encrypt_rows(apps, schema_editor):
    # A value that already decrypts was written by a later version of the code (migration re-run): left as it is.
    _rewrite(apps, lambda value: value if _is_token(value) else casework.crypto.encrypt(value))


def decrypt_rows(apps, schema_editor):
    _rewrite(apps, lambda value: casework.crypto.decrypt(value) if _is_token(value) else value)


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0004_remove_event_cw_event_place_date_and_more"),
    ]

    operations = [
        migrations.RunPython(encrypt_rows, decrypt_rows),
        migrations.AlterField(
            model_name="committeeshare",
            name="reason",
            field=casework.crypto.EncryptedTextField(blank=True, verbose_name="motif"),
        ),
        migrations.AlterField(
            model_name="referral",
            name="refusal_reason",
            field=casework.crypto.EncryptedTextField(blank=True, verbose_name="motif du refus"),
        ),
    ]
