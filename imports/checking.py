"""The dry run: every row read, every cell parsed and checked, every problem reported with its row, its column, the
value found and what was expected; what the import would create counted, and the first rows shown. Nothing is written.
The same reading feeds the import (imports.writing), which runs only on a file the check passed."""

import datetime
from dataclasses import asdict, dataclass

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator

from casework.crypto import blind_index
from imports import storage
from imports.fields import Invalid, fields_for, plain

MAX_PROBLEMS = 500
PREVIEW_ROWS = 15
LOOKUP_BATCH = 1000


@dataclass
class Problem:
    row: int
    column: str
    value: str
    expected: str


def _shown(value):
    if isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "…"


class Report:
    def __init__(self):
        self.problems = []
        self.problem_count = 0
        self.rows = 0
        self.counts = {}
        self.preview = []
        self.notes = []

    def add(self, row, column, value, expected):
        self.problem_count += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(row, column, _shown(value), expected))

    def count(self, key, n=1):
        self.counts[key] = self.counts.get(key, 0) + n

    def as_json(self):
        return {
            "rows": self.rows,
            "counts": self.counts,
            "problem_count": self.problem_count,
            "problems": [asdict(p) for p in sorted(self.problems, key=lambda p: (p.row, p.column))],
            "preview": self.preview,
            "notes": self.notes,
        }


def column_label(job, index):
    header = job.headers[index] if index < len(job.headers) else ""
    letter = storage.column_letter(index)
    return f"{letter} ({header})" if header else letter


def parsed_rows(job, report):
    """Yield (row number, record) for each non-empty data row; cell problems go to the report."""
    fields = {f.key: f for f in fields_for(job.kind)}
    mapping = {int(i): key for i, key in job.mapping.items() if key in fields}
    width = len(job.headers)
    labels = [column_label(job, index) for index in range(width)]
    for first_col, first_row, last_col, last_row in storage.xlsx_merged(job):
        span = f"{storage.column_letter(first_col)}{first_row}:{storage.column_letter(last_col)}{last_row}"
        report.add(
            first_row,
            column_label(job, first_col),
            span,
            f"une valeur dans chaque cellule : les cellules {span} sont fusionnées. Défusionnez-les et recopiez la valeur sur chaque ligne",
        )
    for number, values in storage.rows(job):
        if number == 1:
            continue
        if all(v == "" for v in values):
            continue
        report.rows += 1
        record = {"_row": number, "_columns": {}}
        for index, value in enumerate(values):
            if value == "":
                continue
            if index >= width or not job.headers[index]:
                report.add(number, column_label(job, index), value, "rien hors des colonnes nommées : cette colonne n'a pas d'en-tête")
                continue
            key = mapping.get(index)
            if key is None:
                continue
            record["_columns"][key] = labels[index]
            try:
                record[key] = fields[key].parse(value)
            except Invalid as exc:
                report.add(number, labels[index], value, exc.expected)
                record.setdefault("_failed", set()).add(key)
        yield number, record


def column_of(job, key):
    for index, mapped in job.mapping.items():
        if mapped == key:
            return column_label(job, int(index))
    return "—"


class CaseworkCheck:
    """Rows grouped by file reference (no reference: one situation per row); a situation needs a person named on its
    first row; the same victim under two references, or already followed by the organisation, is a duplicate."""

    def __init__(self, job, report):
        from territory.models import Commune

        self.job, self.report = job, report
        self.refs = {}
        self.people = set()
        self.victims = {}
        self.pending = []
        communes = Commune.objects.order_by().values_list("insee_code", "name")
        self.communes, self._commune_cache = {}, {}
        for code, name in communes:
            self.communes[code] = code
            self.communes.setdefault(plain(name), code)

    def commune_code(self, value):
        value = value.strip()
        if value not in self._commune_cache:
            if len(self._commune_cache) > 5000:
                self._commune_cache.clear()
            self._commune_cache[value] = self.communes.get(value) or self.communes.get(plain(value))
        return self._commune_cache[value]

    @staticmethod
    def missing(record, key):
        """Absent, rather than given but unreadable (already reported)."""
        return key not in record and key not in record.get("_failed", ())

    def ref_key(self, number, record):
        reference = record.get("reference")
        return f"ref:{plain(reference)}" if reference else f"row:{number}"

    def person_key(self, record, role):
        first, last = record.get(f"{role}_first_name", ""), record.get(f"{role}_last_name", "")
        if not first and not last:
            return None
        birth = record.get(f"{role}_birth_date")
        return blind_index(f"{first} {last}", birth) if birth else blind_index(f"{first} {last}")

    def check(self, number, record):
        job, report = self.job, self.report
        ref = self.ref_key(number, record)
        new = ref not in self.refs
        for role, label in (("victim", "de la victime"), ("perpetrator", "de l'auteur")):
            has_first, has_last = bool(record.get(f"{role}_first_name")), bool(record.get(f"{role}_last_name"))
            if has_first != has_last:
                missing = f"{role}_first_name" if not has_first else f"{role}_last_name"
                report.add(number, column_of(job, missing), "", f"le nom et le prénom {label} (l'un est donné sans l'autre)")
        if new and ref.startswith("ref:"):
            self.refs[ref] = number
        if new:
            if not (record.get("victim_last_name") or record.get("perpetrator_last_name")):
                report.add(
                    number,
                    column_of(job, "victim_last_name"),
                    "",
                    "le nom et le prénom de la victime (ou de l'auteur) sur la première ligne de chaque dossier",
                )
            report.count("situations")
        if record.get("status") == "closed" and self.missing(record, "closed_on"):
            report.add(number, column_of(job, "closed_on"), "", "la date de clôture d'un dossier clos")
        if record.get("closed_on") and record.get("opened_on") and record["closed_on"] < record["opened_on"]:
            report.add(number, column_of(job, "closed_on"), record["closed_on"], "une date de clôture après la date d'ouverture")
        if "commune" in record:
            code = self.commune_code(record["commune"])
            if code is None:
                report.add(
                    number,
                    record["_columns"]["commune"],
                    record["commune"],
                    "une commune du territoire (son nom exact ou son code INSEE à 5 chiffres)",
                )
            else:
                record["commune_id"] = code
        for role in ("victim", "perpetrator"):
            key = self.person_key(record, role)
            if key is None:
                continue
            if ref.startswith("ref:"):
                # Only a reference brings rows together: a row of its own cannot repeat a person of its situation.
                if (ref, role, key[:16]) in self.people:
                    continue
                self.people.add((ref, role, key[:16]))
            report.count("people")
            if role == "victim":
                # A compact key (64 bits of the blind index) and the row numbers: memory stays small for 100 000 rows.
                compact = int(key[:16], 16)
                ref_row = self.refs.get(ref, number)
                seen = self.victims.get(compact)
                if seen is not None and seen[1] != ref_row:
                    report.add(
                        number,
                        column_of(job, "victim_last_name"),
                        f"{record.get('victim_first_name', '')} {record.get('victim_last_name', '')}",
                        f"une seule fois chaque victime : la même personne qu'à la ligne {seen[0]}, sous une autre référence. "
                        "Regroupez ses lignes sous la même référence de dossier, ou retirez le doublon",
                    )
                else:
                    self.victims.setdefault(compact, (number, ref_row))
                birth = record.get("victim_birth_date")
                if birth:
                    identity = blind_index(f"{record['victim_first_name']} {record['victim_last_name']}", birth)
                    self.pending.append((number, identity))
        if record.get("event_kind") or record.get("event_date") or {"event_kind", "event_date"} & record.get("_failed", set()):
            if not record.get("event_kind"):
                if self.missing(record, "event_kind"):
                    report.add(number, column_of(job, "event_kind"), "", "le type de l'événement daté sur cette ligne")
            elif not record.get("event_date"):
                if self.missing(record, "event_date"):
                    report.add(number, column_of(job, "event_date"), "", "la date de l'événement")
            elif record.get("event_end_date") and record["event_end_date"] < record["event_date"]:
                report.add(
                    number, column_of(job, "event_end_date"), record["event_end_date"], "une date de fin après la date de l'événement"
                )
            else:
                report.count("events")
        if len(self.pending) >= LOOKUP_BATCH:
            self.flush()
        if len(report.preview) < PREVIEW_ROWS:
            report.preview.append(
                {
                    "row": number,
                    "situation": "nouvelle" if new else f"même dossier que la ligne {self.refs[ref]}",
                    "people": ", ".join(
                        label for role, label in (("victim", "victime"), ("perpetrator", "auteur")) if record.get(f"{role}_last_name")
                    ),
                    "event": str(record.get("event_kind", "")),
                }
            )

    def flush(self):
        """Victims the organisation already follows (same name and birth date: the blind index, never a name)."""
        from casework.models import Person, PersonRole

        if not self.pending:
            return
        found = dict(
            Person.objects.filter(
                identity_index__in={i for _n, i in self.pending},
                role=PersonRole.VICTIM,
                situation__organisation_id=self.job.organisation_id,
            )
            .order_by()
            .values_list("identity_index", "situation_id")
        )
        from casework.models import Situation

        for number, identity in self.pending:
            if identity in found:
                self.report.add(
                    number,
                    column_of(self.job, "victim_last_name"),
                    "",
                    f"une victime que votre organisation ne suit pas déjà : elle figure dans la situation {Situation.reference_of(found[identity])}. "
                    "Retirez cette ligne, et complétez cette situation à la main",
                )
        self.pending = []

    def finish(self):
        self.flush()


class DirectoryCheck:
    def __init__(self, job, report):
        from directory.models import Service

        self.job, self.report = job, report
        self.names = {}
        self.existing = {plain(n) for n in Service.objects.filter(organisation_id=job.organisation_id).values_list("name", flat=True)}

    def check(self, number, record):
        from directory.hours_fr import FrenchHoursError, parse_french
        from directory.models import normalise_phone

        job, report = self.job, self.report
        name = record.get("name")
        if not name:
            report.add(number, column_of(job, "name"), "", "le nom du service")
        else:
            key = plain(name)
            if key in self.names:
                report.add(number, column_of(job, "name"), name, f"un nom de service unique : déjà à la ligne {self.names[key]}")
            elif key in self.existing:
                report.add(
                    number,
                    column_of(job, "name"),
                    name,
                    "un service nouveau : votre organisation a déjà un service de ce nom dans le guide",
                )
            self.names.setdefault(key, number)
        if record.get("phone"):
            try:
                record["phone"] = normalise_phone(record["phone"])
            except ValueError:
                report.add(
                    number, record["_columns"]["phone"], record["phone"], "un numéro de téléphone (03 27 00 00 00, 06 12 34 56 78 ou 3919)"
                )
        if record.get("email"):
            try:
                EmailValidator()(record["email"])
            except ValidationError:
                report.add(number, record["_columns"]["email"], record["email"], "une adresse e-mail (nom@exemple.fr)")
        if record.get("website"):
            site = record["website"] if "://" in record["website"] else f"https://{record['website']}"
            try:
                URLValidator(schemes=["http", "https"])(site)
                record["website"] = site
            except ValidationError:
                report.add(number, record["_columns"]["website"], record["website"], "une adresse de site (https://exemple.fr)")
        if record.get("hours"):
            try:
                record["hours"] = parse_french(record["hours"])
            except FrenchHoursError:
                report.add(
                    number,
                    record["_columns"]["hours"],
                    record["hours"],
                    "des horaires en français (« du lundi au vendredi de 9h à 12h ») ou au format OpenStreetMap (« Mo-Fr 09:00-12:00 »)",
                )
        report.count("services")
        if len(report.preview) < PREVIEW_ROWS:
            report.preview.append({"row": number, "situation": name or "—", "people": "", "event": ", ".join(record.get("categories", []))})

    def finish(self):
        pass


class ActionCheck:
    """Actions of the importing organisation, added to the action plan in force (the coordinator creates plans)."""

    REQUIRED = {
        "title": "l'intitulé de l'action",
        "axis": "l'axe du plan",
        "kind": "le type d'action",
        "starts_on": "la date de début",
        "ends_on": "la date de fin",
    }

    def __init__(self, job, report):
        from network.models import Action

        self.job, self.report = job, report
        self.plan = current_plan()
        self.titles = {}
        self.existing = set()
        if self.plan is not None:
            led = Action.objects.filter(plan=self.plan, lead_id=job.organisation_id).values_list("title", flat=True)
            self.existing = {plain(title) for title in led}

    def check(self, number, record):
        job, report = self.job, self.report
        if self.plan is None and number == 2:
            report.add(number, "—", "", "un plan d'action en cours : la coordination du réseau doit d'abord en créer un")
        for key, expected in self.REQUIRED.items():
            if key in job.mapping.values() and not record.get(key) and key not in record.get("_failed", ()):
                report.add(number, column_of(job, key), "", expected)
        title = record.get("title")
        if title:
            key = plain(title)
            if key in self.titles:
                report.add(number, column_of(job, "title"), title, f"un intitulé unique : déjà à la ligne {self.titles[key]}")
            elif key in self.existing:
                report.add(
                    number, column_of(job, "title"), title, "une action nouvelle : votre organisation pilote déjà une action de ce nom"
                )
            self.titles.setdefault(key, number)
        starts, ends = record.get("starts_on"), record.get("ends_on")
        if starts and ends and ends < starts:
            report.add(number, column_of(job, "ends_on"), ends.strftime("%d/%m/%Y"), "une date de fin après le début")
        report.count("actions")
        if len(report.preview) < PREVIEW_ROWS:
            report.preview.append({"row": number, "situation": title or "—", "people": "", "event": record.get("kind", "")})

    def finish(self):
        pass


def current_plan():
    """The action plan whose period holds today, else the latest one; None when the network has none."""
    from django.utils import timezone

    from network.models import ActionPlan

    today = timezone.localdate()
    return ActionPlan.objects.filter(starts_on__lte=today, ends_on__gte=today).first() or ActionPlan.objects.first()


def checker(job, report):
    checks = {"casework": CaseworkCheck, "actions": ActionCheck}
    return checks.get(job.kind, DirectoryCheck)(job, report)


def dry_run(job):
    """Read and check the whole file; returns the report (nothing written)."""
    report = Report()
    try:
        check = checker(job, report)
        for number, record in parsed_rows(job, report):
            check.check(number, record)
        check.finish()
    except storage.UnreadableFile as exc:
        report.add(0, "—", "", str(exc))
    if report.rows == 0:
        report.add(2, "—", "", "au moins une ligne de données sous la ligne des en-têtes")
    return report
