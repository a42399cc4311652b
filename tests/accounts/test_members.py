"""The members page of an organisation admin, with every persona."""

import pytest
from django.urls import reverse

from accounts.models import Membership, Role
from audit.models import Action, Entry
from tests.accounts.factories import MembershipFactory
from tests.conftest import verified_client

pytestmark = pytest.mark.django_db
MEMBERS = reverse("accounts:members")


def test_org_admin_lists_her_organisation_only(org_admin_client, member, other_member):
    response = org_admin_client.get(MEMBERS)
    assert response.status_code == 200
    assert member.user.email in response.text
    assert other_member.user.email not in response.text


def test_practitioner_and_other_organisation_get_404(member_client, other_member, org_admin):
    assert member_client.get(MEMBERS).status_code == 404
    other_admin = MembershipFactory(organisation=other_member.organisation, role=Role.ORG_ADMIN)
    client = verified_client(other_admin.user, other_admin)
    assert client.get(reverse("accounts:member_edit", args=[org_admin.pk])).status_code == 404
    assert client.post(reverse("accounts:member_edit", args=[org_admin.pk]), {"role": "practitioner", "is_active": ""}).status_code == 404
    org_admin.refresh_from_db()
    assert org_admin.role == Role.ORG_ADMIN and org_admin.is_active


def test_anonymous_is_sent_to_login(anonymous_client):
    response = anonymous_client.get(MEMBERS)
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


def test_add_member_creates_account_sends_invitation_and_journals(
    org_admin_client, org_admin, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = org_admin_client.post(
            MEMBERS, {"email": "Nouvelle@Exemple.test", "first_name": "Nina", "last_name": "Fictive", "role": "practitioner"}
        )
    assert response.status_code == 302
    membership = Membership.objects.get(user__email="nouvelle@exemple.test")
    assert membership.organisation == org_admin.organisation
    assert not membership.user.has_usable_password()
    assert len(mailoutbox) == 1 and "/comptes/mot-de-passe/" in mailoutbox[0].body
    assert Entry.objects.filter(action=Action.CREATE, target_type="accounts.Membership", target_id=str(membership.pk)).exists()


def test_adding_an_existing_account_only_invites_her(
    org_admin_client, org_admin, other_member, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        org_admin_client.post(
            MEMBERS, {"email": other_member.user.email.upper(), "first_name": "X", "last_name": "Y", "role": "practitioner"}
        )
    pending = Membership.objects.get(user=other_member.user, organisation=org_admin.organisation)
    assert pending.is_pending
    assert not Membership.objects.active().filter(pk=pending.pk).exists()
    listing = org_admin_client.get(MEMBERS).text
    assert "invitation envoyée, pas encore acceptée" in listing and other_member.user.get_full_name() not in listing
    assert mailoutbox[0].to == [other_member.user.email] and "invite" in mailoutbox[0].body
    # Bob keeps acting for his own organisation until he accepts.
    bob = verified_client(other_member.user)
    assert other_member.organisation.name in bob.get(reverse("accounts:profile")).text
    bob.post(reverse("accounts:invitation_answer", args=[pending.pk]), {"answer": "accept"})
    pending.refresh_from_db()
    assert not pending.is_pending


def test_an_invitation_can_be_refused_and_only_by_its_addressee(org_admin, other_member, member):
    pending = Membership.objects.create(user=other_member.user, organisation=org_admin.organisation, accepted_at=None)
    intruder = verified_client(member.user, member)
    assert intruder.post(reverse("accounts:invitation_answer", args=[pending.pk]), {"answer": "accept"}).status_code == 404
    verified_client(other_member.user).post(reverse("accounts:invitation_answer", args=[pending.pk]), {"answer": "refuse"})
    pending.refresh_from_db()
    assert pending.is_pending and not pending.is_active


def test_org_admin_cannot_grant_network_roles(org_admin_client, member):
    for role in ("coordinator", "analyst"):
        response = org_admin_client.post(reverse("accounts:member_edit", args=[member.pk]), {"role": role, "is_active": "on"})
        assert response.status_code == 200
        member.refresh_from_db()
        assert member.role == Role.PRACTITIONER
        created = org_admin_client.post(MEMBERS, {"email": f"{role}@exemple.test", "first_name": "A", "last_name": "B", "role": role})
        assert "Rôle :" in created.text
        assert not Membership.objects.filter(user__email=f"{role}@exemple.test").exists()


def test_a_network_role_given_by_the_technical_admin_is_kept_on_edit(org_admin_client, organisation):
    coordinator = MembershipFactory(organisation=organisation, role=Role.COORDINATOR)
    response = org_admin_client.post(reverse("accounts:member_edit", args=[coordinator.pk]), {"role": "coordinator", "is_active": "on"})
    assert response.status_code == 302
    coordinator.refresh_from_db()
    assert coordinator.role == Role.COORDINATOR


def test_add_member_errors_name_the_field(org_admin_client, member):
    response = org_admin_client.post(MEMBERS, {"email": member.user.email, "first_name": "", "last_name": "X", "role": "chef"})
    assert response.status_code == 200
    assert "Adresse e-mail : Cette personne est déjà membre" in response.text
    assert "Prénom : Ce champ est obligatoire" in response.text
    assert "Rôle :" in response.text


def test_admin_changes_a_role_and_deactivates(org_admin_client, member):
    url = reverse("accounts:member_edit", args=[member.pk])
    assert org_admin_client.get(url).status_code == 200
    response = org_admin_client.post(url, {"role": "org_admin"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.role == Role.ORG_ADMIN and not member.is_active


def test_admin_cannot_remove_her_own_rights(org_admin_client, org_admin):
    response = org_admin_client.post(reverse("accounts:member_edit", args=[org_admin.pk]), {"role": "practitioner", "is_active": "on"})
    assert response.status_code == 200
    org_admin.refresh_from_db()
    assert org_admin.role == Role.ORG_ADMIN


def test_profile_lists_memberships_and_switches(member_client, member, other_organisation):
    second = MembershipFactory(user=member.user, organisation=other_organisation)
    assert other_organisation.name in member_client.get(reverse("accounts:profile")).text
    member_client.post(reverse("accounts:switch"), {"membership": second.pk})
    assert member_client.session["membership_id"] == second.pk
    # A membership of someone else is ignored.
    stranger = MembershipFactory()
    member_client.post(reverse("accounts:switch"), {"membership": stranger.pk})
    assert member_client.session["membership_id"] == second.pk


def test_org_admin_edits_her_organisation_and_its_communes(org_admin_client, org_admin, territory):
    url = reverse("accounts:organisation")
    assert org_admin_client.get(url).status_code == 200
    response = org_admin_client.post(
        url, {"short_name": "Alpha", "siret": "73282932000074", "email": "", "website": "", "communes": ["59606", "59172"]}
    )
    assert response.status_code == 302
    org_admin.organisation.refresh_from_db()
    assert org_admin.organisation.short_name == "Alpha"
    assert set(org_admin.organisation.communes.values_list("insee_code", flat=True)) == {"59606", "59172"}
    assert Entry.objects.filter(action=Action.UPDATE, target_type="accounts.Organisation").exists()


def test_organisation_form_errors_name_the_field_and_write_nothing(org_admin_client, org_admin):
    response = org_admin_client.post(reverse("accounts:organisation"), {"short_name": "Changé", "siret": "123", "communes": ["00000"]})
    assert response.status_code == 200
    assert "SIRET : Le SIRET compte exactement 14 chiffres." in response.text
    assert "Communes couvertes :" in response.text
    org_admin.organisation.refresh_from_db()
    assert org_admin.organisation.short_name == ""


def test_organisation_page_is_404_for_practitioners(member_client, anonymous_client):
    assert member_client.get(reverse("accounts:organisation")).status_code == 404
    assert anonymous_client.get(reverse("accounts:organisation")).status_code == 302


def test_invitation_subject_is_plain_text_and_the_invited_member_is_not_active_before_she_accepts(
    org_admin, mailoutbox, django_capture_on_commit_callbacks, other_member
):
    """Issue 11, point 9: the subject read « l&#x27;Accueil » (HTML-escaped) and a new member showed « actif »."""
    organisation = org_admin.organisation
    organisation.name = "Association l'Accueil <fictive> & co"
    organisation.save()
    client = verified_client(org_admin.user, org_admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(MEMBERS, {"email": "nina@exemple.test", "first_name": "Nina", "last_name": "Fictive", "role": "practitioner"})
        client.post(MEMBERS, {"email": other_member.user.email, "first_name": "X", "last_name": "Y", "role": "practitioner"})
    assert [m.subject for m in mailoutbox] == [
        "Maillage : votre compte pour Association l'Accueil <fictive> & co",
        "Maillage : invitation à rejoindre Association l'Accueil <fictive> & co",
    ]
    rows = {row.split("</td>")[1]: row for row in client.get(MEMBERS).text.split("<tr>")[2:]}
    assert "invitation envoyée, pas encore acceptée" in rows["<td>nina@exemple.test"]
    assert "invitation envoyée, pas encore acceptée" in rows[f"<td>{other_member.user.email}"]
    assert ">actif<" not in rows["<td>nina@exemple.test"]
    # Once she has chosen her password (the invitation's link), she is active.
    nina = Membership.objects.get(user__email="nina@exemple.test")
    nina.user.set_password("un-mot-de-passe-assez-long")
    nina.user.save()
    rows = {row.split("</td>")[1]: row for row in client.get(MEMBERS).text.split("<tr>")[2:]}
    assert ">actif<" in rows["<td>nina@exemple.test"]
