"""The action plan's pages: home, table of actions, an action and its milestones, funding and outputs, the timeline,
"qui fait quoi"."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from network import access, queries
from network import actions as plan_actions
from network.forms import ActionFilterForm, ActionForm, FundingForm, MilestoneForm, OutputForm, PlanForm
from network.models import ActionOutput, ActionPlan, Milestone, Profession
from network.views.common import form_page


def _url_or_none(name):
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def home(request):
    membership = access.membership_or_404(request)
    plan = queries.current_plan()
    return render(
        request,
        "network/home.html",
        {
            "plan": plan,
            "plans": ActionPlan.objects.all(),
            "late": list(queries.late_milestones(plan)[:10]) if plan else [],
            "steers": access.steers(membership),
            "may_create": access.may_create_action(membership),
            "committee_url": _url_or_none("committee:home"),
            "calls_url": _url_or_none("calls:home"),
            "own_actions": list(queries.filtered_actions({"organisation": membership.organisation, "plan": plan})[:20]) if plan else [],
        },
    )


def actions(request):
    membership = access.membership_or_404(request)
    form = ActionFilterForm(request.GET or None)
    status = 200
    if request.GET and not form.is_valid():
        found, status = [], 400
    else:
        data = form.cleaned_data if request.GET else {}
        found = list(queries.filtered_actions(data))
    return render(
        request,
        "network/actions.html",
        {"form": form, "actions": found, "may_create": access.may_create_action(membership), "query": request.GET.urlencode()},
        status=status,
    )


def action_create(request):
    membership = access.membership_or_404(request)
    if not access.may_create_action(membership):
        raise Http404
    lead = None if access.steers(membership) else membership.organisation
    plan = queries.current_plan()
    initial = {"plan": plan} if plan else {}
    form = ActionForm(request.POST or None, lead=lead, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            action = plan_actions.save_action(form, membership=membership, request=request)
            messages.success(request, _("Action enregistrée."))
            return redirect("network:action_detail", pk=action.pk)
        return form_page(request, form, _("Nouvelle action"), _("Enregistrer l'action"), status=422)
    return form_page(request, form, _("Nouvelle action"), _("Enregistrer l'action"))


def action_edit(request, pk):
    membership, action = access.editable_action_or_404(request, pk)
    lead = None if access.steers(membership) else membership.organisation
    form = ActionForm(request.POST or None, instance=action, lead=lead)
    if request.method == "POST":
        if form.is_valid():
            plan_actions.save_action(form, membership=membership, request=request)
            messages.success(request, _("Action modifiée."))
            return redirect("network:action_detail", pk=action.pk)
        return form_page(request, form, _("Modifier l'action"), _("Enregistrer"), action=action, status=422)
    return form_page(request, form, _("Modifier l'action"), _("Enregistrer"), action=action)


def action_detail(request, pk):
    membership = access.membership_or_404(request)
    action = access.action_or_404(request, pk)
    output = ActionOutput.objects.filter(action=action).prefetch_related("trained").first()
    return render(
        request,
        "network/action_detail.html",
        {
            "action": action,
            "output": output,
            "fundings": list(action.fundings.all()),
            "milestones": list(action.milestones.all()),
            "may_edit": access.may_edit_action(membership, action),
        },
    )


def milestone_add(request, pk):
    membership, action = access.editable_action_or_404(request, pk)
    form = MilestoneForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            plan_actions.save_child(form, membership=membership, request=request, action=action)
            messages.success(request, _("Jalon ajouté."))
            return redirect("network:action_detail", pk=action.pk)
        return form_page(request, form, _("Ajouter un jalon"), _("Ajouter"), action=action, status=422)
    return form_page(request, form, _("Ajouter un jalon"), _("Ajouter"), action=action)


def milestone_edit(request, pk):
    membership = access.membership_or_404(request)
    milestone = get_object_or_404(Milestone.objects.select_related("action"), pk=pk)
    if not access.may_edit_action(membership, milestone.action):
        raise Http404
    form = MilestoneForm(request.POST or None, instance=milestone)
    if request.method == "POST":
        if form.is_valid():
            plan_actions.save_child(form, membership=membership, request=request)
            messages.success(request, _("Jalon modifié."))
            return redirect("network:action_detail", pk=milestone.action_id)
        return form_page(request, form, _("Modifier le jalon"), _("Enregistrer"), action=milestone.action, status=422)
    return form_page(request, form, _("Modifier le jalon"), _("Enregistrer"), action=milestone.action)


def funding_add(request, pk):
    membership, action = access.editable_action_or_404(request, pk)
    form = FundingForm(request.POST or None, action=action)
    if request.method == "POST":
        if form.is_valid():
            plan_actions.save_child(form, membership=membership, request=request, action=action)
            messages.success(request, _("Financement ajouté."))
            return redirect("network:action_detail", pk=action.pk)
        return form_page(request, form, _("Ajouter un financement"), _("Ajouter"), action=action, status=422)
    return form_page(request, form, _("Ajouter un financement"), _("Ajouter"), action=action)


def outputs(request, pk):
    membership, action = access.editable_action_or_404(request, pk)
    existing = ActionOutput.objects.filter(action=action).prefetch_related("trained").first()
    initial = {}
    if existing is not None:
        initial = {
            "people_reached": existing.people_reached,
            "pupils_reached": existing.pupils_reached,
            "documents_produced": existing.documents_produced,
            "notes": existing.notes,
        }
        initial.update({f"trained_{row.profession}": row.count for row in existing.trained.all()})
    form = OutputForm(request.POST or None, initial=initial)
    title = _("Résultats de l'action")
    if request.method == "POST":
        if form.is_valid():
            plan_actions.report_outputs(action, data=form.cleaned_data, trained=form.trained(), membership=membership, request=request)
            messages.success(request, _("Résultats enregistrés."))
            return redirect("network:action_detail", pk=action.pk)
        return form_page(request, form, title, _("Enregistrer les résultats"), action=action, status=422)
    return form_page(request, form, title, _("Enregistrer les résultats"), action=action)


def plan_create(request):
    membership = access.steering_or_404(request)
    form = PlanForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            plan_actions.save_action(form, membership=membership, request=request)
            messages.success(request, _("Plan d'action créé."))
            return redirect("network:actions")
        return form_page(request, form, _("Nouveau plan d'action"), _("Créer le plan"), status=422)
    return form_page(request, form, _("Nouveau plan d'action"), _("Créer le plan"))


def plan_edit(request, pk):
    membership = access.steering_or_404(request)
    plan = get_object_or_404(ActionPlan, pk=pk)
    form = PlanForm(request.POST or None, instance=plan)
    if request.method == "POST":
        if form.is_valid():
            plan_actions.save_action(form, membership=membership, request=request)
            messages.success(request, _("Plan d'action modifié."))
            return redirect("network:actions")
        return form_page(request, form, _("Modifier le plan d'action"), _("Enregistrer"), status=422)
    return form_page(request, form, _("Modifier le plan d'action"), _("Enregistrer"))


def timeline(request):
    access.membership_or_404(request)
    form = ActionFilterForm(request.GET or None)
    if request.GET and not form.is_valid():
        return render(request, "network/timeline.html", {"form": form, "chart": None}, status=400)
    data = form.cleaned_data if request.GET else {}
    plan = data.get("plan") or queries.current_plan()
    if plan is None:
        return render(request, "network/timeline.html", {"form": form, "chart": None})
    data = {**data, "plan": plan}
    chart = queries.timeline(queries.filtered_actions(data), plan.starts_on, plan.ends_on)
    return render(request, "network/timeline.html", {"form": form, "chart": chart, "plan": plan})


def who_does_what(request):
    access.membership_or_404(request)
    plan_id = request.GET.get("plan")
    plan = None
    if plan_id:
        plan = ActionPlan.objects.filter(pk=plan_id).first() if plan_id.isdigit() else None
        if plan is None:
            raise Http404
    plan = plan or queries.current_plan()
    return render(
        request,
        "network/who_does_what.html",
        {"partners": queries.who_does_what(plan), "plan": plan, "plans": ActionPlan.objects.all(), "professions": dict(Profession.choices)},
    )


def actions_export(request):
    from django.http import HttpResponse

    from audit.journal import record
    from audit.models import Action as JournalAction
    from network.exports import plan_workbook

    membership = access.membership_or_404(request)
    form = ActionFilterForm(request.GET or None)
    if request.GET and not form.is_valid():
        return render(request, "network/actions.html", {"form": form, "actions": [], "may_create": False, "query": ""}, status=400)
    found = queries.filtered_actions(form.cleaned_data if request.GET else {})
    body = plan_workbook(found)
    record(
        JournalAction.EXPORT,
        membership=membership,
        target_type="network.Action",
        target_id="plan",
        request=request,
        detail={"format": "xlsx"},
    )
    response = HttpResponse(body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="plan-d-action-{timezone.localdate():%Y-%m-%d}.xlsx"'
    return response
