"""Walks in Chromium: a practitioner reads her notifications (the header's count, opening one), chooses her
preferences; an organisation's admin imports the example spreadsheet with errors, reads the problems, then the good
one, maps its columns and imports it. Each page photographed and checked by axe-core."""

import pytest

from accounts.models import Role
from casework.models import Situation
from notifications import events
from tests.accounts.factories import MembershipFactory, OrganisationFactory
from tests.browser.conftest import login, screenshot, serious_violations
from tests.imports.conftest import EXAMPLES

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_practitioner_reads_her_notifications_and_chooses_how_she_is_told(page, live_server):
    organisation = OrganisationFactory(name="Association Alpha (fictive)")
    agathe = MembershipFactory(organisation=organisation, role=Role.PRACTITIONER)
    events.committee_action_assigned(organisation=organisation, url="/notifications/preferences/", key="committee_action:1")
    login(page, live_server.url, agathe.user)
    assert page.locator("nav .count").inner_text().startswith("1")
    page.click("nav >> text=Notifications")
    page.wait_for_url("**/notifications/")
    screenshot(page, "notifications-list")
    assert serious_violations(page) == []
    page.click("text=Ouvrir et marquer comme lue")
    page.wait_for_url("**/notifications/preferences/")
    assert page.locator("nav .count").count() == 0
    screenshot(page, "notifications-preferences")
    assert serious_violations(page) == []
    page.check("input[name=committee_action][value=digest]")
    page.click("main button[type=submit]")
    page.wait_for_url("**/notifications/preferences/")
    assert page.locator("input[name=committee_action][value=digest]").is_checked()


def test_an_admin_imports_the_example_spreadsheets(page, live_server, territory):
    organisation = OrganisationFactory(name="Association Alpha (fictive)")
    admin = MembershipFactory(organisation=organisation, role=Role.ORG_ADMIN)
    login(page, live_server.url, admin.user)
    page.goto(f"{live_server.url}/reprise/")
    screenshot(page, "imports-home")
    assert serious_violations(page) == []
    page.check("input[name=kind][value=casework]")
    page.set_input_files("input[name=file]", str(EXAMPLES / "suivi-avec-erreurs.csv"))
    page.click("main form button[type=submit]")
    page.wait_for_url("**/colonnes/")
    screenshot(page, "imports-mapping")
    assert serious_violations(page) == []
    page.click("text=Vérifier le fichier")
    page.wait_for_url("**/reprise/*/")
    assert "9 problèmes à corriger" in page.content()
    screenshot(page, "imports-errors")
    assert serious_violations(page) == []
    page.goto(f"{live_server.url}/reprise/")
    page.check("input[name=kind][value=casework]")
    page.set_input_files("input[name=file]", str(EXAMPLES / "suivi-exemple.xlsx"))
    page.click("main form button[type=submit]")
    page.wait_for_url("**/colonnes/")
    page.click("text=Vérifier le fichier")
    page.wait_for_url("**/reprise/*/")
    screenshot(page, "imports-checked")
    page.click("text=Importer maintenant")
    page.wait_for_load_state()
    assert "Import terminé" in page.content()
    screenshot(page, "imports-done")
    assert Situation.objects.filter(organisation=organisation).count() == 3
