from django.urls import path

from committee import views

app_name = "committee"
urlpatterns = [
    path("", views.home, name="home"),
    path("actions/", views.actions, name="actions"),
    path("actions/<int:pk>/revue/", views.action_review, name="action_review"),
    path("seances/nouvelle/", views.meeting_create, name="meeting_create"),
    path("seances/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("seances/<int:pk>/modifier/", views.meeting_edit, name="meeting_edit"),
    path("seances/<int:pk>/proposer/", views.put_forward, name="put_forward"),
    path("seances/<int:pk>/compte-rendu/", views.minutes, name="minutes"),
    path("seances/<int:pk>/compte-rendu.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("points/<int:pk>/decision/", views.decision_add, name="decision_add"),
    path("points/<int:pk>/action/", views.action_add, name="action_add"),
]
