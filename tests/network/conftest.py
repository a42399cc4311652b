import pytest

from accounts.models import Role
from tests.accounts.factories import MembershipFactory, OrganisationFactory
from tests.conftest import verified_client
from tests.network.factories import ActionFactory, MilestoneFactory, PlanFactory

# The personas of the network's pages: the coordinator steers; the lead organisation's admin edits its actions; the
# admin of another organisation and practitioners read; the analyst reads; nobody logged in is sent to the login.
PERSONAS = ["coordinator", "lead_admin", "other_admin", "practitioner", "analyst", "anonymous"]


@pytest.fixture
def network(db):
    lead = OrganisationFactory(name="Association Alpha (fictive)")
    other = OrganisationFactory(name="Association Bêta (fictive)")
    coordination = OrganisationFactory(name="Agglomération fictive", kind="collectivity")
    plan = PlanFactory()
    action = ActionFactory(plan=plan, lead=lead, title="Campagne fictive")
    action.partners.add(other)
    milestone = MilestoneFactory(action=action)
    members = {
        "coordinator": MembershipFactory(organisation=coordination, role=Role.COORDINATOR),
        "lead_admin": MembershipFactory(organisation=lead, role=Role.ORG_ADMIN),
        "other_admin": MembershipFactory(organisation=other, role=Role.ORG_ADMIN),
        "practitioner": MembershipFactory(organisation=lead, role=Role.PRACTITIONER),
        "analyst": MembershipFactory(organisation=coordination, role=Role.ANALYST),
    }
    return {"plan": plan, "action": action, "milestone": milestone, "lead": lead, "other": other, "members": members}


@pytest.fixture
def clients(network):
    from django.test import Client

    found = {name: verified_client(m.user, m) for name, m in network["members"].items()}
    found["anonymous"] = Client()
    return found
