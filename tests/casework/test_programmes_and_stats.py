import datetime
import random

import pytest

from accounts import demo as accounts_demo
from casework import demo as casework_demo
from casework import stats
from casework.models import Enrolment, PersonRole, Programme

pytestmark = pytest.mark.django_db


def test_enrolment_and_exit_through_the_pages(member_client, situation):
    Programme.builtin("perpetrators")
    programme = Programme.objects.get(code="perpetrators")
    perpetrator = situation.people.get(role=PersonRole.PERPETRATOR)
    response = member_client.post(
        f"/suivi/{situation.pk}/programmes/",
        {
            "programme": programme.pk,
            "person": perpetrator.pk,
            "entered_on": "2026-01-10",
            "employment_at_entry": "unemployed",
            "housing_at_entry": "stable",
            "has_children": "on",
        },
    )
    assert response.status_code == 302
    enrolment = Enrolment.objects.get()
    response = member_client.post(
        f"/suivi/inscriptions/{enrolment.pk}/sortie/",
        {"exited_on": "2026-01-01", "outcome": "positive", "employment_at_exit": "training", "housing_at_exit": "stable"},
    )
    assert "Date de sortie : La date de sortie ne peut pas précéder la date d&#x27;entrée." in response.content.decode()
    member_client.post(
        f"/suivi/inscriptions/{enrolment.pk}/sortie/",
        {
            "exited_on": "2026-03-01",
            "outcome": "positive",
            "employment_at_exit": "training",
            "housing_at_exit": "stable",
            "hearing_outcome": "suspended",
            "hearing_positive": "on",
        },
    )
    enrolment.refresh_from_db()
    assert (enrolment.outcome, enrolment.employment_at_exit, enrolment.hearing_positive) == ("positive", "training", True)
    figures = stats.programme_figures("perpetrators", 2026)
    assert figures["followed"]["total"] == 1
    assert figures["positive_exits"] == {"numerator": 1, "denominator": 1, "rate": 1.0}
    assert figures["unemployment_at_entry"]["rate"] == 1.0
    assert figures["unemployment_at_exit"]["rate"] == 0.0


def test_demo_reproduces_the_published_2022_figures(territory):
    rng = random.Random(1)
    context = {}
    accounts_demo.load(rng, context)
    casework_demo.load(rng, context)
    air = stats.programme_figures("air", 2022)
    assert air["followed"] == {"total": 90, "men": 78, "women": 12, "unknown": 0}
    assert round(air["positive_exits"]["rate"] * 100) == 65
    assert round(air["unemployment_at_entry"]["rate"] * 100) == 50
    assert round(air["unemployment_at_exit"]["rate"] * 100) == 14
    pathway = stats.programme_figures("perpetrators", 2022)
    assert pathway["followed"] == {"total": 76, "men": 60, "women": 16, "unknown": 0}
    assert round(pathway["with_children"]["rate"] * 100) == 80
    assert round(pathway["unemployment_at_entry"]["rate"] * 100) == 50
    assert round(pathway["activity_at_exit"]["rate"] * 100) == 67
    assert round(pathway["hearing_positive"]["rate"] * 100) == 90
    # A year of situations across several partners, and the demo is idempotent.
    year_ago = datetime.date.today() - datetime.timedelta(days=366)
    from casework.models import Situation

    recent = Situation.objects.filter(opened_on__gte=year_ago, side="victim")
    assert recent.count() == 300
    assert recent.values("organisation").distinct().count() >= 4
    casework_demo.load(rng, context)
    assert Situation.objects.filter(opened_on__gte=year_ago, side="victim").count() == 300
