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
    path("formations/", views.cycles, name="cycles"),
    path("formations/nouveau/", views.cycle_create, name="cycle_create"),
    path("formations/<int:pk>/", views.cycle_detail, name="cycle_detail"),
    path("formations/<int:pk>/modifier/", views.cycle_edit, name="cycle_edit"),
    path("formations/<int:pk>/sessions/", views.session_add, name="session_add"),
    path("formations/<int:pk>/inscription/", views.register, name="register"),
    path("formations/<int:pk>/desistement/", views.withdraw, name="withdraw"),
    path("formations/<int:pk>/evaluation/", views.evaluation, name="evaluation"),
    path("formations/<int:pk>/bilan/", views.evaluation_summary, name="evaluation_summary"),
    path("formations/sessions/<int:pk>/modifier/", views.session_edit, name="session_edit"),
    path("formations/sessions/<int:pk>/emargement/", views.attendance, name="attendance"),
    path("formations/inscriptions/<int:pk>/attestation.pdf", views.certificate, name="certificate"),
]
