"""The one gate of the committee: who reads which meeting, and what of each situation on its agenda.

- The coordinator steers the committee: she reads every meeting and records its decisions and actions. Of a situation
  on the agenda she reads what casework's gate gives her (a committee share in force); otherwise it is « restreinte ».
  The committee's own records (decisions, actions) stay hers to review at the next meeting.
- A practitioner or an organisation admin reads the meetings her organisation attends (or put a situation before).
  For each situation she reads what casework's gate gives her, nothing more: a situation she may not open is
  « restreinte » and shows only the actions assigned to her organisation.
- An organisation (or team) that accompanies the household's perpetrator (casework's `PerpetratorLink`) never reads the
  decisions about the household, nor the actions assigned to others (they may say where the victim is): only the
  actions assigned to itself.
- Analysts read no meeting (they read aggregates).

A meeting one may not read answers 404, like one that does not exist."""

from dataclasses import dataclass, field

from django.db.models import Q
from django.http import Http404

from accounts.models import Role
from casework import access as casework_access
from casework.models import PerpetratorLink, Situation
from committee.models import AgendaItem, CommitteeAction, Meeting


def _active(membership):
    return membership is not None and membership.is_active and membership.user.is_active


def steers(membership):
    return _active(membership) and membership.role == Role.COORDINATOR


def reads_actions(membership):
    """Practitioners and organisation admins read the actions assigned to their organisation."""
    return _active(membership) and membership.sees_nominative_data


def meetings_visible_to(membership):
    if not _active(membership):
        return Meeting.objects.none()
    if membership.role == Role.COORDINATOR:
        return Meeting.objects.all()
    if membership.sees_nominative_data:
        org = membership.organisation_id
        ids = AgendaItem.objects.filter(put_forward_by_id=org).values("meeting_id")
        return Meeting.objects.filter(Q(attendees__id=org) | Q(pk__in=ids)).distinct()
    return Meeting.objects.none()


def get_meeting_or_404(membership, pk):
    meeting = meetings_visible_to(membership).filter(pk=pk).first()
    if meeting is None:
        raise Http404
    return meeting


def team_linked_situations(membership):
    """The situations on which a perpetrator link covers one of the organisation's teams that this membership may be:
    an action the committee gave to the organisation about them may be its victims' team's (where she is taken), so
    this membership does not read it."""
    return PerpetratorLink.objects.covering(membership).filter(team__isnull=False).values("situation_id")


def actions_of_organisation(membership):
    if not reads_actions(membership):
        return CommitteeAction.objects.none()
    return CommitteeAction.objects.for_organisation(membership.organisation_id).exclude(
        item__situation_id__in=team_linked_situations(membership)
    )


def get_action_or_404(membership, pk):
    """An action the membership may update: the coordinator any, an organisation its own."""
    qs = CommitteeAction.objects.all() if steers(membership) else actions_of_organisation(membership)
    action = qs.select_related("item__meeting", "item__situation", "owner").filter(pk=pk).first()
    if action is None:
        raise Http404
    return action


def get_item_for_steering_or_404(membership, pk):
    """An agenda item on which the coordinator records decisions and actions: only while casework's gate lets her
    read the situation (a committee share in force), so that nothing is written blind."""
    if not steers(membership):
        raise Http404
    item = AgendaItem.objects.select_related("meeting", "situation", "put_forward_by").filter(pk=pk).first()
    if item is None:
        raise Http404
    if not Situation.objects.visible_to(membership).filter(pk=item.situation_id).exists():
        raise Http404
    return item


@dataclass
class ItemView:
    """What one membership reads of one agenda item."""

    item: AgendaItem
    restricted: bool
    situation_access: object = None
    decisions: list = field(default_factory=list)
    actions: list = field(default_factory=list)
    decisions_withheld: bool = False
    may_record: bool = False

    @property
    def shows_level(self):
        return self.situation_access is not None and self.situation_access.shows_assessment

    @property
    def opens_situation(self):
        """A link to the situation's page (which applies casework's gate again)."""
        return self.situation_access is not None


def item_views(items, membership):
    """The agenda as `membership` reads it: [ItemView], in the agenda's order. Three queries whatever the length."""
    items = list(items)
    ids = [item.situation_id for item in items]
    visible = list(Situation.objects.visible_to(membership).filter(pk__in=ids)) if ids else []
    casework_access.attach_gate(visible, membership)
    accesses = {s.pk: casework_access.access_for(s, membership) for s in visible}
    decisions, actions = {}, {}
    for decision in _decisions_of(items):
        decisions.setdefault(decision.item_id, []).append(decision)
    for action in CommitteeAction.objects.filter(item__in=items).select_related("owner", "last_review"):
        actions.setdefault(action.item_id, []).append(action)
    coordinator = steers(membership)
    own = membership.organisation_id
    hidden = set() if coordinator else set(team_linked_situations(membership).values_list("situation_id", flat=True))
    views = []
    for item in items:
        situation_access = accesses.get(item.situation_id)
        restricted = situation_access is None
        linked = situation_access is not None and not coordinator and situation_access.is_linked()
        item_actions = actions.get(item.pk, [])
        if coordinator:
            shown_decisions, shown_actions, withheld = decisions.get(item.pk, []), item_actions, False
        elif restricted or linked:
            shown_decisions = []
            shown_actions = [a for a in item_actions if a.owner_id == own and item.situation_id not in hidden]
            withheld = linked and bool(decisions.get(item.pk))
        else:
            shown_decisions, shown_actions, withheld = decisions.get(item.pk, []), item_actions, False
        views.append(
            ItemView(
                item=item,
                restricted=restricted,
                situation_access=situation_access,
                decisions=shown_decisions,
                actions=shown_actions,
                decisions_withheld=withheld,
                may_record=coordinator and not restricted,
            )
        )
    return views


def _decisions_of(items):
    from committee.models import Decision

    return Decision.objects.filter(item__in=items)
