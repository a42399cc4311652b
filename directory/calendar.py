"""iCalendar feed of a service's permanences: each opening of the coming weeks, computed by `directory.hours`
(so closures, public holidays and "2nd Tuesday" rules are already applied), with public location details only."""

from django.utils import timezone
from icalendar import Calendar, Event

from directory import hours as hours_module
from directory.presenters import present_service
from directory.search import overrides_for

HORIZON_DAYS = 92


def service_calendar(service, *, host="maillage"):
    calendar = Calendar()
    calendar.add("prodid", "-//Maillage//Guide//FR")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", service.name)
    calendar.add("x-wr-timezone", "Europe/Paris")
    closures = list(service.closures.all())
    data = present_service(service, professional=False, closures=closures, full=True)
    today = timezone.localdate()
    stamp = timezone.now()
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
            event.add("uid", f"service-{service.pk}-{location.pk if location else 0}-{occurrence.start:%Y%m%dT%H%M}@{host}")
            event.add("dtstamp", stamp)
            event.add("dtstart", occurrence.start)
            event.add("dtend", occurrence.end)
            event.add("summary", service.name)
            if where:
                event.add("location", where)
            if data["phone"]:
                event.add("description", f"Téléphone : {data['phone']['display']}")
            calendar.add_component(event)
    return calendar.to_ical()
