import factory

from directory.models import Closure, Helpline, Place, Service, ServiceAtPlace
from directory.search import reindex
from tests.accounts.factories import OrganisationFactory


class PlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Place

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Lieu d'accueil fictif {n}")
    address = factory.Sequence(lambda n: f"{n} rue des Tilleuls")
    postal_code = "59300"
    commune_id = "59606"  # Valenciennes


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Accueil de jour fictif {n}")
    summary = "Écoute et accompagnement des personnes victimes."
    description = "Un service fictif pour les tests : écoute, information sur les droits, accompagnement."
    audiences = ["women"]
    access_modes = ["walk_in"]
    languages = ["fr"]
    phone = "+33327000000"
    hours = "Mo-Fr 09:00-12:00,14:00-17:00; PH off"
    is_published = True
    last_verified_at = factory.LazyFunction(lambda: __import__("django.utils.timezone", fromlist=["x"]).localdate())

    @factory.post_generation
    def categories(obj, create, extracted, **kwargs):
        if create:
            obj.set_categories(extracted if extracted is not None else ["listening"])

    @factory.post_generation
    def at(obj, create, extracted, **kwargs):
        """at=[place, ...] or at=[(place, hours), ...]; then the search index is refreshed."""
        if not create:
            return
        for item in extracted or []:
            place, hours = item if isinstance(item, tuple) else (item, "")
            ServiceAtPlace.objects.create(service=obj, place=place, hours=hours)
        reindex([obj])


class ClosureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Closure


class HelplineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Helpline

    name = factory.Sequence(lambda n: f"Ligne d'écoute fictive {n}")
    number = "0327629900"
    description = "Écoute et information."
    hours = "Mo-Fr 09:00-17:00"
