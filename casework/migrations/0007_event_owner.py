"""Events carry their situation's owner, so that the caseload reads « expiring measures of my situations » without a join."""

import django.db.models.deletion
from django.db import migrations, models


def copy_owner(apps, schema_editor):
    # One statement, the same on SQLite and PostgreSQL, whatever the number of events.
    table = apps.get_model("casework", "Event")._meta.db_table
    situations = apps.get_model("casework", "Situation")._meta.db_table
    schema_editor.execute(f"UPDATE {table} SET owner_id = (SELECT s.organisation_id FROM {situations} s WHERE s.id = {table}.situation_id)")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("casework", "0006_referral_gate_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="event",
            name="owner",
            field=models.ForeignKey(
                null=True,
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.organisation",
                verbose_name="organisation qui suit la situation",
            ),
        ),
        migrations.RunPython(copy_owner, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="event",
            name="owner",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.organisation",
                verbose_name="organisation qui suit la situation",
            ),
        ),
    ]
