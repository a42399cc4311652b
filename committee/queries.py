"""Reads of the committee for its pages and for the network's calendar. Through committee.access."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from casework.models import Situation
from committee import access
from committee.models import AgendaItem, CommitteeAction, Meeting


def upcoming_meetings():
    return Meeting.objects.filter(date__gte=timezone.localdate(), held=False).order_by("date", "pk")


def agenda(meeting):
    return AgendaItem.objects.filter(meeting=meeting).select_related("situation", "put_forward_by", "previous__meeting")


def actions_to_review(meeting, membership):
    """Outstanding actions of earlier meetings, which this meeting reviews: all of them for the coordinator; for an
    attendee, those assigned to her organisation."""
    qs = CommitteeAction.objects.due_for_review_at(meeting).select_related("item__meeting", "item__situation", "owner")
    if not access.steers(membership):
        qs = qs.filter(owner_id=membership.organisation_id).exclude(item__situation_id__in=access.team_linked_situations(membership))
    return list(qs.order_by("due_on", "pk"))


def situations_to_put_forward(membership):
    """The open situations her organisation follows and she may edit (not those a team of hers reads as the
    perpetrator's side): flagged ones first."""
    from casework.access import linked_situations

    return (
        Situation.objects.visible_to(membership)
        .filter(organisation_id=membership.organisation_id, status="open", anonymised_at__isnull=True)
        .exclude(pk__in=linked_situations(membership))
        .order_by("-flagged_for_committee", "-pk")
    )


def calendar_items(organisation):
    """Dated items for the network's calendar of `organisation`: the meetings it attends and the due dates of the actions
    assigned to it. Titles name no person (a situation is its reference). `organisation` None: every meeting."""
    items = []
    meetings = Meeting.objects.all() if organisation is None else Meeting.objects.filter(attendees=organisation)
    for meeting in meetings.order_by("date", "pk"):
        items.append(
            {
                "kind": "committee_meeting",
                "title": _("Comité de suivi des situations de danger grave"),
                "date": meeting.date,
                "url": reverse("committee:meeting_detail", args=[meeting.pk]),
            }
        )
    if organisation is not None:
        for action in CommitteeAction.objects.outstanding().for_organisation(organisation.pk).select_related("item__situation"):
            items.append(
                {
                    "kind": "committee_action",
                    "title": _("Échéance d'une action du comité (%(ref)s)") % {"ref": action.item.situation.reference},
                    "date": action.due_on,
                    "url": reverse("committee:actions"),
                }
            )
    return items
