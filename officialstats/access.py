"""The one gate of the official statistics pages: the observatory's readers, the analyst and the network coordinator.

The figures are public, but the pages are the observatory's work space: other members get 404, as for the
observatory's own professional pages (a page that is not theirs answers like one that does not exist), and anyone not
past the second factor the login."""

from django.http import Http404

from accounts.models import Role

READERS = {Role.ANALYST, Role.COORDINATOR}


def reader_or_404(request):
    membership = getattr(request, "membership", None)
    if membership is None or membership.role not in READERS:
        raise Http404
    return membership


def may_read(membership):
    return membership is not None and membership.role in READERS
