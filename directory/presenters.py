"""What a reader may see of a service, a place or a helpline: the one gate for confidential fields.

Every public page, the API, the exports and the PDFs build their data here, with `professional=True` only for a
logged-in member of an organisation. A confidential address leaves only the commune; a confidential phone or
capacity disappears; coordinates follow the address."""

from datetime import datetime

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from directory import hours as hours_module
from directory.models import Closure, display_phone
from directory.search import overrides_for
from directory.taxonomy import Accessibility, AccessMode, Audience, Category, Fee, Language, translated_labels

WEEKDAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]


def phone_link(number):
    if not number:
        return None
    return {
        "number": number,
        "display": display_phone(number),
        "tel": f"tel:{number}",
        "sms": f"sms:{number}" if number.startswith("+336") or number.startswith("+337") else "",
    }


def present_place(place, *, professional, location=None):
    hidden_address = place.is_confidential("address") and not professional
    hidden_phone = place.is_confidential("phone") and not professional
    phone = (location.phone if location and location.phone else "") or place.phone
    if location and location.phone and location.service.is_confidential("phone") and not professional:
        phone = ""
    return {
        "id": place.pk,
        "name": place.name,
        "address": "" if hidden_address else place.address,
        "address_extra": "" if hidden_address else place.address_extra,
        "postal_code": place.postal_code,
        "commune": place.commune.name,
        "insee_code": place.commune_id,
        "latitude": None if hidden_address else place.latitude,
        "longitude": None if hidden_address else place.longitude,
        "address_confidential": place.is_confidential("address"),
        "address_hidden": hidden_address,
        "phone": None if hidden_phone else phone_link(phone),
        "accessibility": translated_labels(Accessibility, [place.accessibility])[0] if place.accessibility else "",
        "access_notes": "" if hidden_address else place.access_notes,
    }


def opening_status(schedule, overrides, now):
    """{"open": bool, "label": "Ouvert jusqu'à 12:00" / "Ouvre mardi 9:00"} in French, Paris time."""
    if schedule.empty:
        return {"open": None, "label": _("Horaires : se renseigner")}
    if hours_module.is_open(schedule, now, overrides):
        occurrence = hours_module.next_opening(schedule, now, overrides)
        if (occurrence and (occurrence.end - occurrence.start).days >= 1) or schedule.always_open:
            return {"open": True, "label": _("Ouvert 24 h/24")}
        until = occurrence.end.astimezone(hours_module.PARIS).strftime("%H:%M") if occurrence else ""
        return {"open": True, "label": _("Ouvert jusqu'à %(h)s") % {"h": until}}
    occurrence = hours_module.next_opening(schedule, now, overrides)
    if occurrence is None:
        return {"open": False, "label": _("Fermé")}
    start = occurrence.start.astimezone(hours_module.PARIS)
    local_now = now.astimezone(hours_module.PARIS)
    if start.date() == local_now.date():
        when = _("aujourd'hui")
    elif (start.date() - local_now.date()).days == 1:
        when = _("demain")
    elif (start.date() - local_now.date()).days < 7:
        when = WEEKDAYS[start.weekday()]
    else:
        when = f"{WEEKDAYS[start.weekday()]} {formats.date_format(start.date(), 'j F')}"
    return {"open": False, "label": _("Fermé — ouvre %(when)s à %(h)s") % {"when": when, "h": start.strftime("%H:%M")}}


def present_service(service, *, professional, location=None, closures=None, now=None, distance=None, full=False):
    """A dict for templates and the API. `location` is the place the reader is shown first (the nearest)."""
    now = now or timezone.now()
    if closures is None:
        closures = list(Closure.objects.filter(service=service)) if full or location is not None or service.is_remote else []
    hidden = {name for name in (service.confidential_fields or []) if not professional}
    data = {
        "id": service.pk,
        "name": service.name,
        "summary": service.summary,
        "organisation": service.organisation.name,
        "organisation_short": str(service.organisation),
        "categories": [
            {"code": code, "label": label}
            for code, label in zip(service.category_codes, translated_labels(Category, service.category_codes), strict=True)
        ],
        "audiences": translated_labels(Audience, service.audiences or []),
        "audience_codes": list(service.audiences or []),
        "fee": translated_labels(Fee, [service.fee])[0] if service.fee else "",
        "fee_details": service.fee_details,
        "is_remote": service.is_remote,
        "phone": None if "phone" in hidden else phone_link(service.phone),
        "email": "" if "email" in hidden else service.email,
        "website": service.website,
        "distance_km": round(distance, 1) if distance is not None else None,
        "last_verified_at": service.last_verified_at,
        "is_stale": service.is_stale(),
        "is_published": service.is_published,
    }
    schedule = location.schedule() if location is not None else service.schedule()
    data["status"] = opening_status(schedule, overrides_for(closures, location), now)
    data["place"] = present_place(location.place, professional=professional, location=location) if location is not None else None
    if full:
        today = timezone.localdate()
        data.update(
            {
                "description": service.description,
                "access_modes": translated_labels(AccessMode, service.access_modes or []),
                "access_mode_codes": list(service.access_modes or []),
                "access_conditions": service.access_conditions,
                "languages": translated_labels(Language, service.languages or []),
                "hours": service.hours,
                "hours_lines": service.schedule().describe(),
                "hours_notes": service.hours_notes,
                "capacity": None if "capacity" in hidden else service.capacity,
                "available_places": None if "capacity" in hidden else service.available_places,
                "availability_updated_at": None if "capacity" in hidden else service.availability_updated_at,
                "closures": [
                    {"start": c.start_date, "end": c.end_date, "hours": c.hours, "reason": c.reason}
                    for c in closures
                    if c.end_date >= today and c.location_id is None
                ],
                "locations": [],
            }
        )
        for loc in service.locations.select_related("place__commune").order_by("place__commune__name", "place__name"):
            loc_schedule = loc.schedule()
            data["locations"].append(
                {
                    "id": loc.pk,
                    "place": present_place(loc.place, professional=professional, location=loc),
                    "hours": loc.effective_hours,
                    "hours_lines": loc_schedule.describe(),
                    "notes": loc.notes,
                    "status": opening_status(loc_schedule, overrides_for(closures, loc), now),
                    "next": []
                    if loc_schedule.always_open
                    else [
                        _occurrence_label(o)
                        for o in hours_module.occurrences(loc_schedule, today, 35, overrides_for(closures, loc))
                        if o.end > now
                    ][:3],
                    "closures": [
                        {"start": c.start_date, "end": c.end_date, "hours": c.hours, "reason": c.reason}
                        for c in closures
                        if c.end_date >= today and c.location_id == loc.pk
                    ],
                }
            )
    return data


def _occurrence_label(occurrence):
    start: datetime = occurrence.start.astimezone(hours_module.PARIS)
    end = occurrence.end.astimezone(hours_module.PARIS)
    return f"{WEEKDAYS[start.weekday()]} {formats.date_format(start.date(), 'j F')}, {start:%H:%M}-{end:%H:%M}"


def present_helpline(helpline, now=None):
    now = now or timezone.now()
    schedule = helpline.schedule()
    return {
        "id": helpline.pk,
        "name": helpline.name,
        "kind": helpline.kind,
        "kind_label": str(helpline.get_kind_display()),
        "number": helpline.number,
        "display_number": helpline.display_number,
        "href": helpline.href,
        "chat_url": helpline.chat_url,
        "description": helpline.description,
        "is_free": helpline.is_free,
        "is_emergency": helpline.is_emergency,
        "scope": helpline.scope,
        "hours": helpline.hours,
        "hours_lines": schedule.describe(),
        "status": opening_status(schedule, [], now) if not schedule.empty else {"open": None, "label": ""},
        "languages": translated_labels(Language, helpline.languages or []),
        "needs": list(helpline.needs or []),
        "source_url": helpline.source_url,
    }
