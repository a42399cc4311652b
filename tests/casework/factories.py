import datetime

import factory

from casework.models import Consent, Event, HousingPlace, Person, PersonRole, Referral, Situation
from tests.accounts.factories import OrganisationFactory


class SituationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Situation

    organisation = factory.SubFactory(OrganisationFactory)
    opened_on = datetime.date(2026, 1, 5)
    children_count = 1


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    situation = factory.SubFactory(SituationFactory)
    role = PersonRole.VICTIM
    first_name = factory.Sequence(lambda n: f"Prénomfictif{n}")
    last_name = factory.Sequence(lambda n: f"Nomfictif{n}")
    birth_date = datetime.date(1988, 4, 12)
    sex = "F"
    address = "12 rue Imaginaire, 59300 Valenciennes"
    phone = "+33 6 12 34 56 78"
    email = "personne.fictive@exemple.test"
    safe_hours = "en semaine de 9 h à 11 h"


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    situation = factory.SubFactory(SituationFactory)
    kind = "complaint"
    date = datetime.date(2026, 2, 1)
    organisation = factory.SelfAttribute("situation.organisation")


class HousingPlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HousingPlace

    name = factory.Sequence(lambda n: f"Sas fictif {n}")
    organisation = factory.SubFactory(OrganisationFactory)
    capacity = 2


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consent

    person = factory.SubFactory(PersonFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    items = factory.LazyFunction(lambda: ["identity"])
    given_on = datetime.date(2026, 2, 2)
    method = "oral"


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Referral

    person = factory.SubFactory(PersonFactory)
    situation = factory.SelfAttribute("person.situation")
    sender = factory.SelfAttribute("situation.organisation")
    receiver = factory.SubFactory(OrganisationFactory)
    consent = factory.SubFactory(ConsentFactory, person=factory.SelfAttribute("..person"), organisation=factory.SelfAttribute("..receiver"))
    reason = "Accompagnement juridique (motif fictif)"
