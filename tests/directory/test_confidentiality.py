"""A confidential address never appears in a public page, a public API answer, an export, a calendar or a PDF."""

import pytest

SECRET = "Secrète"


@pytest.fixture
def secret_service(guide):
    return guide["shelter"]


def _public_urls(service):
    return [
        "/guide/",
        "/guide/besoin/partir/",
        "/guide/recherche/?commune=Denain",
        "/guide/recherche/?commune=Denain&categorie=shelter&ouvert=on",
        "/guide/recherche/?texte=hebergement",
        f"/guide/service/{service.pk}/",
        f"/guide/service/{service.pk}/agenda.ics",
        "/guide/numeros/",
        "/api/annuaire/services?commune=Denain",
        "/api/annuaire/services?texte=urgence",
        f"/api/annuaire/services/{service.pk}",
        f"/api/annuaire/services/{service.pk}/agenda.ics",
        "/api/annuaire/export/data-inclusion/services",
        "/api/annuaire/export/hsds",
    ]


def test_confidential_address_never_leaves_through_public_channels(secret_service, anonymous_client):
    for url in _public_urls(secret_service):
        response = anonymous_client.get(url)
        assert response.status_code == 200, url
        assert SECRET not in response.content.decode(), url
        assert "50.33" not in response.content.decode(), url  # nor its coordinates


def test_confidential_phone_and_capacity_are_hidden_too(secret_service, anonymous_client, other_client):
    secret_service.confidential_fields = ["phone", "capacity"]
    secret_service.phone = "03 27 99 88 77"
    secret_service.save()
    for url in _public_urls(secret_service):
        body = anonymous_client.get(url).content.decode()
        assert "99 88 77" not in body and "+33327998877" not in body, url
    page = anonymous_client.get(f"/guide/service/{secret_service.pk}/").content.decode()
    assert "12 places" not in page
    professional = other_client.get(f"/guide/service/{secret_service.pk}/").content.decode()
    assert "03 27 99 88 77" in professional and "12 places" in professional
