"""Opening hours as people write them in French, to and from the OpenStreetMap `opening_hours` text the guide stores.

« du lundi au vendredi de 9h à 12h et de 14h à 17h ; 2e et 4e mardi 9h-12h ; fermé les jours fériés » becomes
`Mo-Fr 09:00-12:00,14:00-17:00; Tu[2,4] 09:00-12:00; PH off`. The French lines the guide shows (`hours.describe`)
read back to the same rules, so a stored value can always be shown and edited in French. Rows (days, weeks of the
month, time slots) are the structured form of the same rules, for the service form's grid.

Pure module (no database), like `directory.hours`, which checks every text it produces."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from directory import hours as hours_module

DAYS = hours_module.DAYS
DAY_WORDS = {
    "lundi": 0,
    "lun": 0,
    "lu": 0,
    "mardi": 1,
    "mar": 1,
    "ma": 1,
    "mercredi": 2,
    "mer": 2,
    "me": 2,
    "jeudi": 3,
    "jeu": 3,
    "je": 3,
    "vendredi": 4,
    "ven": 4,
    "ve": 4,
    "samedi": 5,
    "sam": 5,
    "sa": 5,
    "dimanche": 6,
    "dim": 6,
    "di": 6,
}
# The OSM abbreviations too, so that a stored text typed in the French box still reads.
DAY_WORDS.update({code.lower(): index for index, code in enumerate(DAYS)})
ORDINAL_WORDS = {
    "1er": 1,
    "1ere": 1,
    "1re": 1,
    "premier": 1,
    "premiere": 1,
    "2e": 2,
    "2eme": 2,
    "2nd": 2,
    "2nde": 2,
    "deuxieme": 2,
    "second": 2,
    "seconde": 2,
    "3e": 3,
    "3eme": 3,
    "troisieme": 3,
    "4e": 4,
    "4eme": 4,
    "quatrieme": 4,
    "5e": 5,
    "5eme": 5,
    "cinquieme": 5,
    "dernier": -1,
    "derniere": -1,
}
# Words that carry nothing here: « du lundi au vendredi », « de 9h à 12h », « le mardi », « du mois »...
FILLERS = {"du", "de", "d", "des", "le", "la", "les", "l", "chaque", "mois", "tous", "toutes", "sur", "ouvert", "ouverte", "jour", "jours"}
SEPARATORS = re.compile(r"[;\n\r]+|\.\s")


class FrenchHoursError(ValueError):
    """Hours the reader could not understand; the message is French and quotes the faulty part."""


@dataclass
class Row:
    """One line of the service form's grid: days, weeks of the month (empty: every week), time slots."""

    days: list = field(default_factory=list)  # 0 = Monday
    weeks: list = field(default_factory=list)  # 1..5, -1 = last
    slots: list = field(default_factory=list)  # [(start minutes, end minutes)]


# --- words to rules ------------------------------------------------------------------------------------------------


def _normalise(text):
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = text.replace("–", "-").replace("—", "-").replace("’", "'")
    return text


_TOKEN = re.compile(
    r"(?P<always>24\s*h?\s*/\s*24(?:\s*,?\s*7\s*j?\s*/\s*7)?|24\s*h\s*sur\s*24|jour\s+et\s+nuit)"
    r"|(?P<everyday>7\s*j(?:ours)?\s*(?:/|sur)\s*7|tous\s+les\s+jours)"
    r"|(?P<holiday>jours?\s+feries?|feries?|ph)\b"
    r"|(?P<weekdays>en\s+semaine|jours\s+ouvres)"
    r"|(?P<weekend>week-?\s?ends?)"
    r"|(?P<time>(?P<h>\d{1,2})\s*(?:h|:)\s*(?P<m>\d{2})?|midi|minuit)"
    r"|(?P<ordinal>(?:1ere|1er|1re|2nde|2nd|[2-5]eme|[2-5]e)\b)"
    r"|(?P<ranks>\[(?P<rank_list>-?\d(?:\s*,\s*-?\d)*)\])"
    r"|(?P<off>fermee?s?|off|closed|sauf)\b"
    r"|(?P<to>-|\ba\b|\bau\b|\bjusqu'a\b)"
    r"|(?P<and>,|\bet\b|\+|/)"
    r"|(?P<word>[a-z]+'?)"
    r"|(?P<space>\s+|:)"
    r"|(?P<other>.)"
)


def _tokens(segment):
    tokens = []
    for match in _TOKEN.finditer(segment):
        kind = match.lastgroup
        if kind in ("h", "m", "rank_list"):
            kind = next(k for k in ("time", "ranks") if match.group(k))
        text = match.group(0)
        if kind == "space":
            continue
        if kind == "time":
            if text == "midi":
                value = 12 * 60
            elif text == "minuit":
                value = 24 * 60
            else:
                hour, minute = int(match.group("h")), int(match.group("m") or 0)
                if hour > 24 or minute > 59 or (hour == 24 and minute):
                    raise FrenchHoursError(f"heure impossible : « {text.strip()} »")
                value = hour * 60 + minute
            tokens.append(("time", value, text))
        elif kind == "ranks":
            tokens.append(("ranks", [int(v) for v in match.group("rank_list").split(",")], text))
        elif kind == "word":
            word = text.rstrip("'")
            if word in DAY_WORDS:
                tokens.append(("day", DAY_WORDS[word], text))
            elif word in ORDINAL_WORDS:
                tokens.append(("ordinal", ORDINAL_WORDS[word], text))
            elif word in FILLERS:
                continue
            else:
                raise FrenchHoursError(f"mot non compris : « {text} » (attendu : des jours, des heures, « fermé »)")
        elif kind == "ordinal":
            tokens.append(("ordinal", ORDINAL_WORDS[text], text))
        elif kind == "other":
            raise FrenchHoursError(f"caractère non compris : « {text} »")
        else:
            tokens.append((kind, None, text))
    return tokens


@dataclass
class _Rule:
    days: set = field(default_factory=set)
    weeks: set = field(default_factory=set)
    holiday: bool = False
    ranges: list = field(default_factory=list)
    off: bool = False
    always: bool = False

    def empty(self):
        return not (self.days or self.holiday or self.ranges or self.off or self.always or self.weeks)


def _segment_rules(segment, original):
    """The rules of one segment (« du lundi au vendredi 9h-12h et mercredi 14h-17h » holds two)."""
    tokens = _tokens(segment)
    rules, rule = [], _Rule()
    pending_weeks = set()
    i = 0

    def flush():
        nonlocal rule
        if rule.empty():
            return
        if not (rule.ranges or rule.off or rule.always):
            raise FrenchHoursError(f"« {original} » : il manque les heures, ou « fermé »")
        if not (rule.days or rule.holiday) and not rule.always:
            raise FrenchHoursError(f"« {original} » : précisez les jours (par exemple « du lundi au vendredi »)")
        rules.append(rule)
        rule = _Rule()

    def complete():
        return bool(rule.days or rule.holiday or rule.always) and bool(rule.ranges or rule.off or rule.always)

    while i < len(tokens):
        kind, value, text = tokens[i]
        following = tokens[i + 1] if i + 1 < len(tokens) else (None, None, "")
        # A new rule starts with new days, or with « fermé » after hours (« 9h-17h, fermé les jours fériés »).
        starts = kind in ("day", "ordinal", "everyday", "weekdays", "weekend", "holiday", "always") or (kind == "off" and rule.ranges)
        if starts and complete():
            flush()
        if kind == "ordinal":
            pending_weeks.add(value)
        elif kind == "ranks":
            rule.weeks.update(value)
        elif kind == "day":
            if following[0] == "to" and i + 2 < len(tokens) and tokens[i + 2][0] == "day":
                last = tokens[i + 2][1]
                if last < value:
                    raise FrenchHoursError(f"« {original} » : jours à l'envers (« {text} » puis « {tokens[i + 2][2]} »)")
                rule.days.update(range(value, last + 1))
                i += 2
            else:
                rule.days.add(value)
            if pending_weeks:
                rule.weeks.update(pending_weeks)
                pending_weeks = set()
            if i + 1 < len(tokens) and tokens[i + 1][0] == "ranks":
                rule.weeks.update(tokens[i + 1][1])
                i += 1
        elif kind == "everyday":
            rule.days.update(range(7))
        elif kind == "weekdays":
            rule.days.update(range(5))
        elif kind == "weekend":
            rule.days.update((5, 6))
        elif kind == "holiday":
            rule.holiday = True
        elif kind == "always":
            if rule.days or rule.holiday:
                rule.ranges.append((0, 24 * 60))
            else:
                rule.always = True
        elif kind == "off":
            if text.startswith("sauf"):
                raise FrenchHoursError(f"« {original} » : écrivez plutôt les jours fermés, par exemple « mercredi fermé »")
            rule.off = True
        elif kind == "time":
            if following[0] != "to" or i + 2 >= len(tokens) or tokens[i + 2][0] != "time":
                raise FrenchHoursError(f"« {original} » : plage horaire incomplète après « {text.strip()} » (par exemple 9h-12h)")
            start, end = value, tokens[i + 2][1]
            if start == 24 * 60:
                start = 0  # « de minuit à 6h »
            if end == start:
                raise FrenchHoursError(f"« {original} » : la plage « {text.strip()}-{tokens[i + 2][2].strip()} » a une durée nulle")
            rule.ranges.append((start, end))
            i += 2
        # "to" and "and" alone join what is around them.
        i += 1
    if pending_weeks:
        raise FrenchHoursError(f"« {original} » : précisez le jour après « {', '.join(sorted(map(str, pending_weeks)))} »")
    flush()
    return rules


def _hhmm(minutes):
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _days_text(days, weeks):
    days = sorted(days)
    runs, run = [], [days[0]]
    for day in days[1:]:
        if day == run[-1] + 1:
            run.append(day)
        else:
            runs.append(run)
            run = [day]
    runs.append(run)
    rank = f"[{','.join(str(w) for w in sorted(weeks, key=lambda w: (w < 0, w)))}]" if weeks else ""
    parts = []
    for run in runs:
        if len(run) >= 3 and not weeks:
            parts.append(f"{DAYS[run[0]]}-{DAYS[run[-1]]}")
        else:
            parts.extend(f"{DAYS[day]}{rank}" for day in run)
    return ",".join(parts)


def _rule_text(rule):
    if rule.always:
        return "24/7"
    selector = "PH" if rule.holiday and not rule.days else _days_text(rule.days, rule.weeks)
    if rule.off:
        return f"{selector} off"
    ranges = ",".join(f"{_hhmm(start)}-{_hhmm(end % 1440 if end > 1440 else end)}" for start, end in sorted(rule.ranges))
    return f"{selector} {ranges}"


def parse_french(text):
    """The `opening_hours` text for hours written in French (or already in OSM syntax); FrenchHoursError otherwise.

    Segments are separated by « ; » or line breaks. A segment may hold several rules: « lundi 9h-12h et mercredi
    14h-17h ». « fermé les jours fériés », « 24h/24 », « tous les jours », « en semaine », « 2e et 4e mardi »,
    « dernier vendredi » are understood."""
    text = (text or "").strip()
    if not text:
        return ""
    try:
        return hours_module.validate(text)  # already in OSM syntax
    except hours_module.HoursSyntaxError:
        pass
    rules = []
    for original in SEPARATORS.split(text):
        original = original.strip(" .,")
        if not original:
            continue
        segment = _normalise(original)
        # « fermé les jours fériés » and « jours fériés : fermé » in any order.
        rules.extend(_segment_rules(segment, original))
    if not rules:
        return ""
    # Public holidays last, as OSM reads rules in order (a later rule replaces an earlier one for its days).
    ordered = [r for r in rules if not (r.holiday and not r.days)] + [r for r in rules if r.holiday and not r.days]
    result = "; ".join(_rule_text(rule) for rule in ordered)
    try:
        return hours_module.validate(result)
    except hours_module.HoursSyntaxError as exc:
        raise FrenchHoursError(str(exc)) from exc


def to_french(text):
    """The French lines of a stored `opening_hours` text, joined by « ; » (reads back through parse_french)."""
    schedule = hours_module.parse(text)
    return " ; ".join(schedule.describe())


# --- rules to rows, rows to rules ----------------------------------------------------------------------------------


def to_rows(text):
    """(rows, closed on public holidays, open 24/7) for a stored text, or None when the grid cannot hold it (a
    weekday closed by a later rule, special hours on public holidays): the French text box shows it instead."""
    schedule = hours_module.parse(text)
    rows, holidays_closed, always = [], False, False
    for index, rule in enumerate(schedule.rules):
        if rule.always:
            if len(schedule.rules) > 1 and not all(r.holiday and not r.ranges for r in schedule.rules[index + 1 :]):
                return None
            always = True
        elif rule.holiday:
            if rule.ranges or index != len(schedule.rules) - 1:
                return None
            holidays_closed = True
        elif not rule.ranges:
            return None  # « We off » after a wider rule
        else:
            rows.append(Row(days=sorted(rule.weekdays), weeks=sorted(rule.nth, key=lambda w: (w < 0, w)), slots=list(_slots(rule))))
    # A later row replaces an earlier one for its days: the grid shows rows side by side, so none may overlap.
    if _overlap(rows):
        return None
    return rows, holidays_closed, always


def _slots(rule):
    for time_range in rule.ranges:
        yield (time_range.start, time_range.end if time_range.end <= 1440 else time_range.end - 1440)


def _overlap(rows):
    seen = {}
    for row in rows:
        for day in row.days:
            weeks = frozenset(row.weeks) or frozenset({0})
            for other in seen.get(day, []):
                if not weeks.isdisjoint(other) or 0 in weeks or 0 in other:
                    return True
            seen.setdefault(day, []).append(weeks)
    return False


def _clash(rows):
    """(line, line, weekday) of the first two lines that select the same day in a same week, or None."""
    for i, first in enumerate(rows, start=1):
        for j, second in enumerate(rows[i:], start=i + 1):
            for day in sorted(set(first.days) & set(second.days)):
                a, b = set(first.weeks) or {0}, set(second.weeks) or {0}
                if 0 in a or 0 in b or a & b:
                    return i, j, day
    return None


def from_rows(rows, *, holidays_closed=False, always=False):
    """The `opening_hours` text of the grid's rows; FrenchHoursError naming the row when one cannot be read."""
    if always:
        return "24/7; PH off" if holidays_closed else "24/7"
    parts = []
    for number, row in enumerate(rows, start=1):
        if not row.days and not row.slots and not row.weeks:
            continue
        if not row.days:
            raise FrenchHoursError(f"ligne {number} : cochez au moins un jour")
        if not row.slots:
            raise FrenchHoursError(f"ligne {number} : indiquez au moins une plage horaire (par exemple de 09:00 à 12:00)")
        for start, end in row.slots:
            if start == end:
                raise FrenchHoursError(f"ligne {number} : la plage {_hhmm(start)}-{_hhmm(end)} a une durée nulle")
        rule = _Rule(days=set(row.days), weeks=set(row.weeks), ranges=list(row.slots))
        parts.append(_rule_text(rule))
    clash = _clash(rows)
    if clash:
        first, second, day = clash
        raise FrenchHoursError(
            f"les lignes {first} et {second} indiquent toutes deux le {hours_module.DAY_LABELS[day]} : "
            "regroupez ses plages sur une seule ligne, ou décochez-le sur l'une d'elles"
        )
    if holidays_closed and parts:
        parts.append("PH off")
    text = "; ".join(parts)
    try:
        return hours_module.validate(text)
    except hours_module.HoursSyntaxError as exc:
        raise FrenchHoursError(str(exc)) from exc
