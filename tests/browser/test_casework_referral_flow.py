"""End to end in Chromium: AJAR creates a situation, records a complaint and a danger assessment, refers the
victim to the CIDFF with consent; the CIDFF accepts and sees only what was shared; a third organisation finds
nothing, by URL or by search."""

import pytest

from accounts.models import Role
from casework.models import Referral, Situation
from tests.accounts.factories import MembershipFactory, OrganisationFactory
from tests.browser.conftest import login, screenshot, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VICTIM_FIRST, VICTIM_LAST = "Bérénice", "Navigateur-Démo"
ADDRESS = "9 rue du Test-Imaginaire"
PHONE = "06 11 22 33 44"


def _new_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    return context, context.new_page()


def _assert_accessible(page):
    assert serious_violations(page) == []


def test_ajar_refers_to_cidff_who_sees_only_what_was_shared(browser, live_server):
    ajar = OrganisationFactory(name="AJAR (fictive)", short_name="AJAR")
    cidff = OrganisationFactory(name="CIDFF (fictif)", short_name="CIDFF")
    third = OrganisationFactory(name="LA POSE (fictive)", short_name="LA POSE")
    agathe = MembershipFactory(organisation=ajar, role=Role.PRACTITIONER, user__email="agathe@exemple.test")
    camille = MembershipFactory(organisation=cidff, role=Role.PRACTITIONER, user__email="camille@exemple.test")
    louis = MembershipFactory(organisation=third, role=Role.PRACTITIONER, user__email="louis@exemple.test")
    url = live_server.url

    # 1. AJAR creates the situation.
    context, page = _new_page(browser)
    login(page, url, agathe.user)
    page.goto(f"{url}/suivi/")
    _assert_accessible(page)
    page.click("text=Nouvelle situation")
    page.fill("#id_opened_on", "2026-03-01")
    page.fill("#id_children_count", "1")
    page.fill("#id_person-first_name", VICTIM_FIRST)
    page.fill("#id_person-last_name", VICTIM_LAST)
    page.fill("#id_person-birth_date", "1990-05-17")
    page.select_option("#id_person-sex", "F")
    page.fill("#id_person-address", ADDRESS)
    page.fill("#id_person-phone", PHONE)
    page.fill("#id_person-safe_hours", "le mardi matin")
    _assert_accessible(page)
    page.click("main button[type=submit]")
    page.wait_for_selector("text=créée")
    situation = Situation.objects.get()
    assert f"{VICTIM_FIRST} {VICTIM_LAST}" in page.inner_text("main")
    assert "Contact sans risque" in page.inner_text("main")

    # 2. A complaint, added in place with htmx (no page load).
    page.click("summary:has-text('Ajouter un événement')")
    page.select_option("#id_kind", "complaint")
    page.fill("#id_date", "2026-03-02")
    page.fill("#id_notes", "Plainte déposée au commissariat")
    marker = page.evaluate("() => (window.__noReload = true)")
    page.click("text=Ajouter au parcours")
    page.wait_for_selector("#timeline >> text=Événement ajouté au parcours.")
    assert page.evaluate("() => window.__noReload === true") == marker
    assert "Plainte déposée au commissariat" in page.inner_text("#timeline")

    # 3. A danger assessment with a red flag.
    page.click("text=Évaluer le danger")
    # Every question answered (« non » by default), « oui » to a separation and to strangulation, « ne sait pas » once;
    # the score and the level show as the answers are given, before anything is saved.
    from casework import risk

    for code, _text, _weight, _flag in risk.DEFAULT_QUESTIONS:
        page.check(f"#id_q_{code}_1")
    page.check("#id_q_separation_0")
    assert "niveau calculé : standard" in page.inner_text("#live-score")
    page.check("#id_q_strangulation_0")
    page.check("#id_q_weapon_2")
    live = page.inner_text("#live-score")
    assert "Score : 7 points" in live and "grave" in live and "ne sait pas" in live, live
    _assert_accessible(page)
    page.click("main button[type=submit]")
    page.wait_for_selector("text=Évaluation enregistrée")
    assert "signalée au comité de suivi" in page.inner_text("main")

    # 4. Referral to the CIDFF with consent: identity and timeline, not the contacts.
    page.click("text=Orienter")
    page.select_option("#id_person", label=f"{VICTIM_FIRST} {VICTIM_LAST} (Victime)")
    page.select_option("#id_receiver", label="CIDFF")
    page.fill("#id_reason", "Accompagnement juridique : ordonnance de protection")
    page.check("input[name=items][value=identity]")
    page.check("input[name=items][value=timeline]")
    page.select_option("#id_method", "written")
    _assert_accessible(page)
    page.click("main button[type=submit]")
    page.wait_for_selector("text=envoyée à CIDFF")
    screenshot(page, "casework-situation-ajar")
    context.close()

    # 5. The CIDFF accepts and sees only what was shared.
    context, page = _new_page(browser)
    login(page, url, camille.user)
    page.goto(f"{url}/suivi/orientations/recues/")
    _assert_accessible(page)
    assert VICTIM_LAST in page.inner_text("main")
    page.click(f"text={Referral.objects.get().reference}")
    page.check("input[name=decision][value=accept]")
    page.click("text=Enregistrer la réponse")
    page.wait_for_selector("text=Réponse enregistrée.")
    page.click("text=Ouvrir la situation (partie partagée)")
    page.wait_for_url(f"**/suivi/{situation.pk}/")
    main = page.inner_text("main")
    assert f"{VICTIM_FIRST} {VICTIM_LAST}" in main
    assert "Plainte" in main  # the timeline was shared…
    assert "Plainte déposée au commissariat" not in main  # …not the notes written on it
    assert ADDRESS not in main
    assert "06 11 22 33 44" not in main and "+33 6 11 22 33 44" not in main
    assert "Coordonnées non communiquées à votre organisation." in main
    assert "Évaluations du danger" not in main  # the assessment was not shared
    assert "Grave" not in main and "comité de suivi" not in main
    _assert_accessible(page)
    screenshot(page, "casework-situation-cidff")
    context.close()

    # 6. A third organisation finds nothing, by URL or by search.
    context, page = _new_page(browser)
    login(page, url, louis.user)
    response = page.goto(f"{url}/suivi/{situation.pk}/")
    assert response.status == 404
    page.goto(f"{url}/suivi/?q={VICTIM_LAST.lower()}")
    assert "Aucune situation ne correspond." in page.inner_text("main")
    assert situation.reference not in page.inner_text("main")
    response = page.goto(f"{url}/suivi/orientations/{Referral.objects.get().pk}/")
    assert response.status == 404
    context.close()
