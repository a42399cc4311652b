"""Issue 11, point 10, in a real Chromium: a form sent by htmx shows its errors in place (a 422 with the form is
swapped in), and a lost connection or a server error says so. Proven on the casework event form: a protective measure
without an end date."""

import re

import pytest
from django.utils import timezone

from accounts.models import Role
from casework.models import Event
from tests.accounts.factories import MembershipFactory, OrganisationFactory
from tests.browser.conftest import login, screenshot, serious_violations
from tests.casework.conftest import situation  # noqa: F401 - a victim-side situation of the organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Association Alpha (fictive)")


@pytest.fixture
def event_form(page, live_server, organisation, situation):  # noqa: F811
    member = MembershipFactory(organisation=organisation, role=Role.PRACTITIONER)
    login(page, live_server.url, member.user)
    page.goto(f"{live_server.url}/suivi/{situation.pk}/")
    page.get_by_text("Ajouter un événement").click()
    page.select_option("#timeline select[name=kind]", "protection_order")
    page.fill("#timeline input[name=date]", timezone.localdate().isoformat())
    return page


def test_a_measure_without_end_date_shows_the_error_in_place_and_saves_nothing(event_form, situation):  # noqa: F811
    page = event_form
    before = Event.objects.filter(situation=situation).count()
    page.get_by_role("button", name="Ajouter au parcours").click()
    error = page.locator("#timeline .field-error")
    error.first.wait_for()
    assert re.search(r"fin", error.first.inner_text(), re.IGNORECASE)
    assert page.locator("#timeline details.cw-add").get_attribute("open") is not None  # the form stays open, as typed
    assert page.input_value("#timeline select[name=kind]") == "protection_order"
    # The first error has the focus: a screen reader reads it at once.
    assert page.evaluate("document.activeElement.closest('.field') !== null")
    assert Event.objects.filter(situation=situation).count() == before
    assert serious_violations(page) == []
    screenshot(page, "htmx-event-form-error")
    # Corrected, the same form is accepted in place.
    page.fill("#timeline input[name=end_date]", (timezone.localdate() + timezone.timedelta(days=180)).isoformat())
    page.get_by_role("button", name="Ajouter au parcours").click()
    page.get_by_text("Événement ajouté au parcours.").wait_for()
    assert Event.objects.filter(situation=situation).count() == before + 1


def test_a_lost_connection_is_said_above_the_form(event_form, situation):  # noqa: F811
    page = event_form
    page.route("**/evenements/", lambda route: route.abort("internetdisconnected"))
    page.get_by_role("button", name="Ajouter au parcours").click()
    status = page.locator("#timeline form .htmx-status")
    status.wait_for()
    assert "La connexion au serveur a échoué" in status.inner_text()
    assert page.evaluate("document.activeElement.classList.contains('htmx-status')")


def test_a_server_error_is_said_above_the_form(event_form, situation):  # noqa: F811
    page = event_form
    page.route("**/evenements/", lambda route: route.fulfill(status=500, body="<h1>Erreur</h1>", content_type="text/html"))
    page.get_by_role("button", name="Ajouter au parcours").click()
    status = page.locator("#timeline form .htmx-status")
    status.wait_for()
    assert "Le serveur n'a pas pu traiter la demande (erreur 500)" in status.inner_text()
    page.unroute("**/evenements/")
    # Sent again, the message goes and the server answers (here, the missing end date).
    page.get_by_role("button", name="Ajouter au parcours").click()
    page.locator("#timeline .field-error").first.wait_for()
    assert page.locator("#timeline form .htmx-status").count() == 0
