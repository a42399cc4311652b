"""Changes of the committee, each in one transaction with its journal entry."""

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from audit.journal import record
from audit.models import Action
from casework import actions as casework_actions
from casework.models import CommitteeShare
from committee.models import ActionStatus, AgendaItem, CommitteeAction, Decision, Meeting, within_repeat_window
from notifications import events as notify

SHARE_AFTER_MEETING_DAYS = 30  # the coordinator reads the situation until a month after the meeting


@transaction.atomic
def create_meeting(*, membership, data, request=None):
    meeting = Meeting.objects.create(
        date=data["date"], place=data.get("place", ""), held=data.get("held", False), created_by=membership.user
    )
    meeting.attendees.set(data["attendees"])
    record(Action.CREATE, membership=membership, target=meeting, request=request, detail={"date": meeting.date.isoformat()})
    return meeting


@transaction.atomic
def update_meeting(*, membership, meeting, data, request=None):
    meeting.date, meeting.place, meeting.held = data["date"], data.get("place", ""), data.get("held", False)
    meeting.save()
    meeting.attendees.set(data["attendees"])
    record(Action.UPDATE, membership=membership, target=meeting, request=request, detail={"date": meeting.date.isoformat()})
    return meeting


def previous_item(situation_id, date):
    return AgendaItem.objects.discussed_before(situation_id, date).select_related("meeting").first()


@transaction.atomic
def put_forward(*, membership, meeting, situation, reason, basis, request=None):
    """The organisation that follows `situation` puts it on the meeting's agenda: it attends, the coordinator reads the
    situation through a committee share until a month after the meeting, and a situation discussed within the past
    twelve months is marked repeat."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    previous = previous_item(situation.pk, meeting.date)
    repeat = previous is not None and within_repeat_window(previous.meeting.date, meeting.date)
    order = AgendaItem.objects.filter(meeting=meeting).count() + 1
    item = AgendaItem.objects.create(
        meeting=meeting,
        situation=situation,
        put_forward_by=membership.organisation,
        reason=reason,
        basis=basis,
        repeat=repeat,
        previous=previous,
        order=order,
    )
    meeting.attendees.add(membership.organisation)
    until = meeting.date + datetime.timedelta(days=SHARE_AFTER_MEETING_DAYS)
    if not CommitteeShare.objects.filter(situation=situation, until__gte=until).exists():
        casework_actions.share_with_committee(
            membership=membership, situation=situation, until=until, reason="Inscription à l'ordre du jour du comité", request=request
        )
    record(
        Action.SHARE,
        membership=membership,
        target=item,
        request=request,
        detail={"meeting": meeting.pk, "situation": situation.pk, "reason": reason, "basis": basis, "repeat": repeat},
    )
    return item


@transaction.atomic
def add_decision(*, membership, item, text, request=None):
    decision = Decision.objects.create(item=item, text=text, created_by=membership.user)
    record(Action.CREATE, membership=membership, target=decision, request=request, detail={"item": item.pk})
    return decision


@transaction.atomic
def add_action(*, membership, item, description, owner, due_on, request=None):
    action = CommitteeAction.objects.create(item=item, description=description, owner=owner, due_on=due_on, created_by=membership.user)
    record(
        Action.CREATE,
        membership=membership,
        target=action,
        request=request,
        detail={"item": item.pk, "owner": owner.pk, "due_on": due_on.isoformat()},
    )
    # The owner organisation's members are told (notifications.events), with a link to its actions, naming nobody.
    notify.committee_action_assigned(action, organisation=owner, url=reverse("committee:actions"))
    return action


@transaction.atomic
def review_action(*, membership, action, status, note="", meeting=None, request=None):
    action = CommitteeAction.objects.select_for_update().get(pk=action.pk)
    before = action.status
    action.status = status
    action.closed_on = timezone.localdate() if status != ActionStatus.OPEN else None
    if note:
        action.review_note = note
    if meeting is not None:
        action.last_review = meeting
    action.save()
    record(
        Action.UPDATE,
        membership=membership,
        target=action,
        request=request,
        detail={"status": [before, status], "meeting": meeting.pk if meeting else None},
    )
    return action
