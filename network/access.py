"""The one gate of the network app: who reads the plan, who steers it, who edits an action and reports its outputs.

Every member of a partner organisation reads the plan (it is the network's, not a secret); the coordinator steers it
(plans, every action); an organisation's admin edits the actions her organisation leads and reports their outputs."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from network.models import Action


def membership_or_404(request):
    membership = getattr(request, "membership", None)
    if membership is None:
        raise Http404
    return membership


def steers(membership):
    return membership is not None and membership.is_coordinator


def may_create_action(membership):
    return steers(membership) or (membership is not None and membership.is_org_admin)


def may_edit_action(membership, action):
    if steers(membership):
        return True
    return membership is not None and membership.is_org_admin and action.lead_id == membership.organisation_id


def action_or_404(request, pk):
    membership_or_404(request)
    return get_object_or_404(Action.objects.with_related(), pk=pk)


def editable_action_or_404(request, pk):
    """An action the member may edit; another one answers 404, exactly like one that does not exist."""
    membership = membership_or_404(request)
    action = action_or_404(request, pk)
    if not may_edit_action(membership, action):
        raise Http404
    return membership, action


def steering_or_404(request):
    membership = membership_or_404(request)
    if not steers(membership):
        raise Http404
    return membership
