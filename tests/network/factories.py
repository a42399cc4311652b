import datetime

import factory

from network.models import Action, ActionPlan, Milestone, TrainingCycle, TrainingSession
from tests.accounts.factories import OrganisationFactory


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionPlan

    title = factory.Sequence(lambda n: f"Plan fictif {n}")
    territory = "Arrondissement de Valenciennes"
    starts_on = datetime.date(2024, 1, 1)
    ends_on = datetime.date(2027, 12, 31)


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    plan = factory.SubFactory(PlanFactory)
    axis = "prevention"
    kind = "campaign"
    title = factory.Sequence(lambda n: f"Action fictive {n}")
    lead = factory.SubFactory(OrganisationFactory)
    audience = "public"
    starts_on = datetime.date(2025, 1, 1)
    ends_on = datetime.date(2026, 6, 30)


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    action = factory.SubFactory(ActionFactory)
    title = factory.Sequence(lambda n: f"Jalon {n}")
    due_on = datetime.date(2025, 6, 1)


class CycleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingCycle

    title = factory.Sequence(lambda n: f"Cycle fictif {n}")
    organiser = factory.SubFactory(OrganisationFactory)
    starts_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=10))
    ends_on = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=100))
    objectives = "Repérer\nOrienter"


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingSession

    cycle = factory.SubFactory(CycleFactory)
    date = factory.LazyAttribute(lambda o: o.cycle.starts_on + datetime.timedelta(days=1))
    starts_at = datetime.time(9)
    ends_at = datetime.time(12, 30)
    place = "Salle fictive, Valenciennes"
    trainer = "Formatrice fictive"
    capacity = 10
