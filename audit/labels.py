"""Readable French labels for the journal's entries: « Situation S-000467 », « Appartenance n° 12 », never the
technical « casework.Situation 467 ». Built from the model's own name and reference, without reading the object (an
entry outlives what it names, and reading a nominative record to label it would be a read to journal)."""

from django.apps import apps
from django.utils.text import capfirst
from django.utils.translation import gettext as _

# What a few details say, for the « Détail » column.
DETAIL_LABELS = {
    ("second_factor", "backup_code"): _("avec un code de secours"),
    ("second_factor", "totp"): _("avec l'application d'authentification"),
    ("second_factor", "totp_confirmed"): _("double authentification activée"),
    ("second_factor", "backup_codes_regenerated"): _("nouveaux codes de secours"),
    ("step", "password"): _("mot de passe"),
    ("step", "second_factor"): _("second facteur"),
    ("invitation", "accepted"): _("invitation acceptée"),
    ("invitation", "refused"): _("invitation refusée"),
}


def target_label(entry):
    if not entry.target_type:
        return ""
    try:
        model = apps.get_model(entry.target_type)
    except (LookupError, ValueError):
        return f"{entry.target_type} {entry.target_id}".strip()
    name = capfirst(str(model._meta.verbose_name))
    if not entry.target_id:
        return name
    reference_of = getattr(model, "reference_of", None)
    if callable(reference_of) and entry.target_id.isdigit():
        return f"{name} {reference_of(int(entry.target_id))}"
    return _("%(name)s n° %(id)s") % {"name": name, "id": entry.target_id}


def detail_label(entry):
    detail = entry.detail or {}
    return ", ".join(str(label) for (key, value), label in DETAIL_LABELS.items() if detail.get(key) == value)
