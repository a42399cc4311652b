"""Who is told of an event: the members who may open what the notification links to, and nobody else.

A situation's news goes to the members of the organisation that follows it who may open it (casework.access: her
team's situations and those of no team), never to a member a perpetrator link covers on it (the perpetrator's side
is told nothing about the household, not even that something happened)."""

from django.db.models import Q

from accounts.models import NOMINATIVE_ROLES, Membership, Role


def _active():
    return Membership.objects.active().select_related("user", "organisation")


def situation_members(situation):
    """The active members of the situation's organisation who may open it, less those a perpetrator link covers."""
    from casework.access import linked_in

    members = _active().filter(organisation_id=situation.organisation_id, role__in=NOMINATIVE_ROLES)
    if situation.team_id is not None:
        members = members.filter(Q(team__isnull=True) | Q(team_id=situation.team_id))
    return [m for m in members.order_by("pk") if not linked_in(m, [situation.pk])]


def organisation_members(organisation_id, roles=NOMINATIVE_ROLES):
    return list(_active().filter(organisation_id=organisation_id, role__in=list(roles)).order_by("pk"))


def organisation_admins(organisation_id):
    """The organisation's admins; its practitioners when it has no admin (someone must keep its guide entries)."""
    return organisation_members(organisation_id, [Role.ORG_ADMIN]) or organisation_members(organisation_id)


def coordinators():
    return list(_active().filter(role=Role.COORDINATOR).order_by("pk"))
