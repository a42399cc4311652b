"""Which membership a request acts under, the second factor required before any non-public page, and the idle timeout."""

import time

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from accounts.models import Membership

SESSION_KEY = "membership_id"


def current_membership(request):
    user = request.user
    if not user.is_authenticated:
        return None
    # The user is the request's, already loaded: only the membership and its organisation are read.
    memberships = Membership.objects.active().filter(user=user).select_related("organisation", "team")
    chosen = request.session.get(SESSION_KEY)
    if chosen:
        membership = memberships.filter(pk=chosen).first()
        if membership is not None:
            membership.user = user
            return membership
    # With several organisations and none chosen, act for none until she chooses (on her account page).
    candidates = list(memberships[:2])
    if len(candidates) != 1:
        return None
    candidates[0].user = user
    return candidates[0]


class MembershipMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not hasattr(request, "membership"):
            request.membership = current_membership(request) if hasattr(request, "user") else None
        return self.get_response(request)


# Views an authenticated but not yet verified user may reach: to enter or set up her second factor.
SECOND_FACTOR_URL_NAMES = {"accounts:verify", "accounts:setup_2fa", "accounts:logout"}


class SecondFactorRequiredMiddleware:
    """Every authenticated user must pass TOTP (or a backup code) before any page that is not public."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if request.path_info.startswith("/api/") or request.path_info.startswith("/static/"):
            return None
        if not getattr(view_func, "login_required", True):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in SECOND_FACTOR_URL_NAMES:
            return None
        from django_otp import devices_for_user

        has_device = any(True for _ in devices_for_user(user, confirmed=True))
        target = reverse("accounts:verify" if has_device else "accounts:setup_2fa")
        return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")


TOUCHED_KEY = "_touched"


def _now():
    return int(time.time())


class SessionIdleMiddleware:
    """The idle timeout without a database write on every request: a session's expiry (SESSION_COOKIE_AGE from its
    last save) is pushed back at most once every SESSION_TOUCH_SECONDS. A session thus ends between
    SESSION_COOKIE_AGE - SESSION_TOUCH_SECONDS and SESSION_COOKIE_AGE after the last request: never later.
    Placed after SessionMiddleware, so that the session it marks is saved on the way out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None:
            return response
        last = session.get(TOUCHED_KEY)  # loads the session if the request did not (nothing without a cookie)
        if session.is_empty():  # no session, or flushed by a logout: nothing to keep alive (and no cookie to set)
            return response
        now = _now()
        if session.modified or last is None or not 0 <= now - last < settings.SESSION_TOUCH_SECONDS:
            session[TOUCHED_KEY] = now
        return response
