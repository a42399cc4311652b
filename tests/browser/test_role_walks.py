"""Each role, walked in Chromium as it meets the platform (issue 11): where it lands after the second factor, the main
form of its job with wrong input then right, axe-core on every page; and the perpetrator's side reading a household
(issue 10), which shows the man and nothing that locates her."""

import datetime

import pytest

from accounts.models import Audience, Role
from casework.models import CommitteeShare, PersonRole, Situation
from tests.accounts.factories import MembershipFactory, OrganisationFactory
from tests.browser.conftest import login, screenshot, serious_violations
from tests.casework.factories import PersonFactory, ReferralFactory, SituationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_practitioner_lands_on_her_caseload_and_is_told_what_is_wrong(page, live_server):
    alpha = OrganisationFactory(name="Association Alpha (fictive)", accompanies=Audience.VICTIMS)
    agathe = MembershipFactory(organisation=alpha, role=Role.PRACTITIONER, user__email="agathe@exemple.test")
    login(page, live_server.url, agathe.user)
    assert page.url.endswith("/suivi/"), page.url
    assert serious_violations(page) == []
    page.click("text=Nouvelle situation")
    page.fill("#id_opened_on", "2099-01-01")
    page.fill("#id_person-first_name", "Walkerfictive")
    page.click("main button[type=submit]")
    errors = page.inner_text("main")
    assert "Date d'ouverture : La date ne peut pas être dans le futur." in errors
    assert "Nom : Ce champ est obligatoire." in errors
    assert not Situation.objects.exists()
    assert serious_violations(page) == []
    page.fill("#id_opened_on", "2026-03-01")
    page.fill("#id_person-last_name", "Marche-Fictive")
    page.click("main button[type=submit]")
    page.wait_for_selector("text=Situation S-")
    assert "Walkerfictive Marche-Fictive" in page.inner_text("main")
    situation = Situation.objects.get()
    assert situation.referent_id == agathe.user_id
    screenshot(page, "walk-practitioner-situation")


def test_the_perpetrators_side_reads_the_man_and_nothing_that_locates_her(page, live_server, territory):
    alpha = OrganisationFactory(name="Association Alpha (fictive)", accompanies=Audience.VICTIMS)
    gamma = OrganisationFactory(name="Association Gamma (fictive)", accompanies=Audience.PERPETRATORS)
    agathe = MembershipFactory(organisation=alpha, role=Role.PRACTITIONER)
    louis = MembershipFactory(organisation=gamma, role=Role.PRACTITIONER, user__email="louis@exemple.test")
    household = SituationFactory(organisation=alpha, commune_id="59484", notes="Notes du foyer (fictives)")
    victim = PersonFactory(situation=household, role=PersonRole.VICTIM, address="9 allée des Secrets (fictive)")
    man = PersonFactory(situation=household, role=PersonRole.PERPETRATOR, first_name="Gaston", last_name="Marche-Fictif", sex="M")
    ReferralFactory(
        person=victim, receiver=gamma, status="accepted", sent_by=agathe.user, consent__items=["identity", "contact", "household"]
    )
    ReferralFactory(person=man, receiver=gamma, status="accepted", sent_by=agathe.user, consent__items=["identity", "timeline"])
    login(page, live_server.url, louis.user)
    page.goto(f"{live_server.url}/suivi/{household.pk}/")
    main = page.inner_text("main")
    assert "Gaston Marche-Fictif" in main
    assert "allée des Secrets" not in main and "Quiévrechain" not in main and "Notes du foyer" not in main
    assert "Votre organisation accompagne l'auteur" in main
    assert serious_violations(page) == []
    screenshot(page, "walk-perpetrator-side-household")


def test_the_coordinator_lands_on_the_committee_situations(page, live_server):
    alpha = OrganisationFactory(name="Association Alpha (fictive)", accompanies=Audience.VICTIMS)
    shared = SituationFactory(organisation=alpha, danger_level="high", flagged_for_committee=True)
    PersonFactory(situation=shared, role=PersonRole.VICTIM, first_name="Comitéfictive")
    hidden = SituationFactory(organisation=alpha, danger_level="high", flagged_for_committee=True)
    CommitteeShare.objects.create(situation=shared, until=datetime.date.today() + datetime.timedelta(days=30))
    claire = MembershipFactory(organisation=OrganisationFactory(name="Agglomération (fictive)"), role=Role.COORDINATOR)
    login(page, live_server.url, claire.user)
    assert page.url.endswith("/suivi/"), page.url
    main = page.inner_text("main")
    assert "partagées avec le comité de suivi" in main and shared.reference in main and hidden.reference not in main
    page.select_option("#id_level", "high")
    page.click("text=Filtrer")
    assert shared.reference in page.inner_text("main")
    assert serious_violations(page) == []
    screenshot(page, "walk-coordinator-caseload")
