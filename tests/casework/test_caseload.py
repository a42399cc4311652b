import datetime
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audit.models import Action, Entry
from casework.models import PersonRole, ReferralStatus
from tests.casework.factories import EventFactory, HousingPlaceFactory, PersonFactory, ReferralFactory, SituationFactory

pytestmark = pytest.mark.django_db


def _situations(organisation, count):
    for i in range(count):
        situation = SituationFactory(organisation=organisation)
        PersonFactory(situation=situation, role=PersonRole.VICTIM, last_name=f"Listefictive{i}")
        PersonFactory(situation=situation, role=PersonRole.PERPETRATOR, sex="M")


def test_member_sees_own_situations_only(member_client, organisation, other_organisation):
    _situations(organisation, 2)
    other = SituationFactory(organisation=other_organisation)
    PersonFactory(situation=other, last_name="Autreorganisation")
    html = member_client.get("/suivi/").content.decode()
    assert "Listefictive0" in html and "Listefictive1" in html
    assert "Autreorganisation" not in html
    assert other.reference not in html


def test_search_by_name_uses_the_blind_index_and_is_journaled_without_the_name(member_client, organisation):
    _situations(organisation, 3)
    response = member_client.get("/suivi/", {"q": "listefictive1"})
    html = response.content.decode()
    assert "Listefictive1" in html
    assert "Listefictive0" not in html
    entry = Entry.objects.filter(action=Action.SEARCH).latest("seq")
    assert "listefictive" not in str(entry.detail).lower()


def test_other_organisation_search_finds_nothing(other_client, organisation):
    _situations(organisation, 2)
    # Lower case on purpose: the search is case-insensitive, and the echo of the query is not a match.
    html = other_client.get("/suivi/", {"q": "listefictive1"}).content.decode()
    assert "Listefictive1" not in html
    assert "Aucune situation ne correspond." in html


def test_measure_expiring_within_15_days_is_listed_and_filterable(member_client, organisation):
    today = timezone.localdate()
    soon = SituationFactory(organisation=organisation)
    PersonFactory(situation=soon, last_name="Expirebientot")
    EventFactory(
        situation=soon, kind="protection_order", date=today - datetime.timedelta(days=170), end_date=today + datetime.timedelta(days=5)
    )
    later = SituationFactory(organisation=organisation)
    PersonFactory(situation=later, last_name="Expireplustard")
    EventFactory(situation=later, kind="tgd_granted", date=today, end_date=today + datetime.timedelta(days=60))
    html = member_client.get("/suivi/", {"expiring": "on"}).content.decode()
    assert "Expirebientot" in html
    assert "Expireplustard" not in html
    assert "Ordonnance de protection" in html


def test_filters_by_status_level_and_commune(member_client, organisation, territory):
    a = SituationFactory(organisation=organisation, danger_level="high", commune_id="59606")
    PersonFactory(situation=a, last_name="Niveaugrave")
    b = SituationFactory(organisation=organisation, danger_level="standard", status="closed")
    PersonFactory(situation=b, last_name="Niveaustandard")
    html = member_client.get("/suivi/", {"level": "high"}).content.decode()
    assert "Niveaugrave" in html and "Niveaustandard" not in html
    html = member_client.get("/suivi/", {"status": "closed"}).content.decode()
    assert "Niveaustandard" in html and "Niveaugrave" not in html
    html = member_client.get("/suivi/", {"commune": "59606"}).content.decode()
    assert "Niveaugrave" in html and "Niveaustandard" not in html


def test_housing_occupancy_is_shown(member_client, organisation):
    place = HousingPlaceFactory(name="Sas fictif du test", capacity=3)
    today = timezone.localdate()
    EventFactory(
        situation=SituationFactory(organisation=organisation),
        kind="housing",
        housing_place=place,
        date=today,
        end_date=today + datetime.timedelta(days=10),
    )
    html = member_client.get("/suivi/").content.decode()
    assert "Sas fictif du test" in html
    assert "<strong>1/3</strong>" in html


def _count_queries(client, url):
    client.get(url)  # warm-up: the first request of a session writes it
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _shared_with(organisation, other_organisation, count):
    for _ in range(count):
        situation = SituationFactory(organisation=other_organisation)
        person = PersonFactory(situation=situation)
        ReferralFactory(person=person, receiver=organisation, status=ReferralStatus.ACCEPTED)


def test_caseload_query_count_does_not_grow_with_rows(member_client, organisation, other_organisation):
    _situations(organisation, 2)
    _shared_with(organisation, other_organisation, 1)
    few = _count_queries(member_client, "/suivi/")
    _situations(organisation, 20)
    # Shared situations too: the gate must not cost a query per row.
    _shared_with(organisation, other_organisation, 3)
    many = _count_queries(member_client, "/suivi/")
    assert many == few


def test_analyst_sees_no_situation(analyst_client, organisation):
    _situations(organisation, 2)
    response = analyst_client.get("/suivi/")
    assert response.status_code == 200
    assert "Listefictive0" not in response.content.decode()


def test_a_receiver_without_the_timeline_learns_nothing_of_measures_or_programmes(other_client, organisation, other_organisation):
    """Shared with identity only: no « mesure expirant » badge, and neither filter singles the situation out."""
    from casework.models import Enrolment, Programme

    today = timezone.localdate()
    situation = SituationFactory(organisation=organisation)
    victim = PersonFactory(situation=situation, role=PersonRole.VICTIM, last_name="Partageeidentite")
    ReferralFactory(person=victim, receiver=other_organisation, status=ReferralStatus.ACCEPTED)
    EventFactory(situation=situation, kind="protection_order", date=today, end_date=today + datetime.timedelta(days=5))
    programme = Programme.builtin("air")
    Enrolment.objects.create(
        programme=programme,
        person=victim,
        situation=situation,
        organisation=organisation,
        entered_on=today,
        employment_at_entry="employed",
        housing_at_entry="stable",
    )
    html = other_client.get("/suivi/").content.decode()
    assert "Partageeidentite" in html
    assert "mesure expirant" not in html
    assert "Partageeidentite" not in other_client.get("/suivi/", {"expiring": "on"}).content.decode()
    assert "Partageeidentite" not in other_client.get("/suivi/", {"programme": programme.pk}).content.decode()


def test_filters_keep_what_was_chosen_and_name_a_wrong_value(member_client, situation):
    html = member_client.get("/suivi/", {"status": "closed", "q": "Du<pont", "expiring": "on", "commune": "59606"}).content.decode()
    assert '<option value="closed" selected>' in html
    assert 'value="Du&lt;pont"' in html  # kept, and escaped
    assert 'name="expiring" id="id_expiring" checked' in html
    assert 'value="59606"' in html
    wrong = member_client.get("/suivi/", {"status": "peut-etre"}).content.decode()
    assert "Statut : Sélectionnez un choix valide" in wrong


def test_count_is_capped_and_says_more_than_the_cap(member_client, organisation, monkeypatch):
    from casework.views.caseload import CappedPaginator

    monkeypatch.setattr(CappedPaginator, "CAP", 2)
    for _ in range(3):
        SituationFactory(organisation=organisation)
    unfiltered = member_client.get("/suivi/").content.decode()
    assert "Plus de 2 situations" in unfiltered
    filtered = member_client.get("/suivi/", {"status": "closed"}).content.decode()
    assert "Plus de 2" not in filtered and "0 situation" in filtered


def test_count_below_the_cap_includes_what_was_shared(member_client, organisation, other_organisation, member, monkeypatch):
    from casework.views.caseload import CappedPaginator

    monkeypatch.setattr(CappedPaginator, "CAP", 5)
    SituationFactory(organisation=organisation)
    shared = SituationFactory(organisation=other_organisation)
    victim = PersonFactory(situation=shared, role=PersonRole.VICTIM)
    ReferralFactory(person=victim, receiver=organisation, status=ReferralStatus.ACCEPTED)
    assert "2 situations" in member_client.get("/suivi/").content.decode()


def test_rows_show_level_status_and_last_change(member_client, organisation):
    SituationFactory(organisation=organisation, danger_level="high")
    SituationFactory(organisation=organisation)
    html = member_client.get("/suivi/").content.decode()
    assert '<span class="badge badge-danger">Grave</span>' in html
    assert '<span class="muted">non évalué</span>' in html
    assert "En cours" in html
    assert timezone.localdate().strftime("%d/%m/%Y") in html


def test_expiring_filter_lists_shared_timelines_and_what_the_organisation_recorded(other_client, organisation, other_organisation):
    """For the receiver: a shared situation with its timeline in the consent shows its measures; without it, only the
    measures the receiver recorded itself; the receiver's own situations all of theirs."""
    today = timezone.localdate()
    ends = today + datetime.timedelta(days=3)

    def shared(name, items):
        situation = SituationFactory(organisation=organisation)
        victim = PersonFactory(situation=situation, role=PersonRole.VICTIM, last_name=name)
        ReferralFactory(person=victim, receiver=other_organisation, status=ReferralStatus.ACCEPTED, consent__items=items)
        return situation

    with_timeline = shared("Partagetimeline", ["identity", "timeline"])
    EventFactory(situation=with_timeline, kind="protection_order", date=today, end_date=ends)
    recorded = shared("Saisieparmoi", ["identity"])
    EventFactory(situation=recorded, kind="tgd_granted", date=today, end_date=ends, organisation=other_organisation)
    # On the same situation, a measure the owner recorded: neither in the side list nor read, the timeline is not shared.
    EventFactory(situation=recorded, kind="eviction", date=today, end_date=ends + datetime.timedelta(days=1))
    hidden = shared("Sanstimeline", ["identity"])
    EventFactory(situation=hidden, kind="protection_order", date=today, end_date=ends)
    own = SituationFactory(organisation=other_organisation)
    PersonFactory(situation=own, last_name="Mienne")
    EventFactory(situation=own, kind="anti_approach_bracelet", date=today, end_date=ends, organisation=organisation)
    html = other_client.get("/suivi/", {"expiring": "on"}).content.decode()
    assert "Partagetimeline" in html and "Saisieparmoi" in html and "Mienne" in html
    assert "Sanstimeline" not in html
    assert "4 situations" not in html and "3 situations" in html
    # The side list shows the measures of its own situations and those it recorded, not the shared timeline's.
    side = html.split('id="expiring-title"')[1]
    assert own.reference in side and recorded.reference in side
    assert with_timeline.reference not in side and hidden.reference not in side
    assert side.count(recorded.reference) == 1 and "Éviction" not in side


def test_an_event_carries_its_situation_owner_even_if_the_situation_moves(organisation, other_organisation):
    from casework.models import Event, Situation

    situation = SituationFactory(organisation=organisation)
    event = EventFactory(situation=situation, organisation=other_organisation)
    assert event.owner_id == organisation.pk
    moved = Situation.objects.get(pk=situation.pk)
    moved.organisation = other_organisation
    moved.save()
    assert Event.objects.get(pk=event.pk).owner_id == other_organisation.pk


def test_the_migration_copies_each_event_owner_from_its_situation(organisation, other_organisation):
    import importlib

    from django.apps import apps

    from casework.models import Event

    migration = importlib.import_module("casework.migrations.0007_event_owner")
    events = [EventFactory(situation=SituationFactory(organisation=org)) for org in (organisation, other_organisation)]
    Event.objects.update(owner=other_organisation)  # as if the column had just been added
    with connection.cursor() as cursor:  # the migration's one statement, run as the schema editor would
        migration.copy_owner(apps, SimpleNamespace(execute=cursor.execute))
    assert [Event.objects.get(pk=e.pk).owner_id for e in events] == [organisation.pk, other_organisation.pk]


def test_a_coordinator_filters_the_committee_situations_on_expiring_measures(coordinator_client, organisation):
    from casework.models import CommitteeShare

    today = timezone.localdate()
    shared, unshared = SituationFactory(organisation=organisation), SituationFactory(organisation=organisation)
    for situation in (shared, unshared):
        EventFactory(situation=situation, kind="protection_order", date=today, end_date=today + datetime.timedelta(days=4))
    quiet = SituationFactory(organisation=organisation)
    for situation in (shared, quiet):
        CommitteeShare.objects.create(situation=situation, until=today + datetime.timedelta(days=30))
    html = coordinator_client.get("/suivi/", {"expiring": "on"}).content.decode()
    assert shared.reference in html
    assert unshared.reference not in html and quiet.reference not in html
    assert "mesure expirant" in coordinator_client.get("/suivi/").content.decode()


@pytest.mark.parametrize("where", ["page", "api"])
def test_a_search_by_name_finds_only_names_the_consent_shared(where, member, other_organisation, other_member, other_client, situation):
    """The receiver was given the victim's timeline, not her identity, nor the household: searching the victim's or the
    perpetrator's name must not confirm that they are in its files. Once her identity is shared, her name finds her;
    the perpetrator's still finds nothing."""
    from django.test import Client

    from accounts.models import ApiToken
    from tests.casework.conftest import people

    victim, perpetrator = people(situation, PersonRole.VICTIM), people(situation, PersonRole.PERPETRATOR)
    referral = ReferralFactory(person=victim, receiver=other_organisation, status=ReferralStatus.ACCEPTED, consent__items=["timeline"])
    _token, key = ApiToken.issue(other_member, "test")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {key}")

    def found(name):
        if where == "api":
            return api.get("/api/suivi/situations", {"q": name}).json()["count"] > 0
        return situation.reference in other_client.get("/suivi/", {"q": name}).content.decode()

    assert other_client.get("/suivi/").status_code == 200 and situation.reference in other_client.get("/suivi/").content.decode()
    assert not found(victim.last_name)
    assert not found(f"{perpetrator.first_name} {perpetrator.last_name}")
    referral.consent.items = ["timeline", "identity"]
    referral.consent.save()
    assert found(victim.last_name)
    assert not found(perpetrator.last_name)


def test_a_coordinator_reads_counts_of_flagged_situations_and_the_committees_expiring_measures(organisation, other_organisation):
    """A high level flags a situation for the committee: the coordinator sees how many per organisation, and how many
    were shared, never which ones; the shared ones' expiring measures are in the side list and the level filter works."""
    from accounts.models import Role
    from casework.models import CommitteeShare, DangerLevel
    from tests.accounts.factories import MembershipFactory
    from tests.conftest import verified_client

    coordinator = MembershipFactory(organisation=other_organisation, role=Role.COORDINATOR)
    client = verified_client(coordinator.user, coordinator)
    today = timezone.localdate()
    flagged = []
    for i in range(3):
        situation = SituationFactory(organisation=organisation, danger_level=DangerLevel.HIGH, flagged_for_committee=True)
        PersonFactory(situation=situation, last_name=f"Signaleefictive{i}")
        flagged.append(situation)
    EventFactory(
        situation=flagged[0], kind="tgd_granted", date=today - datetime.timedelta(days=170), end_date=today + datetime.timedelta(days=4)
    )
    EventFactory(
        situation=flagged[1], kind="tgd_granted", date=today - datetime.timedelta(days=170), end_date=today + datetime.timedelta(days=6)
    )
    CommitteeShare.objects.create(situation=flagged[0], until=today + datetime.timedelta(days=30))
    html = client.get("/suivi/").content.decode()
    assert "Signalées au comité" in html
    assert "<strong>3</strong> signalées, 1 partagée" in html
    assert flagged[0].reference in html and "Signaleefictive0" in html  # shared with the committee
    assert flagged[1].reference not in html and "Signaleefictive1" not in html  # flagged, not shared: counted only
    side = html.split('id="expiring-title"')[1]
    assert flagged[0].reference in side and flagged[1].reference not in side
    assert flagged[0].reference in client.get("/suivi/", {"level": "high"}).content.decode()
    assert flagged[0].reference in client.get("/suivi/", {"expiring": "on"}).content.decode()


def test_the_commune_filter_takes_a_name_or_a_code_and_names_an_unknown_one(member_client, organisation, territory):
    from territory.models import Commune

    valenciennes = Commune.objects.get(insee_code="59606")
    here = SituationFactory(organisation=organisation, commune=valenciennes)
    elsewhere = SituationFactory(organisation=organisation, commune=Commune.objects.exclude(pk="59606").first())
    for value in ("59606", "valenciennes", "  VALENCIENNES "):
        html = member_client.get("/suivi/", {"commune": value}).content.decode()
        assert here.reference in html and elsewhere.reference not in html, value
    html = member_client.get("/suivi/", {"commune": "Atlantide"}).content.decode()
    assert "Commune inconnue : « Atlantide ». Indiquez son nom ou son code INSEE." in html
