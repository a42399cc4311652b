from django.urls import path

from imports import views

app_name = "imports"
urlpatterns = [
    path("", views.home, name="home"),
    path("exemples/<str:name>", views.example, name="example"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/colonnes/", views.mapping, name="mapping"),
    path("<int:pk>/importer/", views.commit, name="commit"),
    path("<int:pk>/annuler/", views.cancel, name="cancel"),
]
