"""Changes to the shared follow-up. Each action is atomic and writes its journal entry in the same transaction."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.journal import record
from audit.models import Action
from casework import risk
from casework.models import (
    LEVEL_ORDER,
    CommitteeShare,
    Consent,
    DangerLevel,
    Enrolment,
    Event,
    HousingPlace,
    Person,
    PersonRole,
    Referral,
    ReferralStatus,
    RiskAssessment,
    Side,
    Situation,
    Status,
)


class ConcurrentEdit(Exception):
    """The record changed since the form was opened: the save is refused, the user's input is kept."""

    def __init__(self, current):
        self.current = current
        super().__init__("stale version")

    @property
    def message(self):
        return _(
            "Cette fiche a été modifiée par quelqu'un d'autre pendant que vous la modifiiez. Vos modifications n'ont PAS été enregistrées : "
            "elles sont conservées ci-dessous. Relisez la version actuelle, puis enregistrez à nouveau."
        )


class Conflict(ValueError):
    """A change refused because of the record's current state (answered meanwhile, consent withdrawn): `field`
    names what stands in the way, for the API's 409 answer."""

    def __init__(self, message, *, field):
        super().__init__(message)
        self.field = field


def _check_version(model, pk, version):
    current = model.objects.select_for_update().get(pk=pk)
    if int(version) != current.version:
        raise ConcurrentEdit(current)
    return current


@transaction.atomic
def create_situation(*, membership, request=None, situation_data, person_data):
    situation = Situation.objects.create(organisation=membership.organisation, created_by=membership.user, **situation_data)
    person = Person(situation=situation, **person_data)
    person.save()
    record(Action.CREATE, membership=membership, target=situation, request=request, detail={"person": person.pk})
    return situation, person


@transaction.atomic
def update_situation(*, membership, situation, data, version, request=None):
    _check_version(Situation, situation.pk, version)
    for key, value in data.items():
        setattr(situation, key, value)
    if situation.status == Status.CLOSED and situation.closed_on is None:
        situation.closed_on = timezone.localdate()
    if situation.status == Status.OPEN:
        situation.closed_on = None
    situation.version = int(version) + 1
    situation.save()
    record(Action.UPDATE, membership=membership, target=situation, request=request, detail={"fields": sorted(data)})
    return situation


@transaction.atomic
def add_person(*, membership, situation, data, request=None):
    person = Person(situation=situation, **data)
    person.save()
    record(Action.CREATE, membership=membership, target=person, request=request, detail={"situation": situation.pk})
    return person


@transaction.atomic
def update_person(*, membership, person, data, version, request=None):
    _check_version(Person, person.pk, version)
    for key, value in data.items():
        setattr(person, key, value)
    person.version = int(version) + 1
    person.save()
    record(Action.UPDATE, membership=membership, target=person, request=request, detail={"fields": sorted(data)})
    return person


def possible_duplicates(person, membership):
    """Other organisations that may follow the same person (same blind index of name and birth date): who to ask,
    nothing else. An organisation that accompanies the perpetrator (its file is on his side) is never told who
    follows a victim or a child, nor which victims' organisations know him: only the other files kept on his side."""
    if not person.identity_index:
        return []
    rows = (
        Person.objects.filter(identity_index=person.identity_index)
        .exclude(situation__organisation_id=membership.organisation_id)
        .exclude(situation__anonymised_at__isnull=False)
    )
    if person.situation.side == Side.PERPETRATOR:
        if person.role in (PersonRole.VICTIM, PersonRole.CHILD):
            return []
        rows = rows.filter(situation__side=Side.PERPETRATOR)
    rows = rows.values_list("situation__organisation__name", "situation__organisation__email").distinct()
    return [{"organisation": name, "email": email} for name, email in sorted(set(rows))]


@transaction.atomic
def add_event(*, membership, situation, data, request=None):
    """Add an event to the timeline. A stay in an eviction place locks the place and counts again: two stays booked
    at the same moment cannot both take its last bed (EventForm counted without a lock)."""
    place = data.get("housing_place")
    if place is not None and data.get("end_date"):
        place = HousingPlace.objects.select_for_update().get(pk=place.pk)
        full = place.first_full_day(data["date"], data["end_date"])
        if full is not None:
            raise Conflict(
                _(
                    "Lieu complet le %(day)s (capacité : %(n)s), sans doute réservé à l'instant par un ou une collègue : l'événement n'a PAS été ajouté."
                )
                % {"day": full.strftime("%d/%m/%Y"), "n": place.capacity},
                field="housing_place",
            )
    event = Event.objects.create(situation=situation, organisation=membership.organisation, author=membership.user, **data)
    Situation.objects.filter(pk=situation.pk).update(updated_at=timezone.now())
    record(Action.CREATE, membership=membership, target=event, request=request, detail={"situation": situation.pk, "kind": event.kind})
    return event


@transaction.atomic
def record_assessment(*, membership, situation, grid, answers, assessed_on, raise_to="", raised_reason="", request=None):
    questions = list(grid.questions.all())
    total, flags, computed = risk.score(grid, questions, answers)
    level = computed
    if raise_to and LEVEL_ORDER.get(raise_to, 0) > LEVEL_ORDER[computed]:
        level = raise_to
    assessment = RiskAssessment.objects.create(
        situation=situation,
        grid=grid,
        answers={q.code: bool(answers.get(q.code)) for q in questions},
        score=total,
        computed_level=computed,
        level=level,
        raised_reason=raised_reason if level != computed else "",
        assessed_on=assessed_on,
        assessor=membership.user,
        organisation=membership.organisation,
    )
    latest = situation.assessments.order_by("-assessed_on", "-pk").first()
    fields = {"updated_at": timezone.now()}
    if latest is not None and latest.pk == assessment.pk:
        fields["danger_level"] = level
        if level == DangerLevel.HIGH:
            fields["flagged_for_committee"] = True
    Situation.objects.filter(pk=situation.pk).update(**fields)
    record(
        Action.CREATE,
        membership=membership,
        target=assessment,
        request=request,
        detail={"situation": situation.pk, "score": total, "level": level, "red_flags": flags},
    )
    return assessment


@transaction.atomic
def create_referral(*, membership, situation, person, receiver, reason, consent_data, service=None, request=None):
    consent = Consent.objects.create(person=person, organisation=receiver, recorded_by=membership.user, **consent_data)
    referral = Referral.objects.create(
        situation=situation,
        person=person,
        sender=membership.organisation,
        service=service,
        sent_by=membership.user,
        receiver=receiver,
        consent=consent,
        reason=reason,
    )
    Event.objects.create(
        situation=situation,
        person=person,
        kind="orientation",
        date=timezone.localdate(),
        organisation=membership.organisation,
        author=membership.user,
        notes=_("Orientation vers %(org)s") % {"org": receiver},
    )
    record(
        Action.SHARE,
        membership=membership,
        target=referral,
        request=request,
        detail={
            "situation": situation.pk,
            "person": person.pk,
            "receiver": receiver.pk,
            "items": consent.items,
            "basis": consent.legal_basis,
        },
    )
    return referral


def answer_conflict(referral):
    """Why a referral can no longer be answered (answered meanwhile, consent withdrawn), or None."""
    if referral.status != ReferralStatus.SENT:
        return Conflict(
            _("Cette orientation a déjà reçu une réponse (statut : %(status)s).") % {"status": referral.get_status_display()},
            field="status",
        )
    if referral.consent.withdrawn_on is not None:
        return Conflict(
            _("La personne a retiré son consentement : cette orientation ne peut plus être acceptée ni refusée."), field="consent"
        )
    return None


@transaction.atomic
def answer_referral(*, membership, referral, accept, refusal_reason="", request=None):
    referral = Referral.objects.select_for_update().select_related("consent").get(pk=referral.pk)
    conflict = answer_conflict(referral)
    if conflict is not None:
        raise conflict
    referral.status = ReferralStatus.ACCEPTED if accept else ReferralStatus.REFUSED
    referral.refusal_reason = "" if accept else refusal_reason
    referral.answered_at = timezone.now()
    referral.answered_by = membership.user
    referral.save()
    record(Action.UPDATE, membership=membership, target=referral, request=request, detail={"status": referral.status})
    return referral


@transaction.atomic
def withdraw_consent(*, membership, referral, day, request=None):
    """The person withdrew the consent behind a referral: from then on it covers nothing (casework.access)."""
    consent = Consent.objects.select_for_update().get(pk=referral.consent_id)
    if consent.withdrawn_on is not None:
        raise Conflict(
            _("Le retrait de ce consentement est déjà enregistré (le %(day)s).") % {"day": consent.withdrawn_on.strftime("%d/%m/%Y")},
            field="withdrawn_on",
        )
    consent.withdrawn_on = day
    consent.save(update_fields=["withdrawn_on"])
    referral.consent = consent
    record(
        Action.UPDATE,
        membership=membership,
        target=referral,
        request=request,
        detail={"consent": consent.pk, "consent_withdrawn_on": day.isoformat(), "receiver": referral.receiver_id},
    )
    return consent


@transaction.atomic
def record_first_contact(*, membership, referral, day, request=None):
    """Record the first contact once: a second recording (two members of the receiving organisation) is refused
    with Conflict, the first date kept. The row is locked, so two saves at the same moment cannot both pass."""
    recorded = Referral.objects.select_for_update().filter(pk=referral.pk).values_list("first_contact_on", flat=True).get()
    if recorded is not None:
        referral.first_contact_on = recorded
        raise Conflict(
            _(
                "Le premier contact est déjà enregistré pour cette orientation (le %(day)s), sans doute par un ou une collègue : "
                "votre date n'a PAS été enregistrée."
            )
            % {"day": recorded.strftime("%d/%m/%Y")},
            field="first_contact_on",
        )
    Referral.objects.filter(pk=referral.pk).update(first_contact_on=day)
    referral.first_contact_on = day
    record(Action.UPDATE, membership=membership, target=referral, request=request, detail={"first_contact_on": day.isoformat()})
    return referral


@transaction.atomic
def enrol(*, membership, situation, data, request=None):
    enrolment = Enrolment.objects.create(situation=situation, organisation=membership.organisation, **data)
    record(
        Action.CREATE,
        membership=membership,
        target=enrolment,
        request=request,
        detail={"situation": situation.pk, "programme": enrolment.programme.code},
    )
    return enrolment


def exit_conflict(enrolment):
    """Why the exit can no longer be recorded (recorded already, perhaps by a colleague), or None."""
    if enrolment.exited_on is None:
        return None
    return Conflict(
        _(
            "La sortie de ce programme est déjà enregistrée (le %(day)s, %(outcome)s), sans doute par un ou une collègue : "
            "votre saisie n'a PAS été enregistrée. Elle reste affichée ci-dessous ; relisez la situation avant toute correction."
        )
        % {"day": enrolment.exited_on.strftime("%d/%m/%Y"), "outcome": enrolment.get_outcome_display() or "—"},
        field="exited_on",
    )


@transaction.atomic
def exit_enrolment(*, membership, enrolment, data, request=None):
    """Record the exit once: the row is locked and read again, and a second exit (two practitioners on the same
    enrolment) is refused with Conflict rather than silently changing the outcome and the date recorded first."""
    current = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    conflict = exit_conflict(current)
    if conflict is not None:
        raise conflict
    enrolment = current
    for key, value in data.items():
        setattr(enrolment, key, value)
    enrolment.save()
    record(Action.UPDATE, membership=membership, target=enrolment, request=request, detail={"outcome": enrolment.outcome})
    return enrolment


@transaction.atomic
def share_with_committee(*, membership, situation, until, reason="", request=None):
    share = CommitteeShare.objects.create(situation=situation, shared_by=membership.user, until=until, reason=reason)
    record(Action.SHARE, membership=membership, target=situation, request=request, detail={"committee_until": until.isoformat()})
    return share


ANONYMOUS = "[anonymisé]"


@transaction.atomic
def anonymise_situation(situation, *, reason, membership=None):
    """Erase every identifying field of a closed situation; keep what statistics need (sex, age band, commune, events' kinds and dates)."""
    for person in situation.people.all():
        person.first_name = ANONYMOUS
        person.last_name = ANONYMOUS
        person.birth_date = None
        person.address = person.phone = person.email = person.notes = person.safe_hours = person.via_third_party = ""
        person.save()
        Person.objects.filter(pk=person.pk).update(last_name_index="", full_name_index="", identity_index="")
    situation.events.update(notes="")
    situation.assessments.update(raised_reason="")
    Referral.objects.filter(situation=situation).update(reason=ANONYMOUS, refusal_reason="")
    situation.committee_shares.update(reason="")
    situation.notes = ""
    situation.anonymised_at = timezone.now()
    situation.save()
    record(
        Action.ANONYMISE,
        membership=membership,
        target=situation,
        detail={"reason": reason, "closed_on": situation.closed_on.isoformat() if situation.closed_on else None},
    )


def closed_before(days, today=None):
    today = today or timezone.localdate()
    return Situation.objects.filter(status=Status.CLOSED, anonymised_at__isnull=True, closed_on__lt=today - datetime.timedelta(days=days))
