"""Who reads the guide as a professional, and who reads its confidential fields (a shelter's address, a private phone).

- The guide's professional features (services not yet published of one's own organisation, the link to orient a
  person, the editing links) need the same fully verified session as the shared follow-up: a password alone, before
  the second factor, is a visitor.
- The confidential fields are read only after the second factor, only by the practitioners and admins of the
  organisations whose kind the setting DIRECTORY_CONFIDENTIAL_KINDS lists, and only where the member's part of the
  organisation (her team, else the organisation) accompanies victims, by the platform's own setting (accounts.Audience):
  never by a team or an organisation that accompanies perpetrators, or both, nor by the coordinator or the analyst.
  Each reading is journaled.

Every page and endpoint of the guide asks here."""

from django.conf import settings

from accounts.models import Audience
from audit.journal import record
from audit.models import Action


def _active(membership):
    return membership is not None and membership.is_active and membership.user.is_active


def professional_membership(request):
    """The membership a request acts for in the guide, once both factors are passed; None for a visitor."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    if getattr(request, "auth", None) is None and not (hasattr(user, "is_verified") and user.is_verified()):
        return None  # logged in with a password only: the guide is public to her until the second factor
    membership = getattr(request, "membership", None)
    return membership if _active(membership) else None


def is_professional(request):
    return professional_membership(request) is not None


def reads_confidential(membership):
    """Whether this membership reads the guide's confidential fields."""
    return (
        _active(membership)
        and membership.sees_nominative_data
        and membership.organisation.kind in settings.DIRECTORY_CONFIDENTIAL_KINDS
        and membership.accompanies == Audience.VICTIMS
    )


def confidential_fields(service, places):
    """The confidential fields of a service and of the places shown with it."""
    fields = set(service.confidential_fields or [])
    for place in places:
        fields |= {f"place:{name}" for name in place.confidential_fields or []}
    return sorted(fields)


def journal_confidential(request, membership, shown):
    """One entry for the confidential fields a page or an answer showed ({service id: fields}), if any."""
    shown = {str(pk): fields for pk, fields in shown.items() if fields}
    if not shown:
        return
    record(
        Action.VIEW,
        membership=membership,
        target_type="directory.Service",
        target_id=",".join(sorted(shown))[:64],
        request=request,
        detail={"confidential": shown},
    )
