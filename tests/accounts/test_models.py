import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from accounts.models import ApiToken, Membership, Organisation, OrganisationKind, Role, User
from tests.accounts.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_email_is_the_login_and_is_normalised():
    user = User.objects.create_user("Alice.Martin@Exemple.TEST", "un-mot-de-passe-long")
    assert user.email == "alice.martin@exemple.test"
    assert User.objects.get_by_natural_key("ALICE.MARTIN@exemple.test") == user


def test_password_is_hashed_with_argon2_outside_tests(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    user = User.objects.create_user("a@exemple.test", "un-mot-de-passe-long")
    assert user.password.startswith("argon2$")


def test_siret_must_have_14_digits_and_a_valid_key():
    organisation = Organisation(name="Asso", kind=OrganisationKind.ASSOCIATION, siret="1234")
    with pytest.raises(ValidationError) as error:
        organisation.full_clean()
    assert "siret" in error.value.message_dict
    organisation.siret = "73282932000074"  # valid Luhn key
    organisation.full_clean()
    organisation.siret = "73282932000075"
    with pytest.raises(ValidationError) as error:
        organisation.full_clean()
    assert "clé de contrôle" in error.value.message_dict["siret"][0]


def test_one_membership_per_user_and_organisation():
    membership = MembershipFactory()
    with pytest.raises(IntegrityError):
        Membership.objects.create(user=membership.user, organisation=membership.organisation, role=Role.ANALYST)


def test_org_admin_manages_only_her_organisation():
    admin = MembershipFactory(role=Role.ORG_ADMIN)
    colleague = MembershipFactory(organisation=admin.organisation)
    stranger = MembershipFactory()
    managed = set(Membership.objects.managed_by(admin))
    assert managed == {admin, colleague}
    assert stranger not in managed
    assert list(Membership.objects.managed_by(colleague)) == []


def test_roles_that_see_nominative_data():
    assert MembershipFactory.build(role=Role.PRACTITIONER).sees_nominative_data
    assert MembershipFactory.build(role=Role.ORG_ADMIN).sees_nominative_data
    assert not MembershipFactory.build(role=Role.COORDINATOR).sees_nominative_data
    assert not MembershipFactory.build(role=Role.ANALYST).sees_nominative_data


def test_api_token_is_stored_hashed_and_revocable():
    membership = MembershipFactory()
    token, key = ApiToken.issue(membership, "logiciel")
    assert key.startswith("mlg_")
    assert token.key_hash != key and key not in token.key_hash
    assert ApiToken.objects.usable().get(key_hash=ApiToken.hash_key(key)) == token
    membership.is_active = False
    membership.save()
    assert not ApiToken.objects.usable().filter(pk=token.pk).exists()


def test_inactive_user_tokens_are_unusable():
    token, _ = ApiToken.issue(MembershipFactory(), "x")
    User.objects.filter(pk=token.membership.user_id).update(is_active=False)
    assert not ApiToken.objects.usable().exists()


def test_partners_queryset():
    OrganisationFactory(name="Partenaire")
    OrganisationFactory(name="Structure du guide", is_partner=False)
    assert [o.name for o in Organisation.objects.partners()] == ["Partenaire"]
