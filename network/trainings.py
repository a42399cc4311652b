"""Registrations to a training cycle: a seat each while there are seats, then the waiting list, promoted in order when
someone withdraws or a session gets more seats. Seats are unique per cycle in the database, so two professionals racing
for the last seat cannot both get it: the loser's insert fails and she is put on the waiting list."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from audit.journal import record
from audit.models import Action as JournalAction
from network.models import Attendance, Registration, RegistrationStatus, TrainingCycle

ATTEMPTS = 5


def _free_seat(cycle):
    """The lowest seat number nobody holds, while fewer trainees than places are confirmed. Counted, not bounded by
    the capacity: after a withdrawal and a smaller room, seat 2 may be held while seat 1 is free and the cycle full."""
    taken = set(Registration.objects.filter(cycle=cycle, status=RegistrationStatus.CONFIRMED).values_list("seat", flat=True))
    if len(taken) >= cycle.capacity:
        return None
    return next(seat for seat in range(1, len(taken) + 2) if seat not in taken)


def _locked(cycle_id):
    return TrainingCycle.objects.select_for_update().prefetch_related("sessions").get(pk=cycle_id)


def register(cycle, *, membership, request=None):
    """Register the member herself: a seat if one is free, the waiting list otherwise. Registering again while
    registered changes nothing; after a withdrawal she comes back at the end of the queue."""
    for _attempt in range(ATTEMPTS):
        try:
            with transaction.atomic():
                locked = _locked(cycle.pk)
                registration = Registration.objects.filter(cycle=locked, user=membership.user).first()
                if registration is not None and registration.status != RegistrationStatus.WITHDRAWN:
                    return registration
                seat = _free_seat(locked)
                status = RegistrationStatus.CONFIRMED if seat else RegistrationStatus.WAITING
                if registration is None:
                    registration = Registration(cycle=locked, user=membership.user)
                registration.organisation = membership.organisation
                registration.status, registration.seat, registration.registered_at = status, seat, timezone.now()
                registration.save()
                record(JournalAction.CREATE, membership=membership, target=registration, request=request, detail={"status": status})
                return registration
        except IntegrityError:
            continue  # the seat (or the registration) was taken meanwhile: look again
    raise RuntimeError("registration kept colliding")  # pragma: no cover - five collisions in a row


def promote_waiting(cycle_id):
    """Give the free seats to the waiting list, first registered first. Call inside the caller's transaction."""
    locked = _locked(cycle_id)
    promoted = []
    for waiting in Registration.objects.filter(cycle=locked, status=RegistrationStatus.WAITING).order_by("registered_at", "pk"):
        seat = _free_seat(locked)
        if seat is None:
            break
        waiting.status, waiting.seat = RegistrationStatus.CONFIRMED, seat
        waiting.save(update_fields=["status", "seat"])
        promoted.append(waiting)
    return promoted


@transaction.atomic
def withdraw(registration, *, membership, request=None):
    _locked(registration.cycle_id)
    registration.refresh_from_db()
    if registration.status == RegistrationStatus.WITHDRAWN:
        return []
    registration.status, registration.seat = RegistrationStatus.WITHDRAWN, None
    registration.save(update_fields=["status", "seat"])
    record(JournalAction.UPDATE, membership=membership, target=registration, request=request, detail={"status": "withdrawn"})
    return promote_waiting(registration.cycle_id)


def waiting_position(registration):
    if registration.status != RegistrationStatus.WAITING:
        return None
    ahead = Registration.objects.filter(
        cycle_id=registration.cycle_id, status=RegistrationStatus.WAITING, registered_at__lt=registration.registered_at
    )
    return ahead.count() + 1


@transaction.atomic
def take_attendance(session, present_ids, *, membership, request=None):
    """Record who attended the session among the confirmed trainees: one row each, present or not."""
    confirmed = list(Registration.objects.filter(cycle_id=session.cycle_id, status=RegistrationStatus.CONFIRMED))
    for registration in confirmed:
        Attendance.objects.update_or_create(
            session=session, registration=registration, defaults={"present": registration.pk in present_ids}
        )
    record(JournalAction.UPDATE, membership=membership, target=session, request=request, detail={"present": sorted(present_ids)})


def attended_sessions(registration):
    return [a.session for a in registration.attendances.filter(present=True).select_related("session").order_by("session__date")]


def evaluation_summary(cycle, minimum=3):
    """Averages of the cycle's evaluations; below `minimum` answers nothing but the count is shown (one answer's
    average is that person's answer)."""
    from django.db.models import Avg, Count, Q

    from network.models import Evaluation

    evaluations = Evaluation.objects.filter(registration__cycle=cycle)
    figures = evaluations.aggregate(
        count=Count("pk"),
        overall=Avg("overall"),
        objectives_met=Avg("objectives_met"),
        usefulness=Avg("usefulness"),
        network_knowledge=Avg("network_knowledge"),
        recommend=Count("pk", filter=Q(recommend=True)),
    )
    shown = figures["count"] >= minimum
    comments = list(evaluations.exclude(comment="").order_by("?").values_list("comment", flat=True)) if shown else []
    return {"count": figures["count"], "shown": shown, "minimum": minimum, "figures": figures, "comments": comments}
