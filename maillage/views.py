from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
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


@login_not_required
def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


@login_not_required
def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


@login_not_required
def server_error(request):
    return render(request, "500.html", status=500)
