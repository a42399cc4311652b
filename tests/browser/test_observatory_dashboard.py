"""The analyst walks the observatory in Chromium: she lands on the dashboard, reads the seed 001 cohorts' figures,
filters with an impossible period (named, in French), cuts an indicator by sex, downloads its CSV, sees the chart and
its table; the public open-data page needs no login and keeps the quick exit. axe-core on every page."""

import datetime

import pytest

from accounts.models import Role
from tests.accounts.factories import MembershipFactory, OrganisationFactory
from tests.browser.conftest import login, screenshot, serious_violations
from tests.casework.factories import SituationFactory
from tests.observatory import cohorts

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_analyst_walks_the_dashboard(page, live_server, territory):
    from territory.models import Commune

    carrier = OrganisationFactory(name="Valenciennes Métropole (fictive)")
    cohorts.build(cohorts.AIR, carrier, commune=Commune.objects.get(insee_code="59606"))
    SituationFactory.create_batch(
        12, organisation=carrier, commune=Commune.objects.get(insee_code="59606"), opened_on=datetime.date.today()
    )
    analyst = MembershipFactory(role=Role.ANALYST, user__email="analyste@exemple.test")
    login(page, live_server.url, analyst.user)
    assert page.url.endswith("/observatoire/"), page.url
    assert page.locator("h1").inner_text() == "Observatoire des violences conjugales et intrafamiliales"
    assert serious_violations(page) == []
    # The chart is drawn (an SVG from the server) and its table is on the page.
    chart = page.locator("figure.obs-chart img")
    assert chart.evaluate("img => img.complete && img.naturalWidth > 0")
    screenshot(page, "observatoire-tableau-de-bord")

    page.fill("#f-year-from", "2022")
    page.fill("#f-year-to", "2022")
    page.click("text=Appliquer")
    programmes = page.locator("table.obs-series", has_text="Personnes suivies dans un programme")
    assert "90" in programmes.locator("tr", has_text="Personnes suivies dans un programme").inner_text()
    assert "65,1 % (56/86)" in programmes.inner_text()

    page.fill("#f-year-from", "2024")
    page.fill("#f-year-to", "2023")
    page.click("text=Appliquer")
    summary = page.locator(".error-summary")
    assert "Jusqu'à l'année : La période est impossible" in summary.inner_text()
    assert serious_violations(page) == []

    page.goto(f"{live_server.url}/observatoire/indicateurs/programme_participants/?year_from=2022&year_to=2022")
    page.select_option("#dim1", "programme")
    page.select_option("#dim2", "sex")
    page.click("text=Afficher")
    table = page.locator("table.table").last
    assert "Homme" in table.inner_text() and "78" in table.inner_text() and "12" in table.inner_text()
    assert serious_violations(page) == []
    screenshot(page, "observatoire-indicateur")
    with page.expect_download() as download:
        page.click("figcaption >> text=CSV")
    from pathlib import Path

    content = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert "Programme;Sexe;Nombre (personnes)" in content and "Homme;78" in content


def test_the_public_reads_the_open_data_without_login(page, live_server, territory):
    page.goto(f"{live_server.url}/observatoire/")
    assert page.url.endswith("/observatoire/donnees-ouvertes/")
    assert page.locator("#quick-exit").count() == 1
    assert "Note de méthode" in page.inner_text("main")
    assert serious_violations(page) == []
    screenshot(page, "observatoire-donnees-ouvertes")
