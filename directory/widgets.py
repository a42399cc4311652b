"""The French way to enter opening hours: a grid of rows (days, weeks of the month, two time slots), « closed on
public holidays », « open 24 h/24 », or the same hours written in French in one box. Stored as OpenStreetMap
`opening_hours` text underneath (directory.hours_fr turns one into the other). Works without JavaScript."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from directory import hours as hours_module
from directory import hours_fr

DAY_LABELS = [_("lundi"), _("mardi"), _("mercredi"), _("jeudi"), _("vendredi"), _("samedi"), _("dimanche")]
DAY_SHORT = [_("lun."), _("mar."), _("mer."), _("jeu."), _("ven."), _("sam."), _("dim.")]
WEEK_CHOICES = [("1", _("1re")), ("2", _("2e")), ("3", _("3e")), ("4", _("4e")), ("5", _("5e")), ("-1", _("dernière"))]
SLOTS = 2
MIN_ROWS = 2
MAX_ROWS = 12
_TIME = re.compile(r"^\s*(\d{1,2})\s*(?:[:h]\s*(\d{2})?)?\s*$", re.IGNORECASE)


def _minutes(value):
    """« 09:00 », « 9h », « 9h30 », « 9 » -> minutes; None when empty; ValueError when unreadable."""
    value = (value or "").strip()
    if not value:
        return None
    match = _TIME.match(value)
    if not match:
        raise ValueError(value)
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if hour > 24 or minute > 59 or (hour == 24 and minute):
        raise ValueError(value)
    return hour * 60 + minute


def _hhmm(minutes):
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


class HoursWidget(forms.Widget):
    template_name = "directory/widgets/hours.html"

    def value_from_datadict(self, data, files, name):
        try:
            count = min(max(int(data.get(f"{name}-rows", MIN_ROWS)), 0), MAX_ROWS)
        except (TypeError, ValueError):
            count = MIN_ROWS
        rows = []
        for r in range(count):
            rows.append(
                {
                    "days": [d for d in range(7) if data.get(f"{name}-{r}-d{d}")],
                    "weeks": [w for w, _label in WEEK_CHOICES if data.get(f"{name}-{r}-w{w}")],
                    "slots": [(data.get(f"{name}-{r}-s{s}-from", ""), data.get(f"{name}-{r}-s{s}-to", "")) for s in range(SLOTS)],
                }
            )
        return {
            "rows": rows,
            # A client that posts the field as one text (the OSM or French line) is read as the French box.
            "text": data.get(f"{name}-text", data.get(name, "")),
            "always": bool(data.get(f"{name}-always")),
            "holidays": bool(data.get(f"{name}-holidays")),
        }

    def value_omitted_from_data(self, data, files, name):
        return f"{name}-rows" not in data and f"{name}-text" not in data and name not in data

    def format_value(self, value):
        """The raw grid for a stored text (rows filled, or the French text when the grid cannot hold it)."""
        if isinstance(value, dict):
            return value  # posted back with an error: shown as typed
        text = (value or "").strip()
        empty = {"rows": [], "text": "", "always": False, "holidays": bool(not text)}
        if not text:
            return empty
        try:
            decomposed = hours_fr.to_rows(text)
        except hours_module.HoursSyntaxError:
            return {**empty, "text": text, "holidays": False}
        if decomposed is None:
            return {**empty, "text": hours_fr.to_french(text), "holidays": False}
        rows, holidays, always = decomposed
        return {
            "rows": [
                {
                    "days": row.days,
                    "weeks": [str(w) for w in row.weeks],
                    "slots": [(_hhmm(start), _hhmm(end)) for start, end in row.slots],
                }
                for row in rows
            ],
            "text": "",
            "always": always,
            "holidays": holidays,
        }

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        raw = context["widget"]["value"] if isinstance(context["widget"]["value"], dict) else self.format_value(value)
        rows = list(raw["rows"])
        # One empty row more than are filled (at least two in all), so that a person adds a line without script; the
        # page sent back with an error, or saved, offers the next one.
        filled = [row for row in rows if row["days"] or row["weeks"] or any(a or b for a, b in row["slots"])]
        rows = filled + [{"days": [], "weeks": [], "slots": []}] * max(MIN_ROWS - len(filled), 1)
        rows = rows[:MAX_ROWS]
        base = attrs.get("id", name) if attrs else name
        context["widget"].update(
            {
                "base_id": base,
                "rows": [
                    {
                        "index": r,
                        "number": r + 1,
                        "days": [
                            {"value": d, "label": DAY_LABELS[d], "short": DAY_SHORT[d], "checked": d in row["days"]} for d in range(7)
                        ],
                        "weeks": [{"value": w, "label": label, "checked": w in row["weeks"]} for w, label in WEEK_CHOICES],
                        "has_weeks": bool(row["weeks"]),
                        "slots": [
                            {
                                "index": s,
                                "number": s + 1,
                                "from": row["slots"][s][0] if s < len(row["slots"]) else "",
                                "to": row["slots"][s][1] if s < len(row["slots"]) else "",
                            }
                            for s in range(SLOTS)
                        ],
                    }
                    for r, row in enumerate(rows)
                ],
                "count": len(rows),
                "text": raw["text"],
                "always": raw["always"],
                "holidays": raw["holidays"],
            }
        )
        return context

    def id_for_label(self, id_):
        return f"{id_}-text" if id_ else id_


class HoursField(forms.Field):
    """Cleans the grid, or the French text, into an `opening_hours` text (empty when nothing is entered)."""

    widget = HoursWidget
    default_error_messages = {"both": _("remplissez soit la grille, soit le texte en toutes lettres, pas les deux.")}

    def to_python(self, value):
        if not isinstance(value, dict):
            return hours_fr.parse_french(value or "") if value else ""
        try:
            grid = self._rows(value["rows"])
        except ValueError as exc:
            raise forms.ValidationError(_("heure illisible : « %(v)s » (par exemple 09:00 ou 9h30).") % {"v": exc}) from exc
        text = (value.get("text") or "").strip()
        uses_grid = value["always"] or any(row.days or row.weeks or row.slots for row in grid)
        try:
            if uses_grid and text:
                raise forms.ValidationError(self.error_messages["both"], code="both")
            if uses_grid:
                return hours_fr.from_rows(grid, holidays_closed=value["holidays"], always=value["always"])
            if text:
                result = hours_fr.parse_french(text)
                if value["holidays"] and result and "PH" not in hours_module.parse(result).text:
                    result = f"{result}; PH off"
                return result
        except hours_fr.FrenchHoursError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return ""

    @staticmethod
    def _rows(raw_rows):
        grid = []
        for raw in raw_rows:
            slots = []
            for start, end in raw["slots"]:
                start_m, end_m = _minutes(start), _minutes(end)
                if start_m is None and end_m is None:
                    continue
                if start_m is None or end_m is None:
                    raise ValueError(start or end)
                slots.append((0 if start_m == 1440 else start_m, end_m))
            grid.append(hours_fr.Row(days=list(raw["days"]), weeks=[int(w) for w in raw["weeks"]], slots=slots))
        return grid

    def validate(self, value):
        super().validate(value)
        if value:
            try:
                hours_module.parse(value)
            except hours_module.HoursSyntaxError as exc:
                raise forms.ValidationError(str(exc)) from exc


class FrenchHoursTextField(forms.CharField):
    """One line of hours, in French (« 2e et 4e mardi 9h-12h ») or in OSM syntax, stored as OSM."""

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return ""
        try:
            return hours_fr.parse_french(value)
        except hours_fr.FrenchHoursError as exc:
            raise forms.ValidationError(str(exc)) from exc
