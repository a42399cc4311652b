"""What every page of the shared follow-up needs: the membership acting, the page size."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

PAGE_SIZE = 25


def membership_or_404(request):
    membership = getattr(request, "membership", None)
    if membership is None:
        raise Http404
    return membership


def require_nominative(membership):
    if not membership.sees_nominative_data:
        raise PermissionDenied(_("Votre rôle ne permet pas de consulter ou de modifier des dossiers nominatifs."))
