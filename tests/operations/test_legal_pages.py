"""The legal pages: public, with the quick exit and no cookie, linked from every page's footer, filled from the
operator's settings, and saying the retention periods the platform applies."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PAGES = ("accessibility", "legal_notice", "privacy")


@pytest.mark.parametrize("name", PAGES)
def test_public_page_with_quick_exit_and_no_cookie(anonymous_client, name):
    response = anonymous_client.get(reverse(name))
    assert response.status_code == 200
    assert response.cookies == {}
    assert 'id="quick-exit"' in response.text


def test_footer_links_the_three_pages_and_says_the_accessibility_status(anonymous_client, member_client):
    for client in (anonymous_client, member_client):
        text = client.get(reverse("accounts:profile") if client is member_client else "/").text
        for name in PAGES:
            assert f'href="{reverse(name)}"' in text
        assert "Accessibilité : non conforme" in text


def test_pages_are_filled_from_the_operators_settings(anonymous_client, settings):
    settings.OPERATOR = settings.OPERATOR | {
        "name": "Communauté d'agglomération fictive",
        "email": "dpo-fictif@exemple.test",
        "dpo_email": "dpo-fictif@exemple.test",
        "host_name": "Hébergeur HDS fictif",
        "publication_director": "Mme la Présidente (fictive)",
        "rgaa_status": "partiellement conforme",
        "rgaa_audit_date": "3 mars 2027",
        "rgaa_rate": "87 %",
    }
    settings.CASEWORK_RETENTION_DAYS = 3 * 365
    notice = anonymous_client.get(reverse("legal_notice")).text
    assert (
        "Communauté d&#x27;agglomération fictive" in notice and "Hébergeur HDS fictif" in notice and "Mme la Présidente (fictive)" in notice
    )
    privacy = anonymous_client.get(reverse("privacy")).text
    assert "anonymisées automatiquement 3 ans (1095 jours)" in privacy
    assert 'href="mailto:dpo-fictif@exemple.test"' in privacy
    for basis in ("6.1.e", "art. 46 de la loi Informatique et Libertés", "consentement", "CNIL"):
        assert basis in privacy
    accessibility = anonymous_client.get(reverse("accessibility")).text
    assert "<strong>partiellement conforme</strong>" in accessibility and "3 mars 2027" in accessibility and "87 %" in accessibility
    assert "Défenseur des droits" in accessibility


def test_an_unfilled_operator_is_said_so(anonymous_client):
    assert "à renseigner par l&#x27;exploitant" in anonymous_client.get(reverse("legal_notice")).text
    assert "Aucun audit de conformité n'a encore été réalisé" in anonymous_client.get(reverse("accessibility")).text


def test_a_bad_rgaa_status_is_refused():
    from tests.test_settings import manage

    result = manage("check", RGAA_STATUS="conforme à moitié")
    assert result.returncode != 0 and "RGAA_STATUS must be" in result.stderr
