from functools import lru_cache

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.translation import gettext_lazy as _

# The four modules; each app registers its entry URL name, and a module not yet installed is not linked.
MODULES = [
    ("guide", _("Guide"), "directory:home"),
    ("casework", _("Suivi partagé"), "casework:caseload"),
    ("observatory", _("Observatoire"), "observatory:home"),
    ("network", _("Réseau"), "network:home"),
]


def _module_urls():
    return dict(_module_urls_for(get_urlconf(), get_script_prefix()))


@lru_cache(maxsize=16)
def _module_urls_for(urlconf, prefix):
    """Reversed once per URL configuration: the modules do not change while the server runs."""
    urls = []
    for key, _label, name in MODULES:
        try:
            urls.append((key, reverse(name, urlconf=urlconf)))
        except NoReverseMatch:
            urls.append((key, None))
    return tuple(urls)


def platform(request):
    urls = _module_urls()
    user = getattr(request, "user", None)
    # Fully logged in: password and second factor. Before the second factor, nothing of the professional area shows.
    verified = bool(user is not None and user.is_authenticated and getattr(user, "is_verified", lambda: False)())
    membership = getattr(request, "membership", None) if verified else None
    entries = []
    for key, label, _name in MODULES:
        if not urls[key]:
            continue
        if key == "casework" and membership is None:
            continue
        entries.append({"label": label, "url": urls[key], "active": request.path.startswith(urls[key]) and urls[key] != "/"})
    return {
        "QUICK_EXIT_URL": settings.QUICK_EXIT_URL,
        # The footer says the accessibility status, as the RGAA asks.
        "operator_rgaa_status": settings.OPERATOR["rgaa_status"],
        "membership": membership,
        "verified": verified,
        "modules": urls,
        "platform_modules": entries,
    }
