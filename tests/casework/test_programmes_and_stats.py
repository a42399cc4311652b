import datetime
import random

import pytest
from django.db import models

from accounts import demo as accounts_demo
from casework import demo as casework_demo
from casework import stats
from casework.models import Enrolment, PersonRole, Programme, ProgrammeCode

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
    # The situation page shows what was recorded at entry and at exit.
    html = member_client.get(f"/suivi/{situation.pk}/").content.decode()
    programmes = html.split('id="prog-title"')[1].split("</section>")[0]
    for shown in (
        "le 10/01/2026",
        "Sans emploi",
        "Logement stable",
        "avec enfants",
        "le 01/03/2026",
        "Sortie positive",
        "En formation",
        "audience : Sursis probatoire",
    ):
        assert shown in programmes, shown
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
    # Children at exit: recorded for every exit, and nobody's children gone (seed 001 gives them at entry only).
    pathway_exits = Enrolment.objects.filter(programme__code="perpetrators", exited_on__year=2022)
    assert pathway["with_children_at_exit"] == stats.rate(pathway_exits.filter(has_children=True).count(), 70)
    assert not Enrolment.objects.filter(exited_on__isnull=False, has_children_at_exit__isnull=True).exists()
    assert not Enrolment.objects.exclude(has_children_at_exit=None).exclude(has_children_at_exit=models.F("has_children")).exists()
    # AIR has no hearing: nothing recorded about one, and no figure.
    assert air["hearing_positive"]["denominator"] == 0
    assert not Enrolment.objects.filter(programme__code="air").exclude(hearing_outcome="").exists()
    assert not pathway_exits.filter(hearing_outcome="").exists()
    # A year of situations across several partners, and the demo is idempotent.
    year_ago = datetime.date.today() - datetime.timedelta(days=366)
    from casework.models import Situation

    recent = Situation.objects.filter(opened_on__gte=year_ago, side="victim")
    assert recent.count() == 300
    assert recent.values("organisation").distinct().count() >= 4
    casework_demo.load(rng, context)
    assert Situation.objects.filter(opened_on__gte=year_ago, side="victim").count() == 300


def _enrol(client, situation, code, **extra):
    programme = Programme.builtin(code)
    perpetrator = situation.people.get(role=PersonRole.PERPETRATOR)
    data = {
        "programme": programme.pk,
        "person": perpetrator.pk,
        "entered_on": "2026-01-10",
        "employment_at_entry": "unemployed",
        "housing_at_entry": "stable",
        "has_children": "on",
    }
    data.update(extra)
    assert client.post(f"/suivi/{situation.pk}/programmes/", data).status_code == 302
    return Enrolment.objects.get(programme=programme)


EXIT = {"exited_on": "2026-03-01", "outcome": "positive", "employment_at_exit": "training", "housing_at_exit": "stable"}


def test_the_pathway_exit_requires_the_hearing_outcome(member_client, situation):
    enrolment = _enrol(member_client, situation, ProgrammeCode.PERPETRATORS)
    url = f"/suivi/inscriptions/{enrolment.pk}/sortie/"
    response = member_client.post(url, EXIT)
    assert response.status_code == 200
    assert "Issue de l&#x27;audience correctionnelle : Obligatoire pour le parcours auteurs" in response.content.decode()
    enrolment.refresh_from_db()
    assert enrolment.exited_on is None and enrolment.outcome == ""


def test_a_hearing_not_held_yet_is_an_answer_not_a_negative(member_client, situation):
    enrolment = _enrol(member_client, situation, ProgrammeCode.PERPETRATORS)
    url = f"/suivi/inscriptions/{enrolment.pk}/sortie/"
    response = member_client.post(url, {**EXIT, "hearing_outcome": "not_held", "hearing_positive": "on"})
    assert "Sortie assimilée positive lors de l&#x27;audience : L&#x27;audience n&#x27;a pas encore eu lieu" in response.content.decode()
    enrolment.refresh_from_db()
    assert enrolment.exited_on is None
    assert member_client.post(url, {**EXIT, "hearing_outcome": "not_held", "has_children_at_exit": "on"}).status_code == 302
    enrolment.refresh_from_db()
    assert (enrolment.hearing_outcome, enrolment.hearing_positive) == ("not_held", None)
    assert enrolment.get_hearing_outcome_display() == "Audience pas encore tenue"
    figures = stats.programme_figures("perpetrators", 2026)
    assert figures["positive_exits"]["denominator"] == 1
    assert figures["hearing_positive"]["denominator"] == 0


def test_air_neither_shows_nor_records_a_hearing(member_client, situation):
    enrolment = _enrol(member_client, situation, ProgrammeCode.AIR)
    url = f"/suivi/inscriptions/{enrolment.pk}/sortie/"
    html = member_client.get(url).content.decode()
    assert "Sortie du programme" in html and "audience" not in html.lower()
    response = member_client.post(url, {**EXIT, "hearing_outcome": "conviction"})
    assert "Issue de l&#x27;audience : ne s&#x27;indique que pour le parcours auteurs" in response.content.decode()
    enrolment.refresh_from_db()
    assert enrolment.exited_on is None
    assert member_client.post(url, EXIT).status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.outcome == "positive"
    # The unticked box of the old form said « negative at the hearing » for a programme that has none.
    assert (enrolment.hearing_outcome, enrolment.hearing_positive) == ("", None)
    assert stats.programme_figures("air", 2026)["hearing_positive"]["denominator"] == 0


def test_children_are_recorded_at_exit_as_at_entry(member_client, situation):
    enrolment = _enrol(member_client, situation, ProgrammeCode.AIR)
    url = f"/suivi/inscriptions/{enrolment.pk}/sortie/"
    # The form starts from the answer given at entry.
    html = member_client.get(url).content.decode()
    assert "A des enfants à la sortie" in html
    assert 'name="has_children_at_exit" id="id_has_children_at_exit" checked' in html
    # Unticked: no children any more (placed, grown up); the entry value stays what it was.
    assert member_client.post(url, EXIT).status_code == 302
    enrolment.refresh_from_db()
    assert (enrolment.has_children, enrolment.has_children_at_exit) == (True, False)
    figures = stats.programme_figures("air", 2026)
    assert figures["with_children"] == stats.rate(1, 1)
    assert figures["with_children_at_exit"] == stats.rate(0, 1)


def test_migration_0009_reads_an_unticked_box_without_an_outcome_as_no_answer(situation):
    """Before 0009 an unticked « positive at the hearing » box was stored as False even with no outcome recorded:
    it counted as a negative hearing in the published rate. The migration makes it no answer; recorded outcomes stay."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("casework.migrations.0009_enrolment_children_at_exit_hearing_not_held")
    Programme.builtin("perpetrators")
    Programme.builtin("air")
    perpetrator = situation.people.get(role=PersonRole.PERPETRATOR)
    common = {
        "person": perpetrator,
        "situation": situation,
        "organisation": situation.organisation,
        "entered_on": datetime.date(2025, 1, 1),
    }
    unanswered = {
        code: Enrolment.objects.create(programme=Programme.objects.get(code=code), hearing_outcome="", hearing_positive=False, **common)
        for code in ("perpetrators", "air")
    }
    recorded = Enrolment.objects.create(
        programme=Programme.objects.get(code="perpetrators"), hearing_outcome="conviction", hearing_positive=False, **common
    )
    migration.forget_air_hearing_checkbox(apps, None)
    assert [Enrolment.objects.get(pk=e.pk).hearing_positive for e in unanswered.values()] == [None, None]
    assert Enrolment.objects.get(pk=recorded.pk).hearing_positive is False
