"""Reads of the committee for its pages and for the network's calendar. Through committee.access."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from casework.models import PerpetratorLink, Situation
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


def calendar_items(organisation, *, external=False):
    """Dated items for the network's calendar of `organisation`: the meetings it attends and the due dates of the actions
    assigned to it. Titles name no person; `external` (the iCalendar feed, read by calendar applications outside the
    platform) names no situation either. The organisation's calendar is not a team's: an action about a household whose
    perpetrator one of its teams accompanies is left out (the victims' team reads it on the committee's actions page).
    `organisation` None: every meeting."""
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
        teams_linked = PerpetratorLink.objects.active().filter(organisation=organisation, team__isnull=False).values("situation_id")
        actions = (
            CommitteeAction.objects.outstanding()
            .for_organisation(organisation.pk)
            .exclude(item__situation_id__in=teams_linked)
            .select_related("item__situation")
        )
        for action in actions:
            title = _("Échéance d'une action du comité")
            if not external:
                title = _("Échéance d'une action du comité (%(ref)s)") % {"ref": action.item.situation.reference}
            items.append({"kind": "committee_action", "title": title, "date": action.due_on, "url": reverse("committee:actions")})
    return items
