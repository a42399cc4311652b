from django.urls import path

from network import views

app_name = "network"
urlpatterns = [
    path("", views.home, name="home"),
    path("plan/", views.actions, name="actions"),
    path("plan/frise/", views.timeline, name="timeline"),
    path("plan/qui-fait-quoi/", views.who_does_what, name="who_does_what"),
    path("plans/nouveau/", views.plan_create, name="plan_create"),
    path("plans/<int:pk>/modifier/", views.plan_edit, name="plan_edit"),
    path("actions/nouvelle/", views.action_create, name="action_create"),
    path("actions/<int:pk>/", views.action_detail, name="action_detail"),
    path("actions/<int:pk>/modifier/", views.action_edit, name="action_edit"),
    path("actions/<int:pk>/jalons/", views.milestone_add, name="milestone_add"),
    path("actions/<int:pk>/financements/", views.funding_add, name="funding_add"),
    path("actions/<int:pk>/resultats/", views.outputs, name="outputs"),
    path("jalons/<int:pk>/modifier/", views.milestone_edit, name="milestone_edit"),
]
