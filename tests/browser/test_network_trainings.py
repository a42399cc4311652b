"""Trainings and the calendar in Chromium: a professional registers to a full cycle (waiting list), the first trainee
withdraws and she gets the seat; the association's admin creates her calendar address and a calendar client reads it.
axe-core on every page."""

import datetime
import urllib.request

import pytest

from accounts.models import Role
from network.models import Registration
from tests.accounts.factories import MembershipFactory, OrganisationFactory
from tests.browser.conftest import login, screenshot, serious_violations
from tests.network.factories import CycleFactory, SessionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_waiting_list_then_seat_and_a_calendar_address(browser, page, live_server):
    alpha = OrganisationFactory(name="Association Alpha (fictive)")
    first = MembershipFactory(organisation=alpha, role=Role.PRACTITIONER, user__email="premiere@exemple.test")
    admin = MembershipFactory(organisation=alpha, role=Role.ORG_ADMIN, user__email="admin.alpha@exemple.test")
    cycle = CycleFactory(organiser=alpha, title="Cycle de formation fictif")
    SessionFactory(cycle=cycle, capacity=1, date=datetime.date.today() + datetime.timedelta(days=5), place="Salle fictive")

    login(page, live_server.url, first.user)
    page.goto(f"{live_server.url}/reseau/formations/{cycle.pk}/")
    page.click("main >> text=M'inscrire")
    page.wait_for_selector("text=Vous êtes inscrit·e à ce cycle.")

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    second = context.new_page()
    login(second, live_server.url, admin.user)
    second.goto(f"{live_server.url}/reseau/formations/{cycle.pk}/")
    second.click("main >> text=M'inscrire")
    second.wait_for_selector("text=Liste d'attente : position 1")
    assert serious_violations(second) == []
    screenshot(second, "network-training-waiting")

    page.click("main >> text=Me désister")
    page.wait_for_selector("text=Votre désistement est enregistré.")
    assert Registration.objects.get(cycle=cycle, user=admin.user).status == "confirmed"
    second.reload()
    assert "Inscrit·e" in second.inner_text("main") and "Liste d'attente : position" not in second.inner_text("main")

    second.goto(f"{live_server.url}/reseau/calendrier/")
    assert "Formation : Cycle de formation fictif" in second.inner_text("main")
    second.click("text=Créer une adresse d'abonnement")
    address = second.inner_text("code.secret")
    assert address.startswith(live_server.url) and address.endswith(".ics")
    assert serious_violations(second) == []
    screenshot(second, "network-calendar")
    with urllib.request.urlopen(address) as response:  # a calendar client: no cookie, no login
        body = response.read().decode()
    assert "SUMMARY:Formation : Cycle de formation fictif" in body
    second.click("text=Révoquer")
    second.wait_for_selector("text=Adresse d'abonnement révoquée")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(address)
    assert refused.value.code == 404
    context.close()
