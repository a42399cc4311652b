"""Every form of the accounts pages, fuzzed (issue 11): login and second factor, authenticator set-up, members,
roles and teams, the organisation, API tokens, password reset and new password, invitations and the choice of an
organisation. Never a server error; a refusal writes nothing."""

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.plugins.otp_static.models import StaticDevice

from accounts.models import ApiToken, Membership, Organisation, Role, Team, User
from tests.accounts.factories import PASSWORD, MembershipFactory, UserFactory
from tests.conftest import verified_client
from tests.fuzz import fuzz, several, text, values

pytestmark = pytest.mark.django_db
WATCHED = [User, Membership, Organisation, Team, ApiToken]


def test_login_second_factor_and_authenticator_forms_never_fail(settings):
    settings.AXES_FAILURE_LIMIT = 1000  # the lockout answers 429 (a refusal too), but would hide the forms
    membership = MembershipFactory(user__email="alice@exemple.test")
    fields = {"username": values("alice@exemple.test", "ALICE@exemple.test "), "password": values(PASSWORD)}
    fuzz(lambda data: Client().post(reverse("accounts:login"), data), fields, WATCHED)
    StaticDevice.objects.create(user=membership.user, confirmed=True).token_set.create(token="secours1")
    half = Client()
    half.post(reverse("accounts:login"), {"username": "alice@exemple.test", "password": PASSWORD})
    fields = {"token": values("secours1", "000000", "12345678901234567"), "next": values("/suivi/", "https://exemple.org/", "//x")}
    fuzz(lambda data: half.post(reverse("accounts:verify"), data), fields, WATCHED, examples=15)
    newcomer = UserFactory(email="nina@exemple.test")
    fresh = Client()
    fresh.force_login(newcomer)
    fuzz(lambda data: fresh.post(reverse("accounts:setup_2fa"), data), {"token": values("123456", "12345")}, WATCHED, examples=15)


def test_members_organisation_and_token_forms_never_fail(territory, org_admin, member, other_member):
    client = verified_client(org_admin.user, org_admin)
    Team.objects.create(organisation=org_admin.organisation, name="Équipe fictive")
    member_fields = {
        "email": values("nouvelle@exemple.test", other_member.user.email, member.user.email),
        "first_name": text,
        "last_name": text,
        "role": values(*Role.values),
    }
    fuzz(lambda data: client.post(reverse("accounts:members"), data), member_fields, WATCHED)
    change_fields = {"role": values(*Role.values), "team": values("1", "999"), "is_active": values("on")}
    fuzz(lambda data: client.post(reverse("accounts:member_edit", args=[member.pk]), data), change_fields, WATCHED)
    organisation_fields = {
        "short_name": text,
        "siret": values("73282932000074", "12345678901234", "abc"),
        "email": values("contact@exemple.test"),
        "website": values("https://exemple.test/", "exemple.test", "javascript:alert(1)"),
        "communes": several("59606", "59172", "00000"),
    }
    fuzz(lambda data: client.post(reverse("accounts:organisation"), data), organisation_fields, WATCHED)
    fuzz(lambda data: client.post(reverse("accounts:tokens"), data), {"name": text}, WATCHED, accepted=(200, 302))


def test_password_reset_and_new_password_forms_never_fail(mailoutbox):
    user = UserFactory(email="alice@exemple.test")
    fuzz(lambda data: Client().post(reverse("accounts:password_reset"), data), {"email": values(user.email)}, WATCHED)
    client = Client()
    link = reverse(
        "accounts:password_reset_confirm", args=[urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)]
    )
    page = client.get(link)  # Django moves the token into the session and redirects to a neutral address
    target = page.url if page.status_code == 302 else link
    fields = {"new_password1": values("un-mot-de-passe-assez-long-2026"), "new_password2": values("un-mot-de-passe-assez-long-2026")}
    fuzz(lambda data: client.post(target, data), fields, WATCHED, examples=15)


def test_invitation_answer_and_organisation_choice_never_fail(member):
    client = verified_client(member.user, member)
    invitation = MembershipFactory(user=member.user, accepted_at=None)
    fuzz(
        lambda data: client.post(reverse("accounts:invitation_answer", args=[invitation.pk]), data),
        {"answer": values("accept", "refuse")},
        WATCHED,
        accepted=(302, 404),
    )
    fuzz(lambda data: client.post(reverse("accounts:switch"), data), {"membership": values(str(member.pk), "0", "x")}, WATCHED, examples=10)
