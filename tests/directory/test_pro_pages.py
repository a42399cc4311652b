"""Professionals: each organisation maintains its services; the coordinator reviews before publication and sees stale entries."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from audit.models import Entry
from directory.models import ChangeRequest, Closure, Service
from tests.accounts.factories import MembershipFactory
from tests.conftest import verified_client
from tests.directory.factories import PlaceFactory, ServiceFactory


@pytest.fixture
def coordinator(db):
    return MembershipFactory(role=Role.COORDINATOR, user__email="coordination@exemple.test")


@pytest.fixture
def coordinator_client(coordinator):
    return verified_client(coordinator.user, coordinator)


def _service_post(**overrides):
    data = {
        "name": "Groupe de parole fictif",
        "summary": "Un groupe de parole.",
        "description": "Chaque semaine.",
        "categories": ["listening"],
        "audiences": ["women"],
        "fee": "free",
        "access_modes": ["appointment"],
        "languages": ["fr"],
        "phone": "03 27 11 22 33",
        "hours": "Th 18:00-20:00; PH off",
        "lieux-TOTAL_FORMS": "2",
        "lieux-INITIAL_FORMS": "0",
        "lieux-MIN_NUM_FORMS": "0",
        "lieux-MAX_NUM_FORMS": "20",
    }
    data.update(overrides)
    return data


def test_anonymous_is_sent_to_login(anonymous_client, db):
    response = anonymous_client.get(reverse("directory:pro_home"))
    assert response.status_code == 302 and "/comptes/" in response["Location"]


def test_member_lists_only_her_organisation_services(territory, member, member_client, other_member):
    ServiceFactory(organisation=member.organisation, name="Service d'Alice")
    ServiceFactory(organisation=other_member.organisation, name="Service de Bob")
    html = member_client.get(reverse("directory:pro_home")).content.decode()
    assert "Service d&#x27;Alice" in html and "Service de Bob" not in html


def test_new_service_waits_for_review_then_is_published(territory, member, member_client, coordinator_client, anonymous_client):
    place = PlaceFactory(organisation=member.organisation)
    response = member_client.post(
        reverse("directory:pro_service_new"), _service_post(**{"lieux-0-place": place.pk, "lieux-0-hours": "Tu[2] 14:00-16:00"})
    )
    assert response.status_code == 302
    service = Service.objects.get(name="Groupe de parole fictif")
    assert not service.is_published
    assert anonymous_client.get(reverse("directory:service", args=[service.pk])).status_code == 404
    change = ChangeRequest.objects.get(service=service)
    queue = coordinator_client.get(reverse("directory:review_queue")).content.decode()
    assert "Groupe de parole fictif" in queue
    detail = coordinator_client.get(reverse("directory:review_detail", args=[change.pk])).content.decode()
    assert "Tu[2] 14:00-16:00" in detail
    response = coordinator_client.post(reverse("directory:review_detail", args=[change.pk]), {"decision": "approve", "comment": ""})
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.is_published and service.phone == "+33327112233"
    assert service.locations.get().hours == "Tu[2] 14:00-16:00"
    assert anonymous_client.get(reverse("directory:service", args=[service.pk])).status_code == 200
    assert Entry.objects.filter(target_id=str(service.pk)).count() >= 2


def test_edit_of_a_published_service_stays_private_until_approved(territory, member, member_client, coordinator_client, anonymous_client):
    service = ServiceFactory(organisation=member.organisation, name="Nom publié")
    member_client.post(reverse("directory:pro_service_edit", args=[service.pk]), _service_post(name="Nom proposé"))
    url = reverse("directory:service", args=[service.pk])
    assert "Nom publié" in anonymous_client.get(url).content.decode()
    change = ChangeRequest.objects.pending().get(service=service)
    coordinator_client.post(
        reverse("directory:review_detail", args=[change.pk]), {"decision": "reject", "comment": "Précisez les horaires."}
    )
    assert "Nom publié" in anonymous_client.get(url).content.decode()
    member_client.post(reverse("directory:pro_service_edit", args=[service.pk]), _service_post(name="Nom proposé"))
    change = ChangeRequest.objects.pending().get(service=service)
    coordinator_client.post(reverse("directory:review_detail", args=[change.pk]), {"decision": "approve"})
    assert "Nom proposé" in anonymous_client.get(url).content.decode()


def test_malformed_hours_are_refused_at_the_form_naming_the_field(territory, member, member_client):
    response = member_client.post(reverse("directory:pro_service_new"), _service_post(hours="lundi 25h-26h"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Horaires : heure impossible" in html
    assert not Service.objects.filter(name="Groupe de parole fictif").exists()


def test_malformed_place_hours_are_refused(territory, member, member_client):
    place = PlaceFactory(organisation=member.organisation)
    response = member_client.post(
        reverse("directory:pro_service_new"), _service_post(**{"lieux-0-place": place.pk, "lieux-0-hours": "Tu[9] 09:00-12:00"})
    )
    assert response.status_code == 200 and "rang dans le mois" in response.content.decode()
    assert not Service.objects.exists()


def test_another_organisation_cannot_edit_or_use_my_places(territory, member, other_client, other_member):
    service = ServiceFactory(organisation=member.organisation)
    assert other_client.get(reverse("directory:pro_service_edit", args=[service.pk])).status_code == 404
    assert other_client.post(reverse("directory:pro_service_edit", args=[service.pk]), _service_post()).status_code == 404
    place = PlaceFactory(organisation=member.organisation)
    response = other_client.post(reverse("directory:pro_service_new"), _service_post(**{"lieux-0-place": place.pk}))
    assert response.status_code == 200  # the place is not among the choices: refused at the form
    assert not ChangeRequest.objects.exists()


def test_practitioner_cannot_review(territory, member, member_client):
    service = ServiceFactory(organisation=member.organisation)
    change = ChangeRequest.objects.create(service=service, payload={"name": "x"}, submitted_by=member)
    assert member_client.get(reverse("directory:review_queue")).status_code == 404
    assert member_client.post(reverse("directory:review_detail", args=[change.pk]), {"decision": "approve"}).status_code == 404
    change.refresh_from_db()
    assert change.status == "pending"


def test_coordinator_sees_stale_entries(territory, coordinator_client):
    ServiceFactory(name="Fiche ancienne", last_verified_at=timezone.localdate() - timedelta(days=400))
    ServiceFactory(name="Fiche récente")
    html = coordinator_client.get(reverse("directory:stale")).content.decode()
    assert "Fiche ancienne" in html and "Fiche récente" not in html


def test_stale_warning_on_the_public_page(territory, anonymous_client):
    service = ServiceFactory(last_verified_at=timezone.localdate() - timedelta(days=200))
    assert "plus de six mois" in anonymous_client.get(reverse("directory:service", args=[service.pk])).content.decode()


def test_mark_verified_and_closures(territory, member, member_client, anonymous_client):
    service = ServiceFactory(organisation=member.organisation, last_verified_at=timezone.localdate() - timedelta(days=400))
    member_client.post(reverse("directory:pro_service_verify", args=[service.pk]))
    service.refresh_from_db()
    assert service.last_verified_at == timezone.localdate()
    today = timezone.localdate()
    response = member_client.post(
        reverse("directory:pro_closures", args=[service.pk]),
        {"start_date": today + timedelta(days=3), "end_date": today + timedelta(days=1), "reason": "travaux"},
    )
    assert "précède" in response.content.decode()
    member_client.post(
        reverse("directory:pro_closures", args=[service.pk]),
        {"start_date": today, "end_date": today + timedelta(days=5), "reason": "travaux"},
    )
    assert Closure.objects.filter(service=service).count() == 1
    assert "travaux" in anonymous_client.get(reverse("directory:service", args=[service.pk])).content.decode()


def test_place_form_and_confidential_address(territory, member, member_client):
    response = member_client.post(
        reverse("directory:pro_place_new"),
        {
            "name": "Refuge fictif",
            "address": "3 allée Cachée",
            "postal_code": "59300",
            "commune": "59606",
            "accessibility": "unknown",
            "confidential_fields": ["address"],
        },
    )
    assert response.status_code == 302
    place = member.organisation.places.get()
    assert place.is_confidential("address")
    response = member_client.post(reverse("directory:pro_place_new"), {"name": "Sans commune", "accessibility": "unknown"})
    assert "Commune : " in response.content.decode()


@pytest.mark.parametrize("phone", ["abc", "0327", "+99 1", "03 27 00 00 00 00 00"])
def test_invalid_phone_is_a_form_error_naming_the_field_not_a_server_error(territory, member, member_client, phone):
    """Issue 11, point 21: the phone parser's ValueError escaped clean_phone (a 500), on a new service and an edit."""
    service = ServiceFactory(organisation=member.organisation, name="Nom publié")
    for url in (reverse("directory:pro_service_new"), reverse("directory:pro_service_edit", args=[service.pk])):
        response = member_client.post(url, _service_post(phone=phone))
        assert response.status_code == 200, url
        assert "Téléphone : Numéro de téléphone invalide" in response.content.decode()
    assert not ChangeRequest.objects.exists()
