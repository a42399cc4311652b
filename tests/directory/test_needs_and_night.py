"""The guide's answers to each need (issue 11, points 2, 3, 4 and 7): what is open now at night, each need page's own
lines and local services, lines and services only where they serve, the professional's page."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from directory.models import Helpline, HelplineKind, HelplineScope
from tests.accounts.factories import OrganisationFactory
from tests.directory.factories import ServiceFactory

SUNDAY_EVENING = datetime(2026, 11, 29, 22, 0, tzinfo=ZoneInfo("Europe/Paris"))


@pytest.fixture
def lines(guide):
    """National lines as the demo loads them, each with the needs it answers."""
    made = {
        "3919": Helpline.objects.create(
            name="Violences Femmes Info",
            number="3919",
            description="Écoute",
            hours="24/7",
            needs=["parler", "partir", "enfants", "professionnel"],
        ),
        "115": Helpline.objects.create(
            name="Hébergement d'urgence", number="115", description="Mise à l'abri", hours="24/7", needs=["partir"]
        ),
        "116006": Helpline.objects.create(
            name="France Victimes",
            number="116006",
            description="Aide aux victimes",
            hours="Mo-Su 09:00-19:00",
            needs=["parler", "professionnel"],
        ),
        "119": Helpline.objects.create(name="Allô enfance en danger", number="119", description="Enfants", hours="24/7", needs=["enfants"]),
        "auteurs": Helpline.objects.create(
            name="Ligne pour les auteurs de violences",
            number="08 019 019 11",
            description="Auteurs",
            hours="Mo-Su 10:00-19:00",
            needs=["auteur"],
        ),
        "tchat": Helpline.objects.create(
            name="Tchat anonyme",
            kind=HelplineKind.CHAT,
            chat_url="https://arretonslesviolences.gouv.fr/",
            description="Écrire",
            hours="24/7",
            needs=["parler"],
        ),
    }
    return made


@pytest.fixture
def sunday_evening(monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "now", lambda: SUNDAY_EVENING)
    return SUNDAY_EVENING


def test_open_now_at_night_shows_what_is_open_at_a_distance_and_when_the_nearest_places_open(client, lines, sunday_evening):
    """Point 2: Denain, « Écoute et soutien », open now, on a Sunday evening was an empty page that promised remote
    services and showed none."""
    html = client.get(reverse("directory:results"), {"commune": "Denain", "categorie": "listening", "ouvert": "on"}).content.decode()
    assert "Aucun lieu n'est ouvert en ce moment près de Denain" in html
    assert "Les services à distance ci-dessous peuvent vous aider" not in html
    # The 24/7 lines and the chat, open now, come before the line that opens tomorrow.
    assert html.index('href="tel:3919"') < html.index('href="tel:116006"')
    assert 'href="https://arretonslesviolences.gouv.fr/"' in html
    assert "Ouvert 24 h/24" in html
    # When the nearest places open next: the day centre of Valenciennes (Monday to Friday) opens tomorrow, Monday.
    assert "Les lieux les plus proches ouvrent" in html
    section = html[html.index("Les lieux les plus proches ouvrent") :]
    assert "Accueil de jour fictif" in section and "ouvre demain à 09:00" in section


def test_each_need_page_has_its_own_lines_then_local_services(client, lines):
    """Point 3: « Je veux partir » had no 115 and no shelter; « Je veux arrêter d'être violent » showed the 3919."""
    partir = client.get(reverse("directory:question", args=["partir"])).content.decode()
    assert 'href="tel:115"' in partir and 'href="tel:3919"' in partir
    assert "Hébergement d&#x27;urgence fictif" in partir  # a shelter of the territory, before any commune is typed
    auteur = client.get(reverse("directory:question", args=["auteur"])).content.decode()
    assert 'href="tel:+33801901911"' in auteur
    assert 'href="tel:3919"' not in auteur.split("</header>", 1)[1].split("<footer", 1)[0]
    enfants = client.get(reverse("directory:question", args=["enfants"])).content.decode()
    assert 'href="tel:119"' in enfants and 'href="tel:115"' not in enfants


def test_a_local_line_and_a_remote_service_show_only_where_they_serve(client, guide, lines):
    """Point 4: the Maubeuge MJD and Maison de la famille showed on the Valenciennes guide."""
    maubeuge = Helpline.objects.create(
        name="Maison de la famille de Maubeuge", number="06 52 13 65 77", description="Écoute", scope=HelplineScope.LOCAL
    )  # serves no commune of this territory
    html = client.get(reverse("directory:helplines")).content.decode()
    assert "Maison de la famille de Maubeuge" not in html and "Maison de Justice et du Droit (fictive)" in html
    maubeuge.communes.set(["59172"])  # were it to serve Denain, it would show
    assert "Maison de la famille de Maubeuge" in client.get(reverse("directory:helplines")).content.decode()
    # A remote service of an organisation that covers Valenciennes only is not offered in Denain.
    agglo = OrganisationFactory(name="Agglomération fictive")
    agglo.communes.set(["59606"])
    ServiceFactory(organisation=agglo, name="Ligne de l'agglomération", is_remote=True, categories=["listening"], hours="24/7")
    denain = client.get(reverse("directory:results"), {"commune": "Denain", "categorie": "listening"}).content.decode()
    valenciennes = client.get(reverse("directory:results"), {"commune": "Valenciennes", "categorie": "listening"}).content.decode()
    assert "Ligne de l&#x27;agglomération" not in denain and "Ligne de l&#x27;agglomération" in valenciennes


def test_professional_without_an_account_gets_help_to_orient(client, lines):
    """Point 7: the professional saw the victims' numbers, no help to decide, and a trainings link that said « Aucun
    lieu ne correspond près de cette commune » before any commune was typed."""
    html = client.get(reverse("directory:question", args=["professionnel"])).content.decode()
    assert "Vers qui orienter ?" in html
    for situation in (
        "Danger immédiat",
        "ne peut pas rentrer chez elle ce soir",
        "Des enfants vivent ces violences",
        "l&#x27;auteur des violences",
    ):
        assert situation in html
    assert f"{reverse('directory:results')}?categorie=shelter" in html
    assert "Guides à imprimer" in html
    # No trainings in this guide: no link to an empty search.
    assert "categorie=training" not in html
    ServiceFactory(name="Formation fictive", is_remote=True, categories=["training"], audiences=["professionals"], hours="")
    html = client.get(reverse("directory:question", args=["professionnel"])).content.decode()
    assert "categorie=training" in html
    trainings = client.get(reverse("directory:results"), {"categorie": "training"}).content.decode()
    assert "Formation fictive" in trainings and "Aucun lieu" not in trainings and "près de cette commune" not in trainings
