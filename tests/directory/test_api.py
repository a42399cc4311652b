"""JSON API: public endpoints answer like the public pages (nothing confidential), tokens give professionals more."""

import json

from accounts.models import ApiToken
from directory.models import Service


def test_public_search_by_postal_code_and_category(guide, anonymous_client):
    response = anonymous_client.get("/api/annuaire/services", {"commune": "59220", "categorie": "shelter"})
    assert response.status_code == 200
    body = response.json()
    assert body["commune"]["name"] == "Denain"
    assert [s["name"] for s in body["local"]] == ["Hébergement d'urgence fictif"]


def test_unknown_commune_gives_suggestions(guide, anonymous_client):
    body = anonymous_client.get("/api/annuaire/services", {"commune": "Onaing-les-Bains"}).json()
    assert body["commune"] is None and "Onnaing" in {c["name"] for c in body["suggestions"]}


def test_bad_parameter_is_a_422_naming_the_field(guide, anonymous_client):
    response = anonymous_client.get("/api/annuaire/services", {"categorie": "inconnue"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "categorie"


def test_public_detail_of_an_unpublished_service_is_404(guide, anonymous_client):
    Service.objects.filter(pk=guide["day_centre"].pk).update(is_published=False)
    assert anonymous_client.get(f"/api/annuaire/services/{guide['day_centre'].pk}").status_code == 404


def test_helplines_with_e164_and_links(guide, anonymous_client):
    lines = anonymous_client.get("/api/annuaire/numeros").json()
    mjd = next(line for line in lines if line["number"] == "+33327629900")
    assert mjd["display_number"] == "03 27 62 99 00" and mjd["href"] == "tel:+33327629900"


def test_professional_endpoint_needs_a_token_and_shows_the_confidential_address(guide, anonymous_client, other_member):
    url = f"/api/annuaire/pro/services/{guide['shelter'].pk}"
    assert anonymous_client.get(url).status_code == 401
    _token, key = ApiToken.issue(other_member, "test")
    body = anonymous_client.get(url, headers={"Authorization": f"Bearer {key}"}).json()
    assert body["locations"][0]["place"]["address"] == "7 impasse Secrète"


def test_import_endpoint_all_or_nothing(territory, member, anonymous_client):
    _token, key = ApiToken.issue(member, "import")
    bad = json.dumps(
        {
            "source": "x",
            "id": "x",
            "structure_id": "x",
            "nom": "Permanence fictive",
            "description": "Une permanence.",
            "date_maj": "pas une date",
        }
    )
    response = anonymous_client.post(
        "/api/annuaire/pro/import/data-inclusion", bad, content_type="application/json", headers={"Authorization": f"Bearer {key}"}
    )
    assert response.status_code == 422
    assert response.json()["errors"][0] == {"line": 1, "field": "date_maj", "message": response.json()["errors"][0]["message"]}
    assert not Service.objects.exists()


def test_ical_feed_of_a_permanence(guide, anonymous_client):
    response = anonymous_client.get(f"/guide/service/{guide['permanence'].pk}/agenda.ics")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert "BEGIN:VEVENT" in body and "Saint-Amand-les-Eaux" in body
    from icalendar import Calendar

    events = list(Calendar.from_ical(response.content).walk("VEVENT"))
    assert events
    for event in events:
        start = event.decoded("dtstart")
        assert start.weekday() == 1 and (start.day - 1) // 7 + 1 in (2, 4)
    assert not response.cookies
