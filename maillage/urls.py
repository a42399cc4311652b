from django.contrib import admin
from django.urls import include, path, re_path

from maillage import views
from maillage.api import api
from operations import views as operations_views

handler400 = "maillage.views.bad_request"
handler404 = "maillage.views.page_not_found"
handler403 = "maillage.views.permission_denied"
handler500 = "maillage.views.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path("sortie-discrete/", views.neutral_exit, name="neutral_exit"),
    path("sante/", views.health, name="health"),
    path("sante/", include("operations.urls")),
    path("accessibilite/", operations_views.accessibility, name="accessibility"),
    path("mentions-legales/", operations_views.legal_notice, name="legal_notice"),
    path("donnees-personnelles/", operations_views.privacy, name="privacy"),
    path("aide/", operations_views.help_index, name="help"),
    path("aide/<slug:slug>/", operations_views.help_page, name="help_page"),
    path("comptes/", include("accounts.urls")),
    path("journal/", include("audit.urls")),
    path("guide/", include("directory.urls")),
    path("suivi/", include("casework.urls")),
    # Before any other « observatoire/ » include: the official statistics are their own app.
    path("observatoire/statistiques/", include("officialstats.urls")),
    # Before the network app's « reseau/ »: the committee and the calls for projects live under it.
    path("reseau/comite/", include("committee.urls")),
    path("reseau/appels/", include("calls.urls")),
    # After « reseau/comite/ » and « reseau/appels/ » (their own apps) when they are included.
    path("reseau/", include("network.urls")),
    path("observatoire/", include("observatory.urls")),
    path("notifications/", include("notifications.urls")),
    path("reprise/", include("imports.urls")),
    path("api/", api.urls),
    re_path(r"^api/", views.api_not_found),
    path("admin-technique/", admin.site.urls),
]
