"""School prevention sessions and working groups (members, meetings with agenda, minutes and decisions, tasks)."""

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.journal import record
from audit.models import Action as JournalAction
from network import access, queries
from network import actions as plan_actions
from network.forms import GroupMeetingForm, GroupTaskForm, SchoolFilterForm, SchoolSessionForm, WorkingGroupForm
from network.models import WorkingGroup
from network.views.common import form_page


def schools(request):
    membership = access.membership_or_404(request)
    form = SchoolFilterForm(request.GET or None)
    if request.GET and not form.is_valid():
        sessions, status = [], 400
    else:
        sessions, status = list(queries.school_sessions(form.cleaned_data if request.GET else {})), 200
    return render(
        request,
        "network/schools.html",
        {
            "form": form,
            "sessions": sessions,
            "summary": queries.school_summary(sessions),
            "may_create": access.may_create_action(membership),
            "editable": {s.pk for s in sessions if access.may_edit_school_session(membership, s)},
        },
        status=status,
    )


def school_create(request):
    membership = access.membership_or_404(request)
    if not access.may_create_action(membership):
        raise Http404
    organisation = None if access.steers(membership) else membership.organisation
    form = SchoolSessionForm(request.POST or None, organisation=organisation)
    back = ("network:schools", None, _("Interventions en milieu scolaire"))
    if request.method == "POST":
        if form.is_valid():
            plan_actions.save_action(form, membership=membership, request=request)
            messages.success(request, _("Intervention enregistrée."))
            return redirect("network:schools")
        return form_page(request, form, _("Nouvelle intervention en milieu scolaire"), _("Enregistrer"), back, status=422)
    return form_page(request, form, _("Nouvelle intervention en milieu scolaire"), _("Enregistrer"), back)


def school_edit(request, pk):
    membership, session = access.school_session_or_404(request, pk)
    organisation = None if access.steers(membership) else membership.organisation
    form = SchoolSessionForm(request.POST or None, instance=session, organisation=organisation)
    back = ("network:schools", None, _("Interventions en milieu scolaire"))
    if request.method == "POST":
        if form.is_valid():
            plan_actions.save_action(form, membership=membership, request=request)
            messages.success(request, _("Intervention modifiée."))
            return redirect("network:schools")
        return form_page(request, form, _("Modifier l'intervention"), _("Enregistrer"), back, status=422)
    return form_page(request, form, _("Modifier l'intervention"), _("Enregistrer"), back)


def groups(request):
    membership = access.membership_or_404(request)
    all_groups = list(WorkingGroup.objects.select_related("convener").prefetch_related("members", "tasks"))
    today = timezone.localdate()
    for group in all_groups:
        group.overdue_count = sum(1 for t in group.tasks.all() if t.is_overdue(today))
    return render(
        request,
        "network/groups.html",
        {"groups": all_groups, "steers": access.steers(membership), "my_overdue": list(queries.overdue_tasks(membership))},
    )


def group_create(request):
    membership = access.steering_or_404(request)
    form = WorkingGroupForm(request.POST or None)
    back = ("network:groups", None, _("Groupes de travail"))
    if request.method == "POST":
        if form.is_valid():
            group = plan_actions.save_action(form, membership=membership, request=request)
            messages.success(request, _("Groupe de travail créé."))
            return redirect("network:group_detail", pk=group.pk)
        return form_page(request, form, _("Nouveau groupe de travail"), _("Créer le groupe"), back, status=422)
    return form_page(request, form, _("Nouveau groupe de travail"), _("Créer le groupe"), back)


def group_edit(request, pk):
    membership, group = access.managed_group_or_404(request, pk)
    form = WorkingGroupForm(request.POST or None, instance=group, fixed_convener=None if access.steers(membership) else group.convener)
    back = ("network:group_detail", group.pk, group.name)
    if request.method == "POST":
        if form.is_valid():
            plan_actions.save_action(form, membership=membership, request=request)
            messages.success(request, _("Groupe modifié."))
            return redirect("network:group_detail", pk=group.pk)
        return form_page(request, form, _("Modifier le groupe"), _("Enregistrer"), back, status=422)
    return form_page(request, form, _("Modifier le groupe"), _("Enregistrer"), back)


def group_detail(request, pk):
    membership, group = access.group_or_404(request, pk)
    tasks = list(group.tasks.select_related("owner__user", "owner__organisation", "meeting"))
    return render(
        request,
        "network/group_detail.html",
        {
            "group": group,
            "members": list(group.members.select_related("user", "organisation")),
            "meetings": list(group.meetings.all()),
            "open_tasks": [t for t in tasks if t.done_on is None],
            "done_tasks": [t for t in tasks if t.done_on is not None],
            "manages": access.manages_group(membership, group),
            "me": membership.user.pk,
        },
    )


def meeting_add(request, pk):
    membership, group = access.managed_group_or_404(request, pk)
    form = GroupMeetingForm(request.POST or None)
    back = ("network:group_detail", group.pk, group.name)
    if request.method == "POST":
        if form.is_valid():
            plan_actions.save_child(form, membership=membership, request=request, group=group)
            messages.success(request, _("Réunion enregistrée."))
            return redirect("network:group_detail", pk=group.pk)
        return form_page(request, form, _("Nouvelle réunion"), _("Enregistrer"), back, status=422)
    return form_page(request, form, _("Nouvelle réunion"), _("Enregistrer"), back)


def meeting_edit(request, pk):
    membership, meeting = access.meeting_or_404(request, pk)
    form = GroupMeetingForm(request.POST or None, instance=meeting)
    back = ("network:group_detail", meeting.group_id, meeting.group.name)
    title = _("Réunion du %(date)s") % {"date": meeting.date.strftime("%d/%m/%Y")}
    if request.method == "POST":
        if form.is_valid():
            plan_actions.save_child(form, membership=membership, request=request)
            messages.success(request, _("Réunion modifiée."))
            return redirect("network:group_detail", pk=meeting.group_id)
        return form_page(request, form, title, _("Enregistrer"), back, status=422)
    return form_page(request, form, title, _("Enregistrer"), back)


def _notify_task(task):
    """Tell the owner, through the notifications app when it offers an event for working-group tasks."""
    try:
        from notifications import events
    except ImportError:  # pragma: no cover - the app is not installed
        return
    event = getattr(events, "working_group_task_assigned", None)
    if event is not None:
        event(task)


def task_add(request, pk):
    membership, group = access.managed_group_or_404(request, pk)
    form = GroupTaskForm(request.POST or None, group=group)
    back = ("network:group_detail", group.pk, group.name)
    intro = None if group.members.exists() else _("Ajoutez d'abord des membres au groupe : une tâche a toujours un·e responsable.")
    if request.method == "POST":
        if form.is_valid():
            with transaction.atomic():
                task = plan_actions.save_child(form, membership=membership, request=request, group=group)
                _notify_task(task)
            messages.success(request, _("Tâche ajoutée."))
            return redirect("network:group_detail", pk=group.pk)
        return form_page(request, form, _("Nouvelle tâche"), _("Ajouter"), back, status=422, intro=intro)
    return form_page(request, form, _("Nouvelle tâche"), _("Ajouter"), back, intro=intro)


@require_POST
def task_done(request, pk):
    membership, task = access.task_or_404(request, pk)
    if task.done_on is None:
        task.done_on = timezone.localdate()
        task.save(update_fields=["done_on"])
        record(JournalAction.UPDATE, membership=membership, target=task, request=request, detail={"done": True})
        messages.success(request, _("Tâche marquée comme faite."))
    return redirect("network:group_detail", pk=task.group_id)
