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


# Trainings: the organiser's admin and the coordinator manage a cycle (sessions, registrations, attendance, the
# evaluations' summary); every member of a partner registers herself; a trainee reads her own certificate.


def may_create_cycle(membership):
    return steers(membership) or (membership is not None and membership.is_org_admin)


def manages_cycle(membership, cycle):
    if steers(membership):
        return True
    return membership is not None and membership.is_org_admin and cycle.organiser_id == membership.organisation_id


def cycle_or_404(request, pk):
    from network.models import TrainingCycle

    membership = membership_or_404(request)
    return membership, get_object_or_404(TrainingCycle.objects.select_related("organiser", "action").prefetch_related("sessions"), pk=pk)


def managed_cycle_or_404(request, pk):
    membership, cycle = cycle_or_404(request, pk)
    if not manages_cycle(membership, cycle):
        raise Http404
    return membership, cycle


def managed_session_or_404(request, pk):
    from network.models import TrainingSession

    membership = membership_or_404(request)
    session = get_object_or_404(TrainingSession.objects.select_related("cycle", "cycle__organiser"), pk=pk)
    if not manages_cycle(membership, session.cycle):
        raise Http404
    return membership, session


def certificate_registration_or_404(request, pk):
    """The trainee's own registration, or one of a cycle the member manages."""
    from network.models import Registration

    membership = membership_or_404(request)
    registration = get_object_or_404(Registration.objects.select_related("cycle", "cycle__organiser", "user", "organisation"), pk=pk)
    if registration.user_id != membership.user.pk and not manages_cycle(membership, registration.cycle):
        raise Http404
    return membership, registration


# School sessions: recorded by the coordinator or by the admin of the organisation that facilitates them. Working groups:
# the coordinator creates them; she and the convening organisation's admin run them; a task's owner marks it done.


def may_edit_school_session(membership, session):
    if steers(membership):
        return True
    return membership is not None and membership.is_org_admin and session.organisation_id == membership.organisation_id


def manages_group(membership, group):
    if steers(membership):
        return True
    return membership is not None and membership.is_org_admin and group.convener_id == membership.organisation_id


def school_session_or_404(request, pk):
    from network.models import SchoolSession

    membership = membership_or_404(request)
    session = get_object_or_404(SchoolSession, pk=pk)
    if not may_edit_school_session(membership, session):
        raise Http404
    return membership, session


def group_or_404(request, pk):
    from network.models import WorkingGroup

    membership = membership_or_404(request)
    return membership, get_object_or_404(WorkingGroup.objects.select_related("convener", "action"), pk=pk)


def managed_group_or_404(request, pk):
    membership, group = group_or_404(request, pk)
    if not manages_group(membership, group):
        raise Http404
    return membership, group


def meeting_or_404(request, pk):
    from network.models import GroupMeeting

    membership = membership_or_404(request)
    meeting = get_object_or_404(GroupMeeting.objects.select_related("group"), pk=pk)
    if not manages_group(membership, meeting.group):
        raise Http404
    return membership, meeting


def task_or_404(request, pk):
    """A task its owner or the group's managers may mark done; anyone else gets 404."""
    from network.models import GroupTask

    membership = membership_or_404(request)
    task = get_object_or_404(GroupTask.objects.select_related("group", "owner"), pk=pk)
    if task.owner.user_id != membership.user.pk and not manages_group(membership, task.group):
        raise Http404
    return membership, task
