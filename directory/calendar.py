"""iCalendar feed of a service's permanences: each opening of the coming weeks, computed by `directory.hours`
(so closures, public holidays and "2nd Tuesday" rules are already applied), with public location details only.

Every text written to the feed goes through `_line` or `_text` first, then the icalendar library's own text type
(vText), which escapes commas, semicolons, backslashes and line breaks: no value can break out of its line, even
one stored before the guide refused control characters (icalendar leaves a bare carriage return as it is in some
properties, X-WR-CALNAME and NAME among them)."""

import re

from django.utils import timezone
from icalendar import Calendar, Event, vText

from directory import hours as hours_module
from directory.presenters import present_service
from directory.search import overrides_for

HORIZON_DAYS = 92
_BREAKS = re.compile(r"\r\n|[\r\n\u2028\u2029\x0b\x0c\x85]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _line(value):
    """One line of text: any line break becomes a space, any other control character goes."""
    return vText(" ".join(_CONTROL.sub("", _BREAKS.sub(" ", str(value or ""))).split()))


def _text(value):
    """Text that may hold line breaks (written escaped as \\n by vText); other control characters go."""
    return vText(_CONTROL.sub("", _BREAKS.sub("\n", str(value or ""))).replace("\t", " "))


def service_calendar(service, *, host="maillage"):
    name = _line(service.name)
    calendar = Calendar()
    calendar.add("prodid", "-//Maillage//Guide//FR")
    calendar.add("version", "2.0")
    calendar.add("name", name)  # RFC 7986
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", vText("Europe/Paris"))
    closures = list(service.closures.all())
    data = present_service(service, professional=False, closures=closures, full=True)
    today = timezone.localdate()
    stamp = timezone.now()
    host = re.sub(r"[^A-Za-z0-9.-]", "", host) or "maillage"
    sources = [
        (loc, shown) for loc in service.locations.select_related("place__commune") for shown in data["locations"] if shown["id"] == loc.pk
    ]
    if not sources and not service.schedule().empty:
        sources = [(None, None)]
    for location, shown in sources:
        schedule = location.schedule() if location else service.schedule()
        if schedule.always_open:
            continue  # a 24/7 line is not a list of events
        where = ""
        if shown:
            place = shown["place"]
            where = ", ".join(
                part for part in (place["name"], place["address"], f"{place['postal_code']} {place['commune']}".strip()) if part
            )
        for occurrence in hours_module.occurrences(schedule, today, HORIZON_DAYS, overrides_for(closures, location)):
            event = Event()
            event.add("uid", vText(f"service-{service.pk}-{location.pk if location else 0}-{occurrence.start:%Y%m%dT%H%M}@{host}"))
            event.add("dtstamp", stamp)
            event.add("dtstart", occurrence.start)
            event.add("dtend", occurrence.end)
            event.add("summary", name)
            if where:
                event.add("location", _line(where))
            if data["phone"]:
                event.add("description", _text(f"Téléphone : {data['phone']['display']}"))
            calendar.add_component(event)
    return calendar.to_ical()
