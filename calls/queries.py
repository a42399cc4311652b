"""Reads of the calls for projects: each application's review summary, a call's envelope, the calendar's items."""

from dataclasses import dataclass, field

from django.db.models import Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from calls.models import Award, CallForProjects, Review, Score


@dataclass
class Summary:
    """An application's reviews: each review's total, their average, each criterion's average."""

    reviews: list = field(default_factory=list)
    totals: list = field(default_factory=list)
    criteria: list = field(default_factory=list)  # [(criterion, average or None)]
    outdated: int = 0
    max_total: int = 0

    @property
    def average(self):
        return round(sum(self.totals) / len(self.totals), 1) if self.totals else None

    @property
    def recommendations(self):
        counts = {}
        for review in self.reviews:
            label = review.get_recommendation_display()
            counts[label] = counts.get(label, 0) + 1
        return counts


def summaries(applications, criteria):
    """{application id: Summary} in three queries."""
    applications = list(applications)
    criteria = list(criteria)
    result = {a.pk: Summary(max_total=sum(c.max_score for c in criteria)) for a in applications}
    reviews = list(Review.objects.filter(application__in=applications).select_related("application", "reviewer__organisation"))
    values = {}
    for score in Score.objects.filter(review__in=reviews):
        values.setdefault(score.review_id, {})[score.criterion_id] = score.value
    per_criterion = {}
    for review in reviews:
        summary = result[review.application_id]
        review.total = sum(values.get(review.pk, {}).values())
        review.values = values.get(review.pk, {})
        summary.reviews.append(review)
        summary.totals.append(review.total)
        summary.outdated += review.outdated
        for criterion_id, value in review.values.items():
            per_criterion.setdefault((review.application_id, criterion_id), []).append(value)
    for application in applications:
        summary = result[application.pk]
        for criterion in criteria:
            got = per_criterion.get((application.pk, criterion.pk))
            summary.criteria.append((criterion, round(sum(got) / len(got), 1) if got else None))
    return result


def awarded_by_call():
    return dict(Award.objects.values_list("call_id").annotate(total=Sum("amount")).values_list("call_id", "total"))


def calendar_items(organisation, *, external=False):
    """Dated items for the network's calendar: each call's opening, deadline and decision date. Titles name no person.
    The calls are published to every partner: neither `organisation` nor `external` (the feed) narrows them."""
    items = []
    for call in CallForProjects.objects.order_by("closes_on", "pk"):
        url = reverse("calls:call_detail", args=[call.pk])
        items.append({"kind": "call_opens", "title": _("Ouverture : %(call)s") % {"call": call.title}, "date": call.opens_on, "url": url})
        items.append(
            {
                "kind": "call_deadline",
                "title": _("Date limite de dépôt : %(call)s") % {"call": call.title},
                "date": call.closes_on,
                "url": url,
            }
        )
        if call.decision_on:
            items.append(
                {"kind": "call_decision", "title": _("Décisions : %(call)s") % {"call": call.title}, "date": call.decision_on, "url": url}
            )
    return items
