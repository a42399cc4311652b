"""Pages of the calls for projects: the calls, a call with its grid, reviewers and applications, an application with
its documents, reviews, decision and final report."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.journal import record
from audit.models import Action
from calls import access, queries
from calls import actions as call_actions
from calls.forms import ApplicationForm, AwardForm, CallForm, CriterionForm, DocumentForm, FinalReportForm, ReviewerForm, ReviewForm
from calls.models import CallForProjects


def _membership(request):
    membership = getattr(request, "membership", None)
    if membership is None or not access.active(membership):
        raise Http404
    return membership


def _coordinator(request):
    membership = _membership(request)
    if not access.steers(membership):
        raise Http404
    return membership


def _errors_to_messages(request, form):
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label} : {error}" if label else error)


def home(request):
    membership = _membership(request)
    calls = list(CallForProjects.objects.all())
    awarded = queries.awarded_by_call()
    for call in calls:
        call.awarded = awarded.get(call.pk, 0)
        call.remaining = call.envelope - call.awarded
    return render(request, "calls/home.html", {"calls": calls, "steers": access.steers(membership), "today": timezone.localdate()})


def call_create(request):
    membership = _coordinator(request)
    form = CallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        call = call_actions.save_call(membership=membership, form=form, request=request)
        messages.success(request, _("Appel à projets créé. Ajoutez les critères de la grille et le comité de sélection."))
        return redirect("calls:call_detail", pk=call.pk)
    return render(
        request,
        "calls/form.html",
        {"form": form, "title": _("Nouvel appel à projets"), "submit": _("Créer l'appel")},
        status=422 if form.errors else 200,
    )


def call_edit(request, pk):
    membership = _coordinator(request)
    call = access.get_call_or_404(membership, pk)
    form = CallForm(request.POST or None, instance=call)
    if request.method == "POST" and form.is_valid():
        try:
            call_actions.save_call(membership=membership, form=form, request=request)
        except call_actions.EnvelopeExceeded:
            form.add_error("envelope", _("L'enveloppe ne peut pas être inférieure au total déjà accordé."))
        else:
            messages.success(request, _("Appel à projets modifié."))
            return redirect("calls:call_detail", pk=call.pk)
    return render(
        request,
        "calls/form.html",
        {"form": form, "title": _("Modifier l'appel à projets"), "submit": _("Enregistrer"), "call": call},
        status=422 if form.errors else 200,
    )


def call_detail(request, pk):
    membership = _membership(request)
    call = access.get_call_or_404(membership, pk)
    steers = access.steers(membership)
    reviewer = access.reviews_call(membership, call)
    applications = list(
        access.applications_visible_to(membership)
        .filter(call=call)
        .select_related("organisation", "award")
        .order_by("organisation__name", "pk")
    )
    criteria = list(call.criteria.all())
    summaries = queries.summaries(applications, criteria) if (steers or reviewer) else {}
    for application in applications:
        application.summary = summaries.get(application.pk)
        application.decision = access.award_of(application)
    awarded = call_actions.awarded_total(call.pk)
    return render(
        request,
        "calls/call_detail.html",
        {
            "call": call,
            "steers": steers,
            "reviewer": reviewer,
            "criteria": criteria,
            "reviewers": list(call.reviewers.select_related("user", "organisation")) if steers else [],
            "applications": applications,
            "awarded": awarded,
            "remaining": call.envelope - awarded,
            "may_file": access.files_for_organisation(membership) and call.is_open(),
            "criterion_form": CriterionForm(call=call) if steers else None,
            "reviewer_form": ReviewerForm(call=call) if steers else None,
        },
    )


@require_POST
def criterion_add(request, pk):
    membership = _coordinator(request)
    call = access.get_call_or_404(membership, pk)
    form = CriterionForm(request.POST, call=call)
    if form.is_valid():
        call_actions.add_criterion(
            membership=membership, call=call, label=form.cleaned_data["label"], max_score=form.cleaned_data["max_score"], request=request
        )
        messages.success(request, _("Critère ajouté à la grille."))
    else:
        _errors_to_messages(request, form)
    return redirect("calls:call_detail", pk=call.pk)


@require_POST
def reviewer_add(request, pk):
    membership = _coordinator(request)
    call = access.get_call_or_404(membership, pk)
    form = ReviewerForm(request.POST, call=call)
    if form.is_valid():
        call_actions.add_reviewer(membership=membership, call=call, reviewer=form.cleaned_data["membership"], request=request)
        messages.success(request, _("Membre ajouté au comité de sélection."))
    else:
        _errors_to_messages(request, form)
    return redirect("calls:call_detail", pk=call.pk)


def application_create(request, pk):
    membership = _membership(request)
    call = access.get_call_or_404(membership, pk)
    if not access.files_for_organisation(membership):
        raise Http404
    if not call.is_open():
        messages.error(
            request,
            _("Cet appel n'est pas ouvert aux candidatures (du %(start)s au %(end)s).")
            % {
                "start": call.opens_on.strftime("%d/%m/%Y"),
                "end": call.closes_on.strftime("%d/%m/%Y"),
            },
        )
        return redirect("calls:call_detail", pk=call.pk)
    form = ApplicationForm(request.POST or None, call=call, organisation=membership.organisation)
    if request.method == "POST" and form.is_valid():
        application = call_actions.file_application(membership=membership, call=call, form=form, request=request)
        messages.success(request, _("Dossier déposé. Ajoutez-y ses pièces jointes (budget, statuts…)."))
        return redirect("calls:application_detail", pk=application.pk)
    return render(
        request,
        "calls/application_form.html",
        {"form": form, "call": call, "title": _("Déposer un dossier"), "submit": _("Déposer le dossier")},
        status=422 if form.errors else 200,
    )


def application_detail(request, pk):
    membership = _membership(request)
    application = access.get_application_or_404(membership, pk)
    criteria = list(application.call.criteria.all())
    steers = access.steers(membership)
    reviewer = access.reviews_call(membership, application.call)
    summary = queries.summaries([application], criteria)[application.pk] if (steers or reviewer) else None
    award = access.award_of(application)
    report = getattr(application, "final_report", None) if award else None
    record(Action.VIEW, membership=membership, target=application, request=request, detail={})
    return render(
        request,
        "calls/application_detail.html",
        {
            "application": application,
            "call": application.call,
            "communes": list(application.communes.order_by("name")),
            "documents": list(application.documents.defer("data")),
            "criteria": criteria,
            "summary": summary,
            "award": award,
            "report": report,
            "steers": steers,
            "may_edit": access.may_edit(membership, application),
            "may_review": access.may_review(membership, application),
            "may_report": access.may_report(membership, application),
            "document_form": DocumentForm() if access.may_edit(membership, application) else None,
            "award_form": AwardForm(application=application, initial={"amount": application.requested_amount})
            if steers and award is None
            else None,
            "remaining": application.call.envelope - call_actions.awarded_total(application.call_id),
        },
    )


def application_edit(request, pk):
    membership = _membership(request)
    application = access.get_application_or_404(membership, pk)
    if not access.may_edit(membership, application):
        raise Http404
    form = ApplicationForm(request.POST or None, instance=application, call=application.call, organisation=application.organisation)
    if request.method == "POST" and form.is_valid():
        call_actions.update_application(membership=membership, form=form, request=request)
        messages.success(request, _("Dossier modifié : les évaluations antérieures sont signalées comme à revoir."))
        return redirect("calls:application_detail", pk=application.pk)
    return render(
        request,
        "calls/application_form.html",
        {"form": form, "call": application.call, "application": application, "title": _("Modifier le dossier"), "submit": _("Enregistrer")},
        status=422 if form.errors else 200,
    )


@require_POST
def document_add(request, pk):
    membership = _membership(request)
    application = access.get_application_or_404(membership, pk)
    if not access.may_edit(membership, application):
        raise Http404
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        call_actions.add_document(membership=membership, application=application, upload=form.cleaned_data["file"], request=request)
        messages.success(request, _("Pièce jointe ajoutée."))
    else:
        _errors_to_messages(request, form)
    return redirect("calls:application_detail", pk=application.pk)


def document_download(request, pk):
    membership = _membership(request)
    document = access.get_document_or_404(membership, pk)
    record(Action.EXPORT, membership=membership, target=document, request=request, detail={"application": document.application_id})
    response = HttpResponse(bytes(document.data), content_type=document.content_type)
    response["Content-Disposition"] = f'attachment; filename="document-{document.pk}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def review(request, pk):
    membership = _membership(request)
    application = access.get_application_or_404(membership, pk)
    if not access.may_review(membership, application):
        raise Http404
    criteria = list(application.call.criteria.all())
    existing = application.reviews.filter(reviewer=membership).prefetch_related("scores").first()
    initial = {}
    if existing is not None:
        initial = {"recommendation": existing.recommendation, "comment": existing.comment}
        initial.update({f"score_{s.criterion_id}": s.value for s in existing.scores.all()})
    form = ReviewForm(request.POST or None, criteria=criteria, initial=initial)
    if request.method == "POST" and form.is_valid():
        if not criteria:
            messages.error(request, _("La grille de cet appel n'a encore aucun critère."))
        else:
            call_actions.save_review(
                membership=membership,
                application=application,
                recommendation=form.cleaned_data["recommendation"],
                comment=form.cleaned_data["comment"],
                scores=form.scores(),
                request=request,
            )
            messages.success(request, _("Évaluation enregistrée."))
            return redirect("calls:application_detail", pk=application.pk)
    return render(
        request,
        "calls/review_form.html",
        {"form": form, "application": application, "existing": existing},
        status=422 if form.errors else 200,
    )


@require_POST
def decide(request, pk):
    membership = _coordinator(request)
    application = access.get_application_or_404(membership, pk)
    form = AwardForm(request.POST, application=application)
    if form.is_valid():
        try:
            award = call_actions.decide(
                membership=membership,
                application=application,
                outcome=form.cleaned_data["outcome"],
                amount=form.cleaned_data["amount"] or 0,
                request=request,
            )
        except call_actions.EnvelopeExceeded as exc:
            messages.error(
                request,
                _("Montant accordé : il dépasse ce qui reste de l'enveloppe (%(remaining)s €).") % {"remaining": exc.remaining},
            )
        except call_actions.AlreadyDecided:
            messages.error(request, _("Décision : ce dossier a déjà sa décision."))
        else:
            messages.success(request, _("Décision enregistrée : %(award)s.") % {"award": award})
    else:
        _errors_to_messages(request, form)
    return redirect("calls:application_detail", pk=application.pk)


def report(request, pk):
    membership = _membership(request)
    application = access.get_application_or_404(membership, pk)
    if not access.may_report(membership, application):
        raise Http404
    existing = getattr(application, "final_report", None)
    form = FinalReportForm(request.POST or None, instance=existing)
    if request.method == "POST" and form.is_valid():
        call_actions.save_report(membership=membership, application=application, form=form, request=request)
        messages.success(request, _("Bilan final enregistré."))
        return redirect("calls:application_detail", pk=application.pk)
    return render(
        request,
        "calls/form.html",
        {
            "form": form,
            "title": _("Bilan final du projet « %(title)s »") % {"title": application.title},
            "submit": _("Enregistrer le bilan"),
            "application": application,
        },
        status=422 if form.errors else 200,
    )
