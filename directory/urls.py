from django.urls import path

from directory import views

app_name = "directory"
urlpatterns = [
    path("", views.home, name="home"),
    path("besoin/<slug:slug>/", views.question, name="question"),
    path("recherche/", views.results, name="results"),
    path("service/<int:pk>/", views.service_detail, name="service"),
    path("numeros/", views.helplines, name="helplines"),
    path("effacer-ses-traces/", views.erase_traces, name="erase_traces"),
]
