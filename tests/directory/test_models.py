"""Model rules: phone numbers, hours validation, confidential fields, staleness, weekly mask, per-place hours."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from directory.models import Helpline, HelplineKind, Place, Service, display_phone, normalise_phone, week_mask
from tests.directory.factories import PlaceFactory, ServiceFactory


@pytest.mark.parametrize(
    ("raw", "stored", "shown"),
    [
        ("03 27 62 99 00", "+33327629900", "03 27 62 99 00"),
        ("06.52.13.65.77", "+33652136577", "06 52 13 65 77"),
        ("+33 3 27 62 99 00", "+33327629900", "03 27 62 99 00"),
        ("3919", "3919", "3919"),
        ("17", "17", "17"),
        ("114", "114", "114"),
    ],
)
def test_phone_numbers_are_stored_in_e164_and_shown_in_french_format(raw, stored, shown):
    assert normalise_phone(raw) == stored
    assert display_phone(stored) == shown


@pytest.mark.parametrize("raw", ["0800 300 30", "12345678901234", "abc", "03 27"])
def test_invalid_phone_numbers_are_refused(raw):
    with pytest.raises(ValueError):
        normalise_phone(raw)


def test_helpline_links(db):
    sms = Helpline.objects.create(name="Urgence SMS", number="114", kind=HelplineKind.SMS, description="x")
    voice = Helpline.objects.create(name="MJD", number="03 27 62 99 00", description="x")
    assert sms.href == "sms:114"
    assert voice.href == "tel:+33327629900"
    assert voice.display_number == "03 27 62 99 00"


def test_malformed_hours_are_refused_at_validation(territory):
    service = ServiceFactory.build(organisation=ServiceFactory().organisation, hours="Lundi 9h-12h")
    with pytest.raises(ValidationError) as error:
        service.full_clean()
    assert "hours" in error.value.message_dict
    assert "jours illisibles" in error.value.message_dict["hours"][0]


def test_unknown_audience_and_confidential_field_are_refused(db):
    service = ServiceFactory()
    service.audiences = ["martians"]
    service.confidential_fields = ["shoe_size"]
    with pytest.raises(ValidationError) as error:
        service.full_clean()
    assert set(error.value.message_dict) >= {"audiences", "confidential_fields"}


def test_available_places_cannot_exceed_capacity(db):
    service = ServiceFactory(capacity=4, available_places=6)
    with pytest.raises(ValidationError) as error:
        service.full_clean()
    assert "available_places" in error.value.message_dict


def test_stale_after_six_months(db):
    today = timezone.localdate()
    fresh = ServiceFactory(last_verified_at=today - timedelta(days=30))
    old = ServiceFactory(last_verified_at=today - timedelta(days=200))
    never = ServiceFactory(last_verified_at=None)
    assert not fresh.is_stale()
    assert old.is_stale() and never.is_stale()
    assert set(Service.objects.stale()) == {old, never}


def test_confidential_address_measures_distance_from_the_commune_centre(territory):
    place = PlaceFactory(latitude=50.1, longitude=3.2, confidential_fields=["address"])
    assert (place.search_latitude, place.search_longitude) == (place.commune.latitude, place.commune.longitude)
    public = PlaceFactory(latitude=50.1, longitude=3.2)
    assert (public.search_latitude, public.search_longitude) == (50.1, 3.2)


def test_week_mask_marks_every_hour_that_may_be_open():
    mask = week_mask("Mo 09:00-10:30; Su 23:00-01:00")
    assert mask[9] == mask[10] == "1" and mask[8] == mask[11] == "0"
    assert mask[6 * 24 + 23] == "1" and mask[0] == "1"  # Sunday night runs into Monday
    assert week_mask("24/7") == "1" * 168
    assert week_mask("Tu[2] 09:00-12:00")[24 + 9] == "1"


def test_per_place_hours_override_the_service_hours(territory):
    place = PlaceFactory()
    service = ServiceFactory(hours="Mo-Fr 09:00-17:00", at=[(place, "Tu[2,4] 09:00-12:00")])
    location = service.locations.get()
    assert location.effective_hours == "Tu[2,4] 09:00-12:00"
    assert location.week_mask[24 + 9] == "1" and location.week_mask[9] == "0"
    assert isinstance(location.place, Place)


def test_search_copies_follow_the_service_and_the_place(territory):
    place = PlaceFactory(latitude=50.2, longitude=3.3)
    service = ServiceFactory(hours="Mo 09:00-10:00", categories=["legal"], at=[place])
    location = service.locations.get()
    assert location.published and location.latitude == 50.2
    service.is_published = False
    service.hours = "Tu 09:00-10:00"
    service.save()
    service.set_categories(["shelter", "health"])
    place.latitude = 50.25
    place.save()
    location.refresh_from_db()
    assert not location.published
    assert location.week_mask[24 + 9] == "1" and location.week_mask[9] == "0"
    assert location.category_bits == service.category_bits != 0
    assert location.latitude == 50.25


def test_vocabulary_labels_are_text_in_the_active_language_and_unknown_codes_stay_as_they_are():
    from django.utils import translation

    from directory.taxonomy import Category, translated_labels

    with translation.override("fr"):
        assert translated_labels(Category, ["shelter", "legal", "retired-code"]) == [
            "Mise à l'abri, hébergement d'urgence",
            "Information juridique et accès aux droits",
            "retired-code",
        ]
        assert all(type(label) is str for label in translated_labels(Category, ["shelter"]))
