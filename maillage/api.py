"""The platform's one JSON API: token authentication, JSON errors naming the field, OpenAPI schema.

Each app adds its own router in its `api.py`; they are mounted here."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import Http404
from django.utils import timezone
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer

from accounts.models import ApiToken
from maillage.apischema import declare_errors


class TokenAuth(HttpBearer):
    """`Authorization: Bearer mlg_…`: the request acts as the token's membership, through the same gates as the pages."""

    def authenticate(self, request, token):
        if not token:
            return None
        found = (
            ApiToken.objects.usable()
            .select_related("membership__user", "membership__organisation", "membership__team")
            .filter(key_hash=ApiToken.hash_key(token))
            .first()
        )
        if found is None:
            return None
        now = timezone.now()
        if found.last_used_at is None or (now - found.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.membership.user
        request.membership = found.membership
        return found


class MaillageAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        # Each operation's error answers, from what it takes and whether it needs a token (maillage.apischema).
        return declare_errors(super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params))


api = MaillageAPI(
    title="Maillage API",
    version="1.0",
    description="API JSON de la plateforme Maillage. Authentification : `Authorization: Bearer <jeton>` (jeton personnel créé dans « Mes jetons d'API »).",
    auth=TokenAuth(),
    urls_namespace="api",
    docs_url="/docs",
)


def _field_of(error):
    loc = [str(part) for part in error.get("loc", []) if part not in ("body", "payload", "query", "path")]
    return ".".join(loc) or None


# Pydantic's messages are English: each type of error it raises on a request gets its French message. An error the
# project raises itself (a Django field's message, through PydanticCustomError) is already in French and kept.
FRENCH_MESSAGES = {
    "missing": "Ce champ est obligatoire.",
    "string_type": "Texte attendu.",
    "string_too_long": "Texte trop long.",
    "string_too_short": "Texte trop court.",
    "int_parsing": "Nombre entier attendu.",
    "int_type": "Nombre entier attendu.",
    "int_from_float": "Nombre entier attendu.",
    "float_parsing": "Nombre attendu.",
    "float_type": "Nombre attendu.",
    "bool_parsing": "Valeur oui ou non attendue (true ou false).",
    "bool_type": "Valeur oui ou non attendue (true ou false).",
    "list_type": "Liste attendue.",
    "dict_type": "Objet JSON attendu.",
    "model_type": "Objet JSON attendu.",
    "model_attributes_type": "Objet JSON attendu.",
    "date_parsing": "Date invalide (format attendu : AAAA-MM-JJ).",
    "date_type": "Date invalide (format attendu : AAAA-MM-JJ).",
    "date_from_datetime_parsing": "Date invalide (format attendu : AAAA-MM-JJ).",
    "datetime_parsing": "Date et heure invalides (format ISO 8601 attendu).",
    "datetime_type": "Date et heure invalides (format ISO 8601 attendu).",
    "literal_error": "Valeur non reconnue.",
    "enum": "Valeur non reconnue.",
    "greater_than": "Valeur trop petite.",
    "greater_than_equal": "Valeur trop petite.",
    "less_than": "Valeur trop grande.",
    "less_than_equal": "Valeur trop grande.",
    "too_long": "Trop d'éléments.",
    "too_short": "Pas assez d'éléments.",
    "extra_forbidden": "Champ inconnu.",
    "json_invalid": "JSON invalide.",
}


def french_message(error):
    kind = error.get("type", "")
    if kind in FRENCH_MESSAGES:
        return FRENCH_MESSAGES[kind]
    if kind in ("invalid_parameter", "value_error"):  # the project's own checks, already in French
        return error.get("msg", "Valeur invalide.").removeprefix("Value error, ")
    return "Valeur invalide."


@api.exception_handler(ValidationError)
def validation_errors(request, exc):
    errors = [{"field": _field_of(err), "message": french_message(err)} for err in exc.errors]
    return api.create_response(request, {"detail": "Données invalides.", "errors": errors}, status=422)


@api.exception_handler(AuthenticationError)
def authentication_error(request, exc):
    return api.create_response(request, {"detail": "Authentification requise : jeton absent, invalide ou révoqué."}, status=401)


@api.exception_handler(HttpError)
def http_error(request, exc):
    detail = str(exc)
    if exc.status_code == 400 and detail.startswith("Cannot parse request body"):
        detail = "Corps de la requête illisible : un objet JSON est attendu (en-tête Content-Type: application/json)."
    return api.create_response(request, {"detail": detail}, status=exc.status_code)


@api.exception_handler(Http404)
def not_found(request, exc):
    # The same answer whether the object does not exist or the caller may not see it.
    return api.create_response(request, {"detail": "Ressource inconnue."}, status=404)


@api.exception_handler(RequestDataTooBig)
def too_big(request, exc):
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)
    return api.create_response(request, {"detail": f"Corps de la requête trop volumineux ({limit} Mo au plus)."}, status=413)


def register_routers():
    from accounts.api import router as accounts_router
    from territory.api import router as territory_router

    api.add_router("/comptes/", accounts_router)
    api.add_router("/territoire/", territory_router)
    # The committee and the calls before the network's « /reseau/ », under it.
    for module in ("casework.api", "directory.api", "officialstats.api", "observatory.api", "committee.api", "calls.api", "network.api"):
        try:
            imported = __import__(module, fromlist=["router"])
        except ModuleNotFoundError as exc:
            if exc.name and module.startswith(exc.name):
                continue
            raise
        prefix = {
            "casework.api": "/suivi/",
            "directory.api": "/annuaire/",
            "officialstats.api": "/observatoire/statistiques/",
            "observatory.api": "/observatoire/",
            "committee.api": "/reseau/comite/",
            "calls.api": "/reseau/appels/",
            "network.api": "/reseau/",
        }[module]
        api.add_router(prefix, imported.router)


register_routers()
