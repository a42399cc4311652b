"""Public pages: no cookie, strict CSP, emergency strip and quick exit, French 404."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_sets_no_cookie_and_a_strict_csp(anonymous_client):
    response = anonymous_client.get("/")
    assert response.status_code == 200
    assert response.cookies == {}
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response["Referrer-Policy"] == "same-origin"


def test_home_presents_the_four_modules_with_emergency_strip_and_quick_exit(anonymous_client):
    text = anonymous_client.get("/").text
    for module in ("Le guide", "Le suivi partagé", "L'observatoire", "Le réseau"):
        assert module.replace("'", "&#x27;") in text or module in text
    for number in ('href="tel:17"', 'href="tel:112"', 'href="sms:114"', 'href="tel:3919"'):
        assert number in text
    assert 'id="quick-exit"' in text and "quick-exit.js" in text


def test_no_resource_is_loaded_from_a_third_party(anonymous_client):
    import re

    text = anonymous_client.get("/").text
    sources = re.findall(r'(?:src|href)="([^"]+)"', text)
    external = [s for s in sources if s.startswith(("http://", "https://", "//")) and "quick-exit" not in s]
    # The quick-exit link is a navigation target, not a loaded resource; nothing else may point outside.
    assert [s for s in external if s != "https://www.meteo.fr/"] == []
    assert not re.search(r"<script[^>]*>[^<]+</script>", text), "no inline script"
    assert "style=" not in text


def test_unknown_page_is_a_french_404(anonymous_client, member_client):
    for client in (anonymous_client, member_client):
        response = client.get("/cette-page-n-existe-pas/")
        assert response.status_code == 404
        assert "Page introuvable" in response.text


def test_private_page_personas(member_client, other_client, anonymous_client):
    assert member_client.get(reverse("accounts:profile")).status_code == 200
    assert other_client.get(reverse("accounts:profile")).status_code == 200
    assert anonymous_client.get(reverse("accounts:profile")).status_code == 302


def test_logged_in_pages_are_not_cached(member_client):
    assert "no-store" in member_client.get(reverse("accounts:profile"))["Cache-Control"]


def test_health_endpoint(anonymous_client):
    assert anonymous_client.get("/sante/").text == "ok"


def test_neutral_exit_page_says_nothing(anonymous_client):
    text = anonymous_client.get(reverse("neutral_exit")).text
    assert "violence" not in text.lower() and "maillage" not in text.lower()


def test_technical_admin_requires_the_second_factor(client):
    from tests.accounts.factories import UserFactory
    from tests.conftest import verified_client

    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)  # password only
    response = client.get("/admin-technique/")
    assert response.status_code == 302 and response.url.startswith("/comptes/double-authentification/")
    # And the admin site itself refuses unverified staff (defence in depth: OTPAdminSite).
    from django.contrib import admin
    from django.test import RequestFactory

    request = RequestFactory().get("/admin-technique/")
    request.user = staff
    staff.is_verified = lambda: False
    assert not admin.site.has_permission(request)
    assert verified_client(staff).get("/admin-technique/").status_code == 200
