"""Aggregate figures of the shared follow-up, for the observatory. Every function returns counts and rates,
never rows of people; small-count suppression (« secret statistique ») is the observatory's job, so each
rate comes with its numerator and denominator.

The programme figures are those the network publishes (seed 001: AIR 2022, 90 people followed, 65 % of
positive exits, unemployment 50 % at entry and 14 % at exit; perpetrators' pathway 2022, 76 people,
almost 80 % with children, 90 % of exits positive at the hearing)."""

import datetime

from django.db.models import Count, Q

from casework.models import Employment, Enrolment, Event, Outcome, Referral, ReferralStatus, Sex, Situation


def _year_bounds(year):
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def rate(numerator, denominator):
    return {"numerator": numerator, "denominator": denominator, "rate": round(numerator / denominator, 4) if denominator else None}


def followed_in(programme_code, year):
    """Enrolments of a programme active at some point of the year."""
    start, end = _year_bounds(year)
    return Enrolment.objects.filter(programme__code=programme_code, entered_on__lte=end).filter(
        Q(exited_on__isnull=True) | Q(exited_on__gte=start)
    )


def exited_in(programme_code, year):
    start, end = _year_bounds(year)
    return Enrolment.objects.filter(programme__code=programme_code, exited_on__gte=start, exited_on__lte=end)


def followed_count(programme_code, year):
    """People followed in the year, by sex: {"total", "men", "women", "unknown"}."""
    row = followed_in(programme_code, year).aggregate(
        total=Count("person", distinct=True),
        men=Count("person", distinct=True, filter=Q(person__sex=Sex.MALE)),
        women=Count("person", distinct=True, filter=Q(person__sex=Sex.FEMALE)),
    )
    row["unknown"] = row["total"] - row["men"] - row["women"]
    return row


def positive_exit_rate(programme_code, year):
    row = exited_in(programme_code, year).aggregate(exits=Count("pk"), positive=Count("pk", filter=Q(outcome=Outcome.POSITIVE)))
    return rate(row["positive"], row["exits"])


def unemployment_at_entry(programme_code, year):
    row = followed_in(programme_code, year).aggregate(
        n=Count("pk"), unemployed=Count("pk", filter=Q(employment_at_entry=Employment.UNEMPLOYED))
    )
    return rate(row["unemployed"], row["n"])


def unemployment_at_exit(programme_code, year):
    row = (
        exited_in(programme_code, year)
        .exclude(employment_at_exit="")
        .aggregate(n=Count("pk"), unemployed=Count("pk", filter=Q(employment_at_exit=Employment.UNEMPLOYED)))
    )
    return rate(row["unemployed"], row["n"])


def activity_at_exit(programme_code, year):
    """Share of exits in employment or training."""
    row = (
        exited_in(programme_code, year)
        .exclude(employment_at_exit="")
        .aggregate(n=Count("pk"), active=Count("pk", filter=Q(employment_at_exit__in=[Employment.EMPLOYED, Employment.TRAINING])))
    )
    return rate(row["active"], row["n"])


def with_children(programme_code, year):
    """Share with children at entry, of the people followed in the year."""
    row = followed_in(programme_code, year).aggregate(n=Count("pk"), yes=Count("pk", filter=Q(has_children=True)))
    return rate(row["yes"], row["n"])


def _share_where_recorded(enrolments, field):
    """Share of `enrolments` where the yes-or-no `field` is yes, of those where it was recorded."""
    row = enrolments.filter(**{f"{field}__isnull": False}).aggregate(n=Count("pk"), yes=Count("pk", filter=Q(**{field: True})))
    return rate(row["yes"], row["n"])


def with_children_at_exit(programme_code, year):
    """Share with children at exit, of the exits of the year where it was recorded."""
    return _share_where_recorded(exited_in(programme_code, year), "has_children_at_exit")


def hearing_positive_rate(programme_code, year):
    return _share_where_recorded(exited_in(programme_code, year), "hearing_positive")


def programme_figures(programme_code, year):
    return {
        "programme": programme_code,
        "year": year,
        "followed": followed_count(programme_code, year),
        "positive_exits": positive_exit_rate(programme_code, year),
        "unemployment_at_entry": unemployment_at_entry(programme_code, year),
        "unemployment_at_exit": unemployment_at_exit(programme_code, year),
        "activity_at_exit": activity_at_exit(programme_code, year),
        "with_children": with_children(programme_code, year),
        "with_children_at_exit": with_children_at_exit(programme_code, year),
        "hearing_positive": hearing_positive_rate(programme_code, year),
    }


def situations_opened_by_commune(year):
    """{insee_code: count} of situations opened in the year (commune unknown under "")."""
    start, end = _year_bounds(year)
    rows = Situation.objects.filter(opened_on__gte=start, opened_on__lte=end).values("commune_id").annotate(n=Count("pk")).order_by()
    return {row["commune_id"] or "": row["n"] for row in rows}


def events_by_kind(year):
    start, end = _year_bounds(year)
    rows = Event.objects.filter(date__gte=start, date__lte=end).values("kind").annotate(n=Count("pk")).order_by()
    return {row["kind"]: row["n"] for row in rows}


def danger_levels(year=None):
    """Open situations by current danger level."""
    qs = Situation.objects.filter(status="open")
    if year is not None:
        qs = qs.filter(opened_on__lte=_year_bounds(year)[1])
    rows = qs.values("danger_level").annotate(n=Count("pk")).order_by()
    return {row["danger_level"] or "unassessed": row["n"] for row in rows}


def referral_figures(year):
    """Referrals sent in the year: counts by status and mean delays (days) to answer and to first contact."""
    start, end = _year_bounds(year)
    referrals = Referral.objects.filter(sent_at__date__gte=start, sent_at__date__lte=end)
    by_status = {row["status"]: row["n"] for row in referrals.values("status").annotate(n=Count("pk")).order_by()}
    answered = [
        (r.answered_at - r.sent_at).total_seconds() / 86400 for r in referrals.exclude(answered_at=None).only("sent_at", "answered_at")
    ]
    contacted = [
        (r.first_contact_on - r.sent_at.date()).days
        for r in referrals.filter(status=ReferralStatus.ACCEPTED).exclude(first_contact_on=None).only("sent_at", "first_contact_on")
    ]
    return {
        "sent": sum(by_status.values()),
        "by_status": by_status,
        "mean_days_to_answer": round(sum(answered) / len(answered), 1) if answered else None,
        "mean_days_to_first_contact": round(sum(contacted) / len(contacted), 1) if contacted else None,
    }
