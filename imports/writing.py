"""The import itself: all or nothing, on a file whose dry run found no problem (checked again first).

Records are written in batches through the models' own code paths: identifying fields encrypted by their fields, blind
indexes and phonetic name keys computed by `Person.refresh_indexes` and `PersonNameKey.rebuild`, events carrying their
situation's owner; every record created is journaled, as the pages do (one entry per situation, person and event); then
each perpetrator imported goes through `casework.links.recognise`, so that an organisation found to accompany him is
linked (and the victim's organisation told) exactly as if he had been typed in. Guide services go through
`directory.actions.propose_service`: unpublished until the coordinator approves them."""

from django.db import transaction
from django.utils import timezone

from audit.journal import record as journal
from audit.models import Action
from imports import checking
from imports.models import ImportJob, ImportStatus

BATCH = 500


class CheckFailed(Exception):
    def __init__(self, report):
        super().__init__("the file no longer passes its check")
        self.report = report


def _situation_fields(job, record):
    from casework.models import Status

    status = record.get("status") or Status.OPEN
    return {
        "organisation_id": job.organisation_id,
        "team_id": job.team_id,
        "side": job.side or "victim",
        "status": status,
        "opened_on": record.get("opened_on") or record.get("event_date") or timezone.localdate(),
        "closed_on": record.get("closed_on") if status == Status.CLOSED else None,
        "commune_id": record.get("commune_id"),
        "relationship": record.get("relationship", ""),
        "children_count": record.get("children_count", 0),
        "notes": record.get("notes", ""),
        "created_by_id": job.created_by_id,
    }


def _person(situation_id, record, role):
    from casework.models import Person, PersonRole, Sex

    person = Person(
        situation_id=situation_id,
        role=PersonRole.VICTIM if role == "victim" else PersonRole.PERPETRATOR,
        first_name=record.get(f"{role}_first_name", ""),
        last_name=record.get(f"{role}_last_name", ""),
        birth_date=record.get(f"{role}_birth_date"),
        sex=record.get(f"{role}_sex", Sex.UNKNOWN) if role == "victim" else Sex.UNKNOWN,
    )
    if role == "victim":
        person.phone = record.get("victim_phone", "")
        person.email = record.get("victim_email", "")
        person.address = record.get("victim_address", "")
    person.refresh_indexes()
    return person


class CaseworkWriter:
    """Writes one batch of rows at a time; between batches it keeps only the ids of the situations and people that later
    rows of the same reference may add to (memory stays small whatever the file's length)."""

    def __init__(self, job, membership):
        self.job, self.membership = job, membership
        self.situation_ids = {}  # explicit reference → situation id
        self.explicit = set()
        self.person_ids = {}  # (situation id, role, key) → person id, for explicit references
        self.perpetrators = []
        self.created = {"situations": 0, "people": 0, "events": 0}
        self.check = checking.CaseworkCheck(job, checking.Report())

    def write(self, rows):
        from casework.models import Event, Person, PersonNameKey, Situation

        batch_situations = {}
        new_situations = []
        for number, record in rows:
            ref = self.check.ref_key(number, record)
            if ref not in self.situation_ids and ref not in batch_situations:
                situation = Situation(**_situation_fields(self.job, record))
                batch_situations[ref] = situation
                new_situations.append((number, situation))
        Situation.objects.bulk_create([s for _n, s in new_situations], batch_size=BATCH)
        for ref, situation in batch_situations.items():
            if ref.startswith("ref:"):
                self.situation_ids[ref] = situation.pk
                self.explicit.add(situation.pk)

        def situation_id(number, record):
            ref = self.check.ref_key(number, record)
            return self.situation_ids.get(ref) or batch_situations[ref].pk

        batch_people = {}
        new_people = []
        for number, record in rows:
            sid = situation_id(number, record)
            for role in ("victim", "perpetrator"):
                key = self.check.person_key(record, role)
                if key is None or (sid, role, key) in self.person_ids or (sid, role, key) in batch_people:
                    continue
                person = _person(sid, record, role)
                batch_people[(sid, role, key)] = person
                new_people.append(person)
        Person.objects.bulk_create(new_people, batch_size=BATCH)
        PersonNameKey.rebuild(new_people)
        for (sid, role, key), person in batch_people.items():
            if sid in self.explicit:
                self.person_ids[(sid, role, key)] = person.pk
        events = []
        for number, record in rows:
            if not record.get("event_kind"):
                continue
            sid = situation_id(number, record)
            key = self.check.person_key(record, "victim")
            person_id = None
            if key:
                person = batch_people.get((sid, "victim", key))
                person_id = person.pk if person else self.person_ids.get((sid, "victim", key))
            events.append(
                Event(
                    situation_id=sid,
                    person_id=person_id,
                    kind=record["event_kind"],
                    date=record["event_date"],
                    end_date=record.get("event_end_date"),
                    notes=record.get("event_notes", ""),
                    organisation_id=self.job.organisation_id,
                    owner_id=self.job.organisation_id,
                    author_id=self.job.created_by_id,
                )
            )
        Event.objects.bulk_create(events, batch_size=BATCH)
        for number, situation in new_situations:
            journal(Action.CREATE, membership=self.membership, target=situation, detail={"import": self.job.pk, "row": number})
        for person in new_people:
            journal(
                Action.CREATE, membership=self.membership, target=person, detail={"situation": person.situation_id, "import": self.job.pk}
            )
            if person.role == "perpetrator":
                self.perpetrators.append(person.pk)
        for event in events:
            journal(
                Action.CREATE,
                membership=self.membership,
                target=event,
                detail={"situation": event.situation_id, "kind": event.kind, "import": self.job.pk},
            )
        self.created["situations"] += len(new_situations)
        self.created["people"] += len(new_people)
        self.created["events"] += len(events)

    def finish(self):
        from casework import links
        from casework.models import Person

        linked = 0
        with links.acting(self.membership.user):
            for start in range(0, len(self.perpetrators), BATCH):
                ids = self.perpetrators[start : start + BATCH]
                for person in Person.objects.filter(pk__in=ids).select_related("situation__organisation", "situation__team"):
                    linked += len(links.recognise(person))
        self.created["perpetrator_links"] = linked
        return self.created


class DirectoryWriter:
    def __init__(self, job, membership):
        self.job, self.membership = job, membership
        self.created = {"services": 0}
        self.first_change = None

    def write(self, rows):
        from directory.actions import propose_service
        from directory.forms import PAYLOAD_FIELDS
        from directory.models import Service

        defaults = {f.name: f.get_default() for f in Service._meta.get_fields() if f.name in PAYLOAD_FIELDS and hasattr(f, "get_default")}
        for _number, record in rows:
            payload = {name: record.get(name, defaults.get(name)) for name in PAYLOAD_FIELDS}
            payload["languages"] = payload.get("languages") or ["fr"]
            payload["categories"] = record.get("categories", [])
            change = propose_service(acting_membership=self.membership, payload=payload, locations=[], announce=False)
            self.first_change = self.first_change or change
            self.created["services"] += 1

    def finish(self):
        from notifications import events

        if self.first_change is not None:
            events.directory_changes_imported(self.job, self.created["services"])
        return self.created


class ActionWriter:
    def __init__(self, job, membership):
        self.job, self.membership = job, membership
        self.plan = checking.current_plan()
        self.created = {"actions": 0}

    def write(self, rows):
        from network.models import Action as PlanAction
        from network.models import ActionAudience, ActionStatus

        for _number, record in rows:
            action = PlanAction.objects.create(
                plan=self.plan,
                lead_id=self.job.organisation_id,
                title=record["title"],
                axis=record["axis"],
                kind=record["kind"],
                audience=record.get("audience") or ActionAudience.PROFESSIONALS,
                starts_on=record["starts_on"],
                ends_on=record["ends_on"],
                status=record.get("status") or ActionStatus.PLANNED,
                budget=record.get("budget") or 0,
                description=record.get("description", ""),
            )
            journal(Action.CREATE, membership=self.membership, target=action, detail={"import": self.job.pk})
            self.created["actions"] += 1

    def finish(self):
        return self.created


def run(job_id):
    """Import a checked job; returns the job. On any problem nothing is written and the job says why."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job_id)
        if job.status not in (ImportStatus.CHECKED, ImportStatus.QUEUED):
            return job
        job.status = ImportStatus.RUNNING
        job.save(update_fields=["status"])
    try:
        with transaction.atomic():
            created = _write(job)
    except CheckFailed as failed:
        ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.INVALID, report=failed.report.as_json())
        job.refresh_from_db()
        return job
    except Exception:
        ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.FAILED, finished_at=timezone.now())
        raise
    with transaction.atomic():
        report = {**job.report, "created": created}
        ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.DONE, finished_at=timezone.now(), report=report)
        job.chunks.all().delete()  # imported: the file is no longer kept
    job.refresh_from_db()
    return job


def _write(job):
    from accounts.models import Membership

    membership = Membership.objects.select_related("organisation", "user", "team").get(pk=job.membership_id)
    report = checking.dry_run(job)
    if report.problem_count:
        raise CheckFailed(report)
    writers = {"casework": CaseworkWriter, "actions": ActionWriter}
    writer = writers.get(job.kind, DirectoryWriter)(job, membership)
    batch = []
    parse_report = checking.Report()
    for number, record in checking.parsed_rows(job, parse_report):
        if job.kind == "casework":
            if "commune" in record:
                record["commune_id"] = writer.check.commune_code(record["commune"])
        elif job.kind == "directory":
            _normalise_directory(record)
        batch.append((number, record))
        if len(batch) >= BATCH:
            writer.write(batch)
            batch = []
    if batch:
        writer.write(batch)
    journal(Action.CREATE, membership=membership, target=job, detail={"kind": job.kind, "rows": report.rows})
    return writer.finish()


def _normalise_directory(record):
    from directory.hours_fr import parse_french
    from directory.models import normalise_phone

    if record.get("phone"):
        record["phone"] = normalise_phone(record["phone"])
    if record.get("website") and "://" not in record["website"]:
        record["website"] = f"https://{record['website']}"
    if record.get("hours"):
        record["hours"] = parse_french(record["hours"])
