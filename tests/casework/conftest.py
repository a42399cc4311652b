"""Personas of the shared follow-up, on top of the project's (Alice of the owning organisation, Bob of another)."""

import pytest

from accounts.models import Role
from casework.models import PersonRole, ReferralStatus, Side
from tests.accounts.factories import MembershipFactory, OrganisationFactory
from tests.casework.factories import PersonFactory, ReferralFactory, SituationFactory
from tests.conftest import verified_client


@pytest.fixture
def situation(organisation):
    """A victim-side situation of Alice's organisation: a victim, the perpetrator, a child."""
    situation = SituationFactory(organisation=organisation, side=Side.VICTIM)
    PersonFactory(situation=situation, role=PersonRole.VICTIM, first_name="Zélie", last_name="Fictive-Martin")
    PersonFactory(
        situation=situation,
        role=PersonRole.PERPETRATOR,
        first_name="Gaston",
        last_name="Fictif-Martin",
        sex="M",
        phone="+33 6 98 76 54 32",
        address="3 impasse Fictive, 59410 Anzin",
        email="auteur.fictif@exemple.test",
    )
    PersonFactory(situation=situation, role=PersonRole.CHILD, first_name="Lou", last_name="Fictive-Martin", address="12 rue Imaginaire")
    return situation


def people(situation, role):
    return situation.people.get(role=role)


def shows_phone(html, number):
    """Whether a page shows this number, as stored or the French way the pages write it."""
    from directory.models import display_phone

    return number in html or display_phone(number) in html


@pytest.fixture
def perpetrator_org(db):
    return OrganisationFactory(name="Association Gamma, parcours auteurs (fictive)", accompanies="perpetrators")


@pytest.fixture
def perpetrator_member(perpetrator_org):
    return MembershipFactory(organisation=perpetrator_org, role=Role.PRACTITIONER, user__email="gaspard@exemple.test")


@pytest.fixture
def perpetrator_client(perpetrator_member):
    return verified_client(perpetrator_member.user, perpetrator_member)


@pytest.fixture
def perpetrator_referral(situation, perpetrator_org, member):
    """The perpetrator referred to Gamma, with everything ticked, and accepted."""
    perpetrator = people(situation, PersonRole.PERPETRATOR)
    return ReferralFactory(
        person=perpetrator,
        receiver=perpetrator_org,
        status=ReferralStatus.ACCEPTED,
        sent_by=member.user,
        consent__items=["identity", "contact", "household", "timeline", "assessment", "notes"],
    )


@pytest.fixture
def coordinator(organisation):
    return MembershipFactory(
        organisation=OrganisationFactory(name="Agglomération fictive"), role=Role.COORDINATOR, user__email="coord@exemple.test"
    )


@pytest.fixture
def coordinator_client(coordinator):
    return verified_client(coordinator.user, coordinator)


@pytest.fixture
def analyst(db):
    return MembershipFactory(
        organisation=OrganisationFactory(name="Observatoire fictif"), role=Role.ANALYST, user__email="analyste@exemple.test"
    )


@pytest.fixture
def analyst_client(analyst):
    return verified_client(analyst.user, analyst)
