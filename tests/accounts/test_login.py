"""Login with two factors, lockout, password rules, session timeout."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import Action, Entry
from tests.accounts.factories import PASSWORD, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
LOGIN = "/comptes/connexion/"
GENERIC = "Adresse e-mail ou mot de passe incorrect"


def post_login(client, email, password):
    return client.post(LOGIN, {"username": email, "password": password})


def test_login_page_is_public_and_french(anonymous_client):
    response = anonymous_client.get(LOGIN)
    assert response.status_code == 200
    assert "Espace professionnel" in response.text


def test_wrong_password_and_unknown_email_get_the_same_message(client):
    UserFactory(email="alice@exemple.test")
    wrong = post_login(client, "alice@exemple.test", "pas-le-bon-mot-de-passe")
    unknown = post_login(Client(), "personne@exemple.test", "pas-le-bon-mot-de-passe")
    assert wrong.status_code == unknown.status_code == 200
    assert GENERIC in wrong.text and GENERIC in unknown.text
    assert "_auth_user_id" not in client.session


def test_lockout_after_repeated_failures_even_with_the_right_password(client, settings):
    UserFactory(email="alice@exemple.test")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        post_login(client, "alice@exemple.test", "mauvais-mot-de-passe")
    response = post_login(client, "alice@exemple.test", PASSWORD)
    assert response.status_code == 429
    assert "temporairement bloquée" in response.text
    assert "_auth_user_id" not in client.session


def test_lockout_does_not_reveal_whether_the_email_exists(settings):
    for email in ("existe@exemple.test", "inconnu@exemple.test"):
        if email.startswith("existe"):
            UserFactory(email=email)
        client = Client(REMOTE_ADDR=f"10.0.0.{len(email)}")
        for _ in range(settings.AXES_FAILURE_LIMIT):
            post_login(client, email, "mauvais-mot-de-passe")
        assert post_login(client, email, "mauvais-mot-de-passe").status_code == 429


def test_password_step_leads_to_second_factor_setup_then_home(client):
    user = UserFactory(email="alice@exemple.test")
    response = post_login(client, "alice@exemple.test", PASSWORD)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:setup_2fa"))
    page = client.get(response.url)
    assert "Activer la double authentification" in page.text
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    wrong = client.post(reverse("accounts:setup_2fa"), {"token": "12345"})
    assert "field-error" in wrong.text and "au moins 6 caractères" in wrong.text
    done = client.post(reverse("accounts:setup_2fa"), {"token": f"{totp(device.bin_key):06d}", "next": "/"})
    assert "Vos codes de secours" in done.text
    assert StaticToken.objects.filter(device__user=user).count() == 10
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id


def test_user_with_device_is_asked_for_a_code_and_a_backup_code_works_once(client):
    membership = MembershipFactory(user__email="alice@exemple.test")
    TOTPDevice.objects.create(user=membership.user, confirmed=True)
    static = StaticDevice.objects.create(user=membership.user, confirmed=True)
    StaticToken.objects.create(device=static, token="secours1")
    response = post_login(client, "alice@exemple.test", PASSWORD)
    assert response.url.startswith(reverse("accounts:verify"))
    # Until the second factor, private pages redirect to it.
    blocked = client.get(reverse("accounts:profile"))
    assert blocked.status_code == 302 and blocked.url.startswith(reverse("accounts:verify"))
    bad = client.post(reverse("accounts:verify"), {"token": "nimporte"})
    assert "Code de vérification incorrect" in bad.text
    StaticDevice.objects.filter(pk=static.pk).update(throttling_failure_count=0, throttling_failure_timestamp=None)
    ok = client.post(reverse("accounts:verify"), {"token": "secours1", "next": "/comptes/profil/"})
    assert ok.status_code == 302 and ok.url == "/comptes/profil/"
    assert client.get(reverse("accounts:profile")).status_code == 200
    assert not StaticToken.objects.filter(token="secours1").exists()
    assert Entry.objects.filter(action=Action.LOGIN, actor_id=membership.user_id).count() == 2


def test_verify_refuses_an_external_next(client):
    membership = MembershipFactory()
    static = StaticDevice.objects.create(user=membership.user, confirmed=True)
    StaticToken.objects.create(device=static, token="secours2")
    client.force_login(membership.user)
    response = client.post(reverse("accounts:verify"), {"token": "secours2", "next": "https://exemple.org/piege"})
    assert response.url == "/"


def test_public_pages_stay_reachable_before_the_second_factor(client):
    client.force_login(UserFactory())
    assert client.get("/").status_code == 200


def test_password_rules():
    user = UserFactory.build(email="alice@exemple.test")
    for weak in ("court-11car", "password1234", "123456789012"):
        with pytest.raises(ValidationError):
            validate_password(weak, user)
    validate_password("une phrase de passe solide", user)


def test_session_expires_after_idle_timeout(member_client, settings):
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_IDLE_TIMEOUT_MINUTES * 60 == 1800
    assert settings.SESSION_SAVE_EVERY_REQUEST
    member_client.get(reverse("accounts:profile"))
    assert 1790 <= member_client.session.get_expiry_age() <= 1800


def test_logout_is_a_post_and_journaled(member_client, member):
    assert member_client.get(reverse("accounts:logout")).status_code == 405
    response = member_client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert Entry.objects.filter(action=Action.LOGOUT, actor_id=member.user_id).exists()
    assert member_client.get(reverse("accounts:profile")).status_code == 302


def test_password_reset_sends_a_link_only_to_known_emails(anonymous_client, mailoutbox):
    UserFactory(email="alice@exemple.test")
    for email in ("alice@exemple.test", "inconnue@exemple.test"):
        response = anonymous_client.post(reverse("accounts:password_reset"), {"email": email})
        assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert "/comptes/mot-de-passe/" in mailoutbox[0].body
    assert mailoutbox[0].to == ["alice@exemple.test"]
