import datetime

import pytest
from django.utils import timezone

from audit.models import Action, Entry
from casework.models import Event
from tests.casework.factories import EventFactory, HousingPlaceFactory, SituationFactory

pytestmark = pytest.mark.django_db


def test_htmx_add_returns_the_timeline_fragment(member_client, situation):
    response = member_client.post(
        f"/suivi/{situation.pk}/evenements/",
        {"kind": "complaint", "date": "2026-03-02", "notes": "Plainte au commissariat"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith('<section id="timeline"')
    assert "<html" not in html
    assert "Plainte" in html and "02/03/2026" in html
    event = Event.objects.get()
    assert event.organisation == situation.organisation
    assert Entry.objects.filter(action=Action.CREATE, target_type="casework.Event", target_id=str(event.pk)).exists()


def test_end_before_start_is_refused_naming_the_field(member_client, situation):
    response = member_client.post(
        f"/suivi/{situation.pk}/evenements/",
        {"kind": "protection_order", "date": "2026-03-10", "end_date": "2026-03-01"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 422
    assert "Date de fin : La date de fin ne peut pas précéder la date de début." in response.content.decode()
    assert not Event.objects.exists()


def test_full_housing_place_is_refused(member_client, organisation, situation):
    place = HousingPlaceFactory(capacity=1)
    today = timezone.localdate()
    EventFactory(
        situation=SituationFactory(organisation=organisation),
        kind="housing",
        housing_place=place,
        date=today,
        end_date=today + datetime.timedelta(days=10),
    )
    response = member_client.post(
        f"/suivi/{situation.pk}/evenements/",
        {
            "kind": "housing",
            "date": today.isoformat(),
            "end_date": (today + datetime.timedelta(days=7)).isoformat(),
            "housing_place": place.pk,
        },
    )
    assert "Ce lieu est complet à cette date" in response.content.decode()
    assert Event.objects.filter(situation=situation).count() == 0


def test_other_organisation_cannot_add_an_event(other_client, situation):
    assert other_client.post(f"/suivi/{situation.pk}/evenements/", {"kind": "complaint", "date": "2026-03-02"}).status_code == 404
    assert not Event.objects.exists()
