"""The one gate of the accounts app: who may manage which memberships and tokens."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.models import ApiToken, Membership


def require_org_admin(request):
    membership = getattr(request, "membership", None)
    if membership is None or not membership.is_org_admin:
        raise Http404
    return membership


def managed_membership_or_404(request, pk):
    admin = require_org_admin(request)
    return get_object_or_404(Membership.objects.managed_by(admin).select_related("user"), pk=pk)


def own_token_or_404(request, pk):
    membership = getattr(request, "membership", None)
    if membership is None:
        raise Http404
    return get_object_or_404(ApiToken.objects.filter(membership=membership), pk=pk)
