from django.urls import path

from observatory import views

app_name = "observatory"

urlpatterns = [
    path("", views.home, name="home"),
    path("indicateurs/<slug:code>/", views.indicator_detail, name="indicator"),
    path("indicateurs/<slug:code>/donnees.csv", views.indicator_csv, name="indicator_csv"),
    path("indicateurs/<slug:code>/donnees.xlsx", views.indicator_xlsx, name="indicator_xlsx"),
    path("indicateurs/<slug:code>/graphique.svg", views.indicator_svg, name="indicator_svg"),
    path("orientations.<str:fmt>", views.flows_download, name="flows_download"),
    path("donnees-ouvertes/", views.open_data, name="open_data"),
    path("donnees-ouvertes/observatoire.csv", views.open_data_csv, name="open_data_csv"),
]
