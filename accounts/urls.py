from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("connexion/", views.login_view, name="login"),
    path("verification/", views.verify, name="verify"),
    path("double-authentification/", views.setup_2fa, name="setup_2fa"),
    path("codes-de-secours/", views.new_backup_codes, name="backup_codes"),
    path("deconnexion/", views.logout_view, name="logout"),
    path("profil/", views.profile, name="profile"),
    path("organisation/choisir/", views.switch_membership, name="switch"),
    path("invitations/<int:pk>/", views.invitation_answer, name="invitation_answer"),
    path("organisation/", views.organisation_edit, name="organisation"),
    path("organisation/membres/", views.members, name="members"),
    path("organisation/membres/<int:pk>/", views.member_edit, name="member_edit"),
    path("jetons/", views.tokens, name="tokens"),
    path("jetons/<int:pk>/revoquer/", views.token_revoke, name="token_revoke"),
    path("mot-de-passe/", views.password_reset, name="password_reset"),
    path("mot-de-passe/envoye/", views.password_reset_done, name="password_reset_done"),
    path("mot-de-passe/<uidb64>/<token>/", views.password_reset_confirm, name="password_reset_confirm"),
    path("mot-de-passe/termine/", views.password_reset_complete, name="password_reset_complete"),
]
