"""The danger assessment: wording that fits every victim, « oui / non / ne sait pas », the grid kept with each answer."""

import pytest

from casework import risk
from casework.models import RiskAssessment

pytestmark = pytest.mark.django_db


def answers(*yes, unknown=(), **extra):
    """A complete form: « oui » to `yes`, « ne sait pas » to `unknown`, « non » to every other question."""
    data = {"assessed_on": "2026-03-01", "raise_to": "", "raised_reason": ""}
    for code, _text, _weight, _flag in risk.DEFAULT_QUESTIONS:
        data[f"q_{code}"] = "yes" if code in yes else "unknown" if code in unknown else "no"
    data.update(extra)
    return data


def test_default_grid_has_the_known_risk_factors():
    grid = risk.default_grid()
    codes = set(grid.questions.values_list("code", flat=True))
    assert {
        "separation",
        "escalation",
        "threats_to_kill",
        "strangulation",
        "weapon",
        "pregnancy",
        "children_exposed",
        "control_jealousy",
        "substances",
        "suicide_threats",
        "order_breach",
    } <= codes
    assert set(grid.questions.filter(red_flag=True).values_list("code", flat=True)) == {"threats_to_kill", "strangulation", "weapon"}


def test_the_questions_fit_every_victim():
    """A man may be the victim: no « la tuer », « l'étrangler », « est-elle enceinte »."""
    texts = " ".join(text for _code, text, _w, _f in risk.DEFAULT_QUESTIONS)
    for wording in ("la tuer", "l'étrangler", "Est-elle", "enceinte ou a-t-elle"):
        assert wording not in texts


def test_score_level_and_history(member_client, situation):
    member_client.post(f"/suivi/{situation.pk}/evaluation/", answers("separation", "pregnancy"))
    first = RiskAssessment.objects.get()
    assert (first.score, first.level) == (5, "standard")
    member_client.post(
        f"/suivi/{situation.pk}/evaluation/",
        answers("separation", "escalation", "children_exposed", "substances", assessed_on="2026-03-05"),
    )
    assert RiskAssessment.objects.count() == 2
    situation.refresh_from_db()
    assert situation.danger_level == "elevated"
    assert not situation.flagged_for_committee


def test_red_flag_is_high_and_flags_for_the_committee(member_client, situation):
    response = member_client.post(f"/suivi/{situation.pk}/evaluation/", answers("strangulation"), follow=True)
    assert "signalée au comité de suivi" in response.content.decode()
    situation.refresh_from_db()
    assert situation.danger_level == "high"
    assert situation.flagged_for_committee


def test_professional_judgement_raises_the_level_only_with_a_reason(member_client, situation):
    response = member_client.post(f"/suivi/{situation.pk}/evaluation/", answers(raise_to="high"))
    assert "Motif du relèvement : Motivez le relèvement du niveau." in response.content.decode()
    assert not RiskAssessment.objects.exists()
    member_client.post(f"/suivi/{situation.pk}/evaluation/", answers(raise_to="high", raised_reason="Peur intense exprimée"))
    assessment = RiskAssessment.objects.get()
    assert (assessment.computed_level, assessment.level, assessment.raised_reason) == ("standard", "high", "Peur intense exprimée")


def test_future_date_is_refused(member_client, situation):
    response = member_client.post(f"/suivi/{situation.pk}/evaluation/", answers(assessed_on="2099-01-01"))
    assert "Date de l&#x27;évaluation : La date ne peut pas être dans le futur." in response.content.decode()


def test_every_question_needs_an_answer_and_ne_sait_pas_is_one(member_client, situation):
    data = answers()
    del data["q_weapon"]
    response = member_client.post(f"/suivi/{situation.pk}/evaluation/", data)
    assert response.status_code == 200 and "Répondez « oui », « non » ou « ne sait pas »." in response.content.decode()
    assert not RiskAssessment.objects.exists()
    member_client.post(f"/suivi/{situation.pk}/evaluation/", answers("separation", unknown=("weapon", "fear")))
    assessment = RiskAssessment.objects.get()
    assert assessment.score == 3 and assessment.answers["weapon"] == "unknown" and assessment.answers["separation"] == "yes"
    page = member_client.get(f"/suivi/{situation.pk}/").content.decode()
    assert "2 « ne sait pas »" in page


def test_each_assessment_keeps_the_grid_it_was_answered_with(member_client, situation):
    member_client.post(f"/suivi/{situation.pk}/evaluation/", answers("separation"))
    grid = risk.current_grid()
    question = grid.questions.get(code="separation")
    question.weight = 9
    question.save()
    snapshot = RiskAssessment.objects.get().grid_snapshot
    assert snapshot["name"] == grid.name and snapshot["high_threshold"] == grid.high_threshold
    assert next(q for q in snapshot["questions"] if q["code"] == "separation")["weight"] == 3


def test_the_page_scores_as_one_answers_when_scripts_run(member_client, situation):
    """Progressive enhancement: the weights and thresholds are in the page, the score's place is ready, the script is
    loaded; without it the form works the same (the tests above post it without any script)."""
    html = member_client.get(f"/suivi/{situation.pk}/evaluation/").content.decode()
    assert 'data-weight="4" data-red-flag="1"' in html and 'id="live-score" aria-live="polite" hidden' in html
    assert "casework/assessment.js" in html
    assert html.count('value="unknown"') == len(risk.DEFAULT_QUESTIONS)


def test_an_older_grids_answers_still_score():
    """Assessments recorded before the third answer stored true or false."""
    grid = risk.current_grid()
    questions = list(grid.questions.all())
    assert risk.score(grid, questions, {"separation": True, "weapon": False})[0] == 3
