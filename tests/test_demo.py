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
