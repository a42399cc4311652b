"""The import pages (/reprise/): upload, column mapping with its dry run, report, commit, cancellation; the example
spreadsheets. Organisation admins only (imports.access), for their own organisation."""

from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from imports import access, actions
from imports.fields import fields_for
from imports.forms import MappingForm, UploadForm
from imports.models import ImportStatus
from imports.uploads import BoundedMemoryUploadHandler

EXAMPLES = {
    "suivi.csv": ("suivi-exemple.csv", "text/csv"),
    "suivi.xlsx": ("suivi-exemple.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "suivi-erreurs.csv": ("suivi-avec-erreurs.csv", "text/csv"),
    "guide.csv": ("guide-exemple.csv", "text/csv"),
    "actions.csv": ("actions-exemple.csv", "text/csv"),
}


@csrf_exempt
def home(request):
    if request.method == "POST":
        # Before the body is read (the CSRF check reads it): the file stays in memory, never in clear on the disk.
        request.upload_handlers = [BoundedMemoryUploadHandler(request)]
    return _home(request)


@csrf_protect
@require_http_methods(["GET", "POST"])
def _home(request):
    membership = access.membership_or_404(request)
    form = UploadForm(request.POST or None, request.FILES or None, organisation=membership.organisation)
    if request.method == "POST":
        handler = request.upload_handlers[0]
        if getattr(handler, "too_large", False):
            form.add_error("file", _("Fichier trop volumineux (%(mb)s Mo au plus).") % {"mb": settings.IMPORT_MAX_BYTES // 2**20})
        elif form.is_valid():
            job = actions.upload(
                membership=membership,
                kind=form.cleaned_data["kind"],
                uploaded=form.cleaned_data["file"],
                file_format=form.file_format,
                team=form.chosen_team,
                side=form.cleaned_data.get("side") or "victim",
                request=request,
            )
            if not job.headers:
                messages.error(request, _("La première ligne du fichier est vide : elle doit porter les en-têtes des colonnes."))
            return redirect("imports:mapping", pk=job.pk)
        status = 422
    else:
        status = 200
    jobs = access.jobs_of(membership).select_related("created_by")[:20]
    return render(request, "imports/home.html", {"form": form, "jobs": jobs}, status=status)


@require_http_methods(["GET", "POST"])
def mapping(request, pk):
    membership = access.membership_or_404(request)
    job = access.job_or_404(membership, pk)
    if job.status not in (ImportStatus.UPLOADED, ImportStatus.CHECKED, ImportStatus.INVALID):
        return redirect("imports:detail", pk=job.pk)
    form = MappingForm(request.POST or None, job=job, initial_mapping=job.mapping)
    if request.method == "POST":
        if form.is_valid():
            actions.map_and_check(membership=membership, job=job, mapping=form.mapping(), request=request)
            return redirect("imports:detail", pk=job.pk)
        return render(request, "imports/mapping.html", {"form": form, "job": job, "targets": fields_for(job.kind)}, status=422)
    return render(request, "imports/mapping.html", {"form": form, "job": job, "targets": fields_for(job.kind)})


@require_http_methods(["GET"])
def detail(request, pk):
    membership = access.membership_or_404(request)
    job = access.job_or_404(membership, pk)
    return render(request, "imports/detail.html", {"job": job, "report": job.report or {}})


@require_POST
def commit(request, pk):
    membership = access.membership_or_404(request)
    job = access.job_or_404(membership, pk)
    if job.status != ImportStatus.CHECKED:
        messages.error(request, _("Ce fichier ne peut pas être importé dans son état actuel : vérifiez-le d'abord, sans erreur."))
        return redirect("imports:detail", pk=job.pk)
    job = actions.commit(membership=membership, job=job, request=request)
    if job.status == ImportStatus.DONE:
        messages.success(request, _("Import terminé."))
    elif job.status == ImportStatus.QUEUED:
        messages.success(
            request, _("Fichier volumineux : l'import se fera dans les prochaines minutes. Cette page en donnera le résultat.")
        )
    else:
        messages.error(request, _("L'import n'a pas eu lieu : rien n'a été enregistré. Voyez les erreurs ci-dessous."))
    return redirect("imports:detail", pk=job.pk)


@require_POST
def cancel(request, pk):
    membership = access.membership_or_404(request)
    job = access.job_or_404(membership, pk)
    actions.cancel(membership=membership, job=job, request=request)
    messages.success(request, _("Reprise annulée : le fichier a été effacé."))
    return redirect("imports:home")


@require_http_methods(["GET"])
def example(request, name):
    access.membership_or_404(request)
    if name not in EXAMPLES:
        raise Http404
    filename, content_type = EXAMPLES[name]
    path = Path(settings.BASE_DIR) / "docs" / "exemples" / filename
    if not path.exists():
        raise Http404
    # A few kilobytes, read at once: no file left open for the server (or a test) to close.
    response = HttpResponse(path.read_bytes(), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response
