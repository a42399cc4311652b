"""A situation's pages: the situation and its timeline (htmx), its people, events, assessments, the perpetrator links
panel, the committee share, creation and edition, a person's right-of-access exports."""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Audience
from audit.journal import record
from audit.models import Action
from casework import access, actions, export, risk
from casework.forms import (
    AssessmentForm,
    CommitteeShareForm,
    DeclareLinkForm,
    EventForm,
    NewSituationForm,
    PersonForm,
    SituationEditForm,
    initial_for_situation,
)
from casework.models import DangerLevel, Event, PerpetratorLink, Person, PersonRole, Side
from casework.queries import people_of
from casework.views.common import membership_or_404, require_nominative


def _timeline_context(request, situation, situation_access, people, event_form=None):
    events = (
        situation.events.select_related("organisation", "author", "person", "housing_place").order_by("-date", "-pk")
        if situation_access
        else Event.objects.none()
    )
    events = situation_access.visible_events(events)
    if event_form is None and situation_access.can_add_event:
        event_form = EventForm(situation=situation, people=people, initial={"date": timezone.localdate()})
    return {
        "situation": situation,
        "access": situation_access,
        "events": events,
        "event_form": event_form,
        "people_ids": [p.pk for p in people],
    }


def situation_detail(request, pk):
    membership = membership_or_404(request)
    situation, situation_access = access.get_situation_or_404(membership, pk)
    people = situation_access.visible_people(people_of(situation))
    people_views = [situation_access.person_view(p) for p in people]
    assessments = list(situation.assessments.select_related("assessor", "organisation")) if situation_access.shows("assessment") else []
    for assessment in assessments:
        assessment.shown_reason = situation_access.assessment_reason(assessment)
        assessment.unknown = sum(1 for answer in (assessment.answers or {}).values() if answer == risk.UNKNOWN)
    enrolments = list(situation.enrolments.select_related("programme", "person")) if situation_access.is_owner else []
    if situation_access.is_owner:
        referrals = list(situation.referrals.select_related("receiver", "person", "consent"))
    else:
        referrals = list(access.referrals_received(membership, situation.referrals.select_related("receiver", "consent")))
    context = _timeline_context(request, situation, situation_access, people)
    context.update(
        {
            "people": people_views,
            "assessments": assessments,
            "enrolments": enrolments,
            "referrals": referrals,
            "committee_form": CommitteeShareForm() if situation_access.can_edit else None,
            "committee_share": actions.live_committee_share(situation) if situation_access.can_edit else None,
            "duplicates": request.session.pop(f"cw_duplicates_{situation.pk}", []),
            "links_panel": _links_panel(situation, situation_access),
        }
    )
    record(Action.VIEW, membership=membership, target=situation, request=request, detail={"people": [p.pk for p in people]})
    return render(request, "casework/situation_detail.html", context)


def _links_panel(situation, situation_access):
    """For the organisation that follows the household (and is not on the perpetrator's side): who accompanies the
    perpetrator, since when, with the means to lift a link or declare one."""
    if not situation_access.is_owner or situation_access.is_linked():
        return None
    links = list(situation.perpetrator_links.select_related("organisation", "team"))
    return {
        "active": [link for link in links if link.lifted_at is None],
        "lifted": [link for link in links if link.lifted_at is not None],
        "may_lift": situation_access.can_edit,
        "may_declare": situation_access.can_edit,
    }


def perpetrator_link_declare(request, pk):
    """The victim's organisation declares which partner accompanies the perpetrator, when no referral nor file says it."""
    membership = membership_or_404(request)
    situation, situation_access = access.get_situation_or_404(membership, pk)
    if not situation_access.can_edit:
        raise PermissionDenied
    form = DeclareLinkForm(request.POST or None, membership=membership)
    if request.method == "POST" and form.is_valid():
        actions.declare_perpetrator_link(
            membership=membership,
            situation=situation,
            organisation=form.cleaned_data["organisation"],
            team=form.cleaned_data.get("team"),
            request=request,
        )
        messages.success(
            request,
            _("%(org)s est enregistrée comme accompagnant l'auteur : elle ne voit plus les coordonnées de la victime ni des enfants.")
            % {"org": form.cleaned_data["organisation"]},
        )
        return redirect("casework:situation_detail", pk=situation.pk)
    return render(
        request,
        "casework/form_page.html",
        {
            "form": form,
            "situation": situation,
            "title": _("Déclarer une organisation qui accompagne l'auteur"),
            "intro": _(
                "L'organisation déclarée ne verra plus, sur cette situation ni sur aucune autre où figure le même auteur, les "
                "coordonnées de la victime et des enfants, la commune du foyer, ni ce que les autres ont écrit sur eux. "
                "Seule votre organisation pourra lever ce lien."
            ),
            "submit": _("Déclarer"),
        },
        status=422 if request.method == "POST" else 200,
    )


@require_POST
def perpetrator_link_lift(request, pk):
    membership = membership_or_404(request)
    link = PerpetratorLink.objects.filter(pk=pk).select_related("situation").first()
    if link is None:
        raise Http404
    situation, situation_access = access.get_situation_or_404(membership, link.situation_id)
    if not situation_access.is_owner or not actions.may_lift(link, membership):
        raise Http404
    reason = (request.POST.get("reason") or "").strip()
    if not reason:
        messages.error(request, _("Motif de la levée : indiquez pourquoi ce lien est levé (par exemple, un homonyme)."))
    elif len(reason) > 1000:
        messages.error(request, _("Motif de la levée : 1 000 caractères au plus."))
    else:
        try:
            actions.lift_perpetrator_link(link=link, reason=reason, membership=membership, request=request)
        except actions.Conflict as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request, _("Lien levé : %(org)s lit de nouveau ce que le consentement lui partage.") % {"org": link.organisation}
            )
    return redirect("casework:situation_detail", pk=situation.pk)


def situation_create(request):
    membership = membership_or_404(request)
    require_nominative(membership)
    form = NewSituationForm(request.POST or None, initial={"opened_on": timezone.localdate(), "side": Side.VICTIM})
    person_form = PersonForm(
        request.POST or None,
        prefix="person",
        initial={"role": PersonRole.VICTIM},
        perpetrator_side=request.POST.get("side") == Side.PERPETRATOR or membership.accompanies == Audience.PERPETRATORS,
    )
    if request.method == "POST" and form.is_valid() and person_form.is_valid():
        person_data = {k: v for k, v in person_form.cleaned_data.items() if k != "version"}
        situation, person = actions.create_situation(
            membership=membership, request=request, situation_data=form.cleaned_data, person_data=person_data
        )
        _warn_duplicates(request, membership, person)
        messages.success(request, _("Situation %(ref)s créée.") % {"ref": situation.reference})
        return redirect("casework:situation_detail", pk=situation.pk)
    return render(
        request,
        "casework/situation_form.html",
        {"form": form, "person_form": person_form, "title": _("Nouvelle situation"), "situation": None},
    )


def _warn_duplicates(request, membership, person):
    """The organisations that may follow the same person, shown once, in a box on the situation's page."""
    duplicates = actions.possible_duplicates(person, membership)
    record(Action.SEARCH, membership=membership, target=person, request=request, detail={"duplicate_check": len(duplicates)})
    if duplicates:
        request.session[f"cw_duplicates_{person.situation_id}"] = duplicates


def situation_edit(request, pk):
    membership = membership_or_404(request)
    situation, situation_access = access.get_situation_or_404(membership, pk)
    if not situation_access.can_edit:
        raise PermissionDenied
    form = SituationEditForm(request.POST or None, initial=initial_for_situation(situation), situation=situation)
    current = None
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            actions.update_situation(
                membership=membership, situation=situation, data=data, version=form.cleaned_data["version"], request=request
            )
        except actions.ConcurrentEdit as exc:
            form.add_error(None, exc.message)
            current = exc.current
        else:
            messages.success(request, _("Situation enregistrée."))
            return redirect("casework:situation_detail", pk=situation.pk)
    record(Action.VIEW, membership=membership, target=situation, request=request, detail={"form": "situation"})
    return render(
        request,
        "casework/situation_form.html",
        {
            "form": form,
            "person_form": None,
            "title": _("Modifier la situation %(ref)s") % {"ref": situation.reference},
            "situation": situation,
            "current": current,
        },
    )


def person_add(request, pk):
    membership = membership_or_404(request)
    situation, situation_access = access.get_situation_or_404(membership, pk)
    if not situation_access.can_edit:
        raise PermissionDenied
    role = request.GET.get("role") or request.POST.get("role") or PersonRole.CHILD
    hide_contact = situation_access.perpetrator_side and role in (PersonRole.VICTIM, PersonRole.CHILD)
    form = PersonForm(
        request.POST or None, initial={"role": role}, hide_contact=hide_contact, perpetrator_side=situation_access.perpetrator_side
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        person = actions.add_person(membership=membership, situation=situation, data=data, request=request)
        _warn_duplicates(request, membership, person)
        messages.success(request, _("Personne ajoutée."))
        return redirect("casework:situation_detail", pk=situation.pk)
    return render(
        request, "casework/person_form.html", {"form": form, "situation": situation, "title": _("Ajouter une personne"), "current": None}
    )


def person_edit(request, pk):
    membership = membership_or_404(request)
    person = Person.objects.visible_to(membership).filter(pk=pk).first()
    if person is None:
        raise Http404
    situation, situation_access = access.get_situation_or_404(membership, person.situation_id)
    if not situation_access.shows_person(person):
        raise Http404  # a member of the household the gate does not show: not even its existence
    if not situation_access.can_edit:
        raise PermissionDenied
    hide_contact = situation_access.perpetrator_side and person.role in (PersonRole.VICTIM, PersonRole.CHILD)
    form = PersonForm(request.POST or None, instance=person, hide_contact=hide_contact, perpetrator_side=situation_access.perpetrator_side)
    current = None
    identity_before = person.identity_index
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            actions.update_person(
                membership=membership, person=person, data=data, version=form.cleaned_data.get("version") or 0, request=request
            )
        except actions.ConcurrentEdit as exc:
            form.add_error(None, exc.message)
            current = situation_access.person_view(exc.current)
        else:
            messages.success(request, _("Fiche enregistrée."))
            if person.identity_index != identity_before:  # a name or a birth date completed or corrected
                _warn_duplicates(request, membership, person)
            return redirect("casework:situation_detail", pk=situation.pk)
    record(Action.VIEW, membership=membership, target=person, request=request, detail={"form": True})
    return render(
        request, "casework/person_form.html", {"form": form, "situation": situation, "title": _("Modifier la fiche"), "current": current}
    )


def event_add(request, pk):
    membership = membership_or_404(request)
    situation, situation_access = access.get_situation_or_404(membership, pk)
    if not situation_access.can_add_event:
        raise PermissionDenied
    people = situation_access.visible_people(people_of(situation))
    form = EventForm(request.POST or None, situation=situation, people=people)
    if request.method == "POST" and form.is_valid():
        try:
            actions.add_event(membership=membership, situation=situation, data=form.cleaned_data, request=request)
        except actions.Conflict as exc:
            form.add_error(exc.field, str(exc))
        else:
            if not request.htmx:
                messages.success(request, _("Événement ajouté au parcours."))
                return redirect("casework:situation_detail", pk=situation.pk)
            form = None
    template = "casework/_timeline.html" if request.htmx else "casework/event_form.html"
    context = _timeline_context(request, situation, situation_access, people, event_form=form)
    context["added"] = request.method == "POST" and form is None
    status = 422 if request.method == "POST" and form is not None and request.htmx else 200
    record(
        Action.VIEW, membership=membership, target=situation, request=request, detail={"form": "event", "people": [p.pk for p in people]}
    )
    return render(request, template, context, status=status)


def assessment_add(request, pk):
    membership = membership_or_404(request)
    situation, situation_access = access.get_situation_or_404(membership, pk)
    if not situation_access.can_edit:
        raise PermissionDenied
    grid = risk.current_grid()
    questions = list(grid.questions.all())
    form = AssessmentForm(request.POST or None, questions=questions, initial={"assessed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        assessment = actions.record_assessment(
            membership=membership,
            situation=situation,
            grid=grid,
            answers=form.answers(),
            assessed_on=form.cleaned_data["assessed_on"],
            raise_to=form.cleaned_data["raise_to"],
            raised_reason=form.cleaned_data["raised_reason"],
            request=request,
        )
        messages.success(
            request,
            _("Évaluation enregistrée : score %(score)s, niveau %(level)s.")
            % {"score": assessment.score, "level": assessment.get_level_display()},
        )
        if assessment.level == DangerLevel.HIGH:
            messages.warning(request, _("Danger grave : la situation est signalée au comité de suivi."))
        return redirect("casework:situation_detail", pk=situation.pk)
    return render(request, "casework/assessment_form.html", {"form": form, "situation": situation, "grid": grid})


@require_POST
def committee_share(request, pk):
    membership = membership_or_404(request)
    situation, situation_access = access.get_situation_or_404(membership, pk)
    if not situation_access.can_edit:
        raise PermissionDenied
    if request.POST.get("end") == "1":
        if actions.end_committee_share(membership=membership, situation=situation, request=request):
            messages.success(request, _("Le partage avec le comité a pris fin : la coordination ne voit plus cette situation."))
        return redirect("casework:situation_detail", pk=situation.pk)
    form = CommitteeShareForm(request.POST)
    if form.is_valid():
        actions.share_with_committee(
            membership=membership,
            situation=situation,
            until=form.cleaned_data["until"],
            reason=form.cleaned_data["reason"],
            request=request,
        )
        messages.success(request, _("Situation partagée avec le comité de suivi."))
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label} : {error}")
    return redirect("casework:situation_detail", pk=situation.pk)


def _person_for_export(request, pk):
    membership = membership_or_404(request)
    person = Person.objects.visible_to(membership).filter(pk=pk).first()
    if person is None:
        raise Http404
    _situation, situation_access = access.get_situation_or_404(membership, person.situation_id)
    if not situation_access.is_owner or not membership.sees_nominative_data:
        raise Http404
    return membership, person, situation_access


def person_export_json(request, pk):
    membership, person, situation_access = _person_for_export(request, pk)
    data = export.person_data(person, situation_access)
    record(Action.EXPORT, membership=membership, target=person, request=request, detail={"format": "json"})
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2, default=export.json_default), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="personne-{person.pk}.json"'
    return response


def person_export_pdf(request, pk):
    membership, person, situation_access = _person_for_export(request, pk)
    data = export.person_data(person, situation_access)
    pdf = export.person_pdf(data, request=request)
    record(Action.EXPORT, membership=membership, target=person, request=request, detail={"format": "pdf"})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="personne-{person.pk}.pdf"'
    return response


def situation_url(situation):
    return reverse("casework:situation_detail", args=[situation.pk])
