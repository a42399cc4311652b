"""Changes of the calls for projects, each in one transaction with its journal entry."""

from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone

from audit.journal import record
from audit.models import Action
from calls import plan
from calls.models import Application, Award, CallForProjects, Criterion, Document, Outcome, Review, Score


class EnvelopeExceeded(Exception):
    """The award would take the call's awarded total above its envelope."""

    def __init__(self, remaining):
        super().__init__(remaining)
        self.remaining = remaining


class AlreadyDecided(Exception):
    """The application already has its decision."""


@transaction.atomic
def save_call(*, membership, form, request=None):
    adding = form.instance.pk is None
    call = form.save(commit=False)
    if adding:
        call.created_by = membership.user
    try:
        with transaction.atomic():
            call.save()
    except IntegrityError as exc:
        raise EnvelopeExceeded(None) from exc
    form.save_m2m()
    record(
        Action.CREATE if adding else Action.UPDATE, membership=membership, target=call, request=request, detail={"envelope": call.envelope}
    )
    return call


@transaction.atomic
def add_criterion(*, membership, call, label, max_score, request=None):
    criterion = Criterion.objects.create(call=call, label=label, max_score=max_score, order=call.criteria.count() + 1)
    record(Action.CREATE, membership=membership, target=criterion, request=request, detail={"call": call.pk})
    return criterion


@transaction.atomic
def add_reviewer(*, membership, call, reviewer, request=None):
    call.reviewers.add(reviewer)
    record(Action.UPDATE, membership=membership, target=call, request=request, detail={"reviewer_added": reviewer.pk})


@transaction.atomic
def file_application(*, membership, call, form, request=None):
    application = form.save(commit=False)
    application.call = call
    application.organisation = membership.organisation
    application.created_by = membership.user
    application.save()
    form.save_m2m()
    record(Action.CREATE, membership=membership, target=application, request=request, detail={"call": call.pk})
    return application


def _touch(application):
    Application.objects.filter(pk=application.pk).update(version=F("version") + 1, updated_at=timezone.now())


@transaction.atomic
def update_application(*, membership, form, request=None):
    application = form.save()
    _touch(application)
    application.refresh_from_db()
    record(Action.UPDATE, membership=membership, target=application, request=request, detail={"version": application.version})
    return application


@transaction.atomic
def add_document(*, membership, application, upload, request=None):
    document = Document.objects.create(
        application=application,
        name=upload.clean_name,
        content_type=upload.clean_type,
        size=upload.size,
        data=upload.read(),
        uploaded_by=membership.user,
    )
    _touch(application)
    record(Action.CREATE, membership=membership, target=document, request=request, detail={"application": application.pk})
    return document


@transaction.atomic
def save_review(*, membership, application, recommendation, comment, scores, request=None):
    application = Application.objects.get(pk=application.pk)
    review, created = Review.objects.update_or_create(
        application=application,
        reviewer=membership,
        defaults={
            "recommendation": recommendation,
            "comment": comment,
            "application_version": application.version,
            "reviewed_at": timezone.now(),
        },
    )
    for criterion, value in scores.items():
        Score.objects.update_or_create(review=review, criterion=criterion, defaults={"value": value})
    record(
        Action.CREATE if created else Action.UPDATE,
        membership=membership,
        target=review,
        request=request,
        detail={"application": application.pk, "total": sum(scores.values()), "recommendation": recommendation},
    )
    return review


def awarded_total(call_id):
    return Award.objects.filter(call_id=call_id).aggregate(total=Sum("amount"))["total"] or 0


@transaction.atomic
def decide(*, membership, application, outcome, amount, request=None):
    """Record the decision on an application. The call's row is locked first, so that the check below and the
    database's own (migration 0002) see the awards of the other decisions being taken at the same moment."""
    call = CallForProjects.objects.select_for_update().get(pk=application.call_id)
    amount = amount if outcome == Outcome.FUNDED else 0
    if Award.objects.filter(application_id=application.pk).exists():
        raise AlreadyDecided
    remaining = call.envelope - awarded_total(call.pk)
    if amount > remaining:
        raise EnvelopeExceeded(remaining)
    try:
        with transaction.atomic():
            award = Award.objects.create(application=application, call=call, outcome=outcome, amount=amount, decided_by=membership.user)
    except IntegrityError as exc:
        raise EnvelopeExceeded(call.envelope - awarded_total(call.pk)) from exc
    plan_action = plan.feed_plan(award) if outcome == Outcome.FUNDED else None
    if plan_action is not None:
        Application.objects.filter(pk=application.pk).update(plan_action=plan_action)
        application.plan_action = plan_action
    record(
        Action.CREATE,
        membership=membership,
        target=award,
        request=request,
        detail={"application": application.pk, "amount": amount, "plan_action": plan_action.pk if plan_action else None},
    )
    return award


@transaction.atomic
def save_report(*, membership, application, form, request=None):
    report = form.save(commit=False)
    adding = report.pk is None
    report.application = application
    report.submitted_by = membership.user
    report.submitted_at = timezone.now()
    report.save()
    plan.report_to_plan(report, membership)
    record(Action.CREATE if adding else Action.UPDATE, membership=membership, target=report, request=request, detail={})
    return report
