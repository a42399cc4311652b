import pytest

from accounts.models import Role
from tests.accounts.factories import MembershipFactory
from tests.conftest import verified_client


@pytest.fixture
def analyst(db):
    return MembershipFactory(role=Role.ANALYST, user__email="analyste@exemple.test")


@pytest.fixture
def coordinator(db):
    return MembershipFactory(role=Role.COORDINATOR, user__email="coordination@exemple.test")


@pytest.fixture
def analyst_client(analyst):
    return verified_client(analyst.user, analyst)


@pytest.fixture
def coordinator_client(coordinator):
    return verified_client(coordinator.user, coordinator)
