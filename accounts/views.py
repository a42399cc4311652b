"""Login with two factors, members of one's organisation, personal API tokens."""

import base64

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.dispatch import receiver
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import actions
from accounts.access import managed_membership_or_404, own_token_or_404, require_org_admin
from accounts.forms import (
    ApiTokenForm,
    ConfirmTotpForm,
    EmailAuthenticationForm,
    MemberForm,
    MembershipChangeForm,
    OrganisationForm,
    ResetForm,
    TokenForm,
)
from accounts.middleware import SESSION_KEY
from accounts.models import Membership, Role, User
from audit.journal import record
from audit.models import Action
from maillage.net import client_ip

BACKUP_CODES = 10


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True

    # A login is journaled once, when it is complete (second factor passed, `_complete_second_factor`): the
    # password alone opens nothing. Failed attempts at either step are journaled (journal_login_failure), and
    # django-axes keeps its own log of password attempts.

    def get_success_url(self):
        # The password is only the first step: go straight to the second factor, then to `next` when one was asked
        # for, else to the page of her work (landing_url).
        target = "accounts:verify" if devices_for_user_exist(self.request.user) else "accounts:setup_2fa"
        wanted = self.get_redirect_url()
        return f"{reverse(target)}?{urlencode({'next': wanted})}" if wanted else reverse(target)


def _url_or_none(name):
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def landing_url(membership):
    """Where each role starts its work after the second factor (unless a page was asked for)."""
    if membership is None:
        return reverse("accounts:profile")
    if membership.role == Role.ORG_ADMIN:
        return reverse("accounts:organisation")
    if membership.role == Role.ANALYST:
        # The analyst reads no situation: her work is the observatory's dashboard.
        return reverse("observatory:home")
    # A practitioner: her caseload and inbox; the coordinator: the situations shared with the committee (same page,
    # which shows each role what it may see; her figures are one click away, in the observatory).
    return _url_or_none("casework:caseload") or reverse("directory:home")


def devices_for_user_exist(user):
    return any(True for _ in devices_for_user(user, confirmed=True))


login_view = login_not_required(LoginView.as_view())


def _safe_next(request, default="home"):
    """The page asked for, when it is a path of this site (« /suivi/ »); else `default`. Anything else (another host,
    a relative word that `redirect` would read as a view name) is ignored."""
    target = request.POST.get("next") or request.GET.get("next")
    if (
        target
        and target.startswith("/")
        and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure())
    ):
        return target
    return default


def verify(request):
    """Second step of the login: a TOTP code or a single-use backup code."""
    if request.user.is_verified():
        return redirect(_safe_next(request))
    form = TokenForm(request.user, request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            return _complete_second_factor(request, form.device)
        journal_login_failure(request.user, request, "second_factor")
    return render(request, "accounts/verify.html", {"form": form, "next": _safe_next(request, "")})


def _complete_second_factor(request, device):
    # A new session key once fully authenticated: a cookie stolen after the password step is worth nothing.
    request.session.cycle_key()
    otp_login(request, device)
    memberships = _journal_login(request, device)
    if len(memberships) > 1 and SESSION_KEY not in request.session:
        messages.info(request, _("Vous êtes membre de plusieurs organisations : choisissez celle pour laquelle vous agissez."))
        return redirect("accounts:profile")
    return redirect(_safe_next(request, landing_url(memberships[0] if memberships else None)))


def _journal_login(request, device):
    """One entry per complete login, in the journal of each of her organisations."""
    memberships = list(Membership.objects.active().filter(user=request.user).select_related("organisation"))
    method = "backup_code" if isinstance(device, StaticDevice) else "totp"
    for membership in memberships:
        record(Action.LOGIN, membership=membership, request=request, detail={"second_factor": method})
    return memberships


def journal_login_failure(user, request, step):
    """A failed attempt on an existing account goes to the journal of each of her organisations."""
    for membership in Membership.objects.active().filter(user=user).select_related("organisation", "user"):
        record(Action.LOGIN_FAILED, actor=user, membership=membership, request=request, detail={"step": step})


@receiver(user_login_failed)
def _password_failure(sender, credentials, request=None, **kwargs):
    email = (credentials or {}).get("username") or ""
    user = User.objects.filter(email__iexact=email.strip()).first() if email else None
    if user is not None and request is not None:
        journal_login_failure(user, request, "password")


def _qr_data_uri(url):
    return segno.make(url, error="m").svg_data_uri(scale=5, dark="#1b1b1b", light="#ffffff")


def setup_2fa(request):
    """First login: register an authenticator app, then show the backup codes once."""
    user = request.user
    if devices_for_user_exist(user) and not user.is_verified():
        # Whoever has a second factor (an authenticator or backup codes) proves it before enrolling another.
        return redirect("accounts:verify")
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        # Replacing an authenticator is not done from here.
        return redirect("accounts:profile")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Application d'authentification", confirmed=False)
    form = ConfirmTotpForm(device, request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            codes = regenerate_backup_codes(user)
            first_login = not user.is_verified()
            if first_login:
                request.session.cycle_key()
            otp_login(request, device)
            record(Action.UPDATE, request=request, target=user, detail={"second_factor": "totp_confirmed"})
            if first_login:
                _journal_login(request, device)
        return render(request, "accounts/backup_codes.html", {"codes": codes, "next": _safe_next(request, landing_url(request.membership))})
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "accounts/setup_2fa.html",
        {"form": form, "qr": _qr_data_uri(device.config_url), "secret": secret, "next": _safe_next(request, "")},
    )


def regenerate_backup_codes(user, count=BACKUP_CODES):
    static, _created = StaticDevice.objects.get_or_create(user=user, name="Codes de secours", defaults={"confirmed": True})
    static.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(count)]
    StaticToken.objects.bulk_create([StaticToken(device=static, token=code) for code in codes])
    return codes


@require_POST
def new_backup_codes(request):
    with transaction.atomic():
        codes = regenerate_backup_codes(request.user)
        record(Action.UPDATE, request=request, target=request.user, detail={"second_factor": "backup_codes_regenerated"})
    return render(request, "accounts/backup_codes.html", {"codes": codes, "next": "accounts:profile"})


@require_POST
def logout_view(request):
    if request.user.is_authenticated:
        record(Action.LOGOUT, request=request)
    return auth_views.LogoutView.as_view()(request)


def profile(request):
    memberships = Membership.objects.active().filter(user=request.user).select_related("organisation")
    invitations = Membership.objects.pending_for(request.user).select_related("organisation")
    return render(request, "accounts/profile.html", {"memberships": memberships, "invitations": invitations})


@require_POST
def invitation_answer(request, pk):
    membership = get_object_or_404(Membership.objects.pending_for(request.user), pk=pk)
    accept = request.POST.get("answer") == "accept"
    actions.answer_invitation(user=request.user, membership=membership, accept=accept, request=request)
    if accept:
        messages.success(request, _("Vous êtes désormais membre de %(org)s.") % {"org": membership.organisation.name})
    else:
        messages.success(request, _("Invitation refusée."))
    return redirect("accounts:profile")


@require_POST
def switch_membership(request):
    chosen = request.POST.get("membership", "")
    # Anything but an id of one of her memberships changes nothing (and is no server error).
    membership = (
        Membership.objects.active().filter(user=request.user, pk=chosen).first() if chosen.isdecimal() and chosen.isascii() else None
    )
    if membership is not None:
        request.session[SESSION_KEY] = membership.pk
        messages.success(request, _("Vous agissez désormais pour %(org)s.") % {"org": membership.organisation.name})
    return redirect("home")


def members(request):
    admin = require_org_admin(request)
    memberships = Membership.objects.managed_by(admin).select_related("user")
    form = MemberForm(admin.organisation, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.add_member(acting_membership=admin, request=request, **form.cleaned_data)
        except IntegrityError:
            # The same form posted twice at once: the second one finds the membership already there.
            form.add_error("email", _("Cette personne est déjà membre de l'organisation."))
        else:
            messages.success(request, _("Invitation envoyée par e-mail."))
            return redirect("accounts:members")
    return render(request, "accounts/members.html", {"memberships": memberships, "form": form, "organisation": admin.organisation})


def organisation_edit(request):
    """An organisation admin keeps her organisation's details and the communes it covers."""
    admin = require_org_admin(request)
    organisation = admin.organisation
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            record(Action.UPDATE, membership=admin, target=organisation, detail={"fields": sorted(form.changed_data)}, request=request)
        messages.success(request, _("Organisation mise à jour."))
        return redirect("accounts:organisation")
    return render(request, "accounts/organisation.html", {"form": form, "organisation": organisation})


def member_edit(request, pk):
    membership = managed_membership_or_404(request, pk)
    role_before = membership.role
    form = MembershipChangeForm(request.POST or None, instance=membership)
    if request.method == "POST" and form.is_valid():
        if membership.pk == request.membership.pk and (form.cleaned_data["role"] != role_before or not form.cleaned_data["is_active"]):
            form.add_error(
                "role", _("Vous ne pouvez pas retirer vos propres droits d'administration : demandez-le à un·e autre administrateur·rice.")
            )
        else:
            actions.change_membership(acting_membership=request.membership, membership=membership, request=request, **form.cleaned_data)
            messages.success(request, _("Membre mis·e à jour."))
            return redirect("accounts:members")
    return render(request, "accounts/member_edit.html", {"form": form, "member": membership})


def tokens(request):
    membership = request.membership
    if membership is None:
        return render(request, "accounts/no_membership.html", status=403)
    form = ApiTokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        _token, new_key = actions.issue_token(membership=membership, name=form.cleaned_data["name"], request=request)
        form = ApiTokenForm()
    return render(request, "accounts/tokens.html", {"tokens": membership.api_tokens.all(), "form": form, "new_key": new_key})


@require_POST
def token_revoke(request, pk):
    token = own_token_or_404(request, pk)
    actions.revoke_token(membership=request.membership, token=token, request=request)
    messages.success(request, _("Jeton révoqué."))
    return redirect("accounts:tokens")


class PasswordResetView(auth_views.PasswordResetView):
    """At most RESET_REQUESTS_PER_HOUR requests per address: beyond, the same answer, and nothing is sent."""

    form_class = ResetForm

    def form_valid(self, form):
        key = f"password-reset:{client_ip(self.request)}"
        count = cache.get_or_set(key, 0, timeout=3600)
        if count >= settings.RESET_REQUESTS_PER_HOUR:
            return redirect(self.get_success_url())
        cache.incr(key)
        return super().form_valid(form)


password_reset = login_not_required(
    PasswordResetView.as_view(
        template_name="accounts/password_reset.html",
        email_template_name="accounts/emails/password_reset.txt",
        subject_template_name="accounts/emails/password_reset_subject.txt",
        success_url="/comptes/mot-de-passe/envoye/",
    )
)
password_reset_done = login_not_required(auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"))
password_reset_confirm = login_not_required(
    auth_views.PasswordResetConfirmView.as_view(
        template_name="accounts/password_reset_confirm.html", success_url="/comptes/mot-de-passe/termine/"
    )
)
password_reset_complete = login_not_required(
    auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html")
)
