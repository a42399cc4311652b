"""The public guide: every page answers without a cookie, under 100 KB, with a neutral title; nothing confidential leaks."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from directory.models import Service

PUBLIC_PAGES = [
    ("directory:home", {}),
    ("directory:question", {"slug": "danger"}),
    ("directory:question", {"slug": "partir"}),
    ("directory:helplines", {}),
    ("directory:erase_traces", {}),
]


def _title(html):
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1)


def _check_public(response):
    assert response.status_code == 200
    assert not response.cookies, f"cookie set: {list(response.cookies)}"
    html = response.content.decode()
    assert len(response.content) < 100_000
    assert "violence" not in _title(html).lower()

    for src in re.findall(r'(?:src|href)="(https?://[^"]+)"', html):
        assert 'rel="stylesheet"' not in src and not src.endswith((".js", ".css")), src
    return html


@pytest.mark.parametrize(("name", "kwargs"), PUBLIC_PAGES)
def test_public_pages_are_light_cookie_free_and_neutral(guide, anonymous_client, name, kwargs):
    html = _check_public(anonymous_client.get(reverse(name, kwargs=kwargs)))
    assert "quick-exit" in html


def test_home_offers_the_questions_and_a_search_form_without_javascript(guide, anonymous_client):
    html = _check_public(anonymous_client.get(reverse("directory:home")))
    for label in (
        "Je suis en danger maintenant",
        "Je veux parler à quelqu",
        "Je veux partir",
        "Je veux porter plainte",
        "Mes enfants sont exposés",
        "Je suis témoin ou proche",
        "arrêter d",
        "Je suis professionnel",
    ):
        assert label in html
    assert 'method="get"' in html and 'action="/guide/recherche/"' in html


def test_emergency_question_shows_the_emergency_numbers_with_links(guide, anonymous_client):
    html = _check_public(anonymous_client.get(reverse("directory:question", kwargs={"slug": "danger"})))
    assert 'href="tel:17"' in html and 'href="sms:114"' in html


def test_unknown_question_is_404(anonymous_client, db):
    assert anonymous_client.get("/guide/besoin/inconnue/").status_code == 404


def test_results_by_commune_nearest_first(guide, anonymous_client):
    html = _check_public(anonymous_client.get(reverse("directory:results"), {"commune": "Valenciennes"}))
    assert (
        html.index("Accueil de jour fictif") < html.index("Hébergement d&#x27;urgence fictif") < html.index("Permanence juridique fictive")
    )
    assert "Écoute téléphonique fictive" in html  # remote services listed apart
    assert re.search(r"à \d+,\d km", html), "distances written the French way"


def test_result_cards_link_to_the_service_and_give_a_number_to_call(guide, anonymous_client):
    html = _check_public(anonymous_client.get(reverse("directory:results"), {"commune": "Denain", "categorie": "shelter"}))
    shelter = guide["shelter"]
    assert f'<a href="{reverse("directory:service", args=[shelter.pk])}">Hébergement d&#x27;urgence fictif</a>' in html
    assert '<p class="status status-open">Ouvert 24 h/24</p>' in html
    assert '<a href="tel:+33327000000">03 27 00 00 00</a>' in html
    assert "<p>Denain</p>" in html  # a confidential address measured from the centre of its own commune: no « à 0,0 km »
    valenciennes = anonymous_client.get(reverse("directory:results"), {"commune": "Valenciennes", "categorie": "shelter"}).content.decode()
    assert re.search(r"Denain · à \d+,\d km", valenciennes)


def test_results_by_category_and_postal_code(guide, anonymous_client):
    html = _check_public(anonymous_client.get(reverse("directory:results"), {"commune": "59220", "categorie": "shelter"}))
    assert "Services près de Denain" in html
    assert "Hébergement d&#x27;urgence fictif" in html
    assert "Accueil de jour fictif" not in html


def test_empty_search_explains_what_to_type(guide, anonymous_client):
    html = _check_public(anonymous_client.get(reverse("directory:results"), {"commune": ""}))
    assert "Indiquez une commune" in html


def test_unknown_commune_suggests_close_matches(guide, anonymous_client):
    html = _check_public(anonymous_client.get(reverse("directory:results"), {"commune": "Valencienes-sur-Mer"}))
    assert "Vouliez-vous dire" in html and "Valenciennes" in html


def test_invalid_parameters_answer_400_not_500(guide, anonymous_client):
    response = anonymous_client.get(reverse("directory:results"), {"commune": "Denain", "categorie": "nimporte"})
    assert response.status_code == 400


def test_service_page_shows_what_a_person_needs(guide, anonymous_client):
    service = guide["permanence"]
    html = _check_public(anonymous_client.get(reverse("directory:service", args=[service.pk])))
    assert "2e et 4e mardi du mois : 09:00-12:00" in html
    assert "Saint-Amand-les-Eaux" in html
    assert "Prochaines dates" in html
    assert "violence" not in _title(html).lower()


def test_unpublished_service_is_404_for_the_public_and_another_organisation(guide, anonymous_client, other_client, member_client):
    service = guide["day_centre"]
    Service.objects.filter(pk=service.pk).update(is_published=False)
    url = reverse("directory:service", args=[service.pk])
    assert anonymous_client.get(url).status_code == 404
    assert other_client.get(url).status_code == 404
    assert member_client.get(url).status_code == 200


def test_confidential_address_is_hidden_from_the_public_and_shown_to_professionals(guide, anonymous_client, other_client):
    url = reverse("directory:service", args=[guide["shelter"].pk])
    public = _check_public(anonymous_client.get(url))
    assert "Secrète" not in public and "Adresse confidentielle" in public
    assert "Denain" in public

    professional = other_client.get(url).content.decode()
    assert "7 impasse Secrète" in professional
    for params in ({"commune": "Denain"}, {"commune": "Denain", "categorie": "shelter", "ouvert": "on"}, {"texte": "hébergement"}):
        assert "Secrète" not in anonymous_client.get(reverse("directory:results"), params).content.decode()


def test_helplines_page_lists_national_and_local_numbers_in_french_format(guide, anonymous_client):
    html = _check_public(anonymous_client.get(reverse("directory:helplines")))
    assert "03 27 62 99 00" in html and 'href="tel:+33327629900"' in html
    assert 'href="sms:114"' in html


def test_page_weight_with_its_styles_and_scripts_stays_under_100_kb(guide, anonymous_client):
    from django.contrib.staticfiles import finders

    for url in ("/guide/", f"/guide/service/{guide['permanence'].pk}/", "/guide/recherche/?commune=Valenciennes"):
        response = anonymous_client.get(url)
        html = response.content.decode()
        total = len(response.content)
        for asset in re.findall(r'(?:src|href)="/static/([^"]+\.(?:js|css))"', html):
            total += Path(finders.find(asset)).stat().st_size
        assert total < 100_000, (url, total)


def test_results_page_query_count_does_not_grow_with_results(guide, anonymous_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        anonymous_client.get(reverse("directory:results"), {"commune": "Valenciennes", "ouvert": "on"})


def test_a_new_anonymous_search_reads_one_table_pair(guide, anonymous_client, django_assert_num_queries):
    """Past the first search (which reads the index), an anonymous search not in the page cache makes one query:
    the page's services at places with their services. Places, organisations and remote services are kept with
    the index."""
    url = reverse("directory:results")
    anonymous_client.get(url, {"commune": "Denain"})
    with django_assert_num_queries(1):
        html = anonymous_client.get(url, {"commune": "Valenciennes"}).content.decode()
    assert "Accueil de jour fictif" in html and "Écoute téléphonique fictive" in html


def test_referral_link_only_for_logged_in_professionals(guide, anonymous_client, member_client):
    from django.urls import NoReverseMatch

    url = reverse("directory:service", args=[guide["day_centre"].pk])
    assert "Orienter une personne" not in anonymous_client.get(url).content.decode()
    try:
        target = reverse("casework:referral_new")
    except NoReverseMatch:
        target = None
    html = member_client.get(url).content.decode()
    if target:
        assert f"{target}?service={guide['day_centre'].pk}" in html
    else:
        assert "Orienter une personne" not in html


def test_cached_results_follow_changes_to_the_guide(guide, anonymous_client):
    url = reverse("directory:results")
    params = {"commune": "Valenciennes"}
    assert "Accueil de jour fictif" in anonymous_client.get(url, params).content.decode()
    service = guide["day_centre"]
    service.is_published = False
    service.save()
    assert "Accueil de jour fictif" not in anonymous_client.get(url, params).content.decode()


def test_professionals_are_never_served_the_anonymous_cache(guide, anonymous_client, other_client):
    url = reverse("directory:results")
    params = {"commune": "Denain", "categorie": "shelter"}
    assert "Secrète" not in anonymous_client.get(url, params).content.decode()
    assert "7 impasse Secrète" in other_client.get(url, params).content.decode()


def test_remote_cards_kept_for_anonymous_visitors_follow_changes_and_never_serve_professionals(guide, anonymous_client, other_client):
    """The remote services' public cards are kept for the minute between anonymous searches of different
    communes; a saved change shows at once, and a professional neither gets nor leaves a kept card."""
    url = reverse("directory:results")
    remote = guide["remote"]
    remote.confidential_fields = ["phone"]
    remote.phone = "03 27 99 88 77"
    remote.save()
    assert "99 88 77" not in anonymous_client.get(url, {"commune": "Valenciennes"}).content.decode()
    assert "03 27 99 88 77" in other_client.get(url, {"commune": "Valenciennes", "n": 1}).content.decode()
    assert "99 88 77" not in anonymous_client.get(url, {"commune": "Denain"}).content.decode()
    remote.name = "Écoute téléphonique renommée"
    remote.save()
    html = anonymous_client.get(url, {"commune": "Anzin"}).content.decode()
    assert "Écoute téléphonique renommée" in html and "99 88 77" not in html


def test_the_calendar_link_is_offered_only_when_there_are_dates(guide, anonymous_client):
    """Found walking the guide: a 24/7 shelter offered « Ajouter les dates à un agenda » for an empty feed."""
    shelter = anonymous_client.get(reverse("directory:service", args=[guide["shelter"].pk])).content.decode()
    permanence = anonymous_client.get(reverse("directory:service", args=[guide["permanence"].pk])).content.decode()
    assert "agenda.ics" not in shelter and "agenda.ics" in permanence
