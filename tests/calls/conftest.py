"""Personas of the calls for projects: the coordinator, the admin and a practitioner of the applying association
(Alpha, in Valenciennes Métropole), the admin of another association of the territory (Bêta), a reviewer designated by
the coordinator (at a third organisation), an analyst, nobody."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import Role
from calls.models import Application, Award, CallForProjects, Criterion
from territory.models import Commune
from tests.accounts.factories import MembershipFactory, OrganisationFactory
from tests.casework import conftest as casework_fixtures
from tests.conftest import verified_client

VM = "245901160"  # Valenciennes Métropole
CAPH = "200042190"  # La Porte du Hainaut

coordinator = casework_fixtures.coordinator
coordinator_client = casework_fixtures.coordinator_client
analyst = casework_fixtures.analyst
analyst_client = casework_fixtures.analyst_client


@pytest.fixture
def vm_communes(territory):
    return list(Commune.objects.filter(epci_id=VM))


@pytest.fixture
def call(territory, vm_communes, organisation, other_organisation):
    organisation.communes.set(vm_communes[:5])
    other_organisation.communes.set(vm_communes[3:9])
    today = timezone.localdate()
    call = CallForProjects.objects.create(
        title="Appel à projets du CISPD 2026 (fictif)",
        year=today.year,
        funder="CISPD",
        envelope=20_000,
        opens_on=today - datetime.timedelta(days=10),
        closes_on=today + datetime.timedelta(days=20),
    )
    call.epcis.set([VM])
    for order, (label, top) in enumerate([("Caractère novateur", 5), ("Public touché", 5), ("Budget réaliste", 10)], start=1):
        Criterion.objects.create(call=call, label=label, max_score=top, order=order)
    return call


@pytest.fixture
def reviewer(call):
    membership = MembershipFactory(organisation=OrganisationFactory(name="Sous-préfecture fictive"), role=Role.PRACTITIONER)
    call.reviewers.add(membership)
    return membership


@pytest.fixture
def reviewer_client(reviewer):
    return verified_client(reviewer.user, reviewer)


@pytest.fixture
def other_admin(other_organisation):
    return MembershipFactory(organisation=other_organisation, role=Role.ORG_ADMIN)


@pytest.fixture
def other_admin_client(other_admin):
    return verified_client(other_admin.user, other_admin)


def make_application(call, organisation, title="Groupe de parole pour les victimes (fictif)", requested=6000, budget=9000):
    application = Application.objects.create(
        call=call,
        organisation=organisation,
        title=title,
        summary="Un groupe de parole mensuel animé par une psychologue.",
        audience="victims",
        budget_total=budget,
        requested_amount=requested,
    )
    application.communes.set(organisation.communes.all()[:2])
    return application


@pytest.fixture
def application(call, organisation):
    return make_application(call, organisation)


@pytest.fixture
def funded(call, organisation, coordinator):
    application = make_application(call, organisation, title="Théâtre-forum dans les collèges (fictif)", requested=5000, budget=7000)
    Award.objects.create(application=application, call=call, outcome="funded", amount=5000, decided_by=coordinator.user)
    return application
