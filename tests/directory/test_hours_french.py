"""Issue 11, point 8: opening hours entered the French way (a grid of days and slots, « 2e et 4e mardi », closed on
public holidays, or a line in French), stored as OpenStreetMap `opening_hours` text as before."""

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from directory import hours, hours_fr
from directory.models import ChangeRequest, Closure
from tests.directory.factories import PlaceFactory, ServiceFactory
from tests.directory.test_pro_pages import _service_post


@pytest.mark.parametrize(
    ("french", "osm"),
    [
        ("lundi au vendredi 9h-19h", "Mo-Fr 09:00-19:00"),  # what the admin typed, refused before
        ("du lundi au vendredi de 9h à 12h et de 14h à 17h", "Mo-Fr 09:00-12:00,14:00-17:00"),
        ("2e et 4e mardi 9h-12h", "Tu[2,4] 09:00-12:00"),
        ("dernier vendredi du mois 14h-16h", "Fr[-1] 14:00-16:00"),
        ("lun-ven 8h30-12h30, 13h30-17h30 ; fermé les jours fériés", "Mo-Fr 08:30-12:30,13:30-17:30; PH off"),
        ("du lundi au vendredi 9h-17h fermé les jours fériés", "Mo-Fr 09:00-17:00; PH off"),
        ("lundi 9h-12h et mercredi 14h-17h", "Mo 09:00-12:00; We 14:00-17:00"),
        ("en semaine 9h-18h ; week-end 10h-12h", "Mo-Fr 09:00-18:00; Sa,Su 10:00-12:00"),
        ("24h/24", "24/7"),
        ("samedi de 20h à 2h", "Sa 20:00-02:00"),
        ("Lundi au Vendredi : 09:00 - 12:00", "Mo-Fr 09:00-12:00"),
        ("Mo-Fr 09:00-12:00; PH off", "Mo-Fr 09:00-12:00; PH off"),  # OSM still accepted as it is
    ],
)
def test_french_hours_become_opening_hours(french, osm):
    assert hours_fr.parse_french(french) == osm


@pytest.mark.parametrize(
    ("french", "message"),
    [
        ("lundi", "il manque les heures"),
        ("9h-12h", "précisez les jours"),
        ("lundi 9h", "plage horaire incomplète"),
        ("lundi 25h-26h", "heure impossible"),
        ("bonjour 9h-12h", "mot non compris : « bonjour »"),
        ("vendredi au lundi 9h-12h", "jours à l'envers"),
        ("lundi au vendredi sauf mercredi 9h-12h", "mercredi fermé"),
    ],
)
def test_unreadable_french_hours_get_a_french_message_quoting_the_part(french, message):
    with pytest.raises(hours_fr.FrenchHoursError, match=message):
        hours_fr.parse_french(french)


# --- property: the grid, the French lines and the stored text say the same thing -----------------------------------

slot = st.tuples(st.integers(0, 47), st.integers(1, 8)).map(lambda t: (t[0] * 30, min(t[0] * 30 + t[1] * 30, 1440)))
row = st.builds(
    hours_fr.Row,
    days=st.sets(st.integers(0, 6), min_size=1).map(sorted),
    weeks=st.sets(st.sampled_from([1, 2, 3, 4, 5, -1]), max_size=3).map(lambda w: sorted(w, key=lambda n: (n < 0, n))),
    slots=st.lists(slot, min_size=1, max_size=2, unique_by=lambda s: s[0]),
)


def _valid(rows):
    try:
        return hours_fr.from_rows(rows, holidays_closed=True)
    except hours_fr.FrenchHoursError:
        return None


@settings(max_examples=200, deadline=None)
@given(rows=st.lists(row, min_size=1, max_size=3), holidays=st.booleans())
def test_grid_french_and_opening_hours_round_trip(rows, holidays):
    try:
        text = hours_fr.from_rows(rows, holidays_closed=holidays)
    except hours_fr.FrenchHoursError:
        return  # overlapping rows or slots: refused with a message, never stored
    schedule = hours.parse(text)  # always valid OSM
    # Shown in French, read back to the same rules.
    assert hours_fr.parse_french(hours_fr.to_french(text)) == text
    # Shown in the grid, sent back unchanged: the same text.
    decomposed = hours_fr.to_rows(text)
    assert decomposed is not None
    back_rows, back_holidays, always = decomposed
    assert not always and back_holidays == (holidays and bool(schedule.rules))
    assert hours_fr.from_rows(back_rows, holidays_closed=back_holidays) == text


# --- the service form -----------------------------------------------------------------------------------------------


def _grid(**rows):
    """POST data of the hours grid: rows={0: (days, weeks, [(from, to), ...])}."""
    data = {"hours-rows": "3", "hours-text": ""}
    for index, (days, weeks, slots) in rows.items():
        r = index.removeprefix("r")
        for day in days:
            data[f"hours-{r}-d{day}"] = "on"
        for week in weeks:
            data[f"hours-{r}-w{week}"] = "on"
        for s, (start, end) in enumerate(slots):
            data[f"hours-{r}-s{s}-from"] = start
            data[f"hours-{r}-s{s}-to"] = end
    return data


def _post(**overrides):
    data = _service_post(**overrides)
    data.pop("hours", None)
    return data


def test_service_form_takes_hours_from_the_grid(territory, member, member_client):
    data = _post(**_grid(r0=([0, 1, 2, 3, 4], [], [("09:00", "12:00"), ("14:00", "17:00")]), r1=([5], [2, 4], [("9h", "12h")])))
    data["hours-holidays"] = "on"
    response = member_client.post(reverse("directory:pro_service_new"), data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    change = ChangeRequest.objects.get()
    assert change.payload["hours"] == "Mo-Fr 09:00-12:00,14:00-17:00; Sa[2,4] 09:00-12:00; PH off"


def test_service_form_takes_hours_written_in_french(territory, member, member_client):
    data = _post(**{"hours-rows": "3", "hours-text": "du lundi au vendredi de 9h à 19h ; 2e et 4e mardi 9h-12h", "hours-holidays": "on"})
    assert member_client.post(reverse("directory:pro_service_new"), data).status_code == 302
    assert ChangeRequest.objects.get().payload["hours"] == "Mo-Fr 09:00-19:00; Tu[2,4] 09:00-12:00; PH off"


def test_service_form_errors_name_the_hours_and_keep_what_was_typed(territory, member, member_client):
    data = _post(**_grid(r0=([], [], [("09:00", "12:00")])))
    html = member_client.post(reverse("directory:pro_service_new"), data).content.decode()
    assert "Horaires : ligne 1 : cochez au moins un jour" in html
    assert 'value="09:00"' in html  # what she typed is still there
    data = _post(**{**_grid(r0=([0], [], [("09:00", "12:00")])), "hours-text": "mardi 9h-12h"})
    assert "remplissez soit la grille, soit le texte" in member_client.post(reverse("directory:pro_service_new"), data).content.decode()
    data = _post(**_grid(r0=([0], [], [("9h", "")])))
    assert "Horaires : heure illisible" in member_client.post(reverse("directory:pro_service_new"), data).content.decode()
    assert not ChangeRequest.objects.exists()


def test_editing_shows_the_stored_hours_in_the_grid_or_in_french(territory, member, member_client):
    service = ServiceFactory(organisation=member.organisation, hours="Mo-Fr 09:00-12:00,14:00-17:00; PH off")
    html = member_client.get(reverse("directory:pro_service_edit", args=[service.pk])).content.decode()
    for day in range(5):
        assert f'name="hours-0-d{day}" value="on" checked' in html
    assert 'name="hours-0-d5" value="on">' in html
    assert 'name="hours-0-s0-from" value="09:00"' in html and 'name="hours-0-s1-to" value="17:00"' in html
    assert 'name="hours-holidays" value="on" checked' in html
    # A Wednesday closed by a later rule does not fit the grid: shown in French in the text box instead.
    service.hours = "Mo-Fr 09:00-17:00; We off"
    service.save()
    html = member_client.get(reverse("directory:pro_service_edit", args=[service.pk])).content.decode()
    assert 'value="du lundi au vendredi : 09:00-17:00 ; mercredi : fermé"' in html
    # Sent back untouched, the same hours are proposed.
    data = _post(**{"hours-rows": "3", "hours-text": "du lundi au vendredi : 09:00-17:00 ; mercredi : fermé"})
    member_client.post(reverse("directory:pro_service_edit", args=[service.pk]), data)
    assert ChangeRequest.objects.get().payload["hours"] == "Mo-Fr 09:00-17:00; We off"


def test_place_hours_and_closures_in_french(territory, member, member_client):
    place = PlaceFactory(organisation=member.organisation)
    data = _post(**{"hours-rows": "3", "hours-text": "lundi 9h-12h", "lieux-0-place": place.pk, "lieux-0-hours": "2e et 4e mardi 9h-12h"})
    assert member_client.post(reverse("directory:pro_service_new"), data).status_code == 302
    assert ChangeRequest.objects.get().payload["locations"][0]["hours"] == "Tu[2,4] 09:00-12:00"
    service = ServiceFactory(organisation=member.organisation)
    closure = {"start_date": "2030-01-01", "end_date": "2030-01-02", "hours": "10h-12h et 14h-16h", "reason": "inventaire"}
    assert member_client.post(reverse("directory:pro_closures", args=[service.pk]), closure).status_code == 302
    assert Closure.objects.get().hours == "10:00-12:00,14:00-16:00"
