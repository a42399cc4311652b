"""The demo's calls for projects: the CISPD's 20 000 € envelope, last year's decided (within the envelope, feeding the
action plan), this year's open with applications and reviews, one outdated."""

import pytest
from django.core.management import call_command

from calls.models import Application, Award, CallForProjects, Review

pytestmark = pytest.mark.django_db


def test_the_demo_has_the_cispd_calls_with_applications_and_reviews(territory):
    call_command("demo")
    calls = list(CallForProjects.objects.order_by("year"))
    assert [c.envelope for c in calls] == [20_000, 20_000] and all(c.funder == "CISPD" for c in calls)
    past, current = calls
    assert 0 < sum(a.amount for a in Award.objects.filter(call=past)) <= past.envelope
    assert Application.objects.filter(call=past, plan_action__isnull=False).count() == 2
    assert current.is_open() and Application.objects.filter(call=current).count() == 3
    reviews = list(Review.objects.filter(application__call=current).select_related("application"))
    assert len(reviews) >= 4 and sum(r.outdated for r in reviews) == 2
