"""The one gate of the calls for projects.

- The coordinator steers: she creates the calls, their grid and their reviewers, reads every application and decides.
- An organisation admin files and edits her organisation's applications (until the decision), adds their documents and
  reports on a funded project; the organisation's practitioners read them.
- A reviewer is designated by the coordinator, call by call, among the partners' members: she reads the call's
  applications and scores them, never her own organisation's (a conflict of interest), and not once decided.
- Every member reads the list of calls (they are published to the associations).

An application one may not read answers 404, like one that does not exist."""

from django.db.models import Q
from django.http import Http404

from accounts.models import Role
from calls.models import Application, CallForProjects, Document


def active(membership):
    return membership is not None and membership.is_active and membership.user.is_active


def steers(membership):
    return active(membership) and membership.role == Role.COORDINATOR


def files_for_organisation(membership):
    return active(membership) and membership.role == Role.ORG_ADMIN


def reviews_call(membership, call):
    return active(membership) and call.reviewers.filter(pk=membership.pk).exists()


def applications_visible_to(membership):
    if not active(membership):
        return Application.objects.none()
    if steers(membership):
        return Application.objects.all()
    return Application.objects.filter(Q(organisation_id=membership.organisation_id) | Q(call__reviewers=membership)).distinct()


def get_call_or_404(membership, pk):
    if not active(membership):
        raise Http404
    call = CallForProjects.objects.filter(pk=pk).first()
    if call is None:
        raise Http404
    return call


def get_application_or_404(membership, pk):
    application = applications_visible_to(membership).select_related("call", "organisation").filter(pk=pk).first()
    if application is None:
        raise Http404
    return application


def get_document_or_404(membership, pk):
    document = Document.objects.filter(pk=pk, application__in=applications_visible_to(membership)).first()
    if document is None:
        raise Http404
    return document


def _award_of(application):
    try:
        return application.award
    except Application.award.RelatedObjectDoesNotExist:
        return None


def may_edit(membership, application):
    return (
        files_for_organisation(membership) and application.organisation_id == membership.organisation_id and _award_of(application) is None
    )


def may_review(membership, application):
    return (
        reviews_call(membership, application.call)
        and application.organisation_id != membership.organisation_id
        and _award_of(application) is None
    )


def may_report(membership, application):
    award = _award_of(application)
    return (
        files_for_organisation(membership)
        and application.organisation_id == membership.organisation_id
        and award is not None
        and award.outcome == "funded"
    )


def award_of(application):
    return _award_of(application)
