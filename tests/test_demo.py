import pytest
from django.core.management import call_command

from accounts.models import Membership, Organisation, Role, User

pytestmark = pytest.mark.django_db


def test_demo_creates_the_seed_partners_and_prints_accounts_with_backup_codes(territory, capsys):
    call_command("demo")
    out = capsys.readouterr().out
    names = set(Organisation.objects.values_list("short_name", flat=True))
    assert {
        "Parquet",
        "Sous-préfecture",
        "Valenciennes Métropole",
        "CA Porte du Hainaut",
        "Département du Nord",
        "AJAR",
        "LA POSE",
        "CIDFF",
        "MJD",
    } <= names
    assert {m.role for m in Membership.objects.all()} == set(Role.values)
    assert "intervenante.ajar@demo.maillage.test" in out and "demo-maillage-valenciennes" in out
    user = User.objects.get(email="intervenante.ajar@demo.maillage.test")
    codes = out.split("intervenante.ajar@demo.maillage.test")[1].split("codes :")[1].split("\n")[0].split()
    assert len(codes) == 3
    from django_otp import match_token

    assert match_token(user, codes[0]) is not None
    assert match_token(user, codes[0]) is None  # single use


def test_demo_is_deterministic(territory):
    call_command("demo")
    first = sorted(Organisation.objects.values_list("name", flat=True))
    call_command("demo")
    assert sorted(Organisation.objects.values_list("name", flat=True)) == first


def test_demo_situations_were_last_changed_over_the_year_not_today(territory):
    """The caseload is ordered by last change: the demo dates it by each situation's own history."""
    from django.utils import timezone

    from casework.models import Situation

    call_command("demo")
    days = {d.date() for d in Situation.objects.values_list("updated_at", flat=True)}
    assert len(days) > 100
    assert max(days) <= timezone.localdate()


def test_demo_eviction_places_are_partly_occupied_today_within_capacity(territory):
    """The caseload's side panel and the housing page show an ordinary week's occupancy, never over capacity."""
    from casework.queries import housing_occupancy

    call_command("demo")
    places = housing_occupancy()
    assert len(places) >= 2
    for place in places:
        assert 0 < place.occupied <= place.capacity, (place.name, place.occupied, place.capacity)


def test_demo_records_nothing_ahead_of_today_but_hearings(territory):
    """A practitioner records what happened or was decided: only a hearing may be set for a later day."""
    from django.utils import timezone

    from casework.models import Event, EventKind, RiskAssessment

    call_command("demo")
    today = timezone.localdate()
    assert not Event.objects.exclude(kind=EventKind.HEARING).filter(date__gt=today).exists()
    assert not RiskAssessment.objects.filter(assessed_on__gt=today).exists()


def test_demo_puts_high_danger_situations_before_the_committee_its_coordinators_read(territory):
    from accounts.models import Membership, Role
    from casework.models import DangerLevel, Situation

    call_command("demo")
    coordinator = Membership.objects.get(role=Role.COORDINATOR, user__email__startswith="coordination@")
    shown = list(Situation.objects.visible_to(coordinator))
    assert len(shown) >= 3
    assert {s.danger_level for s in shown} == {DangerLevel.HIGH}
