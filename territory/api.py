from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from territory.models import Commune, Epci

router = Router(tags=["territoire"])


class CommuneOut(Schema):
    insee_code: str
    name: str
    population: int | None
    departement_id: str
    arrondissement_id: str | None
    epci_id: str | None
    postal_codes: list[str]


class EpciOut(Schema):
    siren: str
    name: str
    kind: str
    communes: list[str]


@router.get("/communes", response=list[CommuneOut], summary="Communes du territoire")
def communes(request, arrondissement: str | None = None, departement: str | None = None):
    return list(Commune.objects.of_territory(arrondissement=arrondissement, departement=departement).order_by("insee_code"))


@router.get("/communes/{insee_code}", response=CommuneOut)
def commune(request, insee_code: str):
    return get_object_or_404(Commune, insee_code=insee_code)


@router.get("/epci", response=list[EpciOut], summary="EPCI qui ont des communes importées")
def epcis(request):
    result = []
    for epci in Epci.objects.prefetch_related("communes").filter(communes__isnull=False).distinct():
        result.append({"siren": epci.siren, "name": epci.name, "kind": epci.kind, "communes": [c.insee_code for c in epci.communes.all()]})
    return result
