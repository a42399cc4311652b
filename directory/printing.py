"""Printable guides generated from the data, never written by hand: a pocket guide for victims and an orientation
guide for professionals, for the whole arrondissement, one EPCI or one commune, as PDF (WeasyPrint). Built from the
public presenters: a printed page leaves the platform, so it never carries a confidential field."""

from collections import OrderedDict

from django.conf import settings
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.models import Helpline, Service
from directory.presenters import present_helpline, present_service
from directory.taxonomy import Audience, Category, category_codes_of
from territory.models import Arrondissement, Commune, Epci

CSS = settings.BASE_DIR / "static" / "directory" / "print.css"

# The pocket guide is handed to victims: no section for professionals or for perpetrators, and no service whose
# only public is one of them.
NOT_FOR_VICTIMS = {Category.TRAINING, Category.PERPETRATORS}
VICTIM_AUDIENCES = {Audience.WOMEN, Audience.MEN, Audience.CHILDREN, Audience.RELATIVES}


class UnknownTerritory(ValueError):
    pass


def resolve_territory(value):
    """'arrondissement:<code>', 'epci:<siren>' or 'commune:<insee>' -> (label, communes queryset)."""
    kind, _sep, code = (value or "").partition(":")
    if kind == "arrondissement":
        arrondissement = Arrondissement.objects.filter(pk=code).first()
        if arrondissement is None:
            raise UnknownTerritory(value)
        return _("Arrondissement de %(name)s") % {"name": arrondissement.name}, Commune.objects.filter(arrondissement=arrondissement)
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
    """The whole arrondissement first, then each of its EPCIs."""
    choices = [
        (f"arrondissement:{a.pk}", _("Tout l'arrondissement de %(name)s") % {"name": a.name})
        for a in Arrondissement.objects.filter(communes__isnull=False).distinct().order_by("code")
    ]
    epcis = Epci.objects.filter(communes__isnull=False).distinct().order_by("name")
    return choices + [(f"epci:{e.pk}", e.name) for e in epcis]


def _for_victims(service, codes):
    audiences = set(service.audiences or [])
    return not (set(codes) <= NOT_FOR_VICTIMS) and (not audiences or audiences & VICTIM_AUDIENCES)


def _sections(communes, *, for_victims):
    commune_ids = set(communes.values_list("pk", flat=True))
    # Given in the territory, remote, or a shelter that takes people from the territory (its organisation covers it):
    # a shelter is rarely in the victim's own commune, and its address is not printed anyway.
    serving = Q(organisation__communes__in=commune_ids) & Q(category_links__category=Category.SHELTER)
    services = (
        Service.objects.published()
        .filter(Q(locations__place__commune__in=commune_ids) | Q(is_remote=True) | serving)
        .distinct()
        .select_related("organisation")
        .prefetch_related("category_links", "closures")
        .order_by("name")
    )
    now = timezone.now()
    sections = OrderedDict((code, {"label": label, "services": []}) for code, label in Category.choices)
    for service in services:
        codes = category_codes_of(service.category_bits or 0)  # the taxonomy's order: a service goes to its first
        if for_victims:
            if not _for_victims(service, codes):
                continue
            codes = [code for code in codes if code not in NOT_FOR_VICTIMS]
        if not codes:
            continue
        data = present_service(service, professional=False, closures=list(service.closures.all()), now=now, full=True)
        inside = [loc for loc in data["locations"] if loc["place"]["insee_code"] in commune_ids]
        # A shelter elsewhere keeps its commune only, never a distance or an address from outside.
        data["locations"] = inside or [loc for loc in data["locations"] if Category.SHELTER in codes]
        sections[codes[0]]["services"].append(data)
    return [section for section in sections.values() if section["services"]]


def render_guide(kind, territory):
    from weasyprint import CSS as WeasyCSS
    from weasyprint import HTML

    label, communes = resolve_territory(territory)
    now = timezone.now()
    lines = Helpline.objects.published().filter(
        Q(scope="national") | Q(pk__in=Helpline.communes.through.objects.filter(commune__in=communes).values("helpline_id"))
    )
    context = {
        "territory": label,
        "generated": timezone.localdate(),
        "sections": _sections(communes, for_victims=kind == "victimes"),
        "national": [present_helpline(h, now) for h in lines if h.scope == "national" and (kind != "victimes" or "auteur" not in h.needs)],
        "local": [present_helpline(h, now) for h in lines if h.scope == "local"],
    }
    template = "directory/print/pocket.html" if kind == "victimes" else "directory/print/orientation.html"
    html = render_to_string(template, context)
    return HTML(string=html).write_pdf(stylesheets=[WeasyCSS(filename=str(CSS))])
