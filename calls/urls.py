from django.urls import path

from calls import views

app_name = "calls"
urlpatterns = [
    path("", views.home, name="home"),
    path("nouveau/", views.call_create, name="call_create"),
    path("<int:pk>/", views.call_detail, name="call_detail"),
    path("<int:pk>/modifier/", views.call_edit, name="call_edit"),
    path("<int:pk>/criteres/", views.criterion_add, name="criterion_add"),
    path("<int:pk>/evaluateurs/", views.reviewer_add, name="reviewer_add"),
    path("<int:pk>/deposer/", views.application_create, name="application_create"),
    path("dossiers/<int:pk>/", views.application_detail, name="application_detail"),
    path("dossiers/<int:pk>/modifier/", views.application_edit, name="application_edit"),
    path("dossiers/<int:pk>/pieces/", views.document_add, name="document_add"),
    path("dossiers/<int:pk>/evaluer/", views.review, name="review"),
    path("dossiers/<int:pk>/decision/", views.decide, name="decide"),
    path("dossiers/<int:pk>/bilan/", views.report, name="report"),
    path("pieces/<int:pk>/", views.document_download, name="document_download"),
]
