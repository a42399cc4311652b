"""Issue 10, points 10 and 12, in a real Chromium: the whole public site keeps to one history entry (Back after the
quick exit never lands on a page of the platform, from the home page as from a guide page opened directly), and no
public page writes a cookie, localStorage or sessionStorage."""

import pytest

from tests.directory.conftest import guide  # noqa: F401 - the guide's data, shared with the directory tests

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def before(live_server, settings):
    """A page visited before the platform, and the quick exit's target: both outside the pages under test."""
    settings.QUICK_EXIT_URL = f"{live_server.url}/sortie-discrete/"
    return f"{live_server.url}/sortie-discrete/?avant"


def _quick_exit(page, live_server):
    page.locator("h1").click()
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(f"{live_server.url}/sortie-discrete/")


def _back_leaves_the_platform(page, before):
    page.go_back()
    page.wait_for_load_state()
    assert page.url == before, page.url


def test_from_the_home_page_into_the_guide_back_after_the_quick_exit_leaves_the_platform(page, live_server, guide, before):  # noqa: F811
    page.goto(before)
    entries = page.evaluate("history.length")
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Le guide").click()
    page.wait_for_url("**/guide/")
    page.get_by_role("link", name="Je veux parler à quelqu'un").click()
    page.wait_for_url("**/guide/besoin/parler/")
    page.fill("input[name=commune]", "Valenciennes")
    page.get_by_role("button", name="Chercher").first.click()
    page.wait_for_url("**/guide/recherche/**")
    assert page.evaluate("history.length") == entries + 1  # one entry for the platform, however many pages were read
    _quick_exit(page, live_server)
    _back_leaves_the_platform(page, before)


def test_a_guide_page_opened_directly_is_not_one_back_away_after_the_quick_exit(page, live_server, guide, before):  # noqa: F811
    page.goto(before)
    page.goto(f"{live_server.url}/guide/service/{guide['shelter'].pk}/")
    _quick_exit(page, live_server)
    _back_leaves_the_platform(page, before)
    # The same after moving around: to the guide's home, the helplines, then the home page of the platform.
    page.goto(f"{live_server.url}/guide/service/{guide['permanence'].pk}/")
    page.get_by_role("link", name="← Retour au guide").click()
    page.wait_for_url("**/guide/")
    page.get_by_role("link", name="Tous les numéros utiles").click()
    page.wait_for_url("**/guide/numeros/")
    page.get_by_role("link", name="Maillage", exact=True).click()
    page.wait_for_url(f"{live_server.url}/")
    _quick_exit(page, live_server)
    _back_leaves_the_platform(page, before)


def test_the_quick_exit_button_too(phone_page, live_server, guide, before):  # noqa: F811
    page = phone_page
    page.goto(before)
    page.goto(f"{live_server.url}/guide/")
    page.get_by_role("link", name="Je veux partir").click()
    page.wait_for_url("**/guide/besoin/partir/")
    page.get_by_role("link", name="Quitter ce site").click()
    page.wait_for_url(f"{live_server.url}/sortie-discrete/")
    _back_leaves_the_platform(page, before)


PUBLIC_PAGES = [
    "/",
    "/guide/",
    "/guide/besoin/danger/",
    "/guide/besoin/professionnel/",
    "/guide/recherche/?commune=Denain&categorie=shelter",
    "/guide/recherche/?commune=Denain&texte=zzz&ouvert=on",
    "service",
    "/guide/numeros/",
    "/guide/effacer-ses-traces/",
    "/guide/imprimer/",
    "/page-inconnue/",
]


def test_no_public_page_writes_cookies_local_or_session_storage(page, live_server, guide):  # noqa: F811
    for path in PUBLIC_PAGES:
        if path == "service":
            path = f"/guide/service/{guide['shelter'].pk}/"
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
        stored = page.evaluate("[localStorage.length, sessionStorage.length, document.cookie]")
        assert stored == [0, 0, ""], (path, stored)
        assert page.context.cookies() == [], path
    # The login page is public too; it sets the CSRF cookie of its form, for the browser session only.
    page.goto(f"{live_server.url}/comptes/connexion/")
    assert page.evaluate("[localStorage.length, sessionStorage.length]") == [0, 0]
    cookies = page.context.cookies()
    assert [c["name"] for c in cookies] == ["csrftoken"] and cookies[0]["expires"] == -1  # a session cookie
