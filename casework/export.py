"""Right of access: everything held on one person, as JSON and as a readable PDF (WeasyPrint)."""

from django.template.loader import render_to_string
from django.utils import timezone

from casework.models import Event, PersonRole, Side


def _date(value):
    return value.isoformat() if value else None


def person_data(person, situation_access):
    situation = person.situation
    # The household's notes and unattributed events' notes were written about the person the organisation
    # accompanies: another member of the household (the perpetrator, on a victim's file) does not receive them.
    accompanied = PersonRole.PERPETRATOR if situation.side == Side.PERPETRATOR else PersonRole.VICTIM
    household_notes = person.role == accompanied
    view = situation_access.person_view(person)
    view.pop("contact_visible", None)
    view["birth_date"] = _date(view.get("birth_date"))
    events = Event.objects.filter(situation=situation).filter(person__isnull=True) | Event.objects.filter(person=person)
    events = events.select_related("organisation", "housing_place").order_by("date", "pk")
    return {
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "organisation": situation.organisation.name,
        "person": view,
        "situation": {
            "reference": situation.reference,
            "status": situation.get_status_display(),
            "opened_on": _date(situation.opened_on),
            "closed_on": _date(situation.closed_on),
            "commune": situation.commune.name if situation.commune else None,
            "relationship": situation.get_relationship_display() if situation.relationship else None,
            "children_count": situation.children_count,
            "danger_level": situation.get_danger_level_display(),
            "notes": situation.notes if household_notes else None,
        },
        "events": [
            {
                "kind": e.get_kind_display(),
                "date": _date(e.date),
                "end_date": _date(e.end_date),
                "hearing_outcome": e.get_hearing_outcome_display() if e.hearing_outcome else None,
                "housing_place": e.housing_place.name if e.housing_place else None,
                "organisation": e.organisation.name,
                "notes": e.notes if (household_notes or e.person_id == person.pk) else None,
            }
            for e in events
        ],
        "assessments": [
            {
                "date": _date(a.assessed_on),
                "score": a.score,
                "level": a.get_level_display(),
                "computed_level": a.get_computed_level_display(),
                "reason": a.raised_reason,
            }
            for a in situation.assessments.all()
        ]
        if person.role == "victim"
        else [],
        "referrals": [
            {
                "to": r.receiver.name,
                "sent_at": r.sent_at.isoformat(timespec="minutes"),
                "status": r.get_status_display(),
                "reason": r.reason,
                "consent": {
                    "basis": r.consent.get_legal_basis_display(),
                    "items": r.consent.item_labels(),
                    "given_on": _date(r.consent.given_on),
                    "method": r.consent.get_method_display(),
                    "withdrawn_on": _date(r.consent.withdrawn_on),
                },
            }
            for r in person.referrals.select_related("receiver", "consent")
        ],
        "enrolments": [
            {
                "programme": en.programme.name,
                "entered_on": _date(en.entered_on),
                "exited_on": _date(en.exited_on),
                "employment_at_entry": en.get_employment_at_entry_display(),
                "employment_at_exit": en.get_employment_at_exit_display() if en.employment_at_exit else None,
                "outcome": en.get_outcome_display() if en.outcome else None,
            }
            for en in person.enrolments.select_related("programme")
        ],
    }


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
    "phone_ok": "Peut être appelée sans risque",
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


def _readable(section):
    rows = []
    for key, value in section.items():
        label = LABELS.get(key, key)
        if label is None:
            continue
        if value is True:
            value = "oui"
        elif value is False:
            value = "non"
        rows.append((label, value if value not in (None, "") else "—"))
    return rows


def person_pdf(data, request=None):
    from weasyprint import HTML

    html = render_to_string(
        "casework/export_pdf.html", {"data": data, "person_rows": _readable(data["person"]), "situation_rows": _readable(data["situation"])}
    )
    base_url = request.build_absolute_uri("/") if request is not None else None
    return HTML(string=html, base_url=base_url).write_pdf()
