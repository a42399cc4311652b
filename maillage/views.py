from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache


@login_not_required
def home(request):
    return render(request, "home.html")


@login_not_required
def neutral_exit(request):
    """A page that says nothing about where the person was, for installations with no neutral site configured."""
    return render(request, "neutral_exit.html")


@login_not_required
@never_cache
def health(request):
    """The minimal endpoint: the floor that benchmarks compare the platform's pages with."""
    return HttpResponse("ok", content_type="text/plain")


@login_not_required
def api_not_found(request):
    return JsonResponse({"detail": "Ressource inconnue."}, status=404)


# --- error pages -------------------------------------------------------------------------------------------------
# They answer without the database: no user, session or membership is read (the context processors are not run),
# because the error may be the database itself (it refuses writes, or is gone). The API answers in JSON.

API_MESSAGES = {
    400: "Requête incorrecte.",
    403: "Accès refusé.",
    404: "Ressource inconnue.",
    413: "Corps de la requête trop volumineux.",
    500: "Erreur interne du serveur : réessayez plus tard.",
}


def _is_api(request):
    return request.path_info.startswith("/api/")


def _is_public(request):
    """No session cookie: nobody is logged in, the page is public (emergency strip and quick exit). Decided from the
    cookie alone, so that the answer needs no database."""
    return settings.SESSION_COOKIE_NAME not in request.COOKIES


def error_page(request, status, template, **context):
    if _is_api(request):
        return JsonResponse({"detail": API_MESSAGES.get(status, API_MESSAGES[400])}, status=status)
    context.update(
        {"public": _is_public(request), "QUICK_EXIT_URL": settings.QUICK_EXIT_URL, "operator_rgaa_status": settings.OPERATOR["rgaa_status"]}
    )
    body = loader.get_template(template).render(context)
    response = HttpResponse(body, status=status)
    if not context["public"]:
        response["Cache-Control"] = "no-store, private"
    return response


@login_not_required
def bad_request(request, exception=None):
    if isinstance(exception, RequestDataTooBig):
        if _is_api(request):
            limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)
            return JsonResponse({"detail": f"Corps de la requête trop volumineux ({limit} Mo au plus)."}, status=413)
        return error_page(request, 413, "400.html", reason="too_big")
    return error_page(request, 400, "400.html")


@login_not_required
def page_not_found(request, exception=None):
    return error_page(request, 404, "404.html")


@login_not_required
def permission_denied(request, exception=None):
    return error_page(request, 403, "403.html")


@login_not_required
def csrf_failure(request, reason=""):
    return error_page(request, 403, "403.html", reason="csrf")


@login_not_required
def server_error(request):
    return error_page(request, 500, "500.html")
