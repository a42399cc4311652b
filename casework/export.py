"""Right of access: everything held on one person, as JSON and as a readable PDF (WeasyPrint).

A person's export holds only what is about that person: her identity and contacts, the events recorded about her, her
referrals and consents, her enrolments, and (for the person the file accompanies) the household's commune and notes.
Not the events about other members of the household, not the commune where the victim lives in the perpetrator's
export, not the names of the other organisations that recorded something about him, and not the free text that the
victim's organisation wrote about the household in his referrals (GDPR article 15(4): the right of access does not
extend to what would harm the rights of others)."""

import datetime

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from casework.models import Event, PersonRole, Side

PARTNER = "Organisation partenaire"


def person_data(person, situation_access):
    """The export as Python values (dates are dates): JSON writes them ISO, the PDF in French."""
    situation = person.situation
    # The person the file accompanies: the victim on a victim's file, the perpetrator on a file on his side.
    accompanied = PersonRole.PERPETRATOR if situation.side == Side.PERPETRATOR else PersonRole.VICTIM
    is_accompanied = person.role == accompanied
    # The perpetrator's export from a file kept for the victim: nothing that would locate her or name her helpers.
    guarded = person.role == PersonRole.PERPETRATOR and situation.side != Side.PERPETRATOR
    exporter = situation.organisation_id
    view = situation_access.person_view(person)
    view.pop("contact_visible", None)
    events = Event.objects.filter(person=person, situation=situation).select_related("organisation", "housing_place").order_by("date", "pk")
    return {
        "generated_at": timezone.localtime(),
        "organisation": situation.organisation.name,
        "person": view,
        "situation": {
            "reference": situation.reference,
            "status": situation.get_status_display(),
            "opened_on": situation.opened_on,
            "closed_on": situation.closed_on,
            "commune": situation.commune.name if situation.commune and is_accompanied else None,
            "relationship": situation.get_relationship_display() if situation.relationship else None,
            "children_count": situation.children_count if not guarded else None,
            "danger_level": situation.get_danger_level_display() if person.role == PersonRole.VICTIM else None,
            "notes": situation.notes if is_accompanied else None,
        },
        "events": [
            {
                "kind": e.get_kind_display(),
                "date": e.date,
                "end_date": e.end_date,
                "hearing_outcome": e.get_hearing_outcome_display() if e.hearing_outcome else None,
                "housing_place": e.housing_place.name if e.housing_place and not guarded else None,
                "organisation": e.organisation.name if not guarded or e.organisation_id == exporter else PARTNER,
                "notes": e.notes if not guarded or e.organisation_id == exporter else None,
            }
            for e in events
        ],
        "assessments": [
            {
                "date": a.assessed_on,
                "score": a.score,
                "level": a.get_level_display(),
                "computed_level": a.get_computed_level_display(),
                "reason": a.raised_reason,
            }
            for a in situation.assessments.all()
        ]
        if person.role == PersonRole.VICTIM
        else [],
        "referrals": [
            {
                "to": r.receiver.name,
                "sent_at": timezone.localtime(r.sent_at),
                "status": r.get_status_display(),
                "reason": r.reason if not guarded else _("Motif non communiqué : il peut concerner des tiers."),
                "consent": {
                    "basis": r.consent.get_legal_basis_display(),
                    "items": r.consent.item_labels(),
                    "given_on": r.consent.given_on,
                    "method": r.consent.get_method_display(),
                    "withdrawn_on": r.consent.withdrawn_on,
                },
            }
            for r in person.referrals.select_related("receiver", "consent")
        ],
        "enrolments": [
            {
                "programme": en.programme.name,
                "entered_on": en.entered_on,
                "exited_on": en.exited_on,
                "employment_at_entry": en.get_employment_at_entry_display(),
                "employment_at_exit": en.get_employment_at_exit_display() if en.employment_at_exit else None,
                "outcome": en.get_outcome_display() if en.outcome else None,
            }
            for en in person.enrolments.select_related("programme")
        ],
    }


def json_default(value):
    """Dates ISO, times ISO with their offset (Paris time, as the PDF)."""
    if isinstance(value, datetime.datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


LABELS = {
    "id": "Identifiant",
    "role": None,
    "role_label": "Rôle",
    "sex": "Sexe",
    "age_band": "Tranche d'âge",
    "first_name": "Prénom",
    "last_name": "Nom",
    "birth_date": "Date de naissance",
    "address": "Adresse",
    "phone": "Téléphone",
    "email": "E-mail",
    "phone_ok": "Appel possible sans risque",
    "voicemail_ok": "Message vocal autorisé",
    "safe_hours": "Horaires sans risque",
    "via_third_party": "Contact par un tiers",
    "notes": "Notes",
    "reference": "Référence",
    "status": "Statut",
    "opened_on": "Ouverte le",
    "closed_on": "Close le",
    "commune": "Commune",
    "relationship": "Lien victime / auteur",
    "children_count": "Nombre d'enfants",
    "danger_level": "Niveau de danger",
}


def french(value):
    """A value as the PDF writes it: dates 29/11/2026, times « 29/11/2026 à 21 h 05 » in Paris time."""
    if isinstance(value, datetime.datetime):
        local = timezone.localtime(value)
        return f"{local:%d/%m/%Y} à {local:%H} h {local:%M}"
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if value is True:
        return "oui"
    if value is False:
        return "non"
    return value


def _readable(section):
    rows = []
    for key, value in section.items():
        label = LABELS.get(key, key)
        if label is None:
            continue
        value = french(value)
        rows.append((label, value if value not in (None, "") else "—"))
    return rows


def _frenchified(items):
    return [{k: (_frenchified_dict(v) if isinstance(v, dict) else french(v)) for k, v in item.items()} for item in items]


def _frenchified_dict(section):
    return {k: french(v) for k, v in section.items()}


def person_pdf(data, request=None):
    from weasyprint import HTML

    html = render_to_string(
        "casework/export_pdf.html",
        {
            "data": data,
            "generated_at": french(data["generated_at"]),
            "person_rows": _readable(data["person"]),
            "situation_rows": _readable(data["situation"]),
            "events": _frenchified(data["events"]),
            "assessments": _frenchified(data["assessments"]),
            "referrals": _frenchified(data["referrals"]),
            "enrolments": _frenchified(data["enrolments"]),
        },
    )
    base_url = request.build_absolute_uri("/") if request is not None else None
    return HTML(string=html, base_url=base_url).write_pdf()
