"""Changes to the action plan that touch several rows: each in one transaction, with its journal entry."""

from django.db import transaction
from django.utils import timezone

from audit.journal import record
from audit.models import Action as JournalAction
from network.models import ActionOutput, TrainedProfessionals


@transaction.atomic
def save_action(form, *, membership, request=None):
    created = form.instance.pk is None
    action = form.save()
    record(JournalAction.CREATE if created else JournalAction.UPDATE, membership=membership, target=action, request=request)
    return action


@transaction.atomic
def save_child(form, *, membership, request=None, **values):
    """A milestone or a funding line of an action."""
    created = form.instance.pk is None
    for name, value in values.items():
        setattr(form.instance, name, value)
    obj = form.save()
    record(JournalAction.CREATE if created else JournalAction.UPDATE, membership=membership, target=obj, request=request)
    return obj


@transaction.atomic
def report_outputs(action, *, data, trained, membership, request=None):
    output, _ = ActionOutput.objects.select_for_update().get_or_create(action=action)
    output.people_reached = data["people_reached"]
    output.pupils_reached = data["pupils_reached"]
    output.documents_produced = data["documents_produced"]
    output.notes = data.get("notes", "")
    output.reported_at = timezone.now()
    output.reported_by = membership.user
    output.save()
    output.trained.all().delete()
    TrainedProfessionals.objects.bulk_create(
        [TrainedProfessionals(output=output, profession=profession, count=count) for profession, count in trained.items() if count]
    )
    record(JournalAction.UPDATE, membership=membership, target=output, request=request, detail={"action": action.pk})
    return output
