"""Personas of the committee: the owner of the situation (Alice), an attending partner that may not open it (Bob), an
organisation that does not attend, the perpetrator's organisation attending (Gamma, with an accepted referral of the
perpetrator: casework links it), the coordinator, an analyst, nobody."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import Role
from casework.models import DangerLevel
from committee import actions
from committee.models import Basis, Reason
from tests.accounts.factories import MembershipFactory, OrganisationFactory
from tests.casework import conftest as casework_fixtures
from tests.conftest import verified_client

# The shared follow-up's personas and situation, reused.
analyst = casework_fixtures.analyst
analyst_client = casework_fixtures.analyst_client
coordinator = casework_fixtures.coordinator
coordinator_client = casework_fixtures.coordinator_client
perpetrator_client = casework_fixtures.perpetrator_client
perpetrator_member = casework_fixtures.perpetrator_member
perpetrator_org = casework_fixtures.perpetrator_org
perpetrator_referral = casework_fixtures.perpetrator_referral
situation = casework_fixtures.situation

WHEREABOUTS = "Mise à l'abri au foyer des Tilleuls de Denain"


@pytest.fixture
def outsider(db):
    return MembershipFactory(organisation=OrganisationFactory(name="Association Epsilon (fictive)"), role=Role.PRACTITIONER)


@pytest.fixture
def outsider_client(outsider):
    return verified_client(outsider.user, outsider)


@pytest.fixture
def meeting(member, coordinator, organisation, other_organisation, perpetrator_org):
    return actions.create_meeting(
        membership=coordinator,
        data={
            "date": timezone.localdate() + datetime.timedelta(days=7),
            "place": "Salle du conseil",
            "attendees": [organisation, other_organisation, perpetrator_org],
        },
    )


@pytest.fixture
def item(meeting, member, situation, perpetrator_referral):
    situation.danger_level = DangerLevel.HIGH
    situation.save()
    return actions.put_forward(membership=member, meeting=meeting, situation=situation, reason=Reason.HIGH_DANGER, basis=Basis.CONSENT)


@pytest.fixture
def recorded(item, coordinator, other_organisation, perpetrator_org):
    """A decision that says where she is, an action for Bob's organisation that says it too, one for Gamma."""
    actions.add_decision(membership=coordinator, item=item, text=WHEREABOUTS)
    other = actions.add_action(
        membership=coordinator,
        item=item,
        description="Accompagner la victime au foyer des Tilleuls de Denain",
        owner=other_organisation,
        due_on=timezone.localdate() + datetime.timedelta(days=20),
    )
    gamma = actions.add_action(
        membership=coordinator,
        item=item,
        description="Rappeler à l'auteur les obligations du contrôle judiciaire",
        owner=perpetrator_org,
        due_on=timezone.localdate() + datetime.timedelta(days=20),
    )
    return {"other": other, "gamma": gamma}
