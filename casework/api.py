"""JSON API of the shared follow-up (/api/suivi/): the same gate, forms and actions as the pages.

Input is validated by the pages' Django forms, so a bad value gets the same French message, as a 422 JSON
error naming the field; a change the record's state forbids (a referral answered meanwhile, a consent
withdrawn) answers 409 in the same shape. An object the token's membership may not see answers 404.

Query and path parameters are checked by Django form fields too, before the view runs: a page, an id or a filter that
is not what is expected answers 422 naming the parameter, in French, never a 500 (an unbounded page number made an
offset the database could not store)."""

import datetime
from typing import Annotated

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import BeforeValidator, Field
from pydantic_core import PydanticCustomError

from accounts.models import Role
from audit.journal import record
from audit.models import Action
from casework import access, actions, stats
from casework.forms import (
    AnswerForm,
    CaseloadFilterForm,
    EventForm,
    NewSituationForm,
    PersonForm,
    ReferralForm,
    WithdrawConsentForm,
)
from casework.models import PersonRole, ProgrammeCode, ReferralStatus, Side, Situation
from casework.queries import people_of, primary_person, search_filter
from maillage.apischema import from_form

router = Router(tags=["suivi"])


def _form_or_422(*forms_with_prefix):
    errors = []
    for form, prefix in forms_with_prefix:
        if not form.is_valid():
            for field, messages in form.errors.get_json_data().items():
                name = None if field == "__all__" else (f"{prefix}{field}" if prefix else field)
                errors += [{"field": name, "message": m["message"]} for m in messages]
    if errors:
        raise HttpError422(errors)


class HttpError422(HttpError):
    def __init__(self, errors):
        super().__init__(422, "Données invalides.")
        self.errors = errors


class HttpError409(HttpError):
    """The record's state forbids the change (answered meanwhile, consent withdrawn): the field that stands in the way."""

    def __init__(self, conflict):
        super().__init__(409, str(conflict))
        self.errors = [{"field": conflict.field, "message": str(conflict)}]


def _install_handler():
    from maillage.api import api

    @api.exception_handler(HttpError422)
    def form_errors(request, exc):
        return api.create_response(request, {"detail": "Données invalides.", "errors": exc.errors}, status=422)

    @api.exception_handler(HttpError409)
    def conflict(request, exc):
        return api.create_response(request, {"detail": exc.message, "errors": exc.errors}, status=409)


_install_handler()


def _checked_by(field, *, empty=None):
    """A pydantic BeforeValidator that cleans a parameter with a Django form field, so that a bad value gets the
    pages' French message, through the API's handler of validation errors (422, the parameter named). `empty`: the
    value of an absent or empty optional parameter."""

    def clean(value):
        if value in (None, "") and not field.required:
            return empty
        if isinstance(value, bool):  # True is not the number 1 (JSON bodies)
            value = "invalid"
        try:
            return field.clean(value)
        except ValidationError as exc:
            raise PydanticCustomError("invalid_parameter", exc.messages[0]) from None

    return BeforeValidator(clean)


# A whole number; an id (path or body) is one: out of the database's range, it is simply found nowhere (404).
Integer = Id = Annotated[int, _checked_by(forms.IntegerField())]
OptionalId = Annotated[int | None, _checked_by(forms.IntegerField(required=False))]

PAGE_SIZE = 50
# 50 a page: half a million situations, far beyond a network's; a larger page is refused before any offset is computed.
MAX_PAGE = 10_000
Page = Annotated[
    int, _checked_by(forms.IntegerField(min_value=1, max_value=MAX_PAGE)), Field(json_schema_extra={"minimum": 1, "maximum": MAX_PAGE})
]

_YEAR_MESSAGE = "Année invalide (attendue entre 2000 et 2100)."
Year = Annotated[
    int | None,
    _checked_by(
        forms.IntegerField(
            required=False,
            min_value=2000,
            max_value=2100,
            error_messages={"invalid": _YEAR_MESSAGE, "min_value": _YEAR_MESSAGE, "max_value": _YEAR_MESSAGE},
        )
    ),
]


def _choice(field):
    """A filter among the field's choices; "" (or absent): no filter. The schema lists the choices."""
    return Annotated[str, _checked_by(field, empty=""), Field(json_schema_extra={"enum": [str(v) for v, _label in field.choices]})]


# The caseload's own filters: the same choices and messages as the page.
SituationStatus = _choice(CaseloadFilterForm.base_fields["status"])
DangerLevelFilter = _choice(CaseloadFilterForm.base_fields["level"])
ReferralStatusFilter = _choice(forms.ChoiceField(choices=[("", ""), *ReferralStatus.choices], required=False))


def _membership(request):
    membership = getattr(request, "membership", None)
    if membership is None:
        raise HttpError(403, "Aucune organisation associée à ce jeton.")
    return membership


def _require_nominative(membership):
    if not membership.sees_nominative_data:
        raise HttpError(403, "Votre rôle ne permet pas de consulter ou de modifier des dossiers nominatifs.")


def _get(membership, pk):
    try:
        return access.get_situation_or_404(membership, pk)
    except Http404:
        raise HttpError(404, "Situation introuvable.") from None


def _person_json(view):
    data = {k: v for k, v in view.items() if k != "contact_visible"}
    if isinstance(data.get("birth_date"), datetime.date):
        data["birth_date"] = data["birth_date"].isoformat()
    return data


def _situation_summary(situation, situation_access):
    people = situation_access.visible_people(list(situation.people.all()))
    primary = primary_person(sorted(people, key=lambda p: p.pk), situation.side)
    return {
        "id": situation.pk,
        "reference": situation.reference,
        "organisation": situation.organisation.name,
        "owned": situation_access.is_owner,
        "side": situation.side,
        "status": situation.status,
        "danger_level": situation.danger_level if situation_access.shows_assessment else None,
        "flagged_for_committee": situation.flagged_for_committee if situation_access.shows_assessment else None,
        "opened_on": situation.opened_on.isoformat(),
        "commune": situation.commune_id if situation_access.shows_commune() else None,
        "relationship": situation.relationship if situation_access.shows_household_facts else None,
        "children_count": situation.children_count if situation_access.shows_household_facts else None,
        "consent_withdrawn_on": situation_access.consent_withdrawn_on.isoformat() if situation_access.consent_withdrawn_on else None,
        "primary_person": _person_json(situation_access.person_view(primary)) if primary else None,
    }


class SituationFilters(Schema):
    status: SituationStatus = ""
    level: DangerLevelFilter = ""
    q: str = ""
    page: Page = 1


@router.get("/situations", summary="Situations visibles par l'organisation du jeton")
def list_situations(request, filters: Query[SituationFilters]):
    membership = _membership(request)
    qs = Situation.objects.visible_to(membership)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.level:
        # As on the caseload: a shared situation's level is part of its assessment, which a committee's share includes.
        qs = qs.filter(danger_level=filters.level)
        if membership.role != Role.COORDINATOR:
            qs = qs.filter(organisation_id=membership.organisation_id)
    if filters.q:
        qs = qs.filter(search_filter(filters.q, membership))
    page = filters.page  # 1 to MAX_PAGE (Page)
    qs = qs.select_related("organisation", "commune").prefetch_related("people").order_by("-updated_at", "-pk")
    total = qs.count()
    rows = access.attach_gate(qs[(page - 1) * PAGE_SIZE : page * PAGE_SIZE], membership)
    pairs = [(s, access.access_for(s, membership)) for s in rows]
    access.settle_perpetrator_side(pairs, membership)  # the list shows contacts: asked once, not once per row
    items = [_situation_summary(s, situation_access) for s, situation_access in pairs]
    record(
        Action.SEARCH if filters.q else Action.VIEW,
        membership=membership,
        target_type="casework.Situation",
        target_id="api:list",
        request=request,
        detail={"situations": [s.pk for s in rows]},
    )
    return {"count": total, "page": page, "items": items}


class PersonIn(Schema):
    role: str = from_form(PersonForm, "role")
    first_name: str = from_form(PersonForm, "first_name")
    last_name: str = from_form(PersonForm, "last_name")
    birth_date: str | None = from_form(PersonForm, "birth_date", None)
    sex: str = from_form(PersonForm, "sex", "X")
    address: str = from_form(PersonForm, "address", "")
    phone: str = from_form(PersonForm, "phone", "")
    email: str = from_form(PersonForm, "email", "")
    phone_ok: bool = False
    voicemail_ok: bool = False
    safe_hours: str = from_form(PersonForm, "safe_hours", "")
    via_third_party: str = from_form(PersonForm, "via_third_party", "")
    notes: str = ""


class SituationIn(Schema):
    side: str = from_form(NewSituationForm, "side", "victim")
    opened_on: str = from_form(NewSituationForm, "opened_on")
    commune: str = from_form(NewSituationForm, "commune", "")
    relationship: str = from_form(NewSituationForm, "relationship", "")
    children_count: Integer = from_form(NewSituationForm, "children_count", 0)
    notes: str = from_form(NewSituationForm, "notes", "")
    person: PersonIn


@router.post("/situations", response={201: dict}, summary="Créer une situation et sa première personne")
def create_situation(request, payload: SituationIn):
    membership = _membership(request)
    _require_nominative(membership)
    data = payload.dict()
    person_data = data.pop("person")
    form = NewSituationForm(data)
    person_form = PersonForm(
        {f"person-{k}": ("on" if v is True else ("" if v in (False, None) else v)) for k, v in person_data.items()},
        prefix="person",
        perpetrator_side=data.get("side") == Side.PERPETRATOR,
    )
    _form_or_422((form, ""), (person_form, "person."))
    situation, person = actions.create_situation(
        membership=membership,
        request=request,
        situation_data=form.cleaned_data,
        person_data={k: v for k, v in person_form.cleaned_data.items() if k != "version"},
    )
    duplicates = actions.possible_duplicates(person, membership)
    record(Action.SEARCH, membership=membership, target=person, request=request, detail={"duplicate_check": len(duplicates)})
    return Status(201, {"id": situation.pk, "reference": situation.reference, "person_id": person.pk, "possible_duplicates": duplicates})


@router.get("/situations/{situation_id}", summary="Une situation : ce que votre organisation peut en voir")
def situation_detail(request, situation_id: Id):
    membership = _membership(request)
    situation, situation_access = _get(membership, situation_id)
    people = situation_access.visible_people(people_of(situation))
    events = situation_access.visible_events(situation.events.select_related("organisation").order_by("-date", "-pk"))
    data = _situation_summary(situation, situation_access)
    data.update(
        {
            "people": [_person_json(situation_access.person_view(p)) for p in people],
            "events": [
                {
                    "id": e.pk,
                    "kind": e.kind,
                    "date": e.date.isoformat(),
                    "end_date": e.end_date.isoformat() if e.end_date else None,
                    "hearing_outcome": e.hearing_outcome,
                    "person_id": e.person_id if e.person_id in {p.pk for p in people} else None,
                    "organisation": e.shown_organisation.name if e.shown_organisation else None,
                }
                for e in events
            ],
            "assessments": [
                {"date": a.assessed_on.isoformat(), "score": a.score, "computed_level": a.computed_level, "level": a.level}
                for a in (situation.assessments.all() if situation_access.shows("assessment") else [])
            ],
        }
    )
    record(Action.VIEW, membership=membership, target=situation, request=request, detail={"api": True})
    return data


class EventIn(Schema):
    kind: str = from_form(EventForm, "kind")
    date: str = from_form(EventForm, "date")
    end_date: str | None = from_form(EventForm, "end_date", None)
    person: OptionalId = None
    hearing_outcome: str = from_form(EventForm, "hearing_outcome", "")
    housing_place: OptionalId = None
    notes: str = from_form(EventForm, "notes", "")


@router.post(
    "/situations/{situation_id}/evenements",
    response={201: dict},
    summary="Ajouter un événement au parcours",
    openapi_extra={"x-maillage-errors": ["409"]},
)
def add_event(request, situation_id: Id, payload: EventIn):
    membership = _membership(request)
    situation, situation_access = _get(membership, situation_id)
    if not situation_access.can_add_event:
        raise HttpError(403, "Votre rôle ne permet pas d'ajouter un événement.")
    people = situation_access.visible_people(people_of(situation))
    form = EventForm({k: ("" if v is None else v) for k, v in payload.dict().items()}, situation=situation, people=people)
    _form_or_422((form, ""))
    try:
        event = actions.add_event(membership=membership, situation=situation, data=form.cleaned_data, request=request)
    except actions.Conflict as exc:  # the place's last bed taken between the form's count and the locked one
        raise HttpError409(exc) from None
    return Status(201, {"id": event.pk, "kind": event.kind, "date": event.date.isoformat()})


class ReferralIn(Schema):
    person: Id
    receiver: Id
    service: OptionalId = None
    reason: str = from_form(ReferralForm, "reason")
    legal_basis: str = from_form(ReferralForm, "legal_basis", "consent")
    items: list[str] = from_form(ReferralForm, "items", [])
    given_on: str = from_form(ReferralForm, "given_on")
    method: str = from_form(ReferralForm, "method")


@router.post(
    "/situations/{situation_id}/orientations",
    response={201: dict},
    summary="Orienter une personne (consentement ou base légale obligatoire)",
)
def create_referral(request, situation_id: Id, payload: ReferralIn):
    membership = _membership(request)
    situation, situation_access = _get(membership, situation_id)
    if not situation_access.can_refer:
        raise HttpError(403, "Seule l'organisation qui suit la situation peut orienter.")
    form = ReferralForm(
        payload.dict(),
        situation=situation,
        people=people_of(situation),
        membership=membership,
        perpetrator_side=situation_access.perpetrator_side,
    )
    _form_or_422((form, ""))
    data = form.cleaned_data
    referral = actions.create_referral(
        membership=membership,
        situation=situation,
        person=data["person"],
        receiver=data["receiver"],
        service=data.get("service"),
        reason=data["reason"],
        consent_data={
            "legal_basis": data["legal_basis"],
            "items": list(data["items"]),
            "given_on": data["given_on"],
            "method": data["method"],
        },
        request=request,
    )
    return Status(201, {"id": referral.pk, "reference": referral.reference, "status": referral.status})


def _referral_json(referral, referral_access):
    view = referral_access.person_view()
    return {
        "id": referral.pk,
        "reference": referral.reference,
        "sender": referral.sender.name,
        "receiver": referral.receiver.name,
        "service": referral.service.name if referral.service_id else None,
        "status": referral.status,
        "sent_at": referral.sent_at.isoformat(),
        "answered_at": referral.answered_at.isoformat() if referral.answered_at else None,
        "first_contact_on": referral.first_contact_on.isoformat() if referral.first_contact_on else None,
        "refusal_reason": referral.refusal_reason,
        "shared_items": referral.consent.items,
        "legal_basis": referral.consent.legal_basis,
        "consent_withdrawn_on": referral.consent.withdrawn_on.isoformat() if referral.consent.withdrawn_on else None,
        "reason": (referral_access.reason() or None) if referral_access.shows_content else None,
        "household": referral_access.household(),
        "person": _person_json(view.person_view(referral.person)) if referral_access.shows_content else None,
    }


# The inbox and the outbox, newest first, REFERRALS_PER_PAGE at a time: `?page=2` for the next ones (an empty list past the last).
REFERRALS_PER_PAGE = 200


@router.get("/orientations/recues", summary="Orientations reçues par l'organisation (200 par page, la plus récente d'abord)")
def inbox(request, status: ReferralStatusFilter = "", page: Page = 1):
    membership = _membership(request)
    _require_nominative(membership)
    qs = (
        access.referrals_received(membership)
        .select_related("sender", "receiver", "person", "consent", "situation", "service")
        .order_by("-sent_at", "-pk")
    )
    if status:
        qs = qs.filter(status=status)
    rows = list(qs[(page - 1) * REFERRALS_PER_PAGE : page * REFERRALS_PER_PAGE])
    record(
        Action.VIEW,
        membership=membership,
        target_type="casework.Referral",
        target_id="api:inbox",
        request=request,
        detail={"referrals": [r.pk for r in rows]},
    )
    followed = access.linked_in(membership, {r.situation_id for r in rows})
    return [
        _referral_json(
            r,
            access.ReferralAccess(
                r, membership, True, False, follows_perpetrator=r.person.role == PersonRole.PERPETRATOR or r.situation_id in followed
            ),
        )
        for r in rows
    ]


@router.get("/orientations/envoyees", summary="Orientations envoyées par l'organisation (200 par page, la plus récente d'abord)")
def outbox(request, status: ReferralStatusFilter = "", page: Page = 1):
    membership = _membership(request)
    _require_nominative(membership)
    qs = (
        access.referrals_sent(membership)
        .select_related("sender", "receiver", "person", "consent", "situation", "service")
        .order_by("-sent_at", "-pk")
    )
    if status:
        qs = qs.filter(status=status)
    rows = list(qs[(page - 1) * REFERRALS_PER_PAGE : page * REFERRALS_PER_PAGE])
    record(
        Action.VIEW,
        membership=membership,
        target_type="casework.Referral",
        target_id="api:outbox",
        request=request,
        detail={"referrals": [r.pk for r in rows]},
    )
    return [_referral_json(r, access.ReferralAccess(r, membership, False, True)) for r in rows]


def _referral(membership, referral_id):
    """The referral through the gate, or a JSON 404 (the same answer for one that exists but may not be seen)."""
    try:
        return access.get_referral_or_404(membership, referral_id)
    except Http404:
        raise HttpError(404, "Orientation introuvable.") from None


@router.get("/orientations/{referral_id}", summary="Une orientation")
def referral_detail(request, referral_id: Id):
    membership = _membership(request)
    referral, referral_access = _referral(membership, referral_id)
    record(Action.VIEW, membership=membership, target=referral, request=request, detail={"api": True})
    return _referral_json(referral, referral_access)


class AnswerIn(Schema):
    decision: str = from_form(AnswerForm, "decision")
    refusal_reason: str = from_form(AnswerForm, "refusal_reason", "")


@router.post(
    "/orientations/{referral_id}/reponse", summary="Accepter ou refuser une orientation reçue", openapi_extra={"x-maillage-errors": ["409"]}
)
def answer_referral(request, referral_id: Id, payload: AnswerIn):
    membership = _membership(request)
    referral, referral_access = _referral(membership, referral_id)
    if not referral_access.is_receiver:
        raise HttpError(403, "Seule l'organisation destinataire peut répondre.")
    conflict = actions.answer_conflict(referral)
    if conflict is not None:
        raise HttpError409(conflict)
    form = AnswerForm(payload.dict())
    _form_or_422((form, ""))
    try:
        referral = actions.answer_referral(
            membership=membership,
            referral=referral,
            accept=form.cleaned_data["decision"] == "accept",
            refusal_reason=form.cleaned_data["refusal_reason"],
            request=request,
        )
    except actions.Conflict as exc:
        # Another member of the organisation answered between the read above and the locked write.
        raise HttpError409(exc) from None
    return _referral_json(referral, access.ReferralAccess(referral, membership, True, False))


class WithdrawIn(Schema):
    withdrawn_on: str = from_form(WithdrawConsentForm, "withdrawn_on")
    confirm: bool = False


@router.post(
    "/orientations/{referral_id}/retrait-consentement",
    summary="Enregistrer le retrait du consentement (organisation qui a orienté) : le destinataire ne voit plus rien de ce qui était partagé",
    openapi_extra={"x-maillage-errors": ["409"]},
)
def withdraw_consent(request, referral_id: Id, payload: WithdrawIn):
    membership = _membership(request)
    referral, referral_access = _referral(membership, referral_id)
    refused = "Seule l'organisation qui a orienté et suit la situation enregistre le retrait du consentement."
    if not referral_access.is_sender:
        raise HttpError(403, refused)
    if referral.consent.withdrawn_on is not None:
        raise HttpError409(
            actions.Conflict(
                f"Le retrait de ce consentement est déjà enregistré (le {referral.consent.withdrawn_on:%d/%m/%Y}).", field="withdrawn_on"
            )
        )
    if not referral_access.can_withdraw_consent:
        raise HttpError(403, refused)
    form = WithdrawConsentForm({"withdrawn_on": payload.withdrawn_on, "confirm": payload.confirm}, consent=referral.consent)
    _form_or_422((form, ""))
    try:
        actions.withdraw_consent(membership=membership, referral=referral, day=form.cleaned_data["withdrawn_on"], request=request)
    except actions.Conflict as exc:
        raise HttpError409(exc) from None
    referral, referral_access = _referral(membership, referral_id)
    return _referral_json(referral, referral_access)


@router.get("/statistiques/programmes/{code}", summary="Indicateurs agrégés d'un programme sur une année (aucune donnée nominative)")
def programme_statistics(request, code: str, year: Year = None):
    membership = _membership(request)
    if membership.role not in (Role.COORDINATOR, Role.ANALYST, Role.ORG_ADMIN, Role.PRACTITIONER):
        raise HttpError(403, "Accès refusé.")
    if code not in ProgrammeCode.values:
        raise HttpError(404, f"Programme inconnu : « {code} ».")
    if year is None:
        year = timezone.localdate().year
    if not 2000 <= year <= 2100:  # the current year, in a distant future
        raise HttpError422([{"field": "year", "message": _YEAR_MESSAGE}])
    return stats.programme_figures(code, year)
