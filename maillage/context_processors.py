from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

# The four modules; each app registers its entry URL name, and a module not yet installed is not linked.
MODULES = [
    ("guide", _("Guide"), "directory:home"),
    ("casework", _("Suivi partagé"), "casework:caseload"),
    ("observatory", _("Observatoire"), "observatory:home"),
    ("network", _("Réseau"), "network:home"),
]


def _module_urls():
    urls = {}
    for key, _label, name in MODULES:
        try:
            urls[key] = reverse(name)
        except NoReverseMatch:
            urls[key] = None
    return urls


def platform(request):
    urls = _module_urls()
    user = getattr(request, "user", None)
    membership = getattr(request, "membership", None)
    entries = []
    for key, label, _name in MODULES:
        if not urls[key]:
            continue
        if key == "casework" and (user is None or not user.is_authenticated or membership is None):
            continue
        entries.append({"label": label, "url": urls[key], "active": request.path.startswith(urls[key]) and urls[key] != "/"})
    return {
        "QUICK_EXIT_URL": settings.QUICK_EXIT_URL,
        "membership": membership,
        "modules": urls,
        "platform_modules": entries,
    }
