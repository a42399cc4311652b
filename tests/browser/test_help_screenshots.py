"""The help pages' screenshots, taken here rather than by hand: each role logged in on fictitious data, on the page
its help describes. `make help-screenshots` writes them into static/aide/ (HELP_SCREENSHOTS_DIR), where docs/aide/
and /aide/ show them; the suite writes them into test-artifacts/aide/ and checks each page with axe-core."""

import os
from pathlib import Path

import pytest

from accounts.models import Audience, Role
from casework.models import PersonRole
from tests.accounts.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.browser.conftest import ARTIFACTS, login, serious_violations
from tests.casework.factories import EventFactory, PersonFactory, SituationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TARGET = Path(os.environ.get("HELP_SCREENSHOTS_DIR") or ARTIFACTS / "aide")


def shoot(page, name):
    TARGET.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(TARGET / f"{name}.png"), full_page=False)


@pytest.fixture
def network(db):
    alpha = OrganisationFactory(name="Association Alpha (fictive)", accompanies=Audience.VICTIMS)
    agathe = MembershipFactory(organisation=alpha, role=Role.PRACTITIONER, user__email="agathe.fictive@exemple.test")
    MembershipFactory(organisation=alpha, role=Role.ORG_ADMIN, user__email="admin.fictive@exemple.test")
    for first, last in (("Zélie", "Exemple-Fictive"), ("Inès", "Démonstration"), ("Rose", "Modèle-Fictive")):
        situation = SituationFactory(organisation=alpha, referent=agathe.user)
        victim = PersonFactory(situation=situation, role=PersonRole.VICTIM, first_name=first, last_name=last)
        EventFactory(situation=situation, person=victim)
    return alpha


def test_practitioner_screenshots(page, live_server, network):
    agathe = network.memberships.get(role=Role.PRACTITIONER)
    login(page, live_server.url, agathe.user)
    assert page.url.endswith("/suivi/")
    assert "Exemple-Fictive" in page.inner_text("main")
    assert serious_violations(page) == []
    shoot(page, "intervenante-situations")


def test_org_admin_screenshots(page, live_server, network):
    admin = network.memberships.get(role=Role.ORG_ADMIN)
    login(page, live_server.url, admin.user)
    page.goto(f"{live_server.url}/comptes/organisation/membres/")
    assert "agathe.fictive@exemple.test" in page.inner_text("main")
    assert serious_violations(page) == []
    shoot(page, "administration-membres")


def test_coordinator_and_analyst_screenshots(page, live_server, network):
    claire = MembershipFactory(organisation=OrganisationFactory(name="Agglomération (fictive)"), role=Role.COORDINATOR)
    login(page, live_server.url, claire.user)
    page.goto(f"{live_server.url}/reseau/")
    assert page.locator("h1").count() == 1
    assert serious_violations(page) == []
    shoot(page, "coordination-reseau")
    page.context.clear_cookies()
    analyst = MembershipFactory(organisation=OrganisationFactory(name="Observatoire (fictif)"), role=Role.ANALYST)
    login(page, live_server.url, analyst.user)
    page.goto(f"{live_server.url}/observatoire/")
    assert page.locator("h1").count() == 1
    assert serious_violations(page) == []
    shoot(page, "observatoire-accueil")


def test_platform_admin_screenshots(page, live_server, network, settings):
    from django.core.management import call_command

    settings.MAILLAGE_JOBS = {"retention": {"command": "apply_retention", "args": ["--dry-run"], "schedule": "*-*-* 03:30:00"}}
    call_command("run_job", "retention")
    staff = UserFactory(is_staff=True, is_superuser=True, email="technique.fictive@exemple.test")
    login(page, live_server.url, staff)
    page.goto(f"{live_server.url}/admin-technique/operations/jobrun/")
    assert "apply_retention" in page.inner_text("body")
    shoot(page, "administration-technique-taches")


def test_help_pages_read_well(page, live_server):
    from operations.help import PAGES

    for slug in ("", *PAGES):
        page.goto(f"{live_server.url}/aide/{slug + '/' if slug else ''}")
        assert page.locator("h1").count() == 1
        assert serious_violations(page) == []
        for image in page.locator("article img").all():
            assert image.evaluate("img => img.complete && img.naturalWidth > 0"), image.get_attribute("src")
