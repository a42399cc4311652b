"""JSON API of the committee (/api/reseau/comite/): the meetings a member may read, each agenda through the same gate
as the pages (a situation one may not open is « restreinte », the perpetrator's side reads only its own actions), and
the actions given to the member's organisation. Read-only: the committee's work is done in its meetings' pages."""

from django.http import Http404
from ninja import Router

from audit.journal import record
from audit.models import Action
from casework.api import Id
from committee import access, queries
from committee.models import CommitteeAction

router = Router(tags=["comité"])


def _membership(request):
    membership = getattr(request, "membership", None)
    if membership is None:
        raise Http404
    return membership


def _action(action):
    return {
        "id": action.pk,
        "situation": action.item.situation.reference,
        "description": action.description,
        "owner": str(action.owner),
        "due_on": action.due_on,
        "status": action.status,
        "overdue": action.overdue,
    }


@router.get("/seances", response=list[dict], summary="Séances du comité lisibles par votre organisation")
def meetings(request):
    membership = _membership(request)
    rows = access.meetings_visible_to(membership).prefetch_related("attendees").order_by("-date", "-pk")
    return [{"id": m.pk, "date": m.date, "place": m.place, "held": m.held, "attendees": [str(o) for o in m.attendees.all()]} for m in rows]


@router.get("/seances/{meeting_id}", response=dict, summary="Une séance : son ordre du jour, ses décisions et actions (selon vos droits)")
def meeting(request, meeting_id: Id):
    membership = _membership(request)
    meeting = access.get_meeting_or_404(membership, meeting_id)
    views = access.item_views(queries.agenda(meeting), membership)
    record(
        Action.VIEW,
        membership=membership,
        target=meeting,
        request=request,
        detail={"situations": [v.item.situation_id for v in views if not v.restricted or v.actions], "api": True},
    )
    items = []
    for view in views:
        item = view.item
        entry = {"restricted": view.restricted, "repeat": item.repeat}
        if not view.restricted:
            entry.update(
                situation=item.situation.reference,
                put_forward_by=str(item.put_forward_by),
                reason=item.reason,
                basis=item.basis,
                danger_level=item.situation.danger_level if view.shows_level else None,
            )
        entry["decisions"] = [d.text for d in view.decisions]
        entry["decisions_withheld"] = view.decisions_withheld
        entry["actions"] = [
            {"id": a.pk, "description": a.description, "owner": str(a.owner), "due_on": a.due_on, "status": a.status} for a in view.actions
        ]
        items.append(entry)
    return {
        "id": meeting.pk,
        "date": meeting.date,
        "place": meeting.place,
        "held": meeting.held,
        "attendees": [str(o) for o in meeting.attendees.all()],
        "agenda": items,
        "review": [_action(a) for a in queries.actions_to_review(meeting, membership)],
    }


@router.get("/actions", response=list[dict], summary="Actions du comité confiées à votre organisation (toutes pour la coordination)")
def actions(request):
    membership = _membership(request)
    if access.steers(membership):
        rows = CommitteeAction.objects.outstanding()
    elif access.reads_actions(membership):
        rows = access.actions_of_organisation(membership)
    else:
        raise Http404
    return [_action(a) for a in rows.select_related("item__situation", "owner").order_by("due_on", "pk")]
