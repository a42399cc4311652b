"""Exports of the public guide (data·inclusion schema, Open Referral HSDS) and the import of a data·inclusion file.

Exports are built from `presenters` with `professional=False`: a confidential address, phone or capacity never
leaves the platform through them. The import checks every row against data·inclusion's own models and the guide's
rules, and writes nothing unless every row is valid."""

import json
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from directory import hours as hours_module
from directory.forms import PAYLOAD_FIELDS
from directory.models import Place, Service, ServiceAtPlace, normalise_phone
from directory.presenters import present_service
from directory.search import reindex
from directory.taxonomy import (
    ACCESS_MOBILISATION,
    AUDIENCE_PUBLICS,
    CATEGORY_THEMATIQUES,
    THEMATIQUE_CATEGORY,
    AccessMode,
    Audience,
    Category,
)

SOURCE = "maillage"
DI_TYPES = {Category.LEGAL: "information", Category.TRAINING: "formation", Category.SHELTER: "aide-materielle"}


def _public_services():
    return (
        Service.objects.published()
        .select_related("organisation")
        .prefetch_related("category_links", "locations__place__commune", "closures")
        .order_by("organisation__name", "name", "pk")
    )


def _closures(service):
    return list(service.closures.all())


# --- data·inclusion ----------------------------------------------------------------------------------------------


def _di_row(service, data, place=None, hours=""):
    categories = service.category_codes
    thematiques = sorted({theme for code in categories for theme in CATEGORY_THEMATIQUES.get(code, [])})
    publics = sorted({p for code in service.audiences or [] for p in AUDIENCE_PUBLICS.get(code, [])}) or ["tous-publics"]
    modes = service.access_modes or []
    mobilisation = sorted({ACCESS_MOBILISATION[m] for m in modes if m in ACCESS_MOBILISATION})
    phone = (place or {}).get("phone") or data["phone"]
    row = {
        "source": SOURCE,
        "structure_id": f"{SOURCE}--{service.organisation_id}",
        "id": f"{SOURCE}--{service.pk}" + (f"--{place['id']}" if place else ""),
        "nom": service.name[:150] if len(service.name) >= 3 else f"Service {service.name}",
        "description": service.description or service.summary or service.name,
        "date_maj": (service.last_verified_at or service.updated_at.date()).isoformat(),
        "type": DI_TYPES.get(categories[0], "accompagnement") if categories else "accompagnement",
        "thematiques": thematiques or None,
        "frais": "gratuit" if service.fee == "free" else "payant",
        "frais_precisions": service.fee_details or None,
        "publics": publics,
        "conditions_acces": service.access_conditions or None,
        "telephone": phone["number"] if phone and phone["number"].startswith("+") else None,
        "courriel": data["email"] or None,
        "lien_mobilisation": service.website or None,
        "modes_accueil": ["a-distance"] if service.is_remote else (["en-presentiel", "a-distance"] if phone else ["en-presentiel"]),
        "modes_mobilisation": mobilisation or None,
        "mobilisable_par": ["professionnels", "usagers"]
        if any(m not in (AccessMode.PROFESSIONAL_REFERRAL, AccessMode.JUDICIAL) for m in modes)
        else ["professionnels"],
        "horaires_accueil": hours or None,
    }
    if place:
        row.update(
            {
                "commune": place["commune"],
                "code_postal": place["postal_code"] or None,
                "code_insee": place["insee_code"],
                "adresse": place["address"] or None,
                "complement_adresse": place["address_extra"] or None,
                "latitude": place["latitude"],
                "longitude": place["longitude"],
            }
        )
    return row


def datainclusion_services():
    """One data·inclusion service per place where a service is given, and one for a service given remotely only."""
    rows = []
    now = timezone.now()
    for service in _public_services():
        data = present_service(service, professional=False, closures=_closures(service), now=now, full=True)
        if not data["locations"]:
            rows.append(_di_row(service, data, hours=service.hours))
        for shown in data["locations"]:
            rows.append(_di_row(service, data, place=shown["place"], hours=shown["hours"]))
    return rows


def datainclusion_structures():
    rows = []
    seen = set()
    for service in _public_services():
        organisation = service.organisation
        if organisation.pk in seen:
            continue
        seen.add(organisation.pk)
        rows.append(
            {
                "source": SOURCE,
                "id": f"{SOURCE}--{organisation.pk}",
                "nom": organisation.name,
                "date_maj": organisation.created_at.date().isoformat(),
                "siret": organisation.siret or None,
                "courriel": organisation.email or None,
                "site_web": organisation.website or None,
            }
        )
    return rows


# --- Open Referral HSDS ------------------------------------------------------------------------------------------

RRULE_DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def hsds_schedules(text, owner_key, owner_id):
    """HSDS 3.0 `schedule` objects (iCalendar-like fields) for an `opening_hours` text."""
    schedule = hours_module.parse(text)
    out = []
    for index, rule in enumerate(schedule.rules):
        base = {"id": f"{owner_id}-h{index}", owner_key: owner_id, "description": hours_module.describe_rule(rule)}
        if rule.always:
            out.append({**base, "freq": "WEEKLY", "byday": ",".join(RRULE_DAYS), "opens_at": "00:00", "closes_at": "23:59"})
            continue
        if rule.holiday:
            out.append({**base, "notes": "jours fériés", "opens_at": None, "closes_at": None})
            continue
        if rule.nth:
            days = ",".join(f"{n}{RRULE_DAYS[d]}" for d in sorted(rule.weekdays) for n in sorted(rule.nth))
            freq = "MONTHLY"
        else:
            days = ",".join(RRULE_DAYS[d] for d in sorted(rule.weekdays))
            freq = "WEEKLY"
        for number, time_range in enumerate(rule.ranges or ()):
            out.append(
                {
                    **base,
                    "id": f"{owner_id}-h{index}-{number}",
                    "freq": freq,
                    "byday": days,
                    "opens_at": f"{time_range.start // 60:02d}:{time_range.start % 60:02d}",
                    "closes_at": f"{(time_range.end % 1440) // 60:02d}:{time_range.end % 60:02d}",
                }
            )
    return out


def hsds_document():
    """An Open Referral HSDS 3.0 shaped document: organizations, services, locations, service_at_locations."""
    organizations, services, locations, links = {}, [], {}, []
    now = timezone.now()
    for service in _public_services():
        data = present_service(service, professional=False, closures=_closures(service), now=now, full=True)
        org = service.organisation
        organizations.setdefault(
            org.pk,
            {
                "id": f"org-{org.pk}",
                "name": org.name,
                "alternate_name": org.short_name or None,
                "email": org.email or None,
                "website": org.website or None,
            },
        )
        service_id = f"svc-{service.pk}"
        services.append(
            {
                "id": service_id,
                "organization_id": f"org-{org.pk}",
                "name": service.name,
                "description": service.description or service.summary,
                "url": service.website or None,
                "email": data["email"] or None,
                "status": "active",
                "fees_description": data["fee"] + (f" — {service.fee_details}" if service.fee_details else ""),
                "languages": [{"code": code} for code in service.languages or []],
                "phones": [{"id": f"{service_id}-tel", "number": data["phone"]["display"]}] if data["phone"] else [],
                "schedules": hsds_schedules(service.hours, "service_id", service_id),
                "attributes": [
                    {"taxonomy_term": {"term": code, "taxonomy": "maillage-categories", "name": str(Category(code).label)}}
                    for code in service.category_codes
                ]
                + [
                    {"taxonomy_term": {"term": code, "taxonomy": "maillage-publics", "name": str(Audience(code).label)}}
                    for code in service.audiences or []
                ],
                "last_modified": (service.last_verified_at or service.updated_at.date()).isoformat(),
            }
        )
        for shown in data["locations"]:
            place = shown["place"]
            location_id = f"loc-{place['id']}"
            locations.setdefault(
                location_id,
                {
                    "id": location_id,
                    "location_type": "physical",
                    "name": place["name"],
                    "latitude": place["latitude"],
                    "longitude": place["longitude"],
                    "addresses": [
                        {
                            "id": f"{location_id}-adr",
                            "address_1": place["address"] or None,
                            "address_2": place["address_extra"] or None,
                            "city": place["commune"],
                            "postal_code": place["postal_code"],
                            "country": "FR",
                            "address_type": "physical",
                        }
                    ],
                },
            )
            link_id = f"sal-{shown['id']}"
            links.append(
                {
                    "id": link_id,
                    "service_id": service_id,
                    "location_id": location_id,
                    "phones": [{"id": f"{link_id}-tel", "number": place["phone"]["display"]}] if place["phone"] else [],
                    "schedules": hsds_schedules(shown["hours"], "service_at_location_id", link_id),
                }
            )
    return {
        "hsds_version": "3.0",
        "source": SOURCE,
        "generated_at": timezone.now().isoformat(),
        "organizations": list(organizations.values()),
        "services": services,
        "locations": list(locations.values()),
        "service_at_locations": links,
    }


# --- data·inclusion import ---------------------------------------------------------------------------------------


@dataclass
class ImportReport:
    created: int = 0
    errors: list = field(default_factory=list)  # {"line": n, "field": name, "message": text}

    @property
    def ok(self):
        return not self.errors


def _records(content):
    """(line or record number, object) pairs from a JSON array or a JSON Lines file."""
    text = content.decode("utf-8-sig") if isinstance(content, bytes) else content
    stripped = text.lstrip()
    if stripped.startswith("["):
        try:
            items = json.loads(text)
        except json.JSONDecodeError as exc:
            return None, [{"line": exc.lineno, "field": None, "message": f"JSON illisible : {exc.msg}"}]
        return list(enumerate(items, start=1)), []
    records, errors = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            records.append((number, json.loads(line)))
        except json.JSONDecodeError as exc:
            errors.append({"line": number, "field": None, "message": f"JSON illisible : {exc.msg}"})
    return records, errors


# The service's fields as data·inclusion names them, for the import's error messages.
DI_FIELD_NAMES = {
    "name": "nom",
    "description": "description",
    "fee_details": "frais_precisions",
    "access_conditions": "conditions_acces",
    "email": "courriel",
    "website": "lien_mobilisation",
    "hours": "horaires_accueil",
}


def _service_fields(row, phone):
    modes = [m.value for m in row.modes_mobilisation or []]
    access = [code for code, value in ACCESS_MOBILISATION.items() if value in modes]
    return {
        "name": row.nom,
        "description": row.description or "",
        "fee": "free" if (row.frais and row.frais.value == "gratuit") or row.frais is None else "paid",
        "fee_details": row.frais_precisions or "",
        "access_conditions": row.conditions_acces or "",
        "access_modes": sorted(set(access)),
        "is_remote": bool(row.modes_accueil) and [m.value for m in row.modes_accueil] == ["a-distance"],
        "phone": phone,
        "email": row.courriel or "",
        "website": str(row.lien_mobilisation) if row.lien_mobilisation else "",
        "hours": row.horaires_accueil or "",
        "last_verified_at": row.date_maj,
    }


def import_datainclusion(content, *, organisation, acting_membership=None, publish=False):
    """Import data·inclusion services into `organisation`: all rows or none. New services stay unpublished (they go
    through the coordinator's review) unless `publish`."""
    from data_inclusion.schema.v1 import Service as DiService
    from pydantic import ValidationError as PydanticError

    from territory.models import Commune

    report = ImportReport()
    records, errors = _records(content)
    report.errors.extend(errors)
    if records is None:
        return report
    communes = {c.insee_code: c for c in Commune.objects.all()}
    valid = []
    for number, item in records:
        if not isinstance(item, dict):
            report.errors.append({"line": number, "field": None, "message": "un objet JSON est attendu"})
            continue
        try:
            row = DiService.model_validate(item)
        except PydanticError as exc:
            for err in exc.errors():
                report.errors.append({"line": number, "field": ".".join(str(p) for p in err["loc"]) or None, "message": err["msg"]})
            continue
        row_errors = []
        if row.code_insee and row.code_insee not in communes:
            row_errors.append(("code_insee", f"commune inconnue sur ce territoire : {row.code_insee}"))
        if row.horaires_accueil:
            try:
                hours_module.parse(row.horaires_accueil)
            except hours_module.HoursSyntaxError as exc:
                row_errors.append(("horaires_accueil", str(exc)))
        phone = ""
        if row.telephone:
            try:
                phone = normalise_phone(row.telephone)
            except ValueError:
                row_errors.append(("telephone", f"numéro invalide : {row.telephone}"))
        categories = sorted({THEMATIQUE_CATEGORY[t.value] for t in row.thematiques or [] if t.value in THEMATIQUE_CATEGORY})
        if not categories:
            row_errors.append(("thematiques", "aucune thématique du champ des violences intrafamiliales reconnue"))
        fields = _service_fields(row, phone)
        try:
            # The model's own checks (lengths, control characters in any text) before anything is written.
            Service(organisation=organisation, **fields).clean_fields(exclude=["organisation", "phone", "hours"])
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                row_errors.append((DI_FIELD_NAMES.get(name, name), " ".join(messages)))
        try:
            Place(name=row.nom[:200], address=row.adresse or "", address_extra=row.complement_adresse or "").clean_fields(
                exclude=["organisation", "commune", "postal_code", "latitude", "longitude", "phone", "accessibility", "access_notes"]
            )
        except ValidationError as exc:
            names = {"address": "adresse", "address_extra": "complement_adresse", "name": "nom"}
            for name, messages in exc.message_dict.items():
                row_errors.append((names.get(name, name), " ".join(messages)))
        for name, message in row_errors:
            report.errors.append({"line": number, "field": name, "message": message})
        if not row_errors:
            valid.append((row, fields, categories))
    if report.errors:
        return report
    with transaction.atomic():
        created = []
        for row, fields, categories in valid:
            service = Service.objects.create(organisation=organisation, is_published=publish, **fields)
            service.set_categories(categories)
            if row.code_insee:
                place, _ = Place.objects.get_or_create(
                    organisation=organisation,
                    commune=communes[row.code_insee],
                    address=row.adresse or "",
                    defaults={
                        "name": row.nom[:200],
                        "address_extra": row.complement_adresse or "",
                        "postal_code": row.code_postal or "",
                        "latitude": row.latitude,
                        "longitude": row.longitude,
                    },
                )
                ServiceAtPlace.objects.create(service=service, place=place)
            created.append(service)
        if not publish and acting_membership is not None:
            from directory.models import ChangeRequest

            for service in created:
                payload = {name: getattr(service, name) for name in PAYLOAD_FIELDS}
                ChangeRequest.objects.create(
                    service=service,
                    payload={
                        **payload,
                        "categories": service.category_codes,
                        "locations": [{"place": loc.place_id, "hours": "", "phone": "", "notes": ""} for loc in service.locations.all()],
                    },
                    submitted_by=acting_membership,
                )
        reindex(Service.objects.filter(pk__in=[s.pk for s in created]).select_related("organisation"))
        report.created = len(created)
    return report
