"""The action plan in Chromium: the coordinator creates an action (wrong dates first), the association's admin reports
its outputs, the « qui fait quoi » page shows them; the timeline marks the late milestone. axe-core on every page."""

import datetime

import pytest

from accounts.models import Role
from network.models import Action, ActionOutput
from tests.accounts.factories import MembershipFactory, OrganisationFactory
from tests.browser.conftest import login, screenshot, serious_violations
from tests.network.factories import MilestoneFactory, PlanFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_creates_an_action_the_association_reports_its_outputs_and_qui_fait_quoi_shows_it(browser, page, live_server):
    association = OrganisationFactory(name="Association Alpha (fictive)")
    partner = OrganisationFactory(name="Association Bêta (fictive)")
    agglomeration = OrganisationFactory(name="Agglomération fictive", kind="collectivity")
    coordinator = MembershipFactory(organisation=agglomeration, role=Role.COORDINATOR, user__email="coordination@exemple.test")
    admin = MembershipFactory(organisation=association, role=Role.ORG_ADMIN, user__email="admin.alpha@exemple.test")
    today = datetime.date.today()
    PlanFactory(
        title="Plan d'action fictif", starts_on=today.replace(month=1, day=1), ends_on=today.replace(year=today.year + 1, month=12, day=31)
    )

    login(page, live_server.url, coordinator.user)
    page.goto(f"{live_server.url}/reseau/")
    assert serious_violations(page) == []
    page.click("main >> text=Nouvelle action")
    page.select_option("#id_axis", "prevention")
    page.select_option("#id_kind", "school_session")
    page.fill("#id_title", "Journée de sensibilisation au collège (fictive)")
    page.select_option("#id_lead", label="Association Alpha (fictive)")
    page.get_by_label("Association Bêta (fictive)").check()
    page.select_option("#id_audience", "pupils")
    page.fill("#id_starts_on", today.isoformat())
    page.fill("#id_ends_on", (today - datetime.timedelta(days=10)).isoformat())
    page.fill("#id_budget", "1200")
    page.click("main form[method=post] button[type=submit]")
    assert "Fin : La fin de l'action précède son début." in page.inner_text("main")
    assert not Action.objects.exists()
    assert serious_violations(page) == []
    page.fill("#id_ends_on", (today + datetime.timedelta(days=30)).isoformat())
    page.click("main form[method=post] button[type=submit]")
    page.wait_for_selector("h1:has-text('Journée de sensibilisation au collège (fictive)')")
    action = Action.objects.get()
    assert action.lead == association and list(action.partners.all()) == [partner]
    page.click("text=Ajouter un jalon")
    page.fill("#id_title", "Convention avec le collège")
    page.fill("#id_due_on", (today - datetime.timedelta(days=2)).isoformat())
    page.click("main form[method=post] button[type=submit]")
    page.wait_for_selector("text=En retard")
    screenshot(page, "network-coordinator-action")

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    admin_page = context.new_page()
    login(admin_page, live_server.url, admin.user)
    admin_page.goto(f"{live_server.url}/reseau/actions/{action.pk}/")
    admin_page.click("text=Déclarer les résultats")
    admin_page.fill("#id_people_reached", "-4")
    admin_page.click("main form[method=post] button[type=submit]")
    assert "Personnes touchées : " in admin_page.inner_text("main")
    assert serious_violations(admin_page) == []
    admin_page.fill("#id_people_reached", "58")
    admin_page.fill("#id_pupils_reached", "54")
    admin_page.fill("#id_documents_produced", "1")
    admin_page.fill("#id_trained_education", "4")
    admin_page.click("main form[method=post] button[type=submit]")
    admin_page.wait_for_selector("text=Résultats enregistrés.")
    assert ActionOutput.objects.get(action=action).pupils_reached == 54
    screenshot(admin_page, "network-admin-outputs")
    admin_page.goto(f"{live_server.url}/reseau/plan/qui-fait-quoi/")
    section = admin_page.inner_text(f"#org-{association.pk}")
    assert "Journée de sensibilisation au collège (fictive)" in section and "58 personnes touchées" in section
    assert "Jalon en retard" in section
    assert "pilotée par Association Alpha (fictive)" in admin_page.inner_text(f"#org-{partner.pk}")
    assert serious_violations(admin_page) == []
    screenshot(admin_page, "network-qui-fait-quoi")
    context.close()

    MilestoneFactory(action=action, title="Bilan de l'année", due_on=today + datetime.timedelta(days=20))
    page.goto(f"{live_server.url}/reseau/plan/frise/")
    assert page.locator("svg.timeline .ms-late").count() == 1
    assert page.locator("svg.timeline .ms-todo").count() == 1
    assert serious_violations(page) == []
    screenshot(page, "network-timeline")
    page.goto(f"{live_server.url}/reseau/plan/?axis=prevention")
    assert serious_violations(page) == []
    screenshot(page, "network-actions")
