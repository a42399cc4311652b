"""End to end in a real Chromium: log in with two factors (a TOTP code), see the home page, check accessibility."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.factories import PASSWORD, MembershipFactory
from tests.browser.conftest import screenshot, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_login_with_totp_then_home_page(page, live_server):
    membership = MembershipFactory(user__email="e2e@exemple.test", organisation__name="Association E2E (fictive)")
    device = TOTPDevice.objects.create(user=membership.user, name="téléphone", confirmed=True)

    page.goto(f"{live_server.url}/comptes/connexion/")
    page.fill("input[name=username]", "e2e@exemple.test")
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/comptes/verification/**")
    assert "Vérification en deux étapes" in page.inner_text("h1")

    page.fill("input[name=token]", "000000" if totp(device.bin_key) != 0 else "111111")
    page.click("main button[type=submit]")
    assert "Code de vérification : incorrect ou expiré." in page.inner_text("main")
    page.wait_for_timeout(1100)  # django-otp throttles a device for 1 s after one failure

    page.fill("input[name=token]", f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/suivi/")  # a practitioner lands on her caseload
    assert "Association E2E (fictive)" in page.inner_text("header")
    screenshot(page, "home-logged-in")


def test_home_page_has_no_serious_accessibility_violation(page, phone_page, live_server):
    for p in (page, phone_page):
        p.goto(f"{live_server.url}/")
        assert p.locator("#quick-exit").is_visible()
        assert serious_violations(p) == []
    screenshot(phone_page, "home-phone")


def test_quick_exit_replaces_the_page(page, live_server, settings):
    settings.QUICK_EXIT_URL = f"{live_server.url}/sortie-discrete/"
    page.goto("about:blank")
    page.goto(f"{live_server.url}/")
    page.locator("body").click()
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url("**/sortie-discrete/")
    page.go_back()
    assert page.url in ("about:blank", "")
