"""Shared fixtures: the personas every page is tested with (after healthchecks' Alice, Bob and Charlie)."""

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY

from accounts.models import Role
from tests.accounts.factories import MembershipFactory, OrganisationFactory, totp_device


def verified_client(user, membership=None):
    """A client logged in with both factors, acting for `membership` when given."""
    device = totp_device(user)
    device.set_last_used_timestamp()  # as passing the second factor does
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    if membership is not None:
        session["membership_id"] = membership.pk
    session.save()
    return client


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Association Alpha (fictive)", accompanies="victims")


@pytest.fixture
def other_organisation(db):
    return OrganisationFactory(name="Association Bêta (fictive)", accompanies="victims")


@pytest.fixture
def member(organisation):
    """Alice: a practitioner of the owning organisation."""
    return MembershipFactory(organisation=organisation, role=Role.PRACTITIONER, user__email="alice@exemple.test")


@pytest.fixture
def org_admin(organisation):
    return MembershipFactory(organisation=organisation, role=Role.ORG_ADMIN, user__email="admin@exemple.test")


@pytest.fixture
def other_member(other_organisation):
    """Bob: a practitioner of another organisation."""
    return MembershipFactory(organisation=other_organisation, role=Role.PRACTITIONER, user__email="bob@exemple.test")


@pytest.fixture
def member_client(member):
    return verified_client(member.user, member)


@pytest.fixture
def org_admin_client(org_admin):
    return verified_client(org_admin.user, org_admin)


@pytest.fixture
def other_client(other_member):
    return verified_client(other_member.user, other_member)


@pytest.fixture
def anonymous_client():
    """Charlie: nobody logged in."""
    return Client()


@pytest.fixture
def territory(db):
    """The real arrondissement of Valenciennes, imported from ../shared/data."""
    from django.conf import settings

    from territory.importer import parse_territory, write_territory

    if "596" not in _PARSED:
        _PARSED["596"] = parse_territory(settings.REFERENCE_DATA_DIR, arrondissement="596")
    write_territory(_PARSED["596"])


# Parsing the reference files takes seconds; tests parse them once and write them into each test's database.
_PARSED = {}


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Each test starts with empty caches: the guide keys its caches on a data version that a rolled-back test
    may leave behind."""
    from django.core.cache import cache

    from directory.search import forget_cached_data

    cache.clear()
    forget_cached_data()
    yield
