"""The professionals' side of the guide: each organisation maintains its services, the coordinator reviews."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.journal import record
from audit.models import Action
from directory import actions
from directory.forms import PAYLOAD_FIELDS, ClosureForm, LocationFormSet, PlaceForm, ReviewForm, ServiceForm
from directory.models import ChangeRequest, Closure, Place, Service
from directory.taxonomy import Category


def _membership(request):
    membership = getattr(request, "membership", None)
    if membership is None:
        raise PermissionDenied
    return membership


def _own_service(request, pk):
    return get_object_or_404(Service.objects.editable_by(_membership(request)), pk=pk)


def pro_home(request):
    membership = _membership(request)
    services = Service.objects.editable_by(membership).prefetch_related("change_requests").order_by("name")
    rows = []
    for service in services:
        pending = next((c for c in service.change_requests.all() if c.status == "pending"), None)
        rows.append({"service": service, "pending": pending, "stale": service.is_stale()})
    context = {"rows": rows, "places": Place.objects.filter(organisation=membership.organisation).select_related("commune")}
    if membership.is_coordinator:
        context["pending_count"] = ChangeRequest.objects.pending().count()
        context["stale_count"] = Service.objects.published().stale().count()
    else:
        context["pending_count"] = context["stale_count"] = None
    return render(request, "directory/pro/home.html", context)


def _initial_from(service, change):
    if change is not None:
        payload = change.payload
        return {name: payload.get(name) for name in [*PAYLOAD_FIELDS, "categories"]}, payload.get("locations", [])
    initial = {name: getattr(service, name) for name in PAYLOAD_FIELDS}
    initial["categories"] = service.category_codes
    locations = [{"place": loc.place_id, "hours": loc.hours, "phone": loc.phone, "notes": loc.notes} for loc in service.locations.all()]
    return initial, locations


def service_edit(request, pk=None):
    membership = _membership(request)
    service = _own_service(request, pk) if pk else None
    places = Place.objects.filter(organisation=membership.organisation).select_related("commune")
    if request.method == "POST":
        form = ServiceForm(request.POST, instance=Service(organisation=membership.organisation))
        formset = LocationFormSet(request.POST, prefix="lieux", form_kwargs={"places": places})
        if form.is_valid() and formset.is_valid():
            try:
                actions.propose_service(acting_membership=membership, payload=form.payload(), locations=formset.payload(), service=service)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Modification enregistrée : elle sera publiée après relecture par la coordination."))
                return redirect("directory:pro_home")
    else:
        if service is not None:
            change = ChangeRequest.objects.pending().filter(service=service).first()
            initial, locations = _initial_from(service, change)
        else:
            initial, locations = {"languages": ["fr"]}, []
        form = ServiceForm(initial=initial)
        formset = LocationFormSet(initial=locations, prefix="lieux", form_kwargs={"places": places})
    return render(
        request, "directory/pro/service_form.html", {"form": form, "formset": formset, "service": service, "has_places": places.exists()}
    )


@require_POST
def service_verify(request, pk):
    service = _own_service(request, pk)
    actions.mark_verified(service, acting_membership=request.membership)
    messages.success(request, _("Informations marquées comme vérifiées aujourd'hui."))
    return redirect("directory:pro_home")


def place_edit(request, pk=None):
    membership = _membership(request)
    place = get_object_or_404(Place, pk=pk, organisation=membership.organisation) if pk else Place(organisation=membership.organisation)
    form = PlaceForm(request.POST or None, instance=place)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            saved = form.save()
            for location in saved.service_locations.all():
                location.save()
            record(Action.UPDATE if pk else Action.CREATE, membership=membership, target=saved)
        messages.success(request, _("Lieu enregistré."))
        return redirect("directory:pro_home")
    return render(request, "directory/pro/place_form.html", {"form": form, "place": place if pk else None})


def closures(request, pk):
    service = _own_service(request, pk)
    form = ClosureForm(request.POST or None, instance=Closure(service=service))
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            closure = form.save()
            record(Action.CREATE, membership=request.membership, target=closure, detail={"service": service.pk})
        messages.success(request, _("Fermeture enregistrée."))
        return redirect("directory:pro_closures", pk=service.pk)
    return render(request, "directory/pro/closures.html", {"service": service, "form": form, "closures": service.closures.all()})


@require_POST
def closure_delete(request, pk, closure_pk):
    service = _own_service(request, pk)
    closure = get_object_or_404(Closure, pk=closure_pk, service=service)
    with transaction.atomic():
        record(Action.DELETE, membership=request.membership, target=closure, detail={"service": service.pk})
        closure.delete()
    return redirect("directory:pro_closures", pk=service.pk)


def _coordinator(request):
    membership = _membership(request)
    if not membership.is_coordinator:
        raise Http404
    return membership


def review_queue(request):
    _coordinator(request)
    changes = ChangeRequest.objects.pending().select_related("service__organisation", "submitted_by__user").order_by("submitted_at")
    return render(request, "directory/pro/review_queue.html", {"changes": changes})


def _diff(change):
    service = change.service
    labels = {name: Service._meta.get_field(name).verbose_name for name in PAYLOAD_FIELDS}
    labels["categories"] = _("types d'aide")
    labels["locations"] = _("lieux et horaires")
    current = {name: getattr(service, name) for name in PAYLOAD_FIELDS}
    current["categories"] = service.category_codes
    current["locations"] = [
        {"place": loc.place_id, "hours": loc.hours, "phone": loc.phone, "notes": loc.notes} for loc in service.locations.all()
    ]
    rows = []
    place_names = dict(Place.objects.filter(organisation_id=service.organisation_id).values_list("pk", "name"))
    category_labels = dict(Category.choices)
    for name, label in labels.items():
        old, new = current.get(name), change.payload.get(name)
        if (old or None) == (new or None):
            continue
        if name == "locations":
            old = "; ".join(f"{place_names.get(loc['place'], loc['place'])} {loc['hours']}".strip() for loc in old or [])
            new = "; ".join(f"{place_names.get(loc['place'], loc['place'])} {loc['hours']}".strip() for loc in new or [])
        elif name == "categories":
            old = ", ".join(str(category_labels.get(c, c)) for c in old or [])
            new = ", ".join(str(category_labels.get(c, c)) for c in new or [])
        rows.append({"label": label, "old": old if old not in (None, "", []) else "—", "new": new if new not in (None, "", []) else "—"})
    return rows


def review_detail(request, pk):
    membership = _coordinator(request)
    change = get_object_or_404(ChangeRequest.objects.select_related("service__organisation"), pk=pk)
    form = ReviewForm(request.POST or None)
    decision = request.POST.get("decision")
    if request.method == "POST" and decision in ("approve", "reject") and form.is_valid():
        try:
            if decision == "approve":
                actions.approve_change(change, acting_membership=membership, comment=form.cleaned_data["comment"])
                messages.success(request, _("Modification publiée."))
            else:
                actions.reject_change(change, acting_membership=membership, comment=form.cleaned_data["comment"])
                messages.success(request, _("Modification refusée."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("directory:review_queue")
    return render(
        request,
        "directory/pro/review_detail.html",
        {"change": change, "rows": _diff(change), "form": form, "is_new": not change.service.is_published},
    )


def stale_list(request):
    _coordinator(request)
    services = Service.objects.published().stale().select_related("organisation").order_by("last_verified_at", "name")
    return render(request, "directory/pro/stale.html", {"services": services})
