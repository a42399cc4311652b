import datetime
import json

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import ApiToken
from audit.models import Action, Entry
from casework.forms import EventForm
from casework.models import MEASURE_KINDS, Event, EventKind
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
    assert f"Lieu d&#x27;hébergement : Lieu complet le {today:%d/%m/%Y}" in response.content.decode()
    assert Event.objects.filter(situation=situation).count() == 0


def test_other_organisation_cannot_add_an_event(other_client, situation):
    assert other_client.post(f"/suivi/{situation.pk}/evenements/", {"kind": "complaint", "date": "2026-03-02"}).status_code == 404
    assert not Event.objects.exists()


def _day(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def _stay(place, organisation, first, last):
    return EventFactory(
        situation=SituationFactory(organisation=organisation), kind="housing", housing_place=place, date=_day(first), end_date=_day(last)
    )


def _api(membership):
    _token, key = ApiToken.issue(membership, "test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def test_a_stay_is_refused_if_any_of_its_days_is_full(member_client, organisation, situation):
    # Two places. Day +7 is full (two stays); days +2 to +4 and +6, +8 have one: three stays overlap the new one, but
    # never more than two on the same day.
    place = HousingPlaceFactory(capacity=2, max_days=15)
    _stay(place, organisation, 2, 4)
    _stay(place, organisation, 6, 8)
    _stay(place, organisation, 7, 7)

    def post(first, last):
        return member_client.post(
            f"/suivi/{situation.pk}/evenements/",
            {"kind": "housing", "date": _day(first).isoformat(), "end_date": _day(last).isoformat(), "housing_place": place.pk},
            HTTP_HX_REQUEST="true",
        )

    # Free on its first day (the old check), full on day +7.
    response = post(0, 9)
    assert response.status_code == 422
    assert f"Lieu d&#x27;hébergement : Lieu complet le {_day(7):%d/%m/%Y}" in response.content.decode()
    assert not Event.objects.filter(situation=situation).exists()
    # Stopping the day before: three overlapping stays, never two on one day; accepted.
    assert post(0, 6).status_code == 200
    assert Event.objects.filter(situation=situation, housing_place=place).count() == 1


def test_the_brief_example_capacity_one(member_client, organisation, situation):
    place = HousingPlaceFactory(capacity=1, max_days=15)
    _stay(place, organisation, 5, 10)
    response = member_client.post(
        f"/suivi/{situation.pk}/evenements/",
        {"kind": "housing", "date": _day(0).isoformat(), "end_date": _day(8).isoformat(), "housing_place": place.pk},
    )
    assert f"Lieu complet le {_day(5):%d/%m/%Y}" in response.content.decode()
    assert place.stays.count() == 1
    # A stay that ends the day before the other one starts fits.
    member_client.post(
        f"/suivi/{situation.pk}/evenements/",
        {"kind": "housing", "date": _day(0).isoformat(), "end_date": _day(4).isoformat(), "housing_place": place.pk},
    )
    assert place.stays.count() == 2


def test_the_whole_stay_is_checked_in_one_query(organisation, django_assert_num_queries):
    place = HousingPlaceFactory(capacity=2, max_days=15)
    _stay(place, organisation, 3, 9)
    _stay(place, organisation, 9, 12)
    with django_assert_num_queries(1):
        assert place.first_full_day(_day(0), _day(15)) == _day(9)
    with django_assert_num_queries(1):
        assert place.first_full_day(_day(0), _day(8)) is None


def test_an_edited_stay_does_not_count_against_itself(organisation, situation):
    place = HousingPlaceFactory(capacity=1, max_days=15)
    stay = _stay(place, organisation, 0, 10)
    people = list(stay.situation.people.all())
    form = EventForm(
        {"kind": "housing", "date": _day(0).isoformat(), "end_date": _day(5).isoformat(), "housing_place": place.pk},
        instance=stay,
        situation=stay.situation,
        people=people,
    )
    assert form.is_valid(), form.errors


def test_an_overbooked_stay_is_refused_by_the_api_naming_the_place(member, organisation, situation):
    place = HousingPlaceFactory(capacity=1, max_days=15)
    _stay(place, organisation, 5, 10)
    response = _api(member).post(
        f"/api/suivi/situations/{situation.pk}/evenements",
        data=json.dumps({"kind": "housing", "date": _day(0).isoformat(), "end_date": _day(8).isoformat(), "housing_place": place.pk}),
        content_type="application/json",
    )
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert [e["field"] for e in errors] == ["housing_place"]
    assert errors[0]["message"].startswith(f"Lieu complet le {_day(5):%d/%m/%Y}")
    assert place.stays.count() == 1


def test_a_protection_order_without_end_date_is_refused_naming_the_field(member_client, situation):
    response = member_client.post(
        f"/suivi/{situation.pk}/evenements/", {"kind": "protection_order", "date": _day(-2).isoformat()}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 422
    assert "Date de fin : Obligatoire pour une mesure (Ordonnance de protection)" in response.content.decode()
    assert not Event.objects.exists()
    # With its end date it is recorded, and shows as expiring when the end comes near.
    member_client.post(
        f"/suivi/{situation.pk}/evenements/",
        {"kind": "protection_order", "date": _day(-2).isoformat(), "end_date": _day(10).isoformat()},
        HTTP_HX_REQUEST="true",
    )
    assert Event.objects.expiring(days=15).filter(situation=situation).count() == 1


@pytest.mark.parametrize("kind", sorted(MEASURE_KINDS))
def test_every_measure_needs_an_end_date_through_the_api(member, situation, kind):
    response = _api(member).post(
        f"/api/suivi/situations/{situation.pk}/evenements",
        data=json.dumps({"kind": kind, "date": _day(-1).isoformat(), "end_date": None}),
        content_type="application/json",
    )
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert [e["field"] for e in errors] == ["end_date"]
    assert errors[0]["message"].startswith(f"Obligatoire pour une mesure ({EventKind(kind).label})")
    assert not Event.objects.exists()


def test_two_stays_validated_at_the_same_moment_cannot_both_take_the_last_place(member, situation):
    """Both forms counted a free place before either saved: the action locks the place, counts again and refuses the
    second with its reason; one stay is recorded."""
    from casework import actions

    place = HousingPlaceFactory(capacity=1, max_days=15)
    today = timezone.localdate()
    data = {"kind": "housing", "date": today, "end_date": today + datetime.timedelta(days=10), "housing_place": place.pk}
    first, second = (EventForm(data, situation=situation, people=list(situation.people.all())) for _ in range(2))
    assert first.is_valid() and second.is_valid()
    actions.add_event(membership=member, situation=situation, data=first.cleaned_data)
    with pytest.raises(actions.Conflict) as refused:
        actions.add_event(membership=member, situation=situation, data=second.cleaned_data)
    assert refused.value.field == "housing_place" and "Lieu complet le" in str(refused.value)
    assert Event.objects.filter(housing_place=place).count() == 1
