"""Login with two factors, lockout, password rules, session timeout."""

from datetime import timedelta

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Role
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


def test_account_is_locked_even_when_each_attempt_comes_from_another_address(settings):
    UserFactory(email="alice@exemple.test")
    for i in range(settings.AXES_FAILURE_LIMIT):
        email = "Alice@Exemple.test" if i % 2 else " alice@exemple.test"
        post_login(Client(REMOTE_ADDR=f"10.0.1.{i + 1}"), email, "mauvais-mot-de-passe")
    response = post_login(Client(REMOTE_ADDR="10.0.2.1"), "alice@exemple.test", PASSWORD)
    assert response.status_code == 429


def test_failures_on_other_accounts_do_not_lock_alice(settings):
    UserFactory(email="alice@exemple.test")
    for i in range(settings.AXES_FAILURE_LIMIT):
        post_login(Client(REMOTE_ADDR=f"10.0.3.{i + 1}"), f"inconnu{i}@exemple.test", "mauvais-mot-de-passe")
    response = post_login(Client(REMOTE_ADDR="10.0.4.1"), "alice@exemple.test", PASSWORD)
    assert response.status_code == 302


def test_behind_a_proxy_the_lockout_counts_the_client_address_not_the_proxys(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    UserFactory(email="alice@exemple.test")
    for i in range(settings.AXES_FAILURE_LIMIT):
        client = Client(REMOTE_ADDR="10.9.9.9", HTTP_X_FORWARDED_FOR=f"203.0.113.{i + 1}")
        post_login(client, f"inconnu{i}@exemple.test", "mauvais-mot-de-passe")
    # Another client behind the same proxy is not locked out.
    response = post_login(Client(REMOTE_ADDR="10.9.9.9", HTTP_X_FORWARDED_FOR="198.51.100.7"), "alice@exemple.test", PASSWORD)
    assert response.status_code == 302


def test_failed_attempts_on_an_account_go_to_her_organisations_journal():
    membership = MembershipFactory(user__email="alice@exemple.test")
    post_login(Client(), "alice@exemple.test", "mauvais-mot-de-passe")
    entry = Entry.objects.get(action=Action.LOGIN_FAILED)
    assert entry.organisation_id == membership.organisation_id and entry.detail == {"step": "password"}


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
    assert "Code de vérification : incorrect ou expiré." in bad.text
    assert "Code de vérification : Code de vérification" not in bad.text  # issue 11, point 19: said once
    StaticDevice.objects.filter(pk=static.pk).update(throttling_failure_count=0, throttling_failure_timestamp=None)
    ok = client.post(reverse("accounts:verify"), {"token": "secours1", "next": "/comptes/profil/"})
    assert ok.status_code == 302 and ok.url == "/comptes/profil/"
    assert client.get(reverse("accounts:profile")).status_code == 200
    assert not StaticToken.objects.filter(token="secours1").exists()
    # Issue 11, point 17: one login, one entry (the password step and the second factor wrote one each).
    logins = Entry.objects.filter(action=Action.LOGIN, actor_id=membership.user_id)
    assert logins.count() == 1 and logins.get().detail == {"second_factor": "backup_code"}


def test_verify_refuses_an_external_next(client):
    membership = MembershipFactory()
    static = StaticDevice.objects.create(user=membership.user, confirmed=True)
    StaticToken.objects.create(device=static, token="secours2")
    client.force_login(membership.user)
    response = client.post(reverse("accounts:verify"), {"token": "secours2", "next": "https://exemple.org/piege"})
    assert response.url == reverse("casework:caseload")  # her own landing page, not the external one


def test_password_alone_cannot_enrol_an_authenticator_when_backup_codes_exist(client):
    # E.g. after a lost phone's authenticator was removed: the backup codes still guard the account.
    membership = MembershipFactory()
    StaticDevice.objects.create(user=membership.user, confirmed=True).token_set.create(token="secours9")
    client.force_login(membership.user)
    response = client.get(reverse("accounts:setup_2fa"))
    assert response.status_code == 302 and response.url == reverse("accounts:verify")
    assert not TOTPDevice.objects.filter(user=membership.user).exists()


def test_the_session_key_changes_once_the_second_factor_is_passed(client):
    membership = MembershipFactory()
    StaticDevice.objects.create(user=membership.user, confirmed=True).token_set.create(token="secours8")
    client.force_login(membership.user)
    before = client.session.session_key
    client.post(reverse("accounts:verify"), {"token": "secours8"})
    assert client.session.session_key != before
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_with_several_organisations_she_chooses_after_login(client):
    first = MembershipFactory()
    MembershipFactory(user=first.user)
    StaticDevice.objects.create(user=first.user, confirmed=True).token_set.create(token="secours7")
    client.force_login(first.user)
    response = client.post(reverse("accounts:verify"), {"token": "secours7"})
    assert response.url == reverse("accounts:profile")
    assert "choisissez celle pour laquelle vous agissez" in client.get(response.url).text


def test_public_pages_stay_reachable_before_the_second_factor(client):
    client.force_login(UserFactory())
    assert client.get("/").status_code == 200


def test_password_rules():
    user = UserFactory.build(email="alice@exemple.test")
    for weak in ("court-11car", "password1234", "123456789012"):
        with pytest.raises(ValidationError):
            validate_password(weak, user)
    validate_password("une phrase de passe solide", user)


def _session_row(client):
    from django.contrib.sessions.models import Session

    return Session.objects.get(session_key=client.session.session_key)


def test_session_expires_after_idle_timeout(member_client, settings):
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_IDLE_TIMEOUT_MINUTES * 60 == 1800
    member_client.get(reverse("accounts:profile"))
    left = (_session_row(member_client).expire_date - timezone.now()).total_seconds()
    assert 1790 <= left <= 1800


def test_each_minute_of_activity_pushes_the_expiry_back_without_a_write_per_request(member_client, monkeypatch):
    from accounts import middleware

    clock = [1_000_000]
    monkeypatch.setattr(middleware, "_now", lambda: clock[0])
    member_client.get(reverse("accounts:profile"))
    first = _session_row(member_client).expire_date
    clock[0] += 30  # within the minute: the request writes no session row
    with CaptureQueriesContext(connection) as ctx:
        assert member_client.get(reverse("accounts:profile")).status_code == 200
    assert not [q for q in ctx.captured_queries if "django_session" in q["sql"] and not q["sql"].lstrip().startswith("SELECT")]
    assert _session_row(member_client).expire_date == first
    clock[0] += 31  # a minute after the last write: the expiry moves to 30 minutes from now
    member_client.get(reverse("accounts:profile"))
    assert _session_row(member_client).expire_date > first


def test_a_session_idle_past_the_timeout_is_over(member_client):
    from django.contrib.sessions.models import Session

    assert member_client.get(reverse("accounts:profile")).status_code == 200
    Session.objects.filter(session_key=member_client.session.session_key).update(expire_date=timezone.now() - timedelta(seconds=1))
    response = member_client.get(reverse("accounts:profile"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_public_pages_still_set_no_cookie(anonymous_client):
    response = anonymous_client.get("/")
    assert response.status_code == 200
    assert not response.cookies


def test_logout_is_a_post_and_journaled(member_client, member):
    assert member_client.get(reverse("accounts:logout")).status_code == 405
    response = member_client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert Entry.objects.filter(action=Action.LOGOUT, actor_id=member.user_id).exists()
    assert member_client.get(reverse("accounts:profile")).status_code == 302


def test_an_invited_member_whose_link_expired_can_ask_for_a_new_one(anonymous_client, mailoutbox):
    user = UserFactory(email="invitee@exemple.test")
    user.set_unusable_password()
    user.save()
    anonymous_client.post(reverse("accounts:password_reset"), {"email": "invitee@exemple.test"})
    assert [m.to for m in mailoutbox] == [["invitee@exemple.test"]]


def test_password_reset_requests_are_limited_per_address(mailoutbox, settings):
    from django.core.cache import cache

    cache.clear()
    UserFactory(email="alice@exemple.test")
    client = Client(REMOTE_ADDR="10.7.7.7")
    for _ in range(settings.RESET_REQUESTS_PER_HOUR + 2):
        assert client.post(reverse("accounts:password_reset"), {"email": "alice@exemple.test"}).status_code == 302
    assert len(mailoutbox) == settings.RESET_REQUESTS_PER_HOUR
    cache.clear()


def test_password_reset_sends_a_link_only_to_known_emails(anonymous_client, mailoutbox):
    UserFactory(email="alice@exemple.test")
    for email in ("alice@exemple.test", "inconnue@exemple.test"):
        response = anonymous_client.post(reverse("accounts:password_reset"), {"email": email})
        assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert "/comptes/mot-de-passe/" in mailoutbox[0].body
    assert mailoutbox[0].to == ["alice@exemple.test"]


@pytest.mark.parametrize("path", ["/comptes/connexion/", "/comptes/mot-de-passe/"])
def test_csrf_cookie_of_the_public_forms_ends_with_the_browser_session(anonymous_client, db, path):
    """Issue 10, point 11: the login and password pages set csrftoken for a year; it now has no expiry date."""
    response = anonymous_client.get(path)
    cookie = response.cookies["csrftoken"]
    assert cookie.value
    assert not cookie["expires"] and not cookie["max-age"]


@pytest.mark.parametrize(
    ("role", "landing"),
    [
        (Role.PRACTITIONER, "/suivi/"),  # her caseload and inbox
        (Role.ORG_ADMIN, "/comptes/organisation/"),  # her organisation
        (Role.COORDINATOR, "/suivi/"),  # the situations shared with the committee
        (Role.ANALYST, "/observatoire/"),  # the observatory's dashboard
    ],
)
def test_each_role_lands_on_its_work_after_the_second_factor(client, role, landing):
    """Issue 11, point 11: after login every role landed on the public home page."""
    membership = MembershipFactory(user__email="alice@exemple.test", role=role)
    StaticDevice.objects.create(user=membership.user, confirmed=True).token_set.create(token="secours5")
    response = post_login(client, "alice@exemple.test", PASSWORD)
    assert response.url == reverse("accounts:verify")  # no `next` asked for: none passed along
    response = client.post(reverse("accounts:verify"), {"token": "secours5", "next": ""})
    assert response.status_code == 302 and response.url == landing
    assert client.get(landing).status_code == 200


def test_a_page_asked_for_before_login_is_still_where_she_lands(client):
    membership = MembershipFactory(user__email="alice@exemple.test")
    StaticDevice.objects.create(user=membership.user, confirmed=True).token_set.create(token="secours6")
    response = client.get(reverse("accounts:tokens"))
    response = client.post(response.url, {"username": "alice@exemple.test", "password": PASSWORD})
    response = client.post(response.url, {"token": "secours6", "next": reverse("accounts:tokens")})
    assert response.url == reverse("accounts:tokens")


def test_nothing_of_the_professional_area_shows_before_the_second_factor(client):
    """Issue 11, point 11: with the password alone the menu showed « Suivi partagé » and « Mon compte (AJAR) »."""
    membership = MembershipFactory(user__email="alice@exemple.test", organisation__name="Association Secrète (fictive)")
    StaticDevice.objects.create(user=membership.user, confirmed=True).token_set.create(token="secours4")
    post_login(client, "alice@exemple.test", PASSWORD)
    for path in ("/", "/guide/", reverse("accounts:verify")):
        html = client.get(path).text
        assert "Suivi partagé" not in html and "Mon compte" not in html and "Association Secrète" not in html, path
        assert "Se déconnecter" in html
    client.post(reverse("accounts:verify"), {"token": "secours4"})
    html = client.get("/").text
    assert "Suivi partagé" in html and "Mon compte" in html and "Association Secrète" in html


@pytest.mark.parametrize("next_page", ["0", "suivi", "javascript:alert(1)", "//exemple.org/"])
def test_a_next_page_that_is_not_a_path_of_the_site_leads_to_the_landing_page(client, next_page):
    """Found by fuzzing the forms: « next=0 » made `redirect` look for a view named « 0 » (a 500)."""
    membership = MembershipFactory()
    StaticDevice.objects.create(user=membership.user, confirmed=True).token_set.create(token="secours3")
    client.force_login(membership.user)
    response = client.post(reverse("accounts:verify"), {"token": "secours3", "next": next_page})
    assert response.status_code == 302 and response.url == reverse("casework:caseload")


def test_choosing_an_organisation_with_a_bad_id_changes_nothing(member_client):
    """Found by fuzzing the forms: a non-numeric membership id was a 500."""
    for value in ("x", "", "1.5", "٣"):
        assert member_client.post(reverse("accounts:switch"), {"membership": value}).status_code == 302
