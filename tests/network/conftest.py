import datetime

import pytest

from accounts.models import Role
from network.models import Attendance, GroupMeeting, GroupTask, Registration, RegistrationStatus, SchoolSession, WorkingGroup
from tests.accounts.factories import MembershipFactory, OrganisationFactory
from tests.conftest import verified_client
from tests.network.factories import ActionFactory, CycleFactory, MilestoneFactory, PlanFactory, SessionFactory

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
    cycle = CycleFactory(organiser=lead)
    session = SessionFactory(cycle=cycle)
    registration = Registration.objects.create(
        cycle=cycle, user=members["practitioner"].user, organisation=lead, status=RegistrationStatus.CONFIRMED, seat=1
    )
    Attendance.objects.create(session=session, registration=registration, present=True)
    school = SchoolSession.objects.create(
        date=datetime.date(2025, 11, 14),
        school="Collège fictif",
        commune=_commune(),
        class_level="4e",
        pupils=25,
        theme="equality",
        organisation=lead,
    )
    group = WorkingGroup.objects.create(name="Groupe fictif", convener=lead)
    group.members.add(members["practitioner"], members["other_admin"])
    meeting = GroupMeeting.objects.create(group=group, date=datetime.date(2025, 6, 1), agenda="Ordre du jour fictif")
    task = GroupTask.objects.create(group=group, title="Tâche fictive", owner=members["practitioner"], due_on=datetime.date(2025, 7, 1))
    return {
        "school": school,
        "group": group,
        "meeting": meeting,
        "task": task,
        "plan": plan,
        "action": action,
        "milestone": milestone,
        "lead": lead,
        "other": other,
        "members": members,
        "cycle": cycle,
        "session": session,
        "registration": registration,
    }


@pytest.fixture
def clients(network):
    from django.test import Client

    found = {name: verified_client(m.user, m) for name, m in network["members"].items()}
    found["anonymous"] = Client()
    return found


def _commune():
    from territory.models import Arrondissement, Commune, Departement

    departement, _ = Departement.objects.get_or_create(code="59", defaults={"name": "Nord"})
    arrondissement, _ = Arrondissement.objects.get_or_create(code="596", defaults={"name": "Valenciennes", "departement": departement})
    commune, _ = Commune.objects.get_or_create(
        insee_code="59606", defaults={"name": "Valenciennes", "departement": departement, "arrondissement": arrondissement}
    )
    return commune
