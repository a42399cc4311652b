"""The observatory's only door into the shared follow-up: aggregate query functions over casework's models.

Every function here returns counts grouped by dimensions, computed by the database (`values(...).annotate(...)`);
none returns a row about a person. casework.stats (the programme figures the API already served) is one of these
sources: the programme indicators below count the same way, and the seed 001 test checks both agree."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Case, CharField, Count, Exists, F, IntegerField, OuterRef, Q, Sum, Value, When
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear, Greatest, Least
from django.utils import timezone

from casework.models import (
    MEASURE_KINDS,
    DangerLevel,
    Employment,
    Enrolment,
    Event,
    EventKind,
    HearingOutcome,
    HousingPlace,
    Outcome,
    Person,
    PersonRole,
    ProgrammeCode,
    Referral,
    ReferralStatus,
    RiskAssessment,
    Sex,
    Side,
    Situation,
    Status,
)
from observatory.functions import DaysBetween

# Labels of the coded dimensions (definitions, not data).
CHOICE_LABELS = {
    "sex": dict(Sex.choices),
    "role": dict(PersonRole.choices),
    "side": dict(Side.choices),
    "danger_level": {**dict(DangerLevel.choices), "": "Non évalué"},
    "event_kind": dict(EventKind.choices),
    "hearing_outcome": {**dict(HearingOutcome.choices), "": "Non renseignée"},
    "programme": dict(ProgrammeCode.choices),
}
MEASURES = sorted(MEASURE_KINDS)


@dataclass(frozen=True)
class Source:
    """How one family of indicators reads casework: the model, the date the period applies to, and the ORM path of
    every dimension and filter."""

    model: type
    date: str | None
    commune: str | None  # path to the commune foreign key
    organisation: str | None
    programme: str | None = None
    paths: dict = field(default_factory=dict)  # dimension -> ORM path (beyond date and territory)

    def expression(self, dim, date=None):
        date = date or self.date
        if dim == "year":
            return ExtractYear(date)
        if dim == "month":
            return ExtractMonth(date)
        if dim == "commune":
            return F(f"{self.commune}_id") if "__" not in self.commune else F(self.commune)
        if dim == "epci":
            return F(f"{self.commune}__epci_id")
        if dim == "arrondissement":
            return F(f"{self.commune}__arrondissement_id")
        if dim == "organisation":
            return F(self.organisation)
        if dim == "programme":
            return F(self.programme)
        return F(self.paths[dim])

    def dims(self):
        found = []
        if self.date:
            found += ["year", "month"]
        if self.commune:
            found += ["commune", "epci", "arrondissement"]
        if self.organisation:
            found.append("organisation")
        if self.programme:
            found.append("programme")
        return found + list(self.paths)


SITUATIONS = Source(
    Situation,
    "opened_on",
    "commune",
    "organisation_id",
    paths={"danger_level": "danger_level", "side": "side"},
)
PEOPLE = Source(
    Person,
    "situation__opened_on",
    "situation__commune",
    "situation__organisation_id",
    paths={"role": "role", "sex": "sex", "age_band": "age_band", "side": "situation__side"},
)
EVENTS = Source(
    Event,
    "date",
    "situation__commune",
    "organisation_id",
    paths={"side": "situation__side", "event_kind": "kind", "hearing_outcome": "hearing_outcome"},
)
ASSESSMENTS = Source(
    RiskAssessment,
    "assessed_on",
    "situation__commune",
    "organisation_id",
    paths={"danger_level": "level", "side": "situation__side"},
)
ENROLMENTS = Source(
    Enrolment,
    "entered_on",
    "situation__commune",
    "organisation_id",
    programme="programme__code",
    paths={"sex": "person__sex", "age_band": "person__age_band"},
)
REFERRALS = Source(
    Referral,
    "sent_at",
    "situation__commune",
    None,
    paths={"sender": "sender_id", "receiver": "receiver_id"},
)


@dataclass(frozen=True)
class Scope:
    """The filters of a computation: a period of whole years, a territory, an organisation, a programme."""

    year_from: int
    year_to: int
    commune: str | None = None
    epci: str | None = None
    arrondissement: str | None = None
    organisation: int | None = None
    programme: str | None = None
    # Internal (the summary's refresh): only these communes ("" for the rows without one); never from a request.
    communes: tuple | None = None

    @property
    def start(self):
        return datetime.date(self.year_from, 1, 1)

    @property
    def end(self):
        return datetime.date(self.year_to, 12, 31)

    def years(self):
        return list(range(self.year_from, self.year_to + 1))


def scoped(source, scope, queryset=None, *, dated=True):
    """The source's rows within the scope's territory, organisation and programme (and period when `dated`)."""
    qs = source.model.objects.all() if queryset is None else queryset
    if dated and source.date:
        qs = qs.filter(**{f"{source.date}__gte": _start_of(source, scope), f"{source.date}__lt": _end_of(source, scope)})
    if source.commune:
        if scope.commune:
            qs = qs.filter(**{f"{source.commune}_id" if "__" not in source.commune else source.commune: scope.commune})
        if scope.epci:
            qs = qs.filter(**{f"{source.commune}__epci_id": scope.epci})
        if scope.arrondissement:
            qs = qs.filter(**{f"{source.commune}__arrondissement_id": scope.arrondissement})
        if scope.communes is not None:
            path = f"{source.commune}_id" if "__" not in source.commune else source.commune
            named = [c for c in scope.communes if c]
            within = Q(**{f"{path}__in": named})
            if "" in scope.communes:
                within |= Q(**{f"{path}__isnull": True})
            qs = qs.filter(within)
    if scope.organisation:
        if source is REFERRALS:
            qs = qs.filter(Q(sender_id=scope.organisation) | Q(receiver_id=scope.organisation))
        elif source.organisation:
            qs = qs.filter(**{source.organisation: scope.organisation})
    if scope.programme and source.programme:
        qs = qs.filter(**{source.programme: scope.programme})
    return qs


def _start_of(source, scope):
    if source is REFERRALS:  # a timestamp: from the first day's midnight, Paris time
        return timezone.make_aware(datetime.datetime.combine(scope.start, datetime.time.min))
    return scope.start


def _end_of(source, scope):
    """The first moment after the period (compared with `<`)."""
    after = scope.end + datetime.timedelta(days=1)
    if source is REFERRALS:
        return timezone.make_aware(datetime.datetime.combine(after, datetime.time.min))
    return after


def grouped(qs, source, dims, measure, date=None):
    """{dimension values tuple: aggregate} computed by the database."""
    expressions = {f"d_{dim}": source.expression(dim, date) for dim in dims}
    rows = qs.order_by().values(**expressions).annotate(value=measure) if expressions else [qs.order_by().aggregate(value=measure)]
    return {tuple(_clean(row[f"d_{dim}"]) for dim in dims): row["value"] or 0 for row in rows}


def _clean(value):
    return "" if value is None else value


def per_year(scope, dims, compute):
    """Snapshot indicators (open at the end of each year, followed during the year): one grouped query per year,
    the year added as a dimension."""
    others = [d for d in dims if d != "year"]
    result = {}
    for year in scope.years():
        for key, value in compute(year, others).items():
            full = dict(zip(others, key, strict=True))
            full["year"] = year
            result[tuple(full[d] for d in dims)] = result.get(tuple(full[d] for d in dims), 0) + value
    return result


def yearly(qs, source, scope, dims, condition, *, distinct=None):
    """Snapshot indicators in one scan: one filtered count per year of the period (`condition(year)` says whether a
    row counts that year), the year added as a dimension; `distinct`: count that field's distinct values."""
    others = [d for d in dims if d != "year"]
    expressions = {f"d_{dim}": source.expression(dim) for dim in others}
    counts = {f"y{year}": Count(distinct or "pk", distinct=bool(distinct), filter=condition(year)) for year in scope.years()}
    rows = qs.order_by().values(**expressions).annotate(**counts) if expressions else [qs.order_by().aggregate(**counts)]
    result = {}
    for row in rows:
        key = {dim: _clean(row[f"d_{dim}"]) for dim in others}
        for year in scope.years():
            if row[f"y{year}"]:
                full = {**key, "year": year}
                index = tuple(full[d] for d in dims)
                result[index] = result.get(index, 0) + row[f"y{year}"]
    return result


# --- Follow-up ---------------------------------------------------------------------------------------------------


def count(source, scope, dims, *, where=None, measure=None):
    qs = scoped(source, scope)
    if where is not None:
        qs = qs.filter(where)
    return grouped(qs, source, dims, measure or Count("pk"))


def events_of_kind(kind, scope, dims):
    """Events of one kind. The pathway's indicators are read together: one scan of the events grouped by kind as well
    (cached by data version), each indicator taking its kind's slice, rather than one scan per kind."""
    from observatory import cache

    def every_kind():
        return count(EVENTS, scope, [*dims, "event_kind"])

    cells = cache.cached("events-by-kind", [scope.__dict__, list(dims)], every_kind)
    return {key[:-1]: value for key, value in cells.items() if key[-1] == kind}


def situations_closed(scope, dims):
    source = Source(Situation, "closed_on", "commune", "organisation_id", paths=SITUATIONS.paths)
    return grouped(scoped(source, scope).filter(status=Status.CLOSED), source, dims, Count("pk"))


def today():
    """The day « today » is, in Paris (the snapshot indicators' current year ends there)."""
    return timezone.localdate()


def _year_end(year):
    return min(datetime.date(year, 12, 31), today())


def situations_open(scope, dims):
    def open_on(year):
        day = _year_end(year)
        return Q(opened_on__lte=day) & (Q(closed_on__isnull=True) | Q(closed_on__gt=day))

    first = _year_end(scope.year_from)  # today when the period starts this year
    qs = (
        scoped(SITUATIONS, scope, dated=False)
        .filter(opened_on__lte=_year_end(scope.year_to))
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=first))
    )
    return yearly(qs, SITUATIONS, scope, dims, open_on)


def exposed_children(scope, dims):
    return count(SITUATIONS, scope, dims, measure=Sum("children_count"))


def measures_in_force(scope, dims):
    def in_force(year):
        day = _year_end(year)
        return Q(date__lte=day) & (Q(end_date__isnull=True) | Q(end_date__gte=day))

    first = _year_end(scope.year_from)  # today when the period starts this year
    qs = (
        scoped(EVENTS, scope, dated=False)
        .filter(kind__in=MEASURES, date__lte=_year_end(scope.year_to))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=first))
    )
    return yearly(qs, EVENTS, scope, dims, in_force)


def measures_expiring(scope, dims, days=15):
    """Measures in force at the end of the period (today for the current year) that end within `days` days."""
    day = _year_end(scope.year_to)
    qs = scoped(EVENTS, scope, dated=False).expiring(days=days, today=day)
    return grouped(qs, EVENTS, dims, Count("pk"))


def housing_occupancy(scope, dims):
    """Nights used in the eviction housing places over nights available, per year: a share with the flag
    « occupée » (used nights) and « libre »."""

    def compute(year, others):
        start, end = datetime.date(year, 1, 1), _year_end(year)
        if end < start:
            return {}
        stays = Event.objects.filter(kind=EventKind.HOUSING, housing_place__isnull=False, date__lte=end).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=start)
        )
        if not stays.exists():  # no stay recorded that year: no figure rather than a misleading 0 %
            return {}
        nights = stays.aggregate(
            n=Sum(
                DaysBetween(Greatest(F("date"), Value(start)), Least(Coalesce(F("end_date"), Value(end)), Value(end))) + 1,
                output_field=IntegerField(),
            )
        )["n"]
        places = HousingPlace.objects.aggregate(n=Sum("capacity"))["n"] or 0
        available = places * ((end - start).days + 1)
        used = min(nights or 0, available)
        if not others:
            return {(): available}
        return {("oui",): used, ("non",): available - used}

    return per_year(scope, dims, compute)


# --- Referral flows ----------------------------------------------------------------------------------------------


def referral_flows(scope, dims=("year", "sender", "receiver")):
    """Per (dims): referrals sent, accepted, refused, cancelled, still waiting, and the distribution of the delays in
    days (sent to answer, sent to first contact) as counts per number of days, for medians without a row read."""
    qs = scoped(REFERRALS, scope)
    expressions = {f"d_{dim}": REFERRALS.expression(dim) for dim in dims}
    counts = {}
    for row in (
        qs.order_by()
        .values(**expressions)
        .annotate(
            sent=Count("pk"),
            accepted=Count("pk", filter=Q(status=ReferralStatus.ACCEPTED)),
            refused=Count("pk", filter=Q(status=ReferralStatus.REFUSED)),
            cancelled=Count("pk", filter=Q(status=ReferralStatus.CANCELLED)),
            waiting=Count("pk", filter=Q(status=ReferralStatus.SENT)),
        )
    ):
        key = tuple(_clean(row[f"d_{d}"]) for d in dims)
        counts[key] = {m: row[m] for m in ("sent", "accepted", "refused", "cancelled", "waiting")}
        counts[key]["answer_days"] = {}
        counts[key]["contact_days"] = {}
    for measure, qs_delay, first, second in (
        ("answer_days", qs.exclude(answered_at=None), "sent_at", "answered_at"),
        (
            "contact_days",
            qs.filter(status=ReferralStatus.ACCEPTED).exclude(first_contact_on=None),
            "sent_at",
            "first_contact_on",
        ),
    ):
        for row in qs_delay.order_by().values(**expressions, days=DaysBetween(F(first), F(second))).annotate(n=Count("pk")):
            key = tuple(_clean(row[f"d_{d}"]) for d in dims)
            if key in counts:
                counts[key][measure][row["days"]] = counts[key][measure].get(row["days"], 0) + row["n"]
    return counts


def median_of(histogram):
    """The median of values given as {value: how many}."""
    total = sum(histogram.values())
    if not total:
        return None
    ordered = sorted(histogram.items())
    low_rank, high_rank = (total - 1) // 2, total // 2
    seen, low, high = 0, None, None
    for value, n in ordered:
        if low is None and seen + n > low_rank:
            low = value
        if seen + n > high_rank:
            high = value
            break
        seen += n
    return (low + high) / 2


# --- Programmes (seed 001) ---------------------------------------------------------------------------------------


def _followed_in(year):
    return Q(entered_on__lte=datetime.date(year, 12, 31)) & (Q(exited_on__isnull=True) | Q(exited_on__gte=datetime.date(year, 1, 1)))


def _exited_in(year):
    return Q(exited_on__gte=datetime.date(year, 1, 1), exited_on__lte=datetime.date(year, 12, 31))


def _enrolments_of_period(scope):
    return (
        scoped(ENROLMENTS, scope, dated=False)
        .filter(entered_on__lte=scope.end)
        .filter(Q(exited_on__isnull=True) | Q(exited_on__gte=scope.start))
    )


def programme_participants(scope, dims):
    return yearly(_enrolments_of_period(scope), ENROLMENTS, scope, dims, _followed_in, distinct="person")


def _flag(condition):
    return Case(When(condition, then=Value("oui")), default=Value("non"), output_field=CharField())


ENROLMENT_SHARES = {
    # code: (population, restriction, condition of « oui »)
    "positive_exits": ("exited", Q(), Q(outcome=Outcome.POSITIVE)),
    "unemployed_at_entry": ("followed", Q(), Q(employment_at_entry=Employment.UNEMPLOYED)),
    "unemployed_at_exit": ("exited", ~Q(employment_at_exit=""), Q(employment_at_exit=Employment.UNEMPLOYED)),
    "active_at_exit": ("exited", ~Q(employment_at_exit=""), Q(employment_at_exit__in=[Employment.EMPLOYED, Employment.TRAINING])),
    "with_children": ("followed", Q(), Q(has_children=True)),
    "hearing_positive": ("exited", Q(hearing_positive__isnull=False), Q(hearing_positive=True)),
}


def enrolment_share(name, scope, dims):
    """Enrolments of each year cut by `flag` (« oui » / « non »): the share is the « oui » count over the total."""
    population, restriction, condition = ENROLMENT_SHARES[name]
    in_year = _exited_in if population == "exited" else _followed_in
    qs = _enrolments_of_period(scope).filter(restriction).annotate(o_flag=_flag(condition))
    source = Source(
        ENROLMENTS.model,
        ENROLMENTS.date,
        ENROLMENTS.commune,
        ENROLMENTS.organisation,
        ENROLMENTS.programme,
        {**ENROLMENTS.paths, "flag": "o_flag"},
    )
    return yearly(qs, source, scope, dims, in_year)


# --- Danger assessments ------------------------------------------------------------------------------------------


def reassessments(scope, dims):
    earlier = RiskAssessment.objects.filter(situation_id=OuterRef("situation_id")).filter(
        Q(assessed_on__lt=OuterRef("assessed_on")) | Q(assessed_on=OuterRef("assessed_on"), pk__lt=OuterRef("pk"))
    )
    return count(ASSESSMENTS, scope, dims, where=Q(Exists(earlier)))


def high_danger_committee(scope, dims):
    """Situations assessed at grave danger during the year (each counted once a year, however many assessments), cut by
    `flag`: « oui » when put before the committee (flagged or shared with it). One query, grouped by the year of the
    assessment; a cut without the year adds the years up, as one count per year would."""
    from casework.models import CommitteeShare

    shared = CommitteeShare.objects.filter(situation_id=OuterRef("pk"))
    qs = (
        scoped(SITUATIONS, scope, dated=False)
        .filter(assessments__level=DangerLevel.HIGH, assessments__assessed_on__gte=scope.start, assessments__assessed_on__lte=scope.end)
        .annotate(o_flag=_flag(Q(flagged_for_committee=True) | Q(Exists(shared))))
    )
    source = Source(Situation, "assessments__assessed_on", "commune", "organisation_id", paths={**SITUATIONS.paths, "flag": "o_flag"})
    others = [d for d in dims if d != "year"]
    result = {}
    for key, value in grouped(qs, source, ["year", *others], Count("pk", distinct=True)).items():
        full = dict(zip(["year", *others], key, strict=True))
        index = tuple(full[d] for d in dims)
        result[index] = result.get(index, 0) + value
    return result


# --- The network's actions (network app) ------------------------------------------------------------------------


def _network_source(model, date, organisation, paths=None):
    return Source(model, date, None, organisation, paths=paths or {})


def network_actions(scope, dims):
    from network.models import Action

    source = _network_source(Action, "starts_on", "lead_id", {"action_kind": "kind"})
    return grouped(scoped(source, scope), source, dims, Count("pk"))


def professionals_trained(scope, dims):
    from network.models import TrainedProfessionals

    source = _network_source(TrainedProfessionals, "output__action__starts_on", "output__action__lead_id", {"profession": "profession"})
    return grouped(scoped(source, scope), source, dims, Sum("count"))


def pupils_reached(scope, dims):
    from network.models import ActionOutput

    source = _network_source(ActionOutput, "action__starts_on", "action__lead_id")
    return grouped(scoped(source, scope), source, dims, Sum("pupils_reached"))


def network_labels():
    from network.models import ActionKind, Profession

    return {"action_kind": dict(ActionKind.choices), "profession": dict(Profession.choices)}


def data_version_models():
    """The models whose writes change the figures (the cache's invalidation listens to them)."""
    from casework.models import CommitteeShare
    from network.models import Action, ActionOutput, TrainedProfessionals

    return [
        Situation,
        Person,
        Event,
        Referral,
        RiskAssessment,
        Enrolment,
        HousingPlace,
        CommitteeShare,
        Action,
        ActionOutput,
        TrainedProfessionals,
    ]
