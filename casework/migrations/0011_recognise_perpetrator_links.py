"""Fill the phonetic index of every person, then record the perpetrator links that the files already held imply: his
referrals (whatever their answer), his enrolments, and the files on his side, carried to every household where the same
man appears (casework.links does the same, event by event, from now on). Links are facts once recorded: reversing this
migration keeps none of them, as it found none."""

import datetime

from django.db import migrations


def _close(first, second):
    if first is None or second is None:
        return True
    if abs((first - second).days) <= 31:
        return True
    return sum((first.day == second.day, first.month == second.month, first.year == second.year)) >= 2


def forwards(apps, schema_editor):
    from casework.crypto import blind_index
    from casework.phonetic import phonetic_name

    Person = apps.get_model("casework", "Person")
    Referral = apps.get_model("casework", "Referral")
    Enrolment = apps.get_model("casework", "Enrolment")
    PerpetratorLink = apps.get_model("casework", "PerpetratorLink")

    perpetrators = []
    for person in Person.objects.select_related("situation").iterator(chunk_size=500):
        full = f"{person.first_name} {person.last_name}".strip()
        key = blind_index("phonetic", phonetic_name(person.first_name, person.last_name)) if full else ""
        if key != person.phonetic_index:
            Person.objects.filter(pk=person.pk).update(phonetic_index=key)
        if key and person.role == "perpetrator" and person.situation.anonymised_at is None:
            perpetrators.append((person.pk, key, person.birth_date, person.situation))

    # The same man: perpetrators of one phonetic key whose birth dates are close, joined transitively (union-find).
    parent = {pk: pk for pk, *_rest in perpetrators}

    def find(pk):
        while parent[pk] != pk:
            parent[pk] = parent[parent[pk]]
            pk = parent[pk]
        return pk

    by_key = {}
    for entry in perpetrators:
        by_key.setdefault(entry[1], []).append(entry)
    for group in by_key.values():
        for i, (pk_a, _k, birth_a, _s) in enumerate(group):
            for pk_b, _k2, birth_b, _s2 in group[i + 1 :]:
                if _close(birth_a, birth_b):
                    parent[find(pk_a)] = find(pk_b)
    clusters = {}
    for pk, _key, _birth, situation in perpetrators:
        clusters.setdefault(find(pk), []).append((pk, situation))

    companions = {}  # person pk -> {(organisation id, team id, source)}
    for pk, _key, _birth, situation in perpetrators:
        if situation.side == "perpetrator":
            companions.setdefault(pk, set()).add((situation.organisation_id, situation.team_id, "own_file"))
    for referral in Referral.objects.filter(person__role="perpetrator").values("person_id", "receiver_id"):
        companions.setdefault(referral["person_id"], set()).add((referral["receiver_id"], None, "referral"))
    for enrolment in Enrolment.objects.filter(person__role="perpetrator").values(
        "person_id", "organisation_id", "programme__organisation_id"
    ):
        companions.setdefault(enrolment["person_id"], set()).add((enrolment["organisation_id"], None, "enrolment"))
        if enrolment["programme__organisation_id"]:
            companions.setdefault(enrolment["person_id"], set()).add((enrolment["programme__organisation_id"], None, "enrolment"))

    now = datetime.datetime.now(tz=datetime.UTC)
    existing = set(PerpetratorLink.objects.values_list("situation_id", "organisation_id", "team_id"))
    new = []
    for members in clusters.values():
        orgs = set()
        for pk, _situation in members:
            orgs |= companions.get(pk, set())
        for _pk, household in members:
            for organisation_id, team_id, source in sorted(orgs, key=lambda o: (o[0], o[1] or 0, o[2])):
                if household.organisation_id == organisation_id and (team_id is None or team_id == household.team_id):
                    continue
                if (household.pk, organisation_id, team_id) in existing:
                    continue
                existing.add((household.pk, organisation_id, team_id))
                new.append(
                    PerpetratorLink(situation_id=household.pk, organisation_id=organisation_id, team_id=team_id, source=source, created_at=now)
                )
    PerpetratorLink.objects.bulk_create(new, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("casework", "0010_perpetrator_links_and_teams")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
