"""Who reads what in the observatory (its one gate).

- The analyst and the coordinator read the dashboard: exact counts, with the cells that statistical secrecy would
  hide in public marked.
- The other roles (practitioners, organisation admins) and anonymous visitors read the public edition only (the
  open-data page, the API's public answers): their figures are those anybody may read, after secrecy.
Nobody reads a row about a person here: the observatory has none."""

from django.http import Http404

from accounts.models import Role

DASHBOARD_ROLES = {Role.ANALYST, Role.COORDINATOR}


def reads_exact_figures(request):
    """Fully logged in (password and second factor) as an analyst or a coordinator."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not getattr(user, "is_verified", lambda: False)():
        return False
    membership = getattr(request, "membership", None)
    return membership is not None and membership.role in DASHBOARD_ROLES


def dashboard_membership(request):
    """The acting membership when it may read the dashboard; 404 otherwise (as for a page that does not exist)."""
    if not reads_exact_figures(request):
        raise Http404
    return request.membership
