"""Trainings: cycles and their sessions, registration with a waiting list, attendance, certificates, evaluation."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.journal import record
from audit.models import Action as JournalAction
from network import access, trainings
from network import actions as plan_actions
from network.forms import AttendanceForm, CycleForm, EvaluationForm, SessionForm
from network.models import Attendance, Evaluation, Registration, RegistrationStatus, TrainingCycle
from network.views.common import form_page


def cycles(request):
    membership = access.membership_or_404(request)
    today = timezone.localdate()
    all_cycles = list(TrainingCycle.objects.select_related("organiser").prefetch_related("sessions"))
    mine = {r.cycle_id: r for r in Registration.objects.filter(user=membership.user).exclude(status=RegistrationStatus.WITHDRAWN)}
    return render(
        request,
        "network/cycles.html",
        {
            "coming": [c for c in all_cycles if c.ends_on >= today],
            "past": [c for c in all_cycles if c.ends_on < today],
            "mine": mine,
            "may_create": access.may_create_cycle(membership),
        },
    )


def cycle_create(request):
    membership = access.membership_or_404(request)
    if not access.may_create_cycle(membership):
        raise Http404
    organiser = None if access.steers(membership) else membership.organisation
    form = CycleForm(request.POST or None, organiser=organiser)
    if request.method == "POST":
        if form.is_valid():
            cycle = plan_actions.save_action(form, membership=membership, request=request)
            messages.success(request, _("Cycle créé : ajoutez ses sessions."))
            return redirect("network:cycle_detail", pk=cycle.pk)
        return form_page(request, form, _("Nouveau cycle de formation"), _("Créer le cycle"), status=422)
    return form_page(request, form, _("Nouveau cycle de formation"), _("Créer le cycle"))


def cycle_edit(request, pk):
    membership, cycle = access.managed_cycle_or_404(request, pk)
    organiser = None if access.steers(membership) else membership.organisation
    form = CycleForm(request.POST or None, instance=cycle, organiser=organiser)
    back = ("network:cycle_detail", cycle.pk, cycle.title)
    if request.method == "POST":
        if form.is_valid():
            plan_actions.save_action(form, membership=membership, request=request)
            messages.success(request, _("Cycle modifié."))
            return redirect("network:cycle_detail", pk=cycle.pk)
        return form_page(request, form, _("Modifier le cycle"), _("Enregistrer"), back, status=422)
    return form_page(request, form, _("Modifier le cycle"), _("Enregistrer"), back)


def cycle_detail(request, pk):
    membership, cycle = access.cycle_or_404(request, pk)
    manages = access.manages_cycle(membership, cycle)
    own = Registration.objects.filter(cycle=cycle, user=membership.user).first()
    context = {
        "cycle": cycle,
        "sessions": list(cycle.sessions.all()),
        "manages": manages,
        "own": own,
        "position": trainings.waiting_position(own) if own else None,
        "attended": trainings.attended_sessions(own) if own else [],
        "evaluated": own is not None and Evaluation.objects.filter(registration=own).exists(),
        "confirmed_count": cycle.registrations.filter(status=RegistrationStatus.CONFIRMED).count(),
    }
    if manages:
        registrations = list(cycle.registrations.exclude(status=RegistrationStatus.WITHDRAWN).select_related("user", "organisation"))
        context["confirmed"] = [r for r in registrations if r.status == RegistrationStatus.CONFIRMED]
        context["waiting"] = [r for r in registrations if r.status == RegistrationStatus.WAITING]
        context["attended_ids"] = set(
            Attendance.objects.filter(registration__cycle=cycle, present=True).values_list("registration_id", flat=True)
        )
        record(
            JournalAction.VIEW,
            membership=membership,
            target=cycle,
            request=request,
            detail={"registrations": [r.pk for r in registrations]},
        )
    return render(request, "network/cycle_detail.html", context)


def session_add(request, pk):
    membership, cycle = access.managed_cycle_or_404(request, pk)
    form = SessionForm(request.POST or None, cycle=cycle)
    back = ("network:cycle_detail", cycle.pk, cycle.title)
    if request.method == "POST":
        if form.is_valid():
            plan_actions.save_child(form, membership=membership, request=request, cycle=cycle)
            messages.success(request, _("Session ajoutée."))
            return redirect("network:cycle_detail", pk=cycle.pk)
        return form_page(request, form, _("Ajouter une session"), _("Ajouter"), back, status=422)
    return form_page(request, form, _("Ajouter une session"), _("Ajouter"), back)


def session_edit(request, pk):
    membership, session = access.managed_session_or_404(request, pk)
    form = SessionForm(request.POST or None, instance=session, cycle=session.cycle)
    back = ("network:cycle_detail", session.cycle_id, session.cycle.title)
    if request.method == "POST":
        if form.is_valid():
            from django.db import transaction

            with transaction.atomic():
                plan_actions.save_child(form, membership=membership, request=request)
                trainings.promote_waiting(session.cycle_id)  # more seats: the waiting list moves up
            messages.success(request, _("Session modifiée."))
            return redirect("network:cycle_detail", pk=session.cycle_id)
        return form_page(request, form, _("Modifier la session"), _("Enregistrer"), back, status=422)
    return form_page(request, form, _("Modifier la session"), _("Enregistrer"), back)


@require_POST
def register(request, pk):
    membership, cycle = access.cycle_or_404(request, pk)
    if not cycle.registration_open or cycle.ends_on < timezone.localdate() or not cycle.sessions.exists():
        messages.error(request, _("Les inscriptions à ce cycle sont closes."))
        return redirect("network:cycle_detail", pk=cycle.pk)
    registration = trainings.register(cycle, membership=membership, request=request)
    if registration.status == RegistrationStatus.CONFIRMED:
        messages.success(request, _("Vous êtes inscrit·e à ce cycle."))
    else:
        messages.warning(
            request,
            _(
                "Le cycle est complet : vous êtes sur la liste d'attente (position %(n)s). Une place libérée vous revient dans l'ordre d'inscription."
            )
            % {"n": trainings.waiting_position(registration)},
        )
    return redirect("network:cycle_detail", pk=cycle.pk)


@require_POST
def withdraw(request, pk):
    membership, cycle = access.cycle_or_404(request, pk)
    registration = Registration.objects.filter(cycle=cycle, user=membership.user).first()
    if registration is None:
        raise Http404
    trainings.withdraw(registration, membership=membership, request=request)
    messages.success(request, _("Votre désistement est enregistré."))
    return redirect("network:cycle_detail", pk=cycle.pk)


def attendance(request, pk):
    membership, session = access.managed_session_or_404(request, pk)
    registrations = list(
        Registration.objects.filter(cycle_id=session.cycle_id, status=RegistrationStatus.CONFIRMED).select_related("user", "organisation")
    )
    present_ids = set(session.attendances.filter(present=True).values_list("registration_id", flat=True))
    form = AttendanceForm(request.POST or None, registrations=registrations, present_ids=present_ids)
    back = ("network:cycle_detail", session.cycle_id, session.cycle.title)
    title = _("Émargement du %(date)s") % {"date": session.date.strftime("%d/%m/%Y")}
    if request.method == "POST":
        if form.is_valid():
            trainings.take_attendance(session, form.present_ids(), membership=membership, request=request)
            messages.success(request, _("Émargement enregistré."))
            return redirect("network:cycle_detail", pk=session.cycle_id)
        return form_page(request, form, title, _("Enregistrer l'émargement"), back, status=422)
    intro = None if registrations else _("Personne n'est inscrit à ce cycle pour l'instant.")
    return form_page(request, form, title, _("Enregistrer l'émargement"), back, intro=intro)


def certificate(request, pk):
    membership, registration = access.certificate_registration_or_404(request, pk)
    sessions = trainings.attended_sessions(registration)
    if not sessions:
        raise Http404  # nothing to certify
    from weasyprint import HTML

    html = render_to_string(
        "network/certificate.html",
        {
            "registration": registration,
            "cycle": registration.cycle,
            "sessions": sessions,
            "hours": sum(s.hours for s in sessions),
            "issued_on": timezone.localdate(),
        },
    )
    pdf = HTML(string=html).write_pdf()
    record(JournalAction.EXPORT, membership=membership, target=registration, request=request, detail={"format": "pdf"})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="attestation-formation-{registration.pk}.pdf"'
    return response


def evaluation(request, pk):
    membership, cycle = access.cycle_or_404(request, pk)
    registration = Registration.objects.filter(cycle=cycle, user=membership.user, status=RegistrationStatus.CONFIRMED).first()
    if registration is None or not trainings.attended_sessions(registration):
        raise Http404  # only a trainee who attended answers
    back = ("network:cycle_detail", cycle.pk, cycle.title)
    if Evaluation.objects.filter(registration=registration).exists():
        messages.info(request, _("Vous avez déjà répondu au questionnaire de ce cycle. Merci !"))
        return redirect("network:cycle_detail", pk=cycle.pk)
    form = EvaluationForm(request.POST or None)
    title = _("Évaluation de fin de formation")
    intro = _("Notez de 1 (pas du tout) à 5 (tout à fait). Vos réponses sont résumées pour le cycle, sans votre nom.")
    if request.method == "POST":
        if form.is_valid():
            plan_actions.save_child(form, membership=membership, request=request, registration=registration)
            messages.success(request, _("Merci : votre évaluation est enregistrée."))
            return redirect("network:cycle_detail", pk=cycle.pk)
        return form_page(request, form, title, _("Envoyer"), back, status=422, intro=intro)
    return form_page(request, form, title, _("Envoyer"), back, intro=intro)


def evaluation_summary(request, pk):
    _membership, cycle = access.managed_cycle_or_404(request, pk)
    summary = trainings.evaluation_summary(cycle)
    return render(request, "network/evaluation_summary.html", {"cycle": cycle, "summary": summary})
