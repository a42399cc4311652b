import pytest

from directory.models import Helpline, HelplineKind, HelplineScope
from tests.directory.factories import PlaceFactory, ServiceFactory


@pytest.fixture
def guide(territory, organisation):
    """A small published guide: a day centre in Valenciennes, a shelter with a confidential address in Denain,
    a permanence at Saint-Amand-les-Eaux on the 2nd and 4th Tuesday, a remote line, and the emergency numbers."""
    valenciennes = PlaceFactory(
        organisation=organisation, name="Accueil de jour", address="12 rue Fictive", commune_id="59606", latitude=50.357, longitude=3.523
    )
    shelter_place = PlaceFactory(
        organisation=organisation,
        name="Maison d'accueil",
        address="7 impasse Secrète",
        postal_code="59220",
        commune_id="59172",
        latitude=50.33,
        longitude=3.39,
        confidential_fields=["address"],
    )
    saint_amand = PlaceFactory(
        organisation=organisation, name="Mairie annexe", address="1 place Fictive", postal_code="59230", commune_id="59526"
    )
    day_centre = ServiceFactory(
        organisation=organisation, name="Accueil de jour fictif", categories=["listening", "victim_support"], at=[valenciennes]
    )
    shelter = ServiceFactory(
        organisation=organisation,
        name="Hébergement d'urgence fictif",
        hours="24/7",
        categories=["shelter"],
        capacity=12,
        available_places=2,
        at=[shelter_place],
    )
    permanence = ServiceFactory(
        organisation=organisation,
        name="Permanence juridique fictive",
        hours="",
        categories=["legal"],
        description="Juristes : droit de la famille, ordonnance de protection, dépôt de plainte.",
        at=[(saint_amand, "Tu[2,4] 09:00-12:00; PH off")],
    )
    remote = ServiceFactory(
        organisation=organisation, name="Écoute téléphonique fictive", is_remote=True, hours="Mo-Sa 09:00-19:00", categories=["listening"]
    )
    Helpline.objects.create(name="Police secours", number="17", description="Danger immédiat", is_emergency=True, hours="24/7", position=1)
    Helpline.objects.create(
        name="Urgence par SMS",
        number="114",
        kind=HelplineKind.SMS,
        description="Si vous ne pouvez pas parler",
        is_emergency=True,
        hours="24/7",
        position=2,
    )
    mjd = Helpline.objects.create(
        name="Maison de Justice et du Droit (fictive)",
        number="03 27 62 99 00",
        description="Informations juridiques",
        scope=HelplineScope.LOCAL,
    )
    mjd.communes.set(["59606", "59172", "59526"])  # a local line serves its communes, and shows only there
    return {"day_centre": day_centre, "shelter": shelter, "permanence": permanence, "remote": remote, "shelter_place": shelter_place}
