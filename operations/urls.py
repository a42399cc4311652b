from django.urls import path

from operations import views

urlpatterns = [
    path("complet/", views.health_full, name="health_full"),
]
