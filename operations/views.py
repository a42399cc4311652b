"""Operations pages: the complete health check, the legal pages and the help section."""

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from operations.health import run_checks


def _is_operator(request):
    user = request.user
    return user.is_authenticated and user.is_staff and user.is_verified()


@login_not_required
@never_cache
def health_full(request):
    """200 « ok » or 503 « échec » for everyone (a monitoring probe); the detail of each check for a technical
    administrator past the second factor only."""
    results = run_checks()
    healthy = all(result.ok for result in results)
    status = 200 if healthy else 503
    if _is_operator(request):
        return JsonResponse(
            {"status": "ok" if healthy else "échec", "checks": {r.name: {"ok": r.ok, "detail": r.detail} for r in results}},
            status=status,
            json_dumps_params={"ensure_ascii": False},
        )
    return HttpResponse("ok" if healthy else "échec", status=status, content_type="text/plain; charset=utf-8")


# --- legal pages (public: the quick exit and the emergency strip of base.html, no cookie) --------------------------


def _legal(request, template):
    from operations.legal import operator, retention

    return render(request, template, {"operator": operator(), "retention": retention()})


@login_not_required
def accessibility(request):
    return _legal(request, "legal/accessibility.html")


@login_not_required
def legal_notice(request):
    return _legal(request, "legal/legal_notice.html")


@login_not_required
def privacy(request):
    return _legal(request, "legal/privacy.html")


# --- help ----------------------------------------------------------------------------------------------------------


@login_not_required
def help_index(request):
    from operations import help

    return render(request, "help/page.html", {"body": help.render("index"), "pages": help.PAGES, "current": None})


@login_not_required
def help_page(request, slug):
    from operations import help

    if slug not in help.PAGES:
        raise Http404
    return render(request, "help/page.html", {"body": help.render(slug), "pages": help.PAGES, "current": slug})
