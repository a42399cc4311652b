"""The analyst walks the official statistics in Chromium: the arrondissement compared with the Nord, the
Hauts-de-France and France, the chart and the map drawn, a commune chosen, an unknown filter named; axe-core on each
page and screenshots in test-artifacts/."""

import pytest

from accounts.models import Role
from tests.accounts.factories import MembershipFactory, OrganisationFactory
from tests.browser.conftest import login, screenshot, serious_violations
from tests.officialstats.conftest import official_statistics, reference_areas  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.usefixtures("official_statistics")
def test_the_analyst_reads_official_statistics_chart_and_map(page, live_server):
    analyst = MembershipFactory(organisation=OrganisationFactory(name="Observatoire (fictif)"), role=Role.ANALYST)
    login(page, live_server.url, analyst.user)
    page.goto(f"{live_server.url}/observatoire/statistiques/")
    main = page.inner_text("main")
    assert "1\u202f053" in main and "+49\u202f%" in main and "Hauts-de-France" in main
    # The chart and the map are images the browser decoded (not broken links).
    for selector in ("figure.chart img", "figure.map img"):
        assert page.eval_on_selector(selector, "img => img.complete && img.naturalWidth > 100"), selector
    assert serious_violations(page) == []
    screenshot(page, "officialstats-arrondissement")
    page.select_option("#id_territoire", "commune:59606")
    page.select_option("#id_indicateur", "violences-sexuelles")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert "Valenciennes" in page.inner_text("h2#comparaison ~ div") or "Valenciennes" in page.inner_text("main")
    page.click("text=Tableau des données de la carte")
    assert page.is_visible("details.table-alternative table")
    assert serious_violations(page) == []
    screenshot(page, "officialstats-commune")
    page.goto(f"{live_server.url}/observatoire/statistiques/?territoire=commune:99999")
    assert "Territoire : Territoire inconnu" in page.inner_text("main")
    assert serious_violations(page) == []


@pytest.mark.usefixtures("official_statistics")
def test_the_analyst_asks_for_the_annual_report_and_is_told_what_is_wrong(page, live_server):
    analyst = MembershipFactory(organisation=OrganisationFactory(name="Observatoire (fictif)"), role=Role.ANALYST)
    login(page, live_server.url, analyst.user)
    page.goto(f"{live_server.url}/observatoire/statistiques/")
    page.click("text=Produire le diagnostic annuel")
    assert page.url.endswith("/observatoire/statistiques/rapport/")
    assert serious_violations(page) == []
    screenshot(page, "officialstats-report-form")
    page.fill("#id_annee", "3000")
    page.click("text=Télécharger le rapport (PDF)")
    page.wait_for_load_state()
    assert "Année : Année à venir" in page.inner_text("main")
    assert serious_violations(page) == []
    with page.expect_download() as download:
        page.fill("#id_annee", "2023")
        page.check("#id_edition_1")
        page.click("text=Télécharger le rapport (PDF)")
    assert download.value.suggested_filename == "diagnostic-arrondissement-de-valenciennes-2023-public.pdf"
