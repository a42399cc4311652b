"""Opening hours: a subset of OpenStreetMap's `opening_hours` syntax, parsed, checked and evaluated in Europe/Paris time.

Pure module (no database): the guide's "open now", the next openings shown on a service page and the iCalendar feed
are all computed here, so that daylight-saving changes, French public holidays and "2nd and 4th Tuesday" permanences
are decided in one place, with tests at those edges.

Supported syntax (the one data·inclusion uses for `horaires_accueil`), rules separated by `;`:

- `24/7`: always open;
- `Mo-Fr 09:00-12:00,14:00-17:00`: days (Mo Tu We Th Fr Sa Su, ranges and lists) and time ranges;
- `Tu[2,4] 09:00-12:00`: the 2nd and 4th Tuesday of the month (`[-1]` the last one);
- `Fr 20:00-02:00`: a range that ends after midnight belongs to the day it starts;
- `PH off`, `PH 10:00-12:00`: French public holidays;
- `Sa off`: closed.

As in OpenStreetMap, a later rule replaces an earlier one for the days it selects (`Mo-Fr 09:00-17:00; We off`).
Without a `PH` rule, public holidays are ordinary days.

Dated exceptions (temporary closures, exceptional hours) are not part of the rule text: they are passed as
`Override` values, and on the days they cover they replace the rules.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

PARIS = ZoneInfo("Europe/Paris")
UTC = ZoneInfo("UTC")
DAYS = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]
DAY_LABELS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
ORDINALS = {1: "1er", 2: "2e", 3: "3e", 4: "4e", 5: "5e", -1: "dernier"}


class HoursSyntaxError(ValueError):
    """A rule the parser does not understand; the message is French and names the faulty part."""


@dataclass(frozen=True)
class TimeRange:
    start: int  # minutes since midnight
    end: int  # minutes since midnight; > start, may exceed 1440 when the range ends after midnight

    def label(self):
        return f"{_hhmm(self.start)}-{_hhmm(self.end % 1440 if self.end > 1440 else self.end)}"


@dataclass(frozen=True)
class Rule:
    weekdays: frozenset = frozenset()  # 0 = Monday
    nth: frozenset = frozenset()  # occurrences in the month (1..5, -1 = last); empty = every week
    holiday: bool = False  # the rule selects public holidays
    ranges: tuple = ()  # empty = closed ("off")
    always: bool = False  # 24/7

    def selects(self, day: date) -> bool:
        if self.always:
            return True
        if self.holiday:
            return is_public_holiday(day)
        if day.weekday() not in self.weekdays:
            return False
        if not self.nth:
            return True
        return nth_of_month(day) in self.nth or (-1 in self.nth and is_last_of_month(day))


@dataclass(frozen=True)
class Schedule:
    rules: tuple = ()
    text: str = ""

    @property
    def always_open(self):
        return any(rule.always for rule in self.rules) and self.rules[-1].always

    @property
    def empty(self):
        return not self.rules

    def ranges_on(self, day: date) -> tuple:
        """The ranges that start on `day` (minutes since that day's midnight), after the last rule selecting it."""
        chosen = None
        for rule in self.rules:
            if rule.selects(day):
                chosen = rule
        if chosen is None:
            return ()
        if chosen.always:
            return (TimeRange(0, 1440),)
        return chosen.ranges

    def describe(self) -> list[str]:
        """French lines for people: « du lundi au vendredi : 09:00-12:00, 14:00-17:00 »."""
        return [describe_rule(rule) for rule in self.rules]


@dataclass(frozen=True)
class Override:
    """A dated exception to the rules: a temporary closure (no ranges) or exceptional hours."""

    start: date
    end: date
    ranges: tuple = ()  # empty = closed on those days
    reason: str = ""

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end


@dataclass
class Occurrence:
    start: datetime
    end: datetime
    exceptional: bool = False
    notes: list = field(default_factory=list)


def _hhmm(minutes):
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def nth_of_month(day: date) -> int:
    return (day.day - 1) // 7 + 1


def is_last_of_month(day: date) -> bool:
    return (day + timedelta(days=7)).month != day.month


@lru_cache(maxsize=64)
def _holidays_of(year):
    return frozenset(holidays.France(years=year).keys())


def is_public_holiday(day: date) -> bool:
    return day in _holidays_of(day.year)


def public_holiday_name(day: date) -> str:
    return holidays.France(years=day.year, language="fr").get(day, "")


_TIME = r"(\d{1,2}):(\d{2})"
_RANGE_RE = re.compile(rf"^{_TIME}-{_TIME}$")
_DAYSEL_RE = re.compile(r"^(Mo|Tu|We|Th|Fr|Sa|Su)(?:-(Mo|Tu|We|Th|Fr|Sa|Su))?(?:\[(-?\d(?:,-?\d)*)\])?$")


def _parse_time(hours, minutes, *, allow_24=False):
    h, m = int(hours), int(minutes)
    if m > 59 or h > 24 or (h == 24 and (m or not allow_24)):
        raise HoursSyntaxError(f"heure impossible : {hours}:{minutes}")
    return h * 60 + m


def _parse_ranges(text, rule_text):
    ranges = []
    for part in text.split(","):
        part = part.strip()
        match = _RANGE_RE.match(part)
        if not match:
            raise HoursSyntaxError(f"« {rule_text} » : plage horaire illisible « {part} » (attendu par exemple 09:00-12:00)")
        start = _parse_time(match[1], match[2])
        end = _parse_time(match[3], match[4], allow_24=True)
        if end == start:
            raise HoursSyntaxError(f"« {rule_text} » : la plage « {part} » a une durée nulle")
        if end < start:
            end += 1440  # ends after midnight, belongs to the day it starts
        ranges.append(TimeRange(start, end))
    ranges.sort(key=lambda r: r.start)
    for first, second in itertools.pairwise(ranges):
        if second.start < first.end:
            raise HoursSyntaxError(f"« {rule_text} » : les plages {first.label()} et {second.label()} se chevauchent")
    return tuple(ranges)


def _parse_selector(text, rule_text):
    if text == "PH":
        return {"holiday": True}
    weekdays, nth = set(), set()
    for part in re.split(r",(?![^\[]*\])", text):
        match = _DAYSEL_RE.match(part.strip())
        if not match:
            raise HoursSyntaxError(f"« {rule_text} » : jours illisibles « {part.strip()} » (attendu par exemple Mo-Fr, Tu[2,4], PH)")
        first = DAYS.index(match[1])
        last = DAYS.index(match[2]) if match[2] else first
        if last < first:
            raise HoursSyntaxError(f"« {rule_text} » : intervalle de jours à l'envers « {part.strip()} »")
        weekdays.update(range(first, last + 1))
        if match[3]:
            for value in match[3].split(","):
                number = int(value)
                if number not in ORDINALS:
                    raise HoursSyntaxError(f"« {rule_text} » : rang dans le mois impossible « {number} » (1 à 5, ou -1 pour le dernier)")
                nth.add(number)
    return {"weekdays": frozenset(weekdays), "nth": frozenset(nth)}


@lru_cache(maxsize=4096)
def parse(text: str) -> Schedule:
    """Parse an `opening_hours` text; raises HoursSyntaxError with a French message naming the faulty rule."""
    text = (text or "").strip()
    rules = []
    for raw in text.split(";"):
        rule_text = raw.strip()
        if not rule_text:
            continue
        if rule_text == "24/7":
            rules.append(Rule(always=True))
            continue
        selector, _, rest = rule_text.partition(" ")
        rest = rest.strip()
        if not rest:
            raise HoursSyntaxError(f"« {rule_text} » : il manque les heures ou « off » après les jours")
        parsed = _parse_selector(selector, rule_text)
        ranges = () if rest in ("off", "closed") else _parse_ranges(rest, rule_text)
        rules.append(Rule(ranges=ranges, **parsed))
    return Schedule(rules=tuple(rules), text=text)


def validate(text: str) -> str:
    """The normalised text of a valid rule set, or HoursSyntaxError."""
    parse(text)
    return "; ".join(part.strip() for part in (text or "").split(";") if part.strip())


def _to_utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("an aware datetime is required")
    return moment.astimezone(UTC)


def _wall(day: date, minutes: int) -> datetime:
    """The aware instant of a wall-clock time in Paris; 24:00 and beyond roll over to the next days.

    A wall time that does not exist (02:30 on the last Sunday of March) is read with the offset before the gap, as
    RFC 5545 says (so 03:30 CEST);
    one that exists twice (02:30 on the last Sunday of October) as its first occurrence."""
    extra_days, minutes = divmod(minutes, 1440)
    local = datetime.combine(day + timedelta(days=extra_days), time(minutes // 60, minutes % 60), tzinfo=PARIS)
    # Returned in UTC: aware datetimes sharing one tzinfo compare by wall time, which is wrong in the repeated hour.
    return local.astimezone(UTC)


def day_ranges(schedule: Schedule, day: date, exceptions=()) -> tuple[tuple, bool]:
    """(ranges starting on `day`, exceptional?) after applying dated exceptions."""
    for exception in exceptions:
        if exception.covers(day):
            return exception.ranges, True
    return schedule.ranges_on(day), False


def is_open(schedule: Schedule, moment: datetime, exceptions=()) -> bool:
    """Whether the service is open at `moment` (any aware datetime), judged on the Paris wall clock."""
    instant = _to_utc(moment)
    today = instant.astimezone(PARIS).date()
    # Ranges from yesterday may run past midnight into today.
    for day in (today - timedelta(days=1), today):
        ranges, _ = day_ranges(schedule, day, exceptions)
        for time_range in ranges:
            if _wall(day, time_range.start) <= instant < _wall(day, time_range.end):
                return True
    return False


def occurrences(schedule: Schedule, start: date, days: int, exceptions=()) -> list[Occurrence]:
    """Every opening from `start` for `days` days, as aware UTC datetimes (for the next openings and iCalendar)."""
    found = []
    for offset in range(days):
        day = start + timedelta(days=offset)
        ranges, exceptional = day_ranges(schedule, day, exceptions)
        for time_range in ranges:
            found.append(Occurrence(_wall(day, time_range.start), _wall(day, time_range.end), exceptional=exceptional))
    return found


def next_opening(schedule: Schedule, moment: datetime, exceptions=(), horizon_days=62):
    """The next opening at or after `moment` (None if none within the horizon); the current one if open now."""
    instant = _to_utc(moment)
    start = instant.astimezone(PARIS).date() - timedelta(days=1)
    for offset in range(horizon_days + 1):  # day by day: most services open within a day or two
        for occurrence in occurrences(schedule, start + timedelta(days=offset), 1, exceptions):
            if occurrence.end > instant:
                return occurrence
    return None


def describe_rule(rule: Rule) -> str:
    if rule.always:
        return "24 h/24, 7 j/7"
    if rule.holiday:
        days = "jours fériés"
    else:
        days = _describe_days(sorted(rule.weekdays))
        if rule.nth:
            ordinals = " et ".join(ORDINALS[n] for n in sorted(rule.nth, key=lambda n: (n < 0, n)))
            days = f"{ordinals} {days} du mois"
    hours = ", ".join(f"{_hhmm(r.start)}-{_hhmm(r.end % 1440 if r.end > 1440 else r.end)}" for r in rule.ranges) if rule.ranges else "fermé"
    return f"{days} : {hours}"


def _describe_days(weekdays):
    if not weekdays:
        return ""
    runs, run = [], [weekdays[0]]
    for day in weekdays[1:]:
        if day == run[-1] + 1:
            run.append(day)
        else:
            runs.append(run)
            run = [day]
    runs.append(run)
    parts = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"du {DAY_LABELS[run[0]]} au {DAY_LABELS[run[-1]]}")
        else:
            parts.extend(DAY_LABELS[d] for d in run)
    return ", ".join(parts)
