from django.urls import path

from directory import views

app_name = "directory"
urlpatterns = [
    path("", views.home, name="home"),
    path("besoin/<slug:slug>/", views.question, name="question"),
    path("recherche/", views.results, name="results"),
    path("service/<int:pk>/", views.service_detail, name="service"),
    path("service/<int:pk>/agenda.ics", views.service_ical, name="service_ical"),
    path("numeros/", views.helplines, name="helplines"),
    path("imprimer/", views.print_index, name="print_index"),
    path("imprimer/<slug:kind>.pdf", views.print_pdf, name="print_pdf"),
    path("effacer-ses-traces/", views.erase_traces, name="erase_traces"),
]

from directory import pro_views  # noqa: E402

urlpatterns += [
    path("pro/", pro_views.pro_home, name="pro_home"),
    path("pro/service/nouveau/", pro_views.service_edit, name="pro_service_new"),
    path("pro/service/<int:pk>/modifier/", pro_views.service_edit, name="pro_service_edit"),
    path("pro/service/<int:pk>/verifie/", pro_views.service_verify, name="pro_service_verify"),
    path("pro/service/<int:pk>/fermetures/", pro_views.closures, name="pro_closures"),
    path("pro/service/<int:pk>/fermetures/<int:closure_pk>/supprimer/", pro_views.closure_delete, name="pro_closure_delete"),
    path("pro/lieu/nouveau/", pro_views.place_edit, name="pro_place_new"),
    path("pro/lieu/<int:pk>/modifier/", pro_views.place_edit, name="pro_place_edit"),
    path("pro/relecture/", pro_views.review_queue, name="review_queue"),
    path("pro/relecture/<int:pk>/", pro_views.review_detail, name="review_detail"),
    path("pro/a-verifier/", pro_views.stale_list, name="stale"),
]
