"""The observatory in the JSON API (`/api/observatoire/`): the registry of indicators, their values cut by their
dimensions and filtered like the dashboard, the referral-flow matrix and the open data.

Who gets what: a token of an analyst or a coordinator reads exact figures, each marked `secret` where statistical
secrecy would hide it in public. Any other caller, with another role's token or without a token, reads the public
edition: cells of the one audited publication per indicator (EPCI × year), never a new aggregate."""

from django.http import Http404
from ninja import Router
from ninja.errors import AuthenticationError

from accounts.models import ApiToken
from casework.api import HttpError422, _form_or_422
from maillage.api import TokenAuth
from observatory import access, indicators, queries, secrecy
from observatory.forms import FilterForm, parse_dims
from observatory.indicators import DIMENSION_LABELS


def anonymous(request):
    """No Authorization header: an anonymous caller (the public edition). A header with a bad token is refused (401)."""
    if request.headers.get("Authorization"):
        raise AuthenticationError
    return "anonymous"


router = Router(tags=["observatoire"], auth=[TokenAuth(), anonymous])


def _exact_reader(request):
    auth = getattr(request, "auth", None)
    return isinstance(auth, ApiToken) and auth.membership.role in access.DASHBOARD_ROLES


def _indicator(code):
    indicator = indicators.get(code)
    if indicator is None:
        raise Http404
    return indicator


def _definition(indicator):
    return {
        "code": indicator.code,
        "libelle": indicator.label,
        "definition": indicator.definition,
        "unite": indicator.unit,
        "source": indicator.source,
        "famille": indicator.family,
        "type": {"count": "effectif", "share": "part", "flows": "matrice"}[indicator.kind],
        "dimensions": [{"code": d, "libelle": DIMENSION_LABELS[d]} for d in indicator.dimensions],
        "filtres": list(indicator.filters),
        "public": indicator.public,
        "disponible": indicator.available,
    }


@router.get("/indicateurs", summary="Le registre des indicateurs : définitions, unités, sources, dimensions et filtres")
def indicator_list(request):
    return [_definition(indicator) for indicator in indicators.REGISTRY.values()]


@router.get("/indicateurs/{code}", summary="La définition d'un indicateur")
def indicator_detail(request, code: str):
    return _definition(_indicator(code))


def _filters(year_from, year_to, territory, organisation, programme):
    data = {
        "year_from": year_from or "",
        "year_to": year_to or "",
        "territory": territory or "",
        "organisation": organisation or "",
        "programme": programme or "",
    }
    form = FilterForm({k: v for k, v in data.items() if v})
    _form_or_422((form, ""))
    return form


@router.get(
    "/indicateurs/{code}/valeurs",
    summary="Les valeurs d'un indicateur, découpé par ses dimensions (`dims=year,epci`) et filtré (période, territoire, organisation, programme)",
)
def indicator_values(
    request,
    code: str,
    dims: str | None = None,
    year_from: str | None = None,
    year_to: str | None = None,
    territory: str | None = None,
    organisation: str | None = None,
    programme: str | None = None,
):
    indicator = _indicator(code)
    form = _filters(year_from, year_to, territory, organisation, programme)
    if not indicator.available:
        raise HttpError422([{"field": "code", "message": f"Indicateur déclaré, source pas encore disponible : {indicator.source}."}])
    if _exact_reader(request):
        return _exact(indicator, form, dims)
    return _public(indicator, form, dims)


def _exact(indicator, form, dims_param):
    scope = form.scope()
    if indicator.kind == "flows":
        return {"indicateur": indicator.code, "edition": "professionnelle", "lignes": [_flow_json(r) for r in queries.flows(scope)]}
    dims, error = parse_dims(dims_param or "", indicator)
    if error:
        raise HttpError422([{"field": "dims", "message": error}])
    table = queries.table(indicator, scope, dims)
    rows = []
    for row in [*table.rows, *([table.total] if table.total else [])]:
        item = {
            "dimensions": {d: (None if v == secrecy.ALL else v) for d, v in zip(dims, row["key"], strict=True)},
            "libelles": row["labels"],
        }
        if indicator.kind == "share":
            item.update({"effectif": row["numerator"], "effectif_total": row["denominator"], "part": row["rate"]})
        else:
            item["valeur"] = row["value"]
        item["secret_en_public"] = row["suppressed"]
        rows.append(item)
    return {
        "indicateur": indicator.code,
        "edition": "professionnelle",
        "periode": [scope.year_from, scope.year_to],
        "dimensions": dims,
        "seuil_secret": secrecy.threshold(),
        "lignes": rows,
    }


def _flow_json(row):
    return {
        "organisation_qui_oriente": row["sender"],
        "organisation_destinataire": row["receiver"],
        "annee": None if row["all_years"] else row["year"],
        "envoyees": row["sent"],
        "acceptees": row["accepted"],
        "refusees": row["refused"],
        "en_attente": row["waiting"],
        "taux_acceptation_pourcent": row["acceptance"],
        "delai_median_reponse_jours": row["median_answer_days"],
        "delai_median_premier_contact_jours": row["median_contact_days"],
    }


def _public(indicator, form, dims_param):
    """A selection of the publication's cells: EPCI and year only, filtered, never re-aggregated."""
    if not indicator.public:
        raise HttpError422(
            [
                {
                    "field": "code",
                    "message": "Indicateur non publié : réservé à l'espace professionnel (jeton d'analyste ou de coordination).",
                }
            ]
        )
    dims = [d.strip() for d in (dims_param or "epci,year").split(",") if d.strip()]
    if not set(dims) <= {"epci", "year"}:
        raise HttpError422(
            [{"field": "dims", "message": "En diffusion publique, seules les dimensions « epci » et « year » sont publiées."}]
        )
    data = form.cleaned_data
    territory = data.get("territory")
    if territory and territory[0] != "epci":
        raise HttpError422([{"field": "territory", "message": "En diffusion publique, le territoire est un EPCI (epci:SIREN)."}])
    for name in ("organisation", "programme"):
        if data.get(name):
            raise HttpError422([{"field": name, "message": "Filtre réservé à l'espace professionnel."}])
    first, last = queries.public_years()
    year_from, year_to = data.get("year_from") or first, data.get("year_to") or last
    cells = []
    for cell in queries.publication(indicator):
        if cell["all_epci"] == ("epci" in dims) or cell["all_years"] == ("year" in dims):
            continue
        if cell["year"] is not None and not year_from <= cell["year"] <= year_to:
            continue
        if territory and cell["epci"] != territory[1]:
            continue
        cells.append(_public_json(indicator, cell))
    return {
        "indicateur": indicator.code,
        "edition": "publique",
        "periode_publiee": [first, last],
        "dimensions": dims,
        "seuil_secret": secrecy.threshold(),
        "lignes": cells,
    }


def _public_json(indicator, cell):
    item = {"epci": cell["epci"], "epci_libelle": cell["epci_label"], "annee": cell["year"], "secret": cell["suppressed"]}
    if indicator.kind == "share":
        item.update({"effectif": cell["count"], "effectif_total": cell["total"], "part_pourcent": cell["rate"]})
    else:
        item["valeur"] = cell["count"]
    return item


@router.get("/donnees-ouvertes", summary="Les données ouvertes : chaque indicateur publié, par EPCI et par année, après secret statistique")
def open_data(request):
    return [
        {"indicateur": _definition(indicator), "lignes": [_public_json(indicator, cell) for cell in queries.publication(indicator)]}
        for indicator in indicators.public()
    ]
