"""Changes to the shared follow-up. Each action is atomic and writes its journal entry in the same transaction."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.journal import record
from audit.models import Action
from casework import access, links, risk
from casework.models import (
    LEVEL_ORDER,
    CommitteeShare,
    Consent,
    DangerLevel,
    Enrolment,
    Event,
    HousingPlace,
    LinkSource,
    PerpetratorLink,
    Person,
    PersonRole,
    Referral,
    ReferralStatus,
    RiskAssessment,
    Situation,
    Status,
)
from notifications import events as notify


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
    with links.acting(membership.user, request):
        situation = Situation.objects.create(
            organisation=membership.organisation,
            team_id=membership.team_id,
            created_by=membership.user,
            referent=membership.user,
            **situation_data,
        )
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
    with links.acting(membership.user, request):
        situation.save()
    record(Action.UPDATE, membership=membership, target=situation, request=request, detail={"fields": sorted(data)})
    return situation


@transaction.atomic
def add_person(*, membership, situation, data, request=None):
    person = Person(situation=situation, **data)
    with links.acting(membership.user, request):
        person.save()
    record(Action.CREATE, membership=membership, target=person, request=request, detail={"situation": situation.pk})
    return person


@transaction.atomic
def update_person(*, membership, person, data, version, request=None):
    _check_version(Person, person.pk, version)
    for key, value in data.items():
        setattr(person, key, value)
    person.version = int(version) + 1
    with links.acting(membership.user, request):
        person.save()
    record(Action.UPDATE, membership=membership, target=person, request=request, detail={"fields": sorted(data)})
    return person


def possible_duplicates(person, membership):
    """Other organisations that may follow the same person (same blind index of name and birth date): who to ask,
    nothing else. Decided from the organisation's relation to the people already recorded, never from the side or role
    the user declares in the form:
    - a victim or a child found elsewhere is named to nobody on the perpetrator's side of a household where she
      appears (a perpetrator link covers the membership there);
    - the perpetrator found elsewhere is named only to say which organisations accompany him (their file is on his
      side, or they accompany perpetrators), never the victims' organisations whose files merely list him."""
    if not person.identity_index:
        return []
    rows = list(
        Person.objects.filter(identity_index=person.identity_index)
        .exclude(situation__organisation_id=membership.organisation_id)
        .exclude(situation__anonymised_at__isnull=False)
        .select_related("situation__organisation", "situation__team")
    )
    protected = [r.situation_id for r in rows if r.role in (PersonRole.VICTIM, PersonRole.CHILD)]
    # Where she appears as a victim or a child and this membership is the perpetrator's side: nothing at all is said
    # of this identity, not even the files where someone recorded it on a perpetrator's side (asked in one query
    # whatever was found).
    if access.linked_in(membership, protected or [0]):
        return []
    # A file on his side, or a part of the organisation that accompanies perpetrators, learns nothing of the victims.
    his_side = links.accompanies_him(person.situation) or membership.accompanies in links.PERPETRATOR_AUDIENCES
    found = set()
    for row in rows:
        if row.role in (PersonRole.VICTIM, PersonRole.CHILD):
            if his_side:
                continue
        elif not links.accompanies_him(row.situation):
            continue
        organisation = row.situation.organisation
        found.add((organisation.name, organisation.email))
    return [{"organisation": name, "email": email} for name, email in sorted(found)]


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
        grid_snapshot=risk.snapshot(grid, questions),
        answers={q.code: answers.get(q.code) if answers.get(q.code) in (risk.YES, risk.NO) else risk.UNKNOWN for q in questions},
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
    if fields.get("flagged_for_committee"):
        notify.situation_flagged_for_committee(situation)
    record(
        Action.CREATE,
        membership=membership,
        target=assessment,
        request=request,
        detail={
            "situation": situation.pk,
            "score": total,
            "level": level,
            "red_flags": flags,
            "unknown": risk.unknown_count(questions, answers),
        },
    )
    return assessment


@transaction.atomic
def create_referral(*, membership, situation, person, receiver, reason, consent_data, service=None, request=None):
    consent = Consent.objects.create(person=person, organisation=receiver, recorded_by=membership.user, **consent_data)
    with links.acting(membership.user, request):
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
    notify.referral_received(referral)
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
    notify.referral_answered(referral)
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
    with links.acting(membership.user, request):
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
    notify.situation_shared_with_committee(share)
    return share


@transaction.atomic
def end_committee_share(*, membership, situation, request=None):
    """The organisation that follows the situation ends its sharing with the committee: from today the coordinators no
    longer read it (a share covers the days up to `until`). Returns how many shares were ended."""
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    ended = CommitteeShare.objects.filter(situation=situation, until__gt=yesterday).update(until=yesterday)
    if ended:
        record(Action.SHARE, membership=membership, target=situation, request=request, detail={"committee_until": yesterday.isoformat()})
    return ended


def live_committee_share(situation, today=None):
    """The share in force that lasts longest, or None."""
    today = today or timezone.localdate()
    return CommitteeShare.objects.filter(situation=situation, until__gte=today).defer("reason").order_by("-until").first()


@transaction.atomic
def declare_perpetrator_link(*, membership, situation, organisation, team=None, request=None):
    """The victim's organisation (or the perpetrator's) declares that `organisation` accompanies the perpetrator."""
    person = situation.people.filter(role=PersonRole.PERPETRATOR).first()
    created = links.link_organisation(
        situation, person, organisation, LinkSource.DECLARATION, team=team, by=membership.user, request=request
    )
    record(
        Action.UPDATE,
        membership=membership,
        target=situation,
        request=request,
        detail={"perpetrator_link_declared": organisation.pk, "team": team.pk if team else None, "links": [link.pk for link in created]},
    )
    return created


def may_lift(link, membership):
    """Only the victim's side lifts a link: a member of the organisation that follows the household whom no link on it
    covers (not the linked organisation, nor a team of the household's organisation that accompanies him)."""
    if membership is None or not membership.is_active or not membership.sees_nominative_data:
        return False
    if link.situation.organisation_id != membership.organisation_id:
        return False
    return not access.linked_in(membership, [link.situation_id])


@transaction.atomic
def lift_perpetrator_link(*, link, reason, membership=None, admin_user=None, request=None):
    """Lift a link, with a reason: the household's organisation (victim's side), or a platform administrator."""
    if not reason or not reason.strip():
        raise ValueError(_("Indiquez le motif de la levée."))
    link = PerpetratorLink.objects.select_for_update().get(pk=link.pk)
    if link.lifted_at is not None:
        raise Conflict(_("Ce lien est déjà levé."), field="link")
    if admin_user is None and not may_lift(link, membership):
        raise PermissionError("only the victim's side lifts a perpetrator link")
    link.lifted_at = timezone.now()
    link.lifted_by = admin_user or membership.user
    link.lift_reason = reason.strip()
    link.save(update_fields=["lifted_at", "lifted_by", "lift_reason"])
    record(
        Action.UPDATE,
        membership=membership,
        actor=admin_user,
        target=link,
        request=request,
        detail={"lifted": True, "situation": link.situation_id, "organisation": link.organisation_id, "by_admin": admin_user is not None},
    )
    return link


ANONYMOUS = "[anonymisé]"


@transaction.atomic
def anonymise_situation(situation, *, reason, membership=None):
    """Erase every identifying field of a closed situation; keep what statistics need (sex, age band, commune, events' kinds and dates)."""
    now = timezone.now()
    # Marked first, so that saving its people recognises nothing in a file being emptied (casework.links).
    Situation.objects.filter(pk=situation.pk).update(anonymised_at=now)
    situation.anonymised_at = now
    for person in situation.people.all():
        person.situation = situation
        person.first_name = ANONYMOUS
        person.last_name = ANONYMOUS
        person.birth_date = None
        person.address = person.phone = person.email = person.notes = person.safe_hours = person.via_third_party = ""
        person.save()
        Person.objects.filter(pk=person.pk).update(last_name_index="", full_name_index="", identity_index="", phonetic_index="")
    situation.events.update(notes="")
    situation.assessments.update(raised_reason="")
    Referral.objects.filter(situation=situation).update(reason=ANONYMOUS, refusal_reason="")
    situation.committee_shares.update(reason="")
    situation.notes = ""
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
