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


def test_demo_codes_say_that_they_replace_the_previous_ones(territory, capsys):
    """Issue 11, point 19: `make demo-codes` silently cancelled the codes `make run` had printed."""
    from django_otp import match_token

    call_command("demo")
    first = capsys.readouterr().out.split("intervenante.ajar@demo.maillage.test")[1].split("codes :")[1].split("\n")[0].split()
    call_command("demo", codes_only=True)
    out = capsys.readouterr().out
    assert "Ces codes remplacent ceux affichés auparavant" in out and "make demo-codes" in out
    user = User.objects.get(email="intervenante.ajar@demo.maillage.test")
    assert match_token(user, first[0]) is None  # said, and true


def test_accounts_file_is_written_for_the_server_to_print(territory, tmp_path, capsys):
    target = tmp_path / "var" / "demo-accounts.txt"
    call_command("demo", accounts_file=str(target))
    text = target.read_text()
    assert "intervenante.ajar@demo.maillage.test" in text and "\x1b[" not in text
    assert oct(target.stat().st_mode)[-3:] == "600"


def test_the_demo_server_prints_the_accounts_last_with_the_port(tmp_path):
    """The accounts and codes scrolled away before the server started: they come after Django's banner."""
    import os
    import socket
    import subprocess
    import sys
    import time
    from pathlib import Path

    accounts = tmp_path / "demo-accounts.txt"
    accounts.write_text("Comptes de démonstration (données fictives) : intervenante.ajar@demo.maillage.test codes : abc\n")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    root = Path(__file__).resolve().parent.parent
    # The demo server runs on its own SQLite file, whatever database the suite runs on (PostgreSQL's base database may
    # not even exist: only the test databases do).
    env = {
        **os.environ,
        "MAILLAGE_ENV": "development",
        "DJANGO_RUNSERVER_HIDE_WARNING": "true",
        "PYTHONUNBUFFERED": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
    }
    server = subprocess.Popen(
        [sys.executable, "manage.py", "rundemo", f"127.0.0.1:{port}", "--noreload", "--skip-checks", "--accounts-file", str(accounts)],
        cwd=root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        out = ""
        deadline = time.monotonic() + 60
        while "DEBUG=1 make run" not in out and time.monotonic() < deadline and server.poll() is None:
            out += server.stdout.readline()
    finally:
        server.terminate()
        server.wait(timeout=20)
        server.stdout.close()
    assert out.index("Starting development server") < out.index("intervenante.ajar@demo.maillage.test") < out.index("PORT=8001 make run")
