"""The summary tables answer exactly what the raw computation answers, whatever writes the data and however time passes.

The state machine (hypothesis) writes as the platform and its operators do — forms' saves, querysets' updates, bulk
loads, raw SQL, deletes — moves situations between communes and organisations, redates and closes them, adds events,
measures, people, assessments, enrolments and committee shares, and lets days and years pass. At every step, every
rolled-up indicator read from the summary equals the same indicator computed from the raw tables, for the scopes and
cuts the dashboard, the pages and the API ask. The examples below pin what the machine relies on."""

import datetime
import itertools
from unittest import mock

import pytest
from django.core.cache import cache as django_cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule, run_state_machine_as_test

from casework.models import (
    CommitteeShare,
    DangerLevel,
    Employment,
    Enrolment,
    Event,
    Housing,
    Outcome,
    Person,
    Programme,
    RiskAssessment,
    Situation,
    Status,
)
from casework.risk import default_grid
from observatory import indicators, queries, rollup, sources
from observatory.models import RollupCell, RollupChange, RollupState
from territory.models import Commune
from tests.accounts.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
KINDS = ["complaint", "police_log", "protection_order", "tgd_granted", "anti_approach_bracelet", "eviction", "hearing", "interview"]
SEQUENCE = itertools.count(1)


class Today:
    """The day the machine lives (patched into observatory.sources.today)."""

    def __init__(self, day):
        self.day = day

    def __call__(self):
        return self.day


def raw(indicator, scope, dims):
    return _total_as_zero(indicator.run(scope, dims))


def summary(indicator, scope, dims):
    return _total_as_zero(rollup.read(indicator, scope, dims))


def _total_as_zero(cells):
    """The one degenerate case where two raw queries differ in form: the total of nothing is {} (one filtered count per
    year) or {(): 0} (an aggregate). Both make the same table; every other key and zero is compared as it is."""
    return {} if cells == {(): 0} else cells


def cuts(communes, organisations, year):
    """The scopes and cuts compared: the dashboard's, and those of the pages, the API and the open data."""
    valenciennes = Commune.objects.get(insee_code=communes[0])
    scopes = [
        sources.Scope(year - 9, year),
        sources.Scope(year - 9, year, epci=valenciennes.epci_id),
        sources.Scope(year - 2, year, commune=communes[1]),
        sources.Scope(year, year),
        sources.Scope(year - 4, year - 1, organisation=organisations[0].pk),
        sources.Scope(year - 9, year, arrondissement="596", programme="air"),
    ]
    everything, epci, commune, this_year, organisation, programme = scopes
    return [
        *((everything, dims) for dims in (["year"], ["year", "epci"], ["organisation"], [])),
        (epci, ["year"]),
        (commune, ["year"]),
        (this_year, ["year"]),
        (organisation, ["year", "organisation"]),
        (programme, ["year", "epci"]),
    ]


def assert_same(scope_cuts):
    for indicator in rollup.rolled():
        for scope, dims in scope_cuts:
            expected = raw(indicator, scope, dims)
            assert summary(indicator, scope, dims) == expected, (indicator.code, scope, dims)


class Writes(RuleBasedStateMachine):
    @initialize()
    def world(self):
        # Each run in its own savepoint, rolled back at the end, with an empty cache: runs never see each other.
        django_cache.clear()
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        n = next(SEQUENCE)
        self.organisations = [OrganisationFactory(name=f"Association Rollup {n}-{i} (fictive)") for i in range(2)]
        by_epci = {}
        for commune in Commune.objects.filter(arrondissement_id="596").order_by("insee_code"):
            by_epci.setdefault(commune.epci_id, []).append(commune.insee_code)
        first, second = sorted(by_epci.values(), key=len, reverse=True)[:2]
        self.communes = [first[0], first[1], second[0]]
        self.programmes = [Programme.builtin("air"), Programme.builtin("perpetrators")]
        self.grid = default_grid()
        self.today = Today(datetime.date(2026, 11, 30))
        self.patch = mock.patch.object(sources, "today", self.today)
        self.patch.start()
        RollupCell.objects.all().delete()
        RollupState.objects.all().delete()
        RollupChange.objects.all().delete()

    def teardown(self):
        if hasattr(self, "patch"):
            self.patch.stop()
        if hasattr(self, "atomic"):
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)

    # --- What the platform writes -------------------------------------------------------------------------------

    def _situations(self):
        return list(Situation.objects.order_by("pk").values_list("pk", flat=True))

    def _day(self, data, *, future=False):
        # Recent dates, so that closings and ends fall often between two « todays » of the machine.
        last = self.today.day + datetime.timedelta(days=200 if future else 0)
        return data.draw(st.dates(self.today.day - datetime.timedelta(days=3 * 365), last))

    @rule(data=st.data(), commune=st.integers(0, 3), organisation=st.integers(0, 1), children=st.integers(0, 3))
    def opens_a_situation(self, data, commune, organisation, children):
        opened = self._day(data)
        closed = data.draw(st.one_of(st.none(), st.dates(opened, opened + datetime.timedelta(days=400))))
        Situation.objects.create(
            organisation=self.organisations[organisation],
            commune_id=self.communes[commune] if commune < 3 else None,
            opened_on=opened,
            closed_on=closed,
            status=Status.CLOSED if closed else Status.OPEN,
            children_count=children,
            danger_level=data.draw(st.sampled_from(["", *DangerLevel.values])),
            flagged_for_committee=data.draw(st.booleans()),
        )

    @precondition(lambda self: Situation.objects.exists())
    @rule(data=st.data(), how=st.sampled_from(["save", "update", "sql"]), commune=st.integers(0, 3), organisation=st.integers(0, 1))
    def moves_a_situation(self, data, how, commune, organisation):
        pk = data.draw(st.sampled_from(self._situations()))
        code = self.communes[commune] if commune < 3 else None
        org = self.organisations[organisation].pk
        if how == "save":
            situation = Situation.objects.get(pk=pk)
            situation.commune_id, situation.organisation_id = code, org
            situation.save()
        elif how == "update":
            Situation.objects.filter(pk=pk).update(commune_id=code, organisation_id=org)
        else:
            with connection.cursor() as cursor:
                cursor.execute("UPDATE casework_situation SET commune_id = %s, organisation_id = %s WHERE id = %s", [code, org, pk])

    @precondition(lambda self: Situation.objects.exists())
    @rule(data=st.data())
    def redates_or_closes_a_situation(self, data):
        pk = data.draw(st.sampled_from(self._situations()))
        opened = self._day(data)
        closed = data.draw(st.one_of(st.none(), st.dates(opened, opened + datetime.timedelta(days=400))))
        Situation.objects.filter(pk=pk).update(opened_on=opened, closed_on=closed, status=Status.CLOSED if closed else Status.OPEN)

    @precondition(lambda self: Situation.objects.exists())
    @rule(data=st.data())
    def deletes_a_situation(self, data):
        Situation.objects.get(pk=data.draw(st.sampled_from(self._situations()))).delete()

    @precondition(lambda self: Situation.objects.exists())
    @rule(data=st.data(), bulk=st.booleans(), organisation=st.integers(0, 1))
    def records_events(self, data, bulk, organisation):
        pk = data.draw(st.sampled_from(self._situations()))
        owner = Situation.objects.values_list("organisation_id", flat=True).get(pk=pk)
        events = []
        for _ in range(data.draw(st.integers(1, 3))):
            date = self._day(data, future=True)
            end = data.draw(st.one_of(st.none(), st.dates(date, date + datetime.timedelta(days=400))))
            events.append(
                Event(
                    situation_id=pk,
                    kind=data.draw(st.sampled_from(KINDS)),
                    date=date,
                    end_date=end,
                    organisation=self.organisations[organisation],
                    owner_id=owner,
                )
            )
        if bulk:
            Event.objects.bulk_create(events)
        else:
            for event in events:
                event.save()

    @precondition(lambda self: Situation.objects.exists())
    @rule(data=st.data(), days=st.integers(0, 60), kind=st.sampled_from(["protection_order", "eviction", "situation"]))
    def something_ends_in_the_coming_days(self, data, days, kind):
        """A measure or a situation whose end is near: the next days that pass change today's figures, with no write."""
        pk = data.draw(st.sampled_from(self._situations()))
        end = self.today.day + datetime.timedelta(days=days)
        if kind == "situation":
            Situation.objects.filter(pk=pk).update(closed_on=end, status=Status.CLOSED)
            return
        situation = Situation.objects.get(pk=pk)
        Event.objects.create(
            situation=situation,
            kind=kind,
            date=self.today.day - datetime.timedelta(days=10),
            end_date=end,
            organisation=situation.organisation,
        )

    @precondition(lambda self: Event.objects.exists())
    @rule(data=st.data(), how=st.sampled_from(["update", "delete", "sql"]))
    def changes_an_event(self, data, how):
        pk = data.draw(st.sampled_from(list(Event.objects.order_by("pk").values_list("pk", flat=True))))
        if how == "delete":
            Event.objects.filter(pk=pk).delete()
        elif how == "update":
            date = self._day(data, future=True)
            Event.objects.filter(pk=pk).update(date=date, end_date=date + datetime.timedelta(days=data.draw(st.integers(0, 60))))
        else:
            with connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE casework_event SET situation_id = %s WHERE id = %s", [data.draw(st.sampled_from(self._situations())), pk]
                )

    @precondition(lambda self: Situation.objects.exists())
    @rule(data=st.data())
    def adds_a_person(self, data):
        Person.objects.create(
            situation_id=data.draw(st.sampled_from(self._situations())),
            role=data.draw(st.sampled_from(["victim", "child"])),
            first_name="Fictive",
            last_name="Rollup",
            sex=data.draw(st.sampled_from(["F", "M", ""])),
        )

    @precondition(lambda self: Situation.objects.exists())
    @rule(data=st.data(), organisation=st.integers(0, 1))
    def assesses_the_danger(self, data, organisation):
        level = data.draw(st.sampled_from(DangerLevel.values))
        RiskAssessment.objects.create(
            situation_id=data.draw(st.sampled_from(self._situations())),
            grid=self.grid,
            score=3,
            computed_level=level,
            level=level,
            assessed_on=self._day(data),
            organisation=self.organisations[organisation],
        )

    @precondition(lambda self: Situation.objects.exists())
    @rule(data=st.data())
    def shares_with_the_committee(self, data):
        CommitteeShare.objects.create(
            situation_id=data.draw(st.sampled_from(self._situations())), until=self.today.day + datetime.timedelta(days=30)
        )

    @precondition(lambda self: Person.objects.exists())
    @rule(data=st.data(), programme=st.integers(0, 1), organisation=st.integers(0, 1))
    def enrols_in_a_programme(self, data, programme, organisation):
        person = Person.objects.get(pk=data.draw(st.sampled_from(list(Person.objects.order_by("pk").values_list("pk", flat=True)))))
        entered = self._day(data)
        exited = data.draw(st.one_of(st.none(), st.dates(entered, entered + datetime.timedelta(days=500))))
        Enrolment.objects.bulk_create(
            [
                Enrolment(
                    programme=self.programmes[programme],
                    person=person,
                    situation_id=person.situation_id,
                    organisation=self.organisations[organisation],
                    entered_on=entered,
                    exited_on=exited,
                    employment_at_entry=data.draw(st.sampled_from(Employment.values)),
                    employment_at_exit=data.draw(st.sampled_from(["", *Employment.values])) if exited else "",
                    housing_at_entry=Housing.STABLE,
                    has_children=data.draw(st.booleans()),
                    outcome=data.draw(st.sampled_from(Outcome.values)) if exited else "",
                )
            ]
        )

    # --- Time -------------------------------------------------------------------------------------------------------

    @rule(days=st.integers(1, 120))
    def days_pass(self, days):
        self.today.day += datetime.timedelta(days=days)

    @rule()
    def the_year_turns(self):
        self.today.day = datetime.date(self.today.day.year + 1, 1, 1)

    # --- What must hold -----------------------------------------------------------------------------------------------

    @invariant()
    def the_summary_says_what_the_raw_tables_say(self):
        assert_same(cuts(self.communes, self.organisations, self.today.day.year))
        assert not RollupChange.objects.exists(), "every change read by the refresh is forgotten once taken"


def test_the_summary_always_equals_the_raw_computation(territory):
    run_state_machine_as_test(
        Writes,
        settings=settings(
            max_examples=8,
            stateful_step_count=10,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
            derandomize=True,
        ),
    )


# --- Examples ------------------------------------------------------------------------------------------------------


@pytest.fixture
def valenciennes(territory):
    return Commune.objects.get(insee_code="59606")


def test_the_dashboard_reads_the_summary_not_the_raw_tables(organisation, valenciennes):
    for day in range(20):
        situation = Situation.objects.create(organisation=organisation, commune=valenciennes, opened_on=datetime.date(2025, 1, 1 + day))
        Event.objects.create(situation=situation, kind="complaint", date=datetime.date(2025, 2, 1), organisation=organisation)
    scope = sources.Scope(2017, 2026, epci=valenciennes.epci_id)
    rollup.refresh()
    with CaptureQueriesContext(connection) as queries_run:
        for indicator in rollup.rolled():
            assert rollup.read(indicator, scope, ["year"]) is not None
    read = " ".join(query["sql"] for query in queries_run.captured_queries)
    assert "casework_" not in read, "a clean summary is read without touching the raw tables"
    assert rollup.read(indicators.get("complaints"), scope, ["year"]) == {(2025,): 20}
    assert rollup.read(indicators.get("situations_opened"), scope, ["year", "epci"]) == {(2025, valenciennes.epci_id): 20}


def test_a_cut_the_summary_does_not_hold_is_computed_from_the_raw_tables(organisation, valenciennes):
    Situation.objects.create(organisation=organisation, commune=valenciennes, opened_on=datetime.date(2025, 3, 1), side="victim")
    indicator = indicators.get("situations_opened")
    scope = sources.Scope(2025, 2025)
    assert rollup.read(indicator, scope, ["year", "side"]) is None
    assert rollup.read(indicator, sources.Scope(2025, 2025, communes=("59606",)), ["year"]) is None
    assert queries.compute(indicator, scope, ["year", "side"]) == {(2025, "victim"): 1}
    assert rollup.read(indicators.get("programme_participants"), scope, ["year"]) is None, "distinct people do not add up"


def test_every_way_of_writing_marks_the_commune(organisation, valenciennes):
    rollup.refresh()
    situation = Situation.objects.create(organisation=organisation, commune=valenciennes, opened_on=datetime.date(2025, 3, 1))
    assert set(RollupChange.objects.values_list("commune", flat=True)) == {"59606"}
    rollup.refresh()
    Situation.objects.filter(pk=situation.pk).update(commune=None)
    assert set(RollupChange.objects.values_list("commune", flat=True)) == {"59606", ""}, "the commune left and the one reached"
    rollup.refresh()
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO casework_event (situation_id, kind, date, hearing_outcome, notes, organisation_id, owner_id, created_at) "
            "SELECT id, 'complaint', opened_on, '', '', organisation_id, organisation_id, CURRENT_TIMESTAMP FROM casework_situation"
        )
    assert set(RollupChange.objects.values_list("commune", flat=True)) == {""}
    assert rollup.refresh() == "1 commune(s)"
    assert not RollupChange.objects.exists()
    assert rollup.refresh() == "à jour"


def test_the_figures_of_today_move_with_the_day(organisation, valenciennes):
    """A measure ending on 10 December is in force on the 1st, no longer on the 11th, with no write in between."""
    situation = Situation.objects.create(organisation=organisation, commune=valenciennes, opened_on=datetime.date(2026, 1, 5))
    Event.objects.create(
        situation=situation,
        kind="protection_order",
        date=datetime.date(2026, 6, 1),
        end_date=datetime.date(2026, 12, 10),
        organisation=organisation,
    )
    indicator, scope = indicators.get("measures_in_force"), sources.Scope(2026, 2026)
    with mock.patch.object(sources, "today", lambda: datetime.date(2026, 12, 1)):
        assert rollup.read(indicator, scope, ["year"]) == {(2026,): 1}
    with mock.patch.object(sources, "today", lambda: datetime.date(2026, 12, 11)):
        assert rollup.refresh() == "au 11/12/2026", "no write, but a new day: today's figures again"
        assert rollup.read(indicator, scope, ["year"]) == {} == raw(indicator, scope, ["year"])
    with mock.patch.object(sources, "today", lambda: datetime.date(2027, 1, 2)):
        assert rollup.refresh() == "reconstruit", "a new year: everything again"
        assert RollupState.objects.get().year == 2027


def test_a_period_of_this_year_alone_counts_what_ends_later_this_year(organisation, valenciennes):
    """Found by the state machine: the current year alone pre-filtered on 31 December, not today, so a situation closing
    (or a measure ending) later this year was not open (in force) today."""
    situation = Situation.objects.create(
        organisation=organisation, commune=valenciennes, opened_on=datetime.date(2026, 3, 1), closed_on=datetime.date(2026, 12, 20)
    )
    Event.objects.create(
        situation=situation,
        kind="eviction",
        date=datetime.date(2026, 11, 1),
        end_date=datetime.date(2026, 12, 15),
        organisation=organisation,
    )
    with mock.patch.object(sources, "today", lambda: datetime.date(2026, 11, 30)):
        for code in ("situations_open", "measures_in_force"):
            assert indicators.get(code).run(sources.Scope(2026, 2026), ["year"]) == {(2026,): 1}, code
            assert indicators.get(code).run(sources.Scope(2025, 2026), ["year"]) == {(2026,): 1}, code


def test_a_programme_code_change_rebuilds_everything(organisation, valenciennes):
    programme = Programme.builtin("air")
    rollup.refresh()
    Programme.objects.filter(pk=programme.pk).update(name="AIR (renommé)")
    assert set(RollupChange.objects.values_list("commune", flat=True)) == {"*"}
    assert rollup.refresh() == "reconstruit"


def test_the_dashboard_is_right_after_a_write(analyst_client, organisation, valenciennes):
    """The whole path: page, cache, summary, a write, the page again."""
    Situation.objects.create(organisation=organisation, commune=valenciennes, opened_on=datetime.date(2026, 3, 1))
    scope = sources.Scope(2026, 2026)
    first = queries.table(indicators.get("situations_opened"), scope, ["year"]).total["value"]
    Situation.objects.create(organisation=organisation, commune=valenciennes, opened_on=datetime.date(2026, 3, 2))
    assert queries.table(indicators.get("situations_opened"), scope, ["year"]).total["value"] == first + 1
    assert analyst_client.get("/observatoire/").status_code == 200


def test_grave_danger_counts_a_situation_once_a_year_however_many_assessments(organisation, valenciennes):
    """The grouped query (one for all years) counts as one query per year did: once a year per situation."""
    situation = Situation.objects.create(organisation=organisation, commune=valenciennes, opened_on=datetime.date(2024, 1, 5))
    grid = default_grid()
    for day in (datetime.date(2025, 2, 1), datetime.date(2025, 6, 1), datetime.date(2026, 3, 1)):
        RiskAssessment.objects.create(
            situation=situation, grid=grid, score=20, computed_level="high", level="high", assessed_on=day, organisation=organisation
        )
    indicator = indicators.get("high_danger_committee")
    scope = sources.Scope(2024, 2026)
    assert indicator.run(scope, ["year"]) == {(2025, "non"): 1, (2026, "non"): 1}
    assert indicator.run(scope, []) == {("non",): 2}, "a cut without the year adds the years up"
    Situation.objects.filter(pk=situation.pk).update(flagged_for_committee=True)
    assert queries.compute(indicator, scope, ["year"]) == {(2025, "oui"): 1, (2026, "oui"): 1}
