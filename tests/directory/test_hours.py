"""Opening hours in Europe/Paris: daylight-saving changes, public holidays, nth-weekday permanences, exceptions."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from directory import hours

UTC = ZoneInfo("UTC")
PARIS = ZoneInfo("Europe/Paris")


def utc(*args):
    return datetime(*args, tzinfo=UTC)


def paris(*args, fold=0):
    return datetime(*args, tzinfo=PARIS, fold=fold)


def test_weekday_hours_in_winter_and_summer_follow_the_paris_clock():
    schedule = hours.parse("Mo-Fr 08:00-09:00")
    # 07:30 UTC is 08:30 in winter (UTC+1) and 09:30 in summer (UTC+2).
    assert hours.is_open(schedule, utc(2025, 1, 15, 7, 30))
    assert not hours.is_open(schedule, utc(2025, 7, 16, 7, 30))
    assert hours.is_open(schedule, utc(2025, 7, 16, 6, 30))


def test_spring_forward_last_sunday_of_march():
    schedule = hours.parse("Su 01:00-04:00")
    # 30 March 2025: 02:00 becomes 03:00. The range lasts two real hours: 00:00-02:00 UTC.
    assert hours.is_open(schedule, utc(2025, 3, 30, 0, 30))  # 01:30 CET
    assert hours.is_open(schedule, utc(2025, 3, 30, 1, 30))  # 03:30 CEST
    assert not hours.is_open(schedule, utc(2025, 3, 30, 2, 0))  # 04:00 CEST
    occurrence = hours.occurrences(schedule, date(2025, 3, 30), 1)[0]
    assert (occurrence.end - occurrence.start).total_seconds() == 2 * 3600


def test_a_range_starting_in_the_skipped_hour_is_read_with_the_offset_before_the_gap():
    schedule = hours.parse("Su 02:30-05:00")
    occurrence = hours.occurrences(schedule, date(2025, 3, 30), 1)[0]
    assert occurrence.start == utc(2025, 3, 30, 1, 30)  # 02:30 CET does not exist: 03:30 CEST (RFC 5545)
    assert not hours.is_open(schedule, utc(2025, 3, 30, 1, 15))
    assert hours.is_open(schedule, utc(2025, 3, 30, 1, 45))


def test_fall_back_last_sunday_of_october_counts_the_repeated_hour():
    schedule = hours.parse("Su 01:00-04:00")
    # 26 October 2025: 03:00 CEST becomes 02:00 CET; 01:00-04:00 lasts four real hours (23:00-03:00 UTC).
    assert hours.is_open(schedule, utc(2025, 10, 25, 23, 30))
    assert hours.is_open(schedule, paris(2025, 10, 26, 2, 30, fold=0))  # first 02:30 (CEST)
    assert hours.is_open(schedule, paris(2025, 10, 26, 2, 30, fold=1))  # second 02:30 (CET)
    assert hours.is_open(schedule, utc(2025, 10, 26, 2, 59))
    assert not hours.is_open(schedule, utc(2025, 10, 26, 3, 0))  # 04:00 CET
    occurrence = hours.occurrences(schedule, date(2025, 10, 26), 1)[0]
    assert (occurrence.end - occurrence.start).total_seconds() == 4 * 3600


def test_overnight_line_across_the_october_change():
    schedule = hours.parse("Sa 20:00-08:00")
    assert hours.is_open(schedule, utc(2025, 10, 25, 18, 30))  # Saturday 20:30 CEST
    assert hours.is_open(schedule, utc(2025, 10, 26, 6, 30))  # Sunday 07:30 CET
    assert not hours.is_open(schedule, utc(2025, 10, 26, 7, 30))  # Sunday 08:30 CET
    assert not hours.is_open(schedule, utc(2025, 10, 26, 10, 0))


def test_public_holidays_closed_with_ph_off():
    schedule = hours.parse("Mo-Fr 09:00-17:00; PH off")
    assert not hours.is_open(schedule, paris(2025, 7, 14, 10, 0))  # Fête nationale, a Monday
    assert hours.is_open(schedule, paris(2025, 7, 15, 10, 0))
    assert not hours.is_open(schedule, paris(2025, 6, 9, 10, 0))  # Lundi de Pentecôte
    assert not hours.is_open(schedule, paris(2025, 11, 11, 10, 0))  # Armistice, a Tuesday


def test_public_holidays_are_ordinary_days_without_a_ph_rule_and_can_have_their_own_hours():
    assert hours.is_open(hours.parse("Mo-Fr 09:00-17:00"), paris(2025, 7, 14, 10, 0))
    schedule = hours.parse("Mo-Fr 09:00-17:00; PH 10:00-12:00")
    assert hours.is_open(schedule, paris(2025, 12, 25, 11, 0))
    assert not hours.is_open(schedule, paris(2025, 12, 25, 14, 0))
    assert hours.is_open(schedule, paris(2025, 12, 26, 14, 0))


def test_second_and_fourth_tuesday_permanence():
    schedule = hours.parse("Tu[2,4] 09:00-12:00")
    # April 2025: Tuesdays are the 1st, 8th, 15th, 22nd and 29th.
    assert not hours.is_open(schedule, paris(2025, 4, 1, 10, 0))
    assert hours.is_open(schedule, paris(2025, 4, 8, 10, 0))
    assert not hours.is_open(schedule, paris(2025, 4, 15, 10, 0))
    assert hours.is_open(schedule, paris(2025, 4, 22, 10, 0))
    assert not hours.is_open(schedule, paris(2025, 4, 29, 10, 0))
    assert not hours.is_open(schedule, paris(2025, 4, 8, 12, 0))  # the end is exclusive
    assert not hours.is_open(schedule, paris(2025, 4, 9, 10, 0))  # a Wednesday


def test_second_tuesday_across_a_daylight_saving_month():
    schedule = hours.parse("Tu[2] 09:00-12:00")
    # 11 March 2025 (winter) and 8 April 2025 (summer): 09:30 Paris is 08:30 UTC, then 07:30 UTC.
    assert hours.is_open(schedule, utc(2025, 3, 11, 8, 30))
    assert hours.is_open(schedule, utc(2025, 4, 8, 7, 30))
    assert not hours.is_open(schedule, utc(2025, 4, 8, 6, 30))


def test_last_friday_of_the_month():
    schedule = hours.parse("Fr[-1] 14:00-16:00")
    assert hours.is_open(schedule, paris(2025, 10, 31, 15, 0))
    assert not hours.is_open(schedule, paris(2025, 10, 24, 15, 0))


def test_second_tuesday_permanence_on_a_public_holiday_is_closed():
    # 11 November 2025 is the second Tuesday of November and Armistice day.
    schedule = hours.parse("Tu[2] 09:00-12:00; PH off")
    assert not hours.is_open(schedule, paris(2025, 11, 11, 10, 0))
    assert hours.next_opening(schedule, paris(2025, 11, 11, 10, 0)).start == paris(2025, 12, 9, 9, 0)


def test_always_open_and_later_rules_override_earlier_ones():
    assert hours.is_open(hours.parse("24/7"), paris(2025, 12, 25, 3, 0))
    schedule = hours.parse("Mo-Fr 09:00-12:00,14:00-17:00; We off")
    assert hours.is_open(schedule, paris(2025, 4, 7, 9, 0))
    assert not hours.is_open(schedule, paris(2025, 4, 7, 13, 0))
    assert hours.is_open(schedule, paris(2025, 4, 7, 16, 59))
    assert not hours.is_open(schedule, paris(2025, 4, 9, 10, 0))


def test_closures_and_exceptional_hours_replace_the_rules():
    schedule = hours.parse("Mo-Fr 09:00-17:00")
    closure = hours.Override(date(2025, 8, 4), date(2025, 8, 15))
    assert not hours.is_open(schedule, paris(2025, 8, 5, 10, 0), [closure])
    assert hours.is_open(schedule, paris(2025, 8, 18, 10, 0), [closure])
    saturday = hours.Override(date(2025, 3, 8), date(2025, 3, 8), hours.parse("Mo-Su 10:00-12:00").rules[0].ranges)
    assert hours.is_open(schedule, paris(2025, 3, 8, 11, 0), [saturday])
    assert not hours.is_open(schedule, paris(2025, 3, 8, 11, 0))


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError):
        hours.is_open(hours.parse("24/7"), datetime(2025, 1, 1, 12, 0))


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("Lu-Ve 09:00-12:00", "jours illisibles"),
        ("Mo-Fr 9h-12h", "plage horaire illisible"),
        ("Mo-Fr 25:00-26:00", "heure impossible"),
        ("Mo-Fr 09:00-12:00,11:00-13:00", "se chevauchent"),
        ("Tu[7] 09:00-12:00", "rang dans le mois"),
        ("Mo-Fr", "il manque les heures"),
        ("Fr-Mo 09:00-10:00", "à l'envers"),
        ("Mo 10:00-10:00", "durée nulle"),
    ],
)
def test_malformed_rules_are_refused_with_a_french_message(text, fragment):
    with pytest.raises(hours.HoursSyntaxError, match=fragment):
        hours.parse(text)


def test_descriptions_in_french():
    lines = hours.parse("Mo-Fr 09:00-12:00; Tu[2,4] 14:00-17:00; PH off").describe()
    assert lines == ["du lundi au vendredi : 09:00-12:00", "2e et 4e mardi du mois : 14:00-17:00", "jours fériés : fermé"]
