"""Changes to the guide: an organisation proposes, the coordinator publishes. Each change is journaled in the same
transaction."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from audit.journal import record
from audit.models import Action
from directory.forms import PAYLOAD_FIELDS
from directory.models import ChangeRequest, ChangeStatus, Place, Service, ServiceAtPlace
from directory.search import reindex
from notifications import events as notify


@transaction.atomic
def propose_service(*, acting_membership, payload, locations, service=None, announce=True):
    """Record the proposed state of a service (a new one is created unpublished). One pending change per service.
    `announce`: tell the coordinators (a spreadsheet import tells them once for all its services)."""
    if acting_membership is None:
        raise PermissionDenied
    if service is None:
        service = Service(organisation=acting_membership.organisation, is_published=False)
        for name in PAYLOAD_FIELDS:
            setattr(service, name, payload[name])
        service.save()
        service.set_categories(payload["categories"])
    elif service.organisation_id != acting_membership.organisation_id:
        raise PermissionDenied
    allowed_places = set(Place.objects.filter(organisation_id=service.organisation_id).values_list("pk", flat=True))
    if any(location["place"] not in allowed_places for location in locations):
        raise ValidationError({"place": "Ce lieu n'appartient pas à votre organisation."})
    full = {**payload, "locations": locations}
    change = ChangeRequest.objects.pending().filter(service=service).first()
    if change is None:
        change = ChangeRequest.objects.create(service=service, payload=full, submitted_by=acting_membership)
    else:
        change.payload = full
        change.submitted_by = acting_membership
        change.save(update_fields=["payload", "submitted_by"])
    record(Action.UPDATE, membership=acting_membership, target=service, detail={"change_request": change.pk, "status": "proposed"})
    if announce:
        notify.directory_change_awaits_review(change)
    return change


@transaction.atomic
def approve_change(change, *, acting_membership, comment=""):
    if acting_membership is None or not acting_membership.is_coordinator:
        raise PermissionDenied
    change = ChangeRequest.objects.select_for_update().get(pk=change.pk)
    if change.status != ChangeStatus.PENDING:
        raise ValidationError("Cette modification a déjà été traitée.")
    service = change.service
    payload = change.payload
    for name in PAYLOAD_FIELDS:
        if name in payload:
            setattr(service, name, payload[name])
    service.is_published = True
    service.last_verified_at = timezone.localdate()
    service.full_clean()
    service.save()
    service.set_categories(payload.get("categories", []))
    wanted = {loc["place"]: loc for loc in payload.get("locations", [])}
    service.locations.exclude(place_id__in=list(wanted)).delete()
    for place_id, loc in wanted.items():
        location, _ = ServiceAtPlace.objects.get_or_create(service=service, place_id=place_id)
        location.hours, location.phone, location.notes = loc.get("hours", ""), loc.get("phone", ""), loc.get("notes", "")
        location.save()
    change.status = ChangeStatus.APPROVED
    change.reviewed_by = acting_membership
    change.reviewed_at = timezone.now()
    change.review_comment = comment
    change.save()
    reindex([Service.objects.select_related("organisation").get(pk=service.pk)])
    record(Action.UPDATE, membership=acting_membership, target=service, detail={"change_request": change.pk, "status": "approved"})
    return service


@transaction.atomic
def reject_change(change, *, acting_membership, comment=""):
    if acting_membership is None or not acting_membership.is_coordinator:
        raise PermissionDenied
    change = ChangeRequest.objects.select_for_update().get(pk=change.pk)
    if change.status != ChangeStatus.PENDING:
        raise ValidationError("Cette modification a déjà été traitée.")
    change.status = ChangeStatus.REJECTED
    change.reviewed_by = acting_membership
    change.reviewed_at = timezone.now()
    change.review_comment = comment
    change.save()
    record(Action.UPDATE, membership=acting_membership, target=change.service, detail={"change_request": change.pk, "status": "rejected"})
    return change


@transaction.atomic
def mark_verified(service, *, acting_membership):
    if acting_membership is None or service.organisation_id != acting_membership.organisation_id:
        raise PermissionDenied
    Service.objects.filter(pk=service.pk).update(last_verified_at=timezone.localdate())
    record(Action.UPDATE, membership=acting_membership, target=service, detail={"verified": True})
