"""Programmes (AIR, perpetrators' pathway): enrolment and exit, with their indicators."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.journal import record
from audit.models import Action
from casework import access, actions
from casework.forms import EnrolmentForm, ExitForm
from casework.models import Enrolment, Programme, ProgrammeCode, Situation
from casework.queries import people_of
from casework.views.common import membership_or_404


def enrolment_add(request, pk):
    membership = membership_or_404(request)
    situation, situation_access = access.get_situation_or_404(membership, pk)
    if not situation_access.can_edit:
        raise PermissionDenied
    for code in ProgrammeCode.values:
        Programme.builtin(code)
    people = people_of(situation)
    form = EnrolmentForm(request.POST or None, people=people, initial={"entered_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        actions.enrol(membership=membership, situation=situation, data=form.cleaned_data, request=request)
        messages.success(request, _("Inscription enregistrée."))
        return redirect("casework:situation_detail", pk=situation.pk)
    record(
        Action.VIEW,
        membership=membership,
        target=situation,
        request=request,
        detail={"form": "enrolment", "people": [p.pk for p in people]},
    )
    return render(
        request,
        "casework/form_page.html",
        {"form": form, "situation": situation, "title": _("Inscrire dans un programme"), "submit": _("Inscrire")},
    )


def enrolment_exit(request, pk):
    membership = membership_or_404(request)
    enrolment = (
        Enrolment.objects.filter(pk=pk, situation__in=Situation.objects.visible_to(membership).values("pk"))
        .select_related("programme")
        .first()
    )
    if enrolment is None:
        raise Http404
    situation, situation_access = access.get_situation_or_404(membership, enrolment.situation_id)
    if not situation_access.is_owner:
        raise Http404  # enrolments are shown to the organisation that follows the situation only
    if not situation_access.can_edit:
        raise PermissionDenied
    form = ExitForm(request.POST or None, enrolment=enrolment, initial={"exited_on": timezone.localdate()})
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            actions.exit_enrolment(membership=membership, enrolment=enrolment, data=form.cleaned_data, request=request)
        except actions.Conflict as exc:
            form.add_error(exc.field, str(exc))
            status = 409
        else:
            messages.success(request, _("Sortie enregistrée."))
            return redirect("casework:situation_detail", pk=situation.pk)
    record(
        Action.VIEW,
        membership=membership,
        target=enrolment,
        request=request,
        detail={"form": "exit", "situation": situation.pk, "person": enrolment.person_id},
    )
    return render(
        request,
        "casework/form_page.html",
        {
            "form": form,
            "situation": situation,
            "title": _("Sortie du programme : %(p)s") % {"p": enrolment.programme},
            "submit": _("Enregistrer"),
        },
        status=status,
    )
