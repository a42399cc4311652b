"""The official statistics in the JSON API (`/api/observatoire/statistiques/`): the indicators imported (SSMSI and the
local figures), and a territory's series of one indicator compared with its département, its région and France —
counts, rates per 1 000 inhabitants, evolutions computed, sources and editions — as the pages show them.

For the observatory's readers (a token of an analyst or a coordinator, like the pages); any other token answers 403.
The figures are public (they come from the SSMSI's open data and from published local figures): no secrecy applies,
and a figure the source did not publish (« ndiff ») stays null with `partiel`."""

from ninja import Query, Router, Schema
from ninja.errors import HttpError

from casework.api import HttpError422, _form_or_422
from maillage.api import TokenAuth
from officialstats import access, queries
from officialstats.forms import StatisticsForm
from officialstats.models import Indicator

router = Router(tags=["statistiques officielles"], auth=TokenAuth())


def _reader(request):
    if not access.may_read(getattr(request, "membership", None)):
        raise HttpError(403, "Réservé à l'observatoire (chargé·e d'études, coordination du réseau).")


def _indicator_json(indicator):
    return {"code": indicator.code, "libelle": indicator.label, "unite": indicator.unit, "local": indicator.is_local}


def _area_json(area):
    return {"niveau": area.level, "code": area.code, "nom": area.name, "population": area.population}


def _point_json(point):
    if point is None:
        return None
    return {
        "nombre": point.count,
        "taux_pour_mille": None if point.rate is None else round(point.rate, 3),
        "partiel": point.partial,
        "perimetre": point.perimeter,
        "sources": [{"source": source, "edition": edition} for source, edition in sorted(point.sources)],
    }


def _evolution_json(change):
    if change is None:
        return None
    return {
        "premiere_annee": change["first"].year,
        "derniere_annee": change["last"].year,
        "nombre_pct": None if change["count"] is None else round(change["count"], 1),
        "taux_pct": None if change["rate"] is None else round(change["rate"], 1),
    }


@router.get("/indicateurs", summary="Les statistiques officielles importées : indicateurs du SSMSI et chiffres locaux")
def indicator_list(request):
    _reader(request)
    return [_indicator_json(indicator) for indicator in queries.available_indicators()]


class SeriesQuery(Schema):
    territoire: str | None = None
    indicateur: str | None = None


@router.get(
    "/valeurs",
    summary="Un indicateur du SSMSI pour un territoire, comparé à son département, sa région et la France ; ses chiffres locaux",
    description=(
        "`territoire` : `arrondissement:596`, `epci:SIREN`, `commune:INSEE` ou `departement:59` (par défaut "
        "l'arrondissement de l'installation) ; `indicateur` : un code de `/indicateurs` non local (par défaut les coups "
        "et blessures volontaires intrafamiliaux). Taux pour 1 000 habitants (populations légales) ; évolutions "
        "calculées entre la première et la dernière année publiées ; France = somme des départements."
    ),
)
def series(request, filters: Query[SeriesQuery]):
    _reader(request)
    data = {k: v for k, v in filters.dict().items() if v}
    form = StatisticsForm(data)
    _form_or_422((form, ""))
    try:
        area = queries.parse_area_key(form.cleaned_data["territoire"])
    except LookupError:
        raise HttpError422([{"field": "territoire", "message": "Territoire inconnu."}]) from None
    indicator = Indicator.objects.get(code=form.cleaned_data["indicateur"])
    areas = queries.compared_areas(area)
    return {
        "indicateur": _indicator_json(indicator),
        "territoires": [_area_json(a) for a in areas],
        "annees": [
            {"annee": row.year, "valeurs": [_point_json(point) for point in row.cells]} for row in queries.comparison(indicator, areas)
        ],
        "evolutions": [_evolution_json(change) for change in queries.evolutions(indicator, areas)],
        "chiffres_locaux": [
            {
                "indicateur": _indicator_json(local),
                "annees": [{"annee": year, **_point_json(point)} for year, point in queries.series(local, area).items()],
            }
            for local in queries.local_indicators(area)
        ],
    }
