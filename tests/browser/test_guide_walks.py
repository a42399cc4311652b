"""Walks of the guide in a real Chromium (issue 11): a victim on a 360-pixel phone, a professional without an account,
an organisation admin who proposes a service and types its hours the French way. Each page is checked with axe-core
(no serious or critical violation) and photographed (test-artifacts/)."""

import contextlib

import pytest

from accounts.models import Role
from directory.models import ChangeRequest
from tests.accounts.factories import MembershipFactory
from tests.browser.conftest import login, screenshot, serious_violations
from tests.directory.conftest import guide  # noqa: F401 - the guide's data, shared with the directory tests
from tests.directory.factories import PlaceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def _check(page, name):
    assert serious_violations(page) == [], name
    assert _fits(page), name
    screenshot(page, name)


def test_victim_on_a_phone(phone_page, live_server, guide):  # noqa: F811
    page = phone_page
    page.goto(f"{live_server.url}/")
    assert page.locator("#quick-exit").is_visible()
    _check(page, "walk-victim-1-home")
    page.get_by_role("link", name="Le guide").click()
    page.wait_for_url("**/guide/")
    page.get_by_role("link", name="Je veux partir").click()
    page.wait_for_url("**/guide/besoin/partir/")
    main = page.inner_text("main")
    assert "Hébergement d'urgence fictif" in main  # a shelter of the territory before any commune is typed
    _check(page, "walk-victim-2-partir")
    page.fill("input[name=commune]", "denian")
    page.check("input[name=ouvert]")
    page.get_by_role("button", name="Chercher").first.click()
    page.wait_for_url("**/guide/recherche/**")
    assert "Services près de Denain" in page.inner_text("h1")
    assert "Ouvert 24 h/24" in page.inner_text("main")
    _check(page, "walk-victim-3-results")
    page.get_by_role("link", name="Hébergement d'urgence fictif").first.click()
    page.wait_for_url("**/guide/service/**")
    assert "Adresse confidentielle" in page.inner_text("main") and "Secrète" not in page.content()
    _check(page, "walk-victim-4-service")
    page.get_by_role("link", name="← Retour au guide").click()
    page.wait_for_url("**/guide/")
    page.get_by_role("link", name="Effacer vos traces").click()
    page.wait_for_url("**/effacer-ses-traces/")
    assert "csrftoken" in page.inner_text("main")
    _check(page, "walk-victim-5-traces")
    assert page.context.cookies() == []


def test_professional_without_an_account(page, live_server, guide):  # noqa: F811
    page.goto(f"{live_server.url}/guide/")
    page.get_by_role("link", name="Je suis professionnel").click()
    page.wait_for_url("**/guide/besoin/professionnel/")
    assert "Vers qui orienter ?" in page.inner_text("main")
    assert "Aucun lieu ne correspond" not in page.inner_text("main")
    _check(page, "walk-pro-1-orienter")
    page.get_by_role("link", name="Mise à l'abri, hébergement d'urgence").first.click()
    page.wait_for_url("**/guide/recherche/?categorie=shelter")
    assert "Hébergement d'urgence fictif" in page.inner_text("main")
    _check(page, "walk-pro-2-shelters")
    page.goto(f"{live_server.url}/guide/imprimer/")
    page.select_option("#print-territory", "arrondissement:596")
    page.fill("#print-commune", "Denain")
    _check(page, "walk-pro-3-print")
    # Chromium may treat the PDF as a download, which ends the navigation with an error: the answer is what counts.
    with page.expect_response("**/guide/imprimer/professionnels.pdf**") as answer, contextlib.suppress(Exception):
        page.get_by_role("button", name="Guide d'orientation des professionnels (A4)").click()
    response = answer.value
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert "commune=Denain" in response.url


def test_organisation_admin_proposes_a_service_with_french_hours(page, live_server, guide, organisation):  # noqa: F811
    admin = MembershipFactory(organisation=organisation, role=Role.ORG_ADMIN)
    place = PlaceFactory(organisation=organisation, name="Antenne fictive de Denain", commune_id="59172")
    login(page, live_server.url, admin.user)
    assert page.url.endswith("/comptes/organisation/")  # her organisation, not the public home page
    page.goto(f"{live_server.url}/guide/pro/service/nouveau/")
    _check(page, "walk-admin-1-form")
    page.fill("#id_name", "Groupe de parole fictif")
    page.fill("#id_summary", "Un groupe de parole pour les femmes victimes.")
    page.get_by_label("Écoute et soutien").check()
    page.get_by_label("Femmes victimes").check()
    page.get_by_label("Sur rendez-vous").check()
    # Monday to Friday, morning and afternoon; and on the 2nd and 4th Tuesday... on the same line as Tuesday: refused.
    for day in range(5):
        page.check(f"input[name=hours-0-d{day}]")
    page.fill("#id_hours-0-s0-from", "09:00")
    page.fill("#id_hours-0-s0-to", "12:00")
    page.fill("#id_hours-0-s1-from", "14:00")
    page.fill("#id_hours-0-s1-to", "17:00")
    page.check("input[name=hours-1-d1]")
    page.locator(".hours-row").nth(1).get_by_text("Certaines semaines du mois seulement").click()
    page.check("input[name=hours-1-w2]")
    page.check("input[name=hours-1-w4]")
    page.fill("#id_hours-1-s0-from", "18:00")
    page.fill("#id_hours-1-s0-to", "20:00")
    page.select_option("#id_lieux-0-place", str(place.pk))
    page.get_by_role("button", name="Envoyer en relecture").click()
    page.wait_for_load_state()
    errors = page.inner_text("#erreurs")
    assert "Horaires : les lignes 1 et 2 indiquent toutes deux le mardi" in errors
    assert page.input_value("#id_hours-0-s1-to") == "17:00"  # what she typed is kept
    _check(page, "walk-admin-2-error")
    # The evening group meets on the 2nd and 4th Tuesday only: the first line stops at Monday, Wednesday to Friday.
    page.uncheck("input[name=hours-0-d1]")
    page.get_by_role("button", name="Envoyer en relecture").click()
    page.wait_for_url("**/guide/pro/")
    assert "publiée après relecture" in page.inner_text("main")
    _check(page, "walk-admin-3-sent")
    change = ChangeRequest.objects.get(service__name="Groupe de parole fictif")
    assert change.payload["hours"] == "Mo,We-Fr 09:00-12:00,14:00-17:00; Tu[2,4] 18:00-20:00; PH off"
