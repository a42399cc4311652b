"""JSON API of the guide, mounted at /api/annuaire/.

Public read endpoints (`auth=None`) answer exactly what the public pages show: they go through the presenters with
`professional=False`, so no confidential field ever leaves through them. Token-authenticated endpoints give
professionals the full record and let organisations import data·inclusion files (into the coordinator's review)."""

from datetime import date

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from directory import access
from directory.calendar import service_calendar
from directory.exports import datainclusion_services, datainclusion_structures, hsds_document, import_datainclusion
from directory.models import Helpline, Service
from directory.presenters import present_helpline, present_service
from directory.search import _closures_by_service, find_commune, search_words
from directory.taxonomy import Audience, Category

router = Router(tags=["Guide et annuaire"])


class Phone(Schema):
    number: str
    display: str
    tel: str
    sms: str = ""


class PlaceOut(Schema):
    id: int
    name: str
    address: str
    address_extra: str
    postal_code: str
    commune: str
    insee_code: str
    latitude: float | None
    longitude: float | None
    address_confidential: bool
    phone: Phone | None
    accessibility: str


class OpenStatus(Schema):
    open: bool | None
    label: str


class Label(Schema):
    code: str
    label: str


class ServiceSummary(Schema):
    id: int
    name: str
    summary: str
    organisation: str
    categories: list[Label]
    audiences: list[str]
    fee: str
    is_remote: bool
    phone: Phone | None
    email: str
    website: str
    distance_km: float | None
    status: OpenStatus
    place: PlaceOut | None
    last_verified_at: date | None
    is_stale: bool


class LocationOut(Schema):
    id: int
    place: PlaceOut
    hours: str
    hours_lines: list[str]
    notes: str
    status: OpenStatus
    next: list[str]


class ClosureOut(Schema):
    start: date
    end: date
    hours: str
    reason: str


class ServiceDetail(ServiceSummary):
    description: str
    access_modes: list[str]
    access_conditions: str
    languages: list[str]
    hours: str
    hours_lines: list[str]
    hours_notes: str
    capacity: int | None
    available_places: int | None
    closures: list[ClosureOut]
    locations: list[LocationOut]


class CommuneOut(Schema):
    insee_code: str
    name: str
    postal_codes: list[str]


class SearchOut(Schema):
    commune: CommuneOut | None
    suggestions: list[CommuneOut]
    local: list[ServiceSummary]
    remote: list[ServiceSummary]
    has_more: bool
    all_words: bool = Field(
        True, description="Faux quand aucun service ne contient tous les mots : les résultats en contiennent au moins un"
    )


class SearchIn(Schema):
    commune: str = Field("", max_length=80, description="Nom de commune ou code postal (accents et fautes de frappe tolérés)")
    categorie: Category | None = None
    public: Audience | None = None
    texte: str = Field("", max_length=100)
    ouvert: bool = False
    page: int = Field(1, ge=1, le=50)


class HelplineOut(Schema):
    id: int
    name: str
    kind: str
    number: str
    display_number: str
    href: str
    description: str
    is_free: bool
    is_emergency: bool
    scope: str
    hours: str
    hours_lines: list[str]
    languages: list[str]
    needs: list[str] = Field(description="Pages « besoin » du guide auxquelles le numéro répond")
    source_url: str = Field(description="Page où le numéro, ses horaires et son public ont été vérifiés")


class ImportOut(Schema):
    created: int


def _commune(c):
    return {"insee_code": c.insee_code, "name": c.name, "postal_codes": c.postal_codes or []}


@router.get("/services", response=SearchOut, auth=None, summary="Chercher des services (public)")
def search_services(request, params: Query[SearchIn]):
    commune = None
    if params.commune:
        match = find_commune(params.commune)
        if match.commune is None:
            return {
                "commune": None,
                "suggestions": [_commune(c) for c in match.suggestions],
                "local": [],
                "remote": [],
                "has_more": False,
                "all_words": True,
            }
        commune = match.commune
    now = timezone.now()
    local, remote, has_more, all_words = search_words(
        category=params.categorie,
        audience=params.public,
        commune=commune,
        text=params.texte,
        open_now=params.ouvert,
        moment=now,
        limit=20,
        offset=(params.page - 1) * 20,
    )
    closures = _closures_by_service({r.service.pk for r in local + remote})
    return {
        "commune": _commune(commune) if commune else None,
        "suggestions": [],
        "local": [
            present_service(
                r.service, professional=False, location=r.location, closures=closures.get(r.service.pk, []), now=now, distance=r.distance
            )
            for r in local
        ],
        "remote": [present_service(r.service, professional=False, closures=closures.get(r.service.pk, []), now=now) for r in remote],
        "has_more": has_more,
        "all_words": all_words,
    }


@router.get("/services/{service_id}", response=ServiceDetail, auth=None, summary="Fiche d'un service (public)")
def service_detail(request, service_id: int):
    service = get_object_or_404(Service.objects.published().select_related("organisation"), pk=service_id)
    return present_service(service, professional=False, full=True)


@router.get("/services/{service_id}/agenda.ics", auth=None, summary="Permanences d'un service au format iCalendar (public)")
def service_agenda(request, service_id: int):
    service = get_object_or_404(Service.objects.published().select_related("organisation"), pk=service_id)
    return HttpResponse(service_calendar(service), content_type="text/calendar; charset=utf-8")


@router.get("/numeros", response=list[HelplineOut], auth=None, summary="Numéros d'écoute et d'urgence (public)")
def helplines(request):
    now = timezone.now()
    return [present_helpline(line, now) for line in Helpline.objects.published().serving()]


@router.get("/communes", response=SearchOut, auth=None, summary="Trouver une commune (nom ou code postal, suggestions)")
def communes(request, q: str = Query(..., max_length=80)):
    match = find_commune(q)
    return {
        "commune": _commune(match.commune) if match.commune else None,
        "suggestions": [_commune(c) for c in match.suggestions],
        "local": [],
        "remote": [],
        "has_more": False,
    }


@router.get("/export/data-inclusion/services", auth=None, summary="Export des services au schéma data·inclusion (public)")
def export_di_services(request):
    return datainclusion_services()


@router.get("/export/data-inclusion/structures", auth=None, summary="Export des structures au schéma data·inclusion (public)")
def export_di_structures(request):
    return datainclusion_structures()


@router.get("/export/hsds", auth=None, summary="Export Open Referral HSDS 3.0 (public)")
def export_hsds(request):
    return hsds_document()


@router.get("/pro/services/{service_id}", response=ServiceDetail, summary="Fiche complète d'un service (professionnels)")
def pro_service_detail(request, service_id: int):
    membership = getattr(request, "membership", None)
    service = get_object_or_404(Service.objects.visible_to(membership).select_related("organisation"), pk=service_id)
    # The token's membership reads the confidential fields only if the guide's rule lets it (directory.access).
    confidential = access.reads_confidential(membership)
    if confidential:
        places = [loc.place for loc in service.locations.select_related("place")]
        access.journal_confidential(request, membership, {service.pk: access.confidential_fields(service, places)})
    return present_service(service, professional=confidential, full=True)


@router.post(
    "/pro/import/data-inclusion", response={201: ImportOut, 422: dict}, summary="Importer un fichier data·inclusion (tout ou rien)"
)
def import_di(request):
    membership = getattr(request, "membership", None)
    if membership is None:
        raise HttpError(403, "Aucune organisation associée à ce jeton.")
    report = import_datainclusion(request.body, organisation=membership.organisation, acting_membership=membership)
    if not report.ok:
        return Status(422, {"detail": "Fichier refusé : rien n'a été importé.", "errors": report.errors})
    return Status(201, {"created": report.created})
