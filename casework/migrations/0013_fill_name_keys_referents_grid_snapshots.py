"""Fill what 0012 added for the files held before: the phonetic keys of every name (the search forgives spelling
variants), the referent of each situation (its creator, when she is still a member of its organisation), and the grid
as it stands today on each past assessment (the best record left of the version it was answered with)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from casework.crypto import blind_index
    from casework.phonetic import phonetic_tokens

    Person = apps.get_model("casework", "Person")
    PersonNameKey = apps.get_model("casework", "PersonNameKey")
    Situation = apps.get_model("casework", "Situation")
    Membership = apps.get_model("accounts", "Membership")
    RiskAssessment = apps.get_model("casework", "RiskAssessment")
    RiskQuestion = apps.get_model("casework", "RiskQuestion")

    rows = []
    for person in Person.objects.exclude(full_name_index="").iterator(chunk_size=500):
        keys = {blind_index("phonetic-word", t) for t in phonetic_tokens(person.first_name, person.last_name) if t}
        rows += [PersonNameKey(person_id=person.pk, situation_id=person.situation_id, key=key) for key in sorted(keys)]
        if len(rows) > 5000:
            PersonNameKey.objects.bulk_create(rows)
            rows = []
    PersonNameKey.objects.bulk_create(rows)

    members = set(Membership.objects.filter(is_active=True).values_list("user_id", "organisation_id"))
    for situation in Situation.objects.filter(referent__isnull=True, created_by__isnull=False).only("id", "created_by_id", "organisation_id"):
        if (situation.created_by_id, situation.organisation_id) in members:
            Situation.objects.filter(pk=situation.pk).update(referent_id=situation.created_by_id)

    snapshots = {}
    for assessment in RiskAssessment.objects.filter(grid_snapshot={}).select_related("grid"):
        grid = assessment.grid
        if grid.pk not in snapshots:
            snapshots[grid.pk] = {
                "name": grid.name,
                "elevated_threshold": grid.elevated_threshold,
                "high_threshold": grid.high_threshold,
                "questions": [
                    {"code": q.code, "text": q.text, "weight": q.weight, "red_flag": q.red_flag}
                    for q in RiskQuestion.objects.filter(grid=grid).order_by("order", "pk")
                ],
            }
        RiskAssessment.objects.filter(pk=assessment.pk).update(grid_snapshot=snapshots[grid.pk])


class Migration(migrations.Migration):
    dependencies = [("casework", "0012_referent_name_keys_grid_snapshot"), ("accounts", "0003_teams_and_audience")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
