"""Printable guides generated from the data, never written by hand: a pocket guide for victims and an orientation
guide for professionals, for one EPCI or one commune, as PDF (WeasyPrint). Built from the public presenters: a
printed page leaves the platform, so it never carries a confidential field."""

from collections import OrderedDict

from django.conf import settings
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from directory.models import Helpline, Service
from directory.presenters import present_helpline, present_service
from directory.taxonomy import Category
from territory.models import Commune, Epci

CSS = settings.BASE_DIR / "static" / "directory" / "print.css"


class UnknownTerritory(ValueError):
    pass


def resolve_territory(value):
    """'epci:<siren>' or 'commune:<insee>' -> (label, communes queryset)."""
    kind, _, code = (value or "").partition(":")
    if kind == "epci":
        epci = Epci.objects.filter(pk=code).first()
        if epci is None:
            raise UnknownTerritory(value)
        return epci.name, Commune.objects.filter(epci=epci)
    if kind == "commune":
        commune = Commune.objects.filter(pk=code).first()
        if commune is None:
            raise UnknownTerritory(value)
        return commune.name, Commune.objects.filter(pk=commune.pk)
    raise UnknownTerritory(value)


def territory_choices():
    epcis = Epci.objects.filter(communes__isnull=False).distinct().order_by("name")
    return [(f"epci:{e.pk}", e.name) for e in epcis]


def _sections(communes):
    services = (
        Service.objects.published()
        .filter(Q(locations__place__commune__in=communes) | Q(is_remote=True))
        .distinct()
        .select_related("organisation")
        .prefetch_related("category_links", "closures")
        .order_by("name")
    )
    commune_ids = set(communes.values_list("pk", flat=True))
    now = timezone.now()
    sections = OrderedDict((code, {"label": label, "services": []}) for code, label in Category.choices)
    for service in services:
        data = present_service(service, professional=False, closures=list(service.closures.all()), now=now, full=True)
        data["locations"] = [loc for loc in data["locations"] if loc["place"]["insee_code"] in commune_ids]
        codes = service.category_codes
        if codes:
            sections[codes[0]]["services"].append(data)
    return [section for section in sections.values() if section["services"]]


def render_guide(kind, territory):
    from weasyprint import CSS as WeasyCSS
    from weasyprint import HTML

    label, communes = resolve_territory(territory)
    now = timezone.now()
    context = {
        "territory": label,
        "generated": timezone.localdate(),
        "sections": _sections(communes),
        "national": [present_helpline(h, now) for h in Helpline.objects.published().filter(scope="national")],
        "local": [present_helpline(h, now) for h in Helpline.objects.published().filter(scope="local")],
    }
    template = "directory/print/pocket.html" if kind == "victimes" else "directory/print/orientation.html"
    html = render_to_string(template, context)
    return HTML(string=html).write_pdf(stylesheets=[WeasyCSS(filename=str(CSS))])
