from django.urls import path

from casework import views

app_name = "casework"
urlpatterns = [
    path("", views.caseload, name="caseload"),
    path("nouvelle/", views.situation_create, name="situation_create"),
    path("hebergement/", views.housing, name="housing"),
    path("<int:pk>/", views.situation_detail, name="situation_detail"),
    path("<int:pk>/modifier/", views.situation_edit, name="situation_edit"),
    path("<int:pk>/personnes/ajouter/", views.person_add, name="person_add"),
    path("<int:pk>/evenements/", views.event_add, name="event_add"),
    path("<int:pk>/evaluation/", views.assessment_add, name="assessment_add"),
    path("<int:pk>/orienter/", views.referral_create, name="referral_create"),
    path("<int:pk>/programmes/", views.enrolment_add, name="enrolment_add"),
    path("<int:pk>/comite/", views.committee_share, name="committee_share"),
    path("<int:pk>/auteur-accompagne-par/", views.perpetrator_link_declare, name="perpetrator_link_declare"),
    path("liens-auteur/<int:pk>/lever/", views.perpetrator_link_lift, name="perpetrator_link_lift"),
    path("personnes/<int:pk>/modifier/", views.person_edit, name="person_edit"),
    path("personnes/<int:pk>/export.json", views.person_export_json, name="person_export_json"),
    path("personnes/<int:pk>/export.pdf", views.person_export_pdf, name="person_export_pdf"),
    path("inscriptions/<int:pk>/sortie/", views.enrolment_exit, name="enrolment_exit"),
    path("orientations/recues/", views.inbox, name="inbox"),
    path("orientations/envoyees/", views.outbox, name="outbox"),
    path("orientations/<int:pk>/", views.referral_detail, name="referral_detail"),
    path("orientations/<int:pk>/repondre/", views.referral_answer, name="referral_answer"),
    path("orientations/<int:pk>/premier-contact/", views.referral_first_contact, name="referral_first_contact"),
    path("orientations/<int:pk>/retrait-consentement/", views.referral_withdraw_consent, name="referral_withdraw_consent"),
]
