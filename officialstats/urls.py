from django.urls import path

from officialstats import views

app_name = "officialstats"
urlpatterns = [
    path("", views.index, name="index"),
    path("comparaison.csv", views.comparison_csv, name="comparison_csv"),
    path("chiffres-locaux.csv", views.local_csv, name="local_csv"),
    path("carte.csv", views.map_csv, name="map_csv"),
    path("graphique.svg", views.chart_download, name="chart_svg"),
    path("carte.svg", views.map_download, name="map_svg"),
    path("modele-chiffres-locaux.csv", views.local_template, name="local_template"),
    path("rapport/", views.report_page, name="report"),
    path("rapport/diagnostic.pdf", views.report_pdf, name="report_pdf"),
    path("rapport/annexe.xlsx", views.report_xlsx, name="report_xlsx"),
]
