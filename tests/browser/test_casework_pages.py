"""The caseload and a situation at phone width: readable, and no serious accessibility violation."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import Role
from casework.models import PersonRole, Programme
from tests.accounts.factories import MembershipFactory, OrganisationFactory
from tests.browser.conftest import login, screenshot, serious_violations
from tests.casework.factories import EventFactory, HousingPlaceFactory, PersonFactory, SituationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _wider_than_the_screen(page):
    """The elements that stick out of a 360-pixel screen (outside a scrolling table), named for the failure message."""
    if page.evaluate("document.documentElement.scrollWidth") <= 360:
        return []
    return page.evaluate(
        """Array.from(document.querySelectorAll('body *'))
            .filter(e => e.getBoundingClientRect().right > 360.5)
            .map(e => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}px ${(e.textContent || '').trim().slice(0, 50)}`)"""
    )


def test_caseload_and_situation_at_phone_width(phone_page, live_server):
    organisation = OrganisationFactory(name="Association Alpha (fictive)")
    member = MembershipFactory(organisation=organisation, role=Role.PRACTITIONER)
    today = timezone.localdate()
    HousingPlaceFactory(name="Sas fictif", capacity=4)
    Programme.builtin("air")  # the longest option of the filters
    for i in range(3):
        situation = SituationFactory(organisation=organisation, danger_level=["high", "elevated", "standard"][i])
        # A long name, as real ones can be: the list scrolls in its frame, the page stays as wide as the screen.
        victim = PersonFactory(situation=situation, role=PersonRole.VICTIM, first_name="Bernadettefictive", last_name=f"Téléphone-Démo{i}")
        EventFactory(
            situation=situation,
            person=victim,
            kind="tgd_granted",
            date=today - datetime.timedelta(days=170),
            end_date=today + datetime.timedelta(days=i * 10),
        )
    login(phone_page, live_server.url, member.user)
    phone_page.goto(f"{live_server.url}/suivi/")
    assert "Téléphone-Démo0" in phone_page.inner_text("main")
    assert "Mesures expirant sous 15 jours" in phone_page.inner_text("main")
    assert serious_violations(phone_page) == []
    wide = _wider_than_the_screen(phone_page)
    assert not wide, "\n".join(wide)
    screenshot(phone_page, "casework-caseload-phone")
    phone_page.click("text=S-")
    phone_page.wait_for_selector("text=Contact sans risque")
    assert serious_violations(phone_page) == []
    wide = _wider_than_the_screen(phone_page)
    assert not wide, "\n".join(wide)
    screenshot(phone_page, "casework-situation-phone")
