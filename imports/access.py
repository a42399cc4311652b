"""Who may import, and which imports one may see: the organisation's admins only, for their own organisation.

A spreadsheet of follow-ups holds hundreds of people: bringing it in is the organisation's decision about its data
(what it shares on the platform, with which team), not a practitioner's. Practitioners, coordinators, analysts and
everyone else get a 404 on every page of the import, as for anything they may not see."""

from django.http import Http404

from accounts.models import Role
from imports.models import ImportJob


def may_import(membership):
    return membership is not None and membership.is_active and membership.role == Role.ORG_ADMIN


def membership_or_404(request):
    membership = getattr(request, "membership", None)
    if not may_import(membership):
        raise Http404
    return membership


def jobs_of(membership):
    if not may_import(membership):
        return ImportJob.objects.none()
    return ImportJob.objects.filter(organisation_id=membership.organisation_id)


def job_or_404(membership, pk):
    job = jobs_of(membership).filter(pk=pk).first()
    if job is None:
        raise Http404
    return job
