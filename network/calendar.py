"""Every dated item of the network for one organisation: training sessions, working-group meetings and tasks, the
plan's milestones, and, when those apps are installed, the committee's meetings and actions and the calls' dates.
The same list makes the calendar page and the organisation's iCalendar feed; no item names a person.

Every text written to the feed goes through the guide's escaping (`directory.calendar._line`/`_text`, then vText),
which fixed the guide's injection bug: no value can break out of its line."""

import datetime
import hashlib
import importlib
import re
from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vText

from directory.calendar import _line, _text
from network.models import GroupMeeting, GroupTask, Milestone, TrainingSession


@dataclass
class Item:
    kind: str
    title: str
    date: datetime.date
    url: str
    start: datetime.datetime | None = None
    end: datetime.datetime | None = None
    place: str = ""
    late: bool = False


KIND_LABELS = {
    "training_session": "Formation",
    "group_meeting": "Groupe de travail",
    "group_task": "Tâche",
    "milestone": "Jalon du plan",
    "committee_meeting": "Comité",
    "committee_action": "Comité",
    "call_opens": "Appel à projets",
    "call_deadline": "Appel à projets",
    "call_decision": "Appel à projets",
}


def _aware(date, time):
    return timezone.make_aware(datetime.datetime.combine(date, time))


def _other_apps(organisation, external=False):
    """Items of the committee and the calls when their apps on main offer `queries.calendar_items(organisation)`."""
    items = []
    for app in ("committee", "calls"):
        try:
            module = importlib.import_module(f"{app}.queries")
        except ModuleNotFoundError:
            continue
        provider = getattr(module, "calendar_items", None)
        if provider is None:
            continue
        for row in provider(organisation, external=external):
            when = row["date"]
            start = None
            if isinstance(when, datetime.datetime):
                start, when = when, timezone.localtime(when).date() if timezone.is_aware(when) else when.date()
            items.append(Item(row.get("kind", app), str(row["title"]), when, row.get("url", ""), start=start))
    return items


def items_for(organisation, start=None, end=None, *, whole_network=False, external=False):
    """The organisation's dated items between `start` and `end` (inclusive), in date order. `whole_network` (the
    coordinator) adds every group's meetings and tasks and every milestone. `external`: for the iCalendar feed, which
    leaves the platform (titles name no situation)."""
    today = timezone.localdate()
    items = []
    sessions = TrainingSession.objects.select_related("cycle")
    meetings = GroupMeeting.objects.select_related("group")
    tasks = GroupTask.objects.filter(done_on__isnull=True).select_related("group")
    milestones = Milestone.objects.select_related("action").exclude(action__status="cancelled")
    if not whole_network:
        meetings = meetings.filter(Q(group__convener=organisation) | Q(group__members__organisation=organisation)).distinct()
        tasks = tasks.filter(owner__organisation=organisation)
        milestones = milestones.filter(Q(action__lead=organisation) | Q(action__partners=organisation)).distinct()
    if start is not None:
        sessions, meetings = sessions.filter(date__gte=start), meetings.filter(date__gte=start)
        tasks, milestones = tasks.filter(due_on__gte=start), milestones.filter(due_on__gte=start)
    if end is not None:
        sessions, meetings = sessions.filter(date__lte=end), meetings.filter(date__lte=end)
        tasks, milestones = tasks.filter(due_on__lte=end), milestones.filter(due_on__lte=end)
    for s in sessions:
        items.append(
            Item(
                "training_session",
                _("Formation : %(cycle)s") % {"cycle": s.cycle.title},
                s.date,
                reverse("network:cycle_detail", args=[s.cycle_id]),
                start=_aware(s.date, s.starts_at),
                end=_aware(s.date, s.ends_at),
                place=s.place,
            )
        )
    for m in meetings:
        items.append(
            Item(
                "group_meeting",
                _("Réunion : %(group)s") % {"group": m.group.name},
                m.date,
                reverse("network:group_detail", args=[m.group_id]),
                place=m.place,
            )
        )
    for t in tasks:
        items.append(
            Item(
                "group_task",
                _("Tâche : %(task)s") % {"task": t.title},
                t.due_on,
                reverse("network:group_detail", args=[t.group_id]),
                late=t.is_overdue(today),
            )
        )
    for m in milestones:
        items.append(
            Item(
                "milestone",
                _("Jalon : %(milestone)s (%(action)s)") % {"milestone": m.title, "action": m.action.title},
                m.due_on,
                reverse("network:action_detail", args=[m.action_id]),
                late=m.is_late(today),
            )
        )
    for item in _other_apps(None if whole_network else organisation, external):
        if (start is None or item.date >= start) and (end is None or item.date <= end):
            items.append(item)
    return sorted(items, key=lambda i: (i.date, i.start or timezone.now(), i.title))


def by_month(items):
    months = {}
    for item in items:
        months.setdefault((item.date.year, item.date.month), []).append(item)
    return [{"year": y, "month": m, "items": rows} for (y, m), rows in sorted(months.items())]


def feed(organisation, *, host="maillage", base_url=""):
    """The organisation's iCalendar feed: a month back, a year ahead."""
    today = timezone.localdate()
    name = _line(_("Maillage — réseau (%(organisation)s)") % {"organisation": organisation.name})
    calendar = Calendar()
    calendar.add("prodid", "-//Maillage//Reseau//FR")
    calendar.add("version", "2.0")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", vText("Europe/Paris"))
    host = re.sub(r"[^A-Za-z0-9.-]", "", host) or "maillage"
    stamp = timezone.now()
    for item in items_for(organisation, today - datetime.timedelta(days=31), today + datetime.timedelta(days=366), external=True):
        event = Event()
        digest = hashlib.sha256(f"{item.kind}|{item.url}|{item.title}".encode()).hexdigest()[:16]
        event.add("uid", vText(f"{item.kind}-{item.date:%Y%m%d}-{digest}@{host}"))
        event.add("dtstamp", stamp)
        if item.start is not None:
            event.add("dtstart", item.start)
            event.add("dtend", item.end or item.start + datetime.timedelta(hours=2))
        else:
            event.add("dtstart", item.date)
            event.add("dtend", item.date + datetime.timedelta(days=1))
        event.add("summary", _line(item.title))
        event.add("categories", [_line(KIND_LABELS.get(item.kind, "Réseau"))])
        if item.place:
            event.add("location", _line(item.place))
        if item.url:
            event.add("description", _text(f"{base_url}{item.url}"))
        calendar.add_component(event)
    return calendar.to_ical()
