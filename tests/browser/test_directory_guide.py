"""The public guide in a real Chromium: the question-led path on a phone, the quick exit, and accessibility."""

import pytest

from tests.browser.conftest import screenshot, serious_violations
from tests.directory.conftest import guide  # noqa: F401 - the guide's data, shared with the directory tests

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _no_horizontal_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_question_led_path_on_a_360_pixel_screen(phone_page, live_server, guide):  # noqa: F811
    page = phone_page
    page.goto(f"{live_server.url}/guide/")
    assert "violence" not in page.title().lower()
    assert _no_horizontal_scroll(page)
    page.get_by_role("link", name="Je veux partir").click()
    page.wait_for_url("**/guide/besoin/partir/")
    assert page.inner_text("h1") == "Je veux partir"
    page.fill("input[name=commune]", "denian")  # a typo
    page.get_by_role("button", name="Chercher").first.click()
    page.wait_for_url("**/guide/recherche/**")
    assert "Services près de Denain" in page.inner_text("h1")
    assert _no_horizontal_scroll(page)
    screenshot(page, "directory-results-360")
    page.get_by_role("link", name="Hébergement d'urgence fictif").click()
    page.wait_for_url("**/guide/service/**")
    assert page.inner_text("h1") == "Hébergement d'urgence fictif"
    assert "Adresse confidentielle" in page.inner_text("main")
    assert "Secrète" not in page.content()
    assert _no_horizontal_scroll(page)
    screenshot(page, "directory-service-360")
    assert page.context.cookies() == []


def test_search_works_without_javascript(browser, live_server, guide):  # noqa: F811
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"{live_server.url}/guide/")
    page.fill("input[name=commune]", "59230")
    page.get_by_role("button", name="Chercher").click()
    page.wait_for_url("**/guide/recherche/**")
    assert "Saint-Amand-les-Eaux" in page.inner_text("h1")
    assert "Permanence juridique fictive" in page.inner_text("main")
    context.close()


def test_quick_exit_after_browsing_the_guide_back_does_not_return(page, live_server, settings, guide):  # noqa: F811
    settings.QUICK_EXIT_URL = f"{live_server.url}/sortie-discrete/"
    page.goto(f"{live_server.url}/sortie-discrete/?avant")  # the page visited before the guide
    page.goto(f"{live_server.url}/guide/")
    page.get_by_role("link", name="Je veux parler à quelqu'un").click()
    page.wait_for_url("**/guide/besoin/parler/")
    page.fill("input[name=commune]", "Valenciennes")
    page.get_by_role("button", name="Chercher").first.click()
    page.wait_for_url("**/guide/recherche/**")
    page.locator("h1").click()
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(f"{live_server.url}/sortie-discrete/")
    page.go_back()
    page.wait_for_load_state()
    assert "/guide/" not in page.url
    assert page.url.endswith("/sortie-discrete/?avant")


@pytest.mark.parametrize(
    "path",
    [
        "/guide/",
        "/guide/besoin/danger/",
        "/guide/recherche/?commune=Valenciennes",
        "/guide/recherche/?commune=Onaing-les-Bains",
        "/guide/recherche/?commune=",
        "/guide/numeros/",
        "/guide/effacer-ses-traces/",
        "/guide/imprimer/",
        "service",
    ],
)
def test_public_pages_have_no_serious_accessibility_violation(phone_page, page, live_server, guide, path):  # noqa: F811
    if path == "service":
        path = f"/guide/service/{guide['permanence'].pk}/"
    for p in (phone_page, page):
        p.goto(f"{live_server.url}{path}")
        assert serious_violations(p) == [], path
