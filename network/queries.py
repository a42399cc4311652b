"""Reads of the action plan for the pages, the API and the exports: filters, "qui fait quoi", the timeline."""

import datetime
from collections import OrderedDict
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from accounts.models import Organisation
from network.models import Action, ActionPlan, Milestone


def filtered_actions(data):
    """The actions matching the table's cleaned filters. A commune keeps the actions there and those of the whole
    territory (no commune given)."""
    actions = Action.objects.with_related().prefetch_related("fundings", "output__trained")
    if data.get("plan"):
        actions = actions.filter(plan=data["plan"])
    for name in ("axis", "status", "kind", "audience"):
        if data.get(name):
            actions = actions.filter(**{name: data[name]})
    if data.get("organisation"):
        actions = actions.filter(Q(lead=data["organisation"]) | Q(partners=data["organisation"]))
    if data.get("commune"):
        actions = actions.annotate(commune_count=Count("communes", distinct=True)).filter(Q(communes=data["commune"]) | Q(commune_count=0))
    return actions.distinct().order_by("starts_on", "title")


def current_plan():
    today = timezone.localdate()
    return ActionPlan.objects.filter(starts_on__lte=today, ends_on__gte=today).first() or ActionPlan.objects.first()


@dataclass
class PartnerActions:
    organisation: Organisation
    leads: list = field(default_factory=list)
    joins: list = field(default_factory=list)

    @property
    def count(self):
        return len(self.leads) + len(self.joins)


def who_does_what(plan=None):
    """Every partner with the actions it leads and those it takes part in, partners without actions last."""
    actions = Action.objects.with_related().prefetch_related("output__trained").exclude(status="cancelled")
    if plan is not None:
        actions = actions.filter(plan=plan)
    by_org = OrderedDict((o.pk, PartnerActions(o)) for o in Organisation.objects.partners().order_by("name"))
    for action in actions:
        if action.lead_id in by_org:
            by_org[action.lead_id].leads.append(action)
        for partner in action.partners.all():
            if partner.pk in by_org:
                by_org[partner.pk].joins.append(action)
    return sorted(by_org.values(), key=lambda p: (p.count == 0, p.organisation.name))


@dataclass
class TimelineRow:
    action: Action
    x: float
    width: float
    y: int
    milestones: list


@dataclass
class Timeline:
    start: datetime.date
    end: datetime.date
    rows: list
    months: list  # (x, label, is_year_start)
    today_x: float | None
    width: int
    height: int
    label_width: int


LABEL_WIDTH = 330
CHART_WIDTH = 760
ROW_HEIGHT = 30
HEADER = 40

MONTHS_FR = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."]


def timeline(actions, start, end, today=None):
    """A Gantt-like chart as numbers for an SVG drawn by the template: one row per action, its milestones as marks."""
    today = today or timezone.localdate()
    actions = list(actions)
    if actions:
        start = min([start] + [a.starts_on for a in actions])
        end = max([end] + [a.ends_on for a in actions] + [m.due_on for a in actions for m in a.milestones.all()])
    start = start.replace(day=1)
    span = max((end - start).days, 1)

    def x(day):
        return round(LABEL_WIDTH + CHART_WIDTH * (min(max((day - start).days, 0), span) / span), 1)

    months = []
    cursor = start
    while cursor <= end:
        months.append(
            (
                x(cursor),
                f"{MONTHS_FR[cursor.month - 1]} {cursor.year}" if cursor.month in (1, 7) or not months else MONTHS_FR[cursor.month - 1],
                cursor.month == 1,
            )
        )
        cursor = (cursor.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    if len(months) > 18:  # a long plan: label every quarter only
        months = [(mx, label if i % 3 == 0 else "", year) for i, (mx, label, year) in enumerate(months)]
    rows = []
    for index, action in enumerate(actions):
        y = HEADER + index * ROW_HEIGHT
        marks = [
            {"milestone": m, "x": x(m.due_on), "late": m.is_late(today), "done": m.done_on is not None} for m in action.milestones.all()
        ]
        rows.append(TimelineRow(action, x(action.starts_on), max(x(action.ends_on) - x(action.starts_on), 3), y, marks))
    today_x = x(today) if start <= today <= end else None
    return Timeline(start, end, rows, months, today_x, LABEL_WIDTH + CHART_WIDTH + 10, HEADER + len(rows) * ROW_HEIGHT + 10, LABEL_WIDTH)


def late_milestones(plan=None):
    today = timezone.localdate()
    milestones = Milestone.objects.filter(done_on__isnull=True, due_on__lt=today).select_related("action", "action__lead")
    if plan is not None:
        milestones = milestones.filter(action__plan=plan)
    return milestones.exclude(action__status__in=["cancelled"]).order_by("due_on")


def school_sessions(data):
    from network.models import SchoolSession

    sessions = SchoolSession.objects.select_related("commune", "organisation")
    if data.get("commune"):
        sessions = sessions.filter(commune=data["commune"])
    if data.get("theme"):
        sessions = sessions.filter(theme=data["theme"])
    if data.get("year"):
        start = int(data["year"][:4])
        sessions = sessions.filter(date__gte=datetime.date(start, 9, 1), date__lt=datetime.date(start + 1, 9, 1))
    return sessions


def school_summary(sessions):
    """Sessions and pupils per school year, commune and theme (few rows: summed here)."""
    from network.models import SchoolTheme

    def add(table, key, session):
        row = table.setdefault(key, {"label": key, "sessions": 0, "pupils": 0})
        row["sessions"] += 1
        row["pupils"] += session.pupils

    years, communes, themes = {}, {}, {}
    themes_fr = dict(SchoolTheme.choices)
    for session in sessions:
        add(years, session.school_year, session)
        add(communes, session.commune.name, session)
        add(themes, str(themes_fr.get(session.theme, session.theme)), session)
    return {
        "years": sorted(years.values(), key=lambda r: r["label"], reverse=True),
        "communes": sorted(communes.values(), key=lambda r: (-r["pupils"], r["label"])),
        "themes": sorted(themes.values(), key=lambda r: (-r["pupils"], r["label"])),
        "total_sessions": sum(r["sessions"] for r in years.values()),
        "total_pupils": sum(r["pupils"] for r in years.values()),
    }


def overdue_tasks(membership=None):
    from network.models import GroupTask

    tasks = GroupTask.objects.filter(done_on__isnull=True, due_on__lt=timezone.localdate()).select_related(
        "group", "owner__user", "owner__organisation"
    )
    if membership is not None:
        tasks = tasks.filter(owner__organisation_id=membership.organisation_id)
    return tasks
