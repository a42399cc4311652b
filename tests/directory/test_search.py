"""Search: communes typed with or without accents, with typos or as postal codes; French full text; open now."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from directory.models import Service
from directory.search import find_commune, fulltext, normalise, search
from tests.directory.factories import ClosureFactory, PlaceFactory, ServiceFactory

PARIS = ZoneInfo("Europe/Paris")


def test_normalise_removes_accents_hyphens_and_abbreviations():
    assert normalise("Condé-sur-l'Escaut") == "conde sur l escaut"
    assert normalise("St-Amand-les-Eaux") == "saint amand les eaux"


@pytest.mark.parametrize(
    ("typed", "insee"),
    [
        ("Valenciennes", "59606"),
        ("valenciennes", "59606"),
        ("VALENCIENNES", "59606"),
        ("Condé-sur-l'Escaut", "59153"),
        ("conde sur l escaut", "59153"),
        ("Conde-sur-lEscaut", "59153"),
        ("st amand les eaux", "59526"),
        ("Saint-Amand-les-Eaux", "59526"),
        ("Valencienes", "59606"),  # one letter missing
        ("Denian", "59172"),  # two letters swapped
        ("59300", "59606"),  # Valenciennes' postal code
        ("59230", "59526"),  # Saint-Amand-les-Eaux
        ("59606", "59606"),  # an INSEE code works too
    ],
)
def test_find_commune_forgives_accents_typos_and_takes_postal_codes(territory, typed, insee):
    match = find_commune(typed)
    assert match.commune is not None, match.suggestions
    assert match.commune.insee_code == insee


def test_shared_postal_code_picks_the_largest_commune_and_offers_the_others(territory):
    match = find_commune("59220")
    assert match.commune.name == "Denain"
    assert "Rouvignies" in {c.name for c in match.suggestions}


def test_unknown_commune_suggests_close_matches(territory):
    match = find_commune("Marlie")
    assert match.commune is None or match.commune.name == "Marly"
    match = find_commune("Onaing-les-Bains")
    assert match.commune is None
    assert "Onnaing" in {c.name for c in match.suggestions}


def test_unknown_postal_code_suggests_neighbours(territory):
    match = find_commune("59999")
    assert match.commune is None and match.message == "unknown_postal_code"
    assert match.suggestions


def test_nonsense_gives_no_commune(territory):
    assert find_commune("zzzzqqq").commune is None
    assert find_commune("").commune is None


def test_fulltext_in_french_ignores_accents_and_plurals(guide):
    published = Service.objects.published()
    names = lambda qs: {s.name for s in qs}  # noqa: E731
    assert "Hébergement d'urgence fictif" in names(fulltext(published, "hebergement"))
    assert "Hébergement d'urgence fictif" in names(fulltext(published, "Hébergements"))
    assert "Permanence juridique fictive" in names(fulltext(published, "ordonnance protection"))
    assert "Permanence juridique fictive" in names(fulltext(published, "plainte"))
    assert not names(fulltext(published, "astronaute"))


def test_fulltext_ranks_the_best_match_first(guide):
    ranked = sorted(fulltext(Service.objects.published(), "juridique"), key=lambda s: -s.relevance)
    assert ranked[0].name == "Permanence juridique fictive"


def test_search_orders_by_distance_from_the_commune(guide):
    denain = find_commune("Denain").commune
    local, remote, _more = search(commune=denain)
    assert local[0].service.name == "Hébergement d'urgence fictif"
    assert [r.distance for r in local] == sorted(r.distance for r in local)
    assert [r.service.name for r in remote] == ["Écoute téléphonique fictive"]


def test_search_by_text_and_commune(guide):
    valenciennes = find_commune("Valenciennes").commune
    local, _remote, _more = search(commune=valenciennes, text="juridique")
    assert [r.service.name for r in local] == ["Permanence juridique fictive"]


def test_open_now_on_a_second_tuesday_permanence(guide):
    saint_amand = find_commune("Saint-Amand-les-Eaux").commune
    second_tuesday = datetime(2025, 4, 8, 10, 0, tzinfo=PARIS)
    third_tuesday = datetime(2025, 4, 15, 10, 0, tzinfo=PARIS)
    names = lambda moment: {r.service.name for r in search(commune=saint_amand, category="legal", open_now=True, moment=moment)[0]}  # noqa: E731
    assert names(second_tuesday) == {"Permanence juridique fictive"}
    assert names(third_tuesday) == set()


def test_open_now_on_a_public_holiday_and_at_night(guide):
    valenciennes = find_commune("Valenciennes").commune
    holiday = datetime(2025, 7, 14, 10, 0, tzinfo=PARIS)  # Monday, Fête nationale
    ordinary = datetime(2025, 7, 15, 10, 0, tzinfo=PARIS)
    night = datetime(2025, 7, 15, 3, 0, tzinfo=PARIS)
    found = lambda moment: {r.service.name for r in search(commune=valenciennes, open_now=True, moment=moment)[0]}  # noqa: E731
    assert "Accueil de jour fictif" not in found(holiday)
    assert "Accueil de jour fictif" in found(ordinary)
    assert found(night) == {"Hébergement d'urgence fictif"}


def test_open_now_respects_closures_and_exceptional_hours(guide):
    valenciennes = find_commune("Valenciennes").commune
    day_centre = guide["day_centre"]
    ClosureFactory(service=day_centre, start_date=date(2025, 8, 1), end_date=date(2025, 8, 20), reason="congés")
    ClosureFactory(service=day_centre, start_date=date(2025, 3, 8), end_date=date(2025, 3, 8), hours="10:00-12:00")
    found = lambda moment: {r.service.name for r in search(commune=valenciennes, open_now=True, moment=moment)[0]}  # noqa: E731
    assert "Accueil de jour fictif" not in found(datetime(2025, 8, 5, 10, 0, tzinfo=PARIS))
    assert "Accueil de jour fictif" in found(datetime(2025, 3, 8, 11, 0, tzinfo=PARIS))  # a Saturday, exceptionally open


def test_open_now_with_many_closed_services_still_finds_the_open_one(territory, organisation):
    place = PlaceFactory(organisation=organisation, commune_id="59606", latitude=50.357, longitude=3.523)
    far = PlaceFactory(organisation=organisation, commune_id="59526")
    for index in range(70):
        ServiceFactory(organisation=organisation, name=f"Fermé le soir {index}", hours="Mo-Fr 09:00-10:00", at=[place])
    ServiceFactory(organisation=organisation, name="Ouvert la nuit", hours="24/7", at=[far])
    local, _remote, _more = search(
        commune=find_commune("Valenciennes").commune, open_now=True, moment=datetime(2025, 4, 8, 23, 0, tzinfo=PARIS)
    )
    assert [r.service.name for r in local] == ["Ouvert la nuit"]


def test_audience_filter(guide):
    guide["day_centre"].audiences = ["relatives"]
    guide["day_centre"].save()
    local, _remote, _more = search(audience="relatives")
    assert [r.service.name for r in local] == ["Accueil de jour fictif"]


def test_search_sees_a_new_or_unpublished_service_at_once(territory, organisation):
    """The search keeps an index in memory: every change to the guide must reach the next search."""
    place = PlaceFactory(organisation=organisation, commune_id="59606", latitude=50.357, longitude=3.523)
    valenciennes = find_commune("Valenciennes").commune
    assert search(commune=valenciennes)[0] == []
    service = ServiceFactory(organisation=organisation, name="Nouveau service fictif", hours="24/7", at=[place])
    assert [r.service.name for r in search(commune=valenciennes)[0]] == ["Nouveau service fictif"]
    service.set_categories(["listening", "legal"])  # added, none removed: no signal is sent
    assert [r.service.name for r in search(commune=valenciennes, category="legal")[0]] == ["Nouveau service fictif"]
    assert search(commune=valenciennes, category="shelter")[0] == []
    service.is_published = False
    service.save()
    assert search(commune=valenciennes)[0] == []


def test_open_now_today_with_exceptional_hours_and_closure(territory, organisation):
    """Today's dated exceptions (read from the kept closures, not the table): exceptional hours open a service that
    is normally closed now; a closure closes a service open round the clock."""
    from django.utils import timezone

    place = PlaceFactory(organisation=organisation, commune_id="59606", latitude=50.357, longitude=3.523)
    today = timezone.localdate()
    other_day = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"][(today.weekday() + 3) % 7]
    exceptional = ServiceFactory(organisation=organisation, name="Ouvert exceptionnellement", hours=f"{other_day} 09:00-10:00", at=[place])
    closed = ServiceFactory(organisation=organisation, name="Fermé aujourd'hui", hours="24/7", at=[place])
    valenciennes = find_commune("Valenciennes").commune
    names = lambda: {r.service.name for r in search(commune=valenciennes, open_now=True)[0]}  # noqa: E731
    assert names() == {"Fermé aujourd'hui"}
    ClosureFactory(service=exceptional, start_date=today, end_date=today, hours="00:00-24:00")
    ClosureFactory(service=closed, start_date=today, end_date=today, reason="inventaire")
    assert names() == {"Ouvert exceptionnellement"}


def test_search_shows_changes_to_places_organisations_and_remote_services_at_once(guide):
    """Places, organisations and remote services shown on the cards are kept with the in-memory index: a change
    saved to any of them reaches the next search."""
    valenciennes = find_commune("Valenciennes").commune
    search(commune=valenciennes)  # builds the index
    place = guide["shelter_place"]
    place.address = "9 rue Nouvelle"
    place.save()
    organisation = guide["remote"].organisation
    organisation.name = "Association Alpha renommée (fictive)"
    organisation.save()
    remote = guide["remote"]
    remote.name = "Écoute téléphonique renommée"
    remote.save()
    local, remote_results, _more = search(commune=valenciennes)
    shelter = next(r for r in local if r.service.pk == guide["shelter"].pk)
    assert shelter.location.place.address == "9 rue Nouvelle"
    assert shelter.service.organisation.name == "Association Alpha renommée (fictive)"
    assert [r.service.name for r in remote_results] == ["Écoute téléphonique renommée"]
    assert remote_results[0].service.organisation.name == "Association Alpha renommée (fictive)"


def test_fresh_search_reads_what_it_shows_from_the_database(guide):
    """Professionals' searches (`fresh`) never take a place, organisation or service from what the index keeps,
    even after a change that sent no signal."""
    from directory.models import Place

    valenciennes = find_commune("Valenciennes").commune
    search(commune=valenciennes)
    Place.objects.filter(pk=guide["shelter_place"].pk).update(address="9 rue Nouvelle")
    Service.objects.filter(pk=guide["remote"].pk).update(phone="+33327111111")
    local, remote, _more = search(commune=valenciennes, fresh=True)
    assert next(r for r in local if r.service.pk == guide["shelter"].pk).location.place.address == "9 rue Nouvelle"
    assert remote[0].service.phone == "+33327111111"


@pytest.mark.parametrize("fresh", [False, True])
def test_result_cards_need_no_further_query(guide, fresh, django_assert_num_queries):
    """The rows a search loads hold every field a card shows (a missing one would cost a query per card)."""
    from django.utils import timezone

    from directory.presenters import present_service

    local, remote, _more = search(commune=find_commune("Denain").commune, fresh=fresh)
    assert local and remote
    now = timezone.now()
    with django_assert_num_queries(0):
        for professional in (False, True):
            for r in local + remote:
                present_service(r.service, professional=professional, location=r.location, closures=[], now=now, distance=r.distance)


def test_a_place_missing_from_the_index_is_read_rather_than_missed(guide):
    from directory.search import _search_index

    valenciennes = find_commune("Valenciennes").commune
    search(commune=valenciennes)
    _search_index().places.clear()
    _search_index().organisations.clear()
    local, _remote, _more = search(commune=valenciennes)
    assert {r.location.place.name for r in local} == {"Accueil de jour", "Maison d'accueil", "Mairie annexe"}


# --- words that match nothing (issue 11, point 1): never a server error, on SQLite and PostgreSQL ---------------


NON_MATCHING_TEXTS = [
    "zzz",  # a word found nowhere
    "lieu d'écoute",  # two words, not both in one service
    "psychologue enfant",
    "!",  # punctuation alone
    "?!;,.'«»",
    "le la les de",  # French stop words alone
    "a",  # one letter
    "x" * 100,  # the longest text the form accepts
    '"unbalanced OR NOT AND (',  # FTS5 and tsquery operators typed as words
]


@pytest.mark.parametrize("text", NON_MATCHING_TEXTS)
def test_search_page_with_words_matching_nothing_answers_200(client, guide, text):
    for params in ({"texte": text}, {"commune": "Denain", "texte": text}, {"commune": "Denain", "texte": text, "ouvert": "on"}):
        response = client.get("/guide/recherche/", params)
        assert response.status_code == 200, (params, response.status_code)


@pytest.mark.parametrize("text", NON_MATCHING_TEXTS)
def test_search_api_with_words_matching_nothing_answers_200(client, guide, text):
    response = client.get("/api/annuaire/services", {"texte": text})
    assert response.status_code == 200, response.content
    assert set(response.json()) >= {"local", "remote", "all_words"}


def test_search_text_longer_than_the_form_allows_is_refused_not_a_server_error(client, guide):
    assert client.get("/guide/recherche/", {"texte": "x" * 101}).status_code == 400
    response = client.get("/api/annuaire/services", {"texte": "x" * 101})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "texte"


def test_fulltext_matching_nothing_still_carries_the_relevance(guide):
    assert list(fulltext(Service.objects.all(), "zzz").values_list("pk", "relevance")) == []
    assert list(fulltext(Service.objects.all(), "!").values_list("pk", "relevance")) == []


def test_words_not_all_in_one_service_fall_back_to_any_of_them_and_say_so(client, guide):
    response = client.get("/guide/recherche/", {"texte": "juristes zzzinconnu"})
    assert response.status_code == 200
    assert "Permanence juridique fictive" in response.content.decode()
    assert "Aucun service ne contient tous ces mots" in response.content.decode()
    api = client.get("/api/annuaire/services", {"texte": "juristes zzzinconnu"}).json()
    assert api["all_words"] is False
    assert [s["name"] for s in api["local"]] == ["Permanence juridique fictive"]
    # All the words in one service: no fallback, no note.
    response = client.get("/guide/recherche/", {"texte": "juristes famille"})
    assert "Aucun service ne contient tous ces mots" not in response.content.decode()
    assert "Permanence juridique fictive" in response.content.decode()
