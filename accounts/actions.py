"""Changes to accounts that must be journaled."""

from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import ApiToken, Membership, User
from audit.journal import record
from audit.models import Action


def email_subject(template, context):
    """A subject as written (its template does not escape: « l'Accueil », not « l&#x27;Accueil »), on one line."""
    return " ".join(render_to_string(template, context).split())


@transaction.atomic
def add_member(*, acting_membership, email, first_name, last_name, role, request=None):
    """Add a person to the admin's organisation.

    A new account gets an email to choose its password. An existing account (a professional already member
    of another organisation) only gets an invitation that she accepts or refuses herself: nobody can attach
    someone else's account to an organisation, and the admin learns nothing about that account."""
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    if created:
        user = User.objects.create_user(email=email, first_name=first_name, last_name=last_name)
        user.set_unusable_password()
        user.save(update_fields=["password"])
    membership = Membership.objects.create(
        user=user, organisation=acting_membership.organisation, role=role, accepted_at=timezone.now() if created else None
    )
    record(Action.CREATE, membership=acting_membership, target=membership, detail={"role": role, "email": email}, request=request)
    if request is not None:
        organisation = acting_membership.organisation
        if created:
            transaction.on_commit(lambda: send_invitation(user, organisation, request))
        else:
            transaction.on_commit(lambda: send_membership_invitation(user, organisation, request))
    return membership


def send_membership_invitation(user, organisation, request):
    context = {"organisation": organisation, "protocol": "https" if request.is_secure() else "http", "domain": request.get_host()}
    subject = email_subject("accounts/emails/membership_invitation_subject.txt", context)
    send_mail(subject, render_to_string("accounts/emails/membership_invitation.txt", context), None, [user.email])


@transaction.atomic
def answer_invitation(*, user, membership, accept, request=None):
    if accept:
        membership.accepted_at = timezone.now()
        membership.save(update_fields=["accepted_at"])
    else:
        membership.is_active = False
        membership.save(update_fields=["is_active"])
    record(
        Action.UPDATE,
        actor=user,
        membership=membership,
        target=membership,
        detail={"invitation": "accepted" if accept else "refused"},
        request=request,
    )


def send_invitation(user, organisation, request):
    """A new member chooses her own password through a single-use link (the reset-token mechanism)."""
    context = {
        "user": user,
        "organisation": organisation,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
        "protocol": "https" if request.is_secure() else "http",
        "domain": request.get_host(),
    }
    subject = email_subject("accounts/emails/invitation_subject.txt", context)
    body = render_to_string("accounts/emails/invitation.txt", context)
    send_mail(subject, body, None, [user.email])


@transaction.atomic
def change_membership(*, acting_membership, membership, role, is_active, team=None, request=None):
    """A change of role, team or activity, journaled: a team decides which situations she opens, and whether she reads
    a household as the perpetrator's side (casework.access)."""
    # Read from the database: a model form has already set the new values on the instance it was given.
    before = Membership.objects.filter(pk=membership.pk).values("role", "is_active", "team").get()
    membership.role = role
    membership.is_active = is_active
    membership.team = team
    membership.save(update_fields=["role", "is_active", "team"])
    record(
        Action.UPDATE,
        membership=acting_membership,
        target=membership,
        detail={"before": before, "after": {"role": role, "is_active": is_active, "team": membership.team_id}},
        request=request,
    )
    return membership


@transaction.atomic
def issue_token(*, membership, name, request=None):
    token, key = ApiToken.issue(membership, name)
    record(Action.CREATE, membership=membership, target=token, detail={"name": name}, request=request)
    return token, key


@transaction.atomic
def revoke_token(*, membership, token, request=None):
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record(Action.DELETE, membership=membership, target=token, request=request)
