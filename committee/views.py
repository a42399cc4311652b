"""Pages of the committee: meetings, their agenda, decisions and actions, the minutes, an organisation's actions."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.journal import record
from audit.models import Action
from casework import access as casework_access
from committee import access, queries
from committee import actions as committee_actions
from committee.forms import ActionForm, DecisionForm, MeetingForm, PutForwardForm, ReviewForm
from committee.models import ActionStatus, CommitteeAction, Meeting


def _membership(request):
    membership = getattr(request, "membership", None)
    if membership is None:
        raise Http404
    return membership


def _coordinator(request):
    membership = _membership(request)
    if not access.steers(membership):
        raise Http404
    return membership


def home(request):
    membership = _membership(request)
    today = timezone.localdate()
    meetings = list(access.meetings_visible_to(membership).prefetch_related("attendees"))
    open_actions = list(access.actions_of_organisation(membership).outstanding().select_related("item__situation"))
    upcoming = list(queries.upcoming_meetings()) if membership.sees_nominative_data else []
    return render(
        request,
        "committee/home.html",
        {
            "steers": access.steers(membership),
            "upcoming": [m for m in meetings if m.date >= today],
            "past": [m for m in meetings if m.date < today],
            "open_for_proposal": upcoming,
            "open_actions": open_actions,
            "reads_actions": access.reads_actions(membership),
        },
    )


def meeting_create(request):
    membership = _coordinator(request)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        meeting = committee_actions.create_meeting(membership=membership, data=form.cleaned_data, request=request)
        messages.success(request, _("Séance créée."))
        return redirect("committee:meeting_detail", pk=meeting.pk)
    return render(request, "committee/form.html", {"form": form, "title": _("Nouvelle séance du comité"), "submit": _("Créer la séance")})


def meeting_edit(request, pk):
    membership = _coordinator(request)
    meeting = access.get_meeting_or_404(membership, pk)
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        committee_actions.update_meeting(membership=membership, meeting=meeting, data=form.cleaned_data, request=request)
        messages.success(request, _("Séance modifiée."))
        return redirect("committee:meeting_detail", pk=meeting.pk)
    return render(
        request,
        "committee/form.html",
        {"form": form, "title": _("Modifier la séance"), "submit": _("Enregistrer"), "meeting": meeting},
    )


def _meeting_context(meeting, membership):
    views = access.item_views(queries.agenda(meeting), membership)
    review = queries.actions_to_review(meeting, membership)
    return {
        "meeting": meeting,
        "attendees": list(meeting.attendees.all()),
        "items": views,
        "review": review,
        "steers": access.steers(membership),
    }


def _journal_read(request, membership, meeting, views, fmt=None):
    shown = [v.item.situation_id for v in views if not v.restricted or v.decisions or v.actions]
    detail = {"situations": shown}
    if fmt:
        detail["format"] = fmt
    record(Action.EXPORT if fmt else Action.VIEW, membership=membership, target=meeting, request=request, detail=detail)


def meeting_detail(request, pk):
    membership = _membership(request)
    meeting = access.get_meeting_or_404(membership, pk)
    context = _meeting_context(meeting, membership)
    if context["steers"]:
        for view in context["items"]:
            if view.may_record:
                view.decision_form = DecisionForm(situation_id=view.item.situation_id, auto_id=f"d{view.item.pk}-%s")
        for action in context["review"]:
            action.review_form = ReviewForm(
                situation_id=action.item.situation_id, initial={"status": action.status}, auto_id=f"r{action.pk}-%s"
            )
    context["may_put_forward"] = membership.sees_nominative_data and not meeting.held and meeting.date >= timezone.localdate()
    _journal_read(request, membership, meeting, context["items"])
    return render(request, "committee/meeting_detail.html", context)


def put_forward(request, pk):
    membership = _membership(request)
    if not membership.sees_nominative_data:
        raise Http404
    meeting = Meeting.objects.filter(pk=pk).first()
    if meeting is None:
        raise Http404
    form = PutForwardForm(request.POST or None, meeting=meeting, situations=queries.situations_to_put_forward(membership))
    if request.method == "POST":
        if form.is_valid():
            situation = form.cleaned_data["situation"]
            _situation, situation_access = casework_access.get_situation_or_404(membership, situation.pk)
            if not situation_access.can_edit:
                raise Http404
            item = committee_actions.put_forward(
                membership=membership,
                meeting=meeting,
                situation=situation,
                reason=form.cleaned_data["reason"],
                basis=form.cleaned_data["basis"],
                request=request,
            )
            if item.repeat:
                messages.warning(
                    request,
                    _("Situation répétée : elle a été examinée par le comité le %(date)s, il y a moins de douze mois.")
                    % {"date": item.previous.meeting.date.strftime("%d/%m/%Y")},
                )
            messages.success(request, _("Situation %(ref)s inscrite à l'ordre du jour.") % {"ref": situation.reference})
            return redirect("committee:meeting_detail", pk=meeting.pk)
        response = render(request, "committee/put_forward.html", {"form": form, "meeting": meeting}, status=422)
        return response
    return render(request, "committee/put_forward.html", {"form": form, "meeting": meeting})


@require_POST
def decision_add(request, pk):
    membership = _coordinator(request)
    item = access.get_item_for_steering_or_404(membership, pk)
    form = DecisionForm(request.POST, situation_id=item.situation_id)
    if form.is_valid():
        committee_actions.add_decision(membership=membership, item=item, text=form.cleaned_data["text"], request=request)
        messages.success(request, _("Décision enregistrée."))
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label} : {error}")
    return redirect(f"{_meeting_url(item.meeting_id)}#point-{item.pk}")


def _meeting_url(pk):
    from django.urls import reverse

    return reverse("committee:meeting_detail", args=[pk])


def action_add(request, pk):
    membership = _coordinator(request)
    item = access.get_item_for_steering_or_404(membership, pk)
    form = ActionForm(request.POST or None, situation_id=item.situation_id)
    if request.method == "POST" and form.is_valid():
        owner = form.cleaned_data["owner"]
        committee_actions.add_action(
            membership=membership,
            item=item,
            description=form.cleaned_data["description"],
            owner=owner,
            due_on=form.cleaned_data["due_on"],
            request=request,
        )
        messages.success(request, _("Action confiée à %(org)s.") % {"org": owner})
        return redirect(f"{_meeting_url(item.meeting_id)}#point-{item.pk}")
    linked_owners = sorted(
        str(link.organisation) for link in item.situation.perpetrator_links.filter(lifted_at__isnull=True).select_related("organisation")
    )
    return render(
        request,
        "committee/action_form.html",
        {"form": form, "item": item, "linked_owners": sorted(set(linked_owners))},
        status=422 if request.method == "POST" else 200,
    )


@require_POST
def action_review(request, pk):
    membership = _membership(request)
    action = access.get_action_or_404(membership, pk)
    form = ReviewForm(request.POST, situation_id=action.item.situation_id)
    steering = access.steers(membership)
    if form.is_valid():
        meeting = None
        if steering and request.POST.get("meeting"):
            meeting = Meeting.objects.filter(pk=request.POST["meeting"] if str(request.POST["meeting"]).isdigit() else 0).first()
        status = form.cleaned_data["status"]
        if not steering and status == ActionStatus.DROPPED:
            messages.error(request, _("État : seule la coordination peut abandonner une action du comité."))
        else:
            committee_actions.review_action(
                membership=membership, action=action, status=status, note=form.cleaned_data["note"], meeting=meeting, request=request
            )
            messages.success(request, _("Action mise à jour."))
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label} : {error}")
    target = request.POST.get("next", "")
    if steering and target.startswith("/reseau/comite/") and "//" not in target:
        return redirect(target)
    return redirect("committee:actions")


def actions(request):
    membership = _membership(request)
    if access.steers(membership):
        rows = list(CommitteeAction.objects.outstanding().select_related("item__meeting", "item__situation", "owner").order_by("due_on"))
    elif access.reads_actions(membership):
        rows = list(access.actions_of_organisation(membership).select_related("item__meeting", "item__situation", "owner"))
    else:
        raise Http404
    for row in rows:
        row.review_form = ReviewForm(situation_id=row.item.situation_id, initial={"status": row.status}, auto_id=f"r{row.pk}-%s")
    if rows:  # what is to be done for each household: journaled like the meeting's page
        situations = sorted({row.item.situation_id for row in rows})
        record(
            Action.VIEW, membership=membership, target_type=CommitteeAction._meta.label, request=request, detail={"situations": situations}
        )
    return render(request, "committee/actions.html", {"rows": rows, "steers": access.steers(membership)})


def minutes(request, pk):
    membership = _membership(request)
    meeting = access.get_meeting_or_404(membership, pk)
    context = _meeting_context(meeting, membership)
    _journal_read(request, membership, meeting, context["items"])
    return render(request, "committee/minutes.html", context)


def minutes_pdf(request, pk):
    membership = _membership(request)
    meeting = access.get_meeting_or_404(membership, pk)
    context = _meeting_context(meeting, membership)
    context["generated_at"] = timezone.localtime()
    html = render_to_string("committee/minutes_pdf.html", context, request=request)
    from weasyprint import HTML

    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    _journal_read(request, membership, meeting, context["items"], fmt="pdf")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="compte-rendu-{meeting.reference}.pdf"'
    return response
