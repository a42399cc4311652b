import pytest

from casework import risk
from casework.models import RiskAssessment

pytestmark = pytest.mark.django_db


def _answers(*codes, **extra):
    data = {"assessed_on": "2026-03-01", "raise_to": "", "raised_reason": ""}
    data.update({f"q_{code}": "on" for code in codes})
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


def test_score_level_and_history(member_client, situation):
    member_client.post(f"/suivi/{situation.pk}/evaluation/", _answers("separation", "pregnancy"))
    first = RiskAssessment.objects.get()
    assert (first.score, first.level) == (5, "standard")
    member_client.post(
        f"/suivi/{situation.pk}/evaluation/",
        _answers("separation", "escalation", "children_exposed", "substances", assessed_on="2026-03-05"),
    )
    assert RiskAssessment.objects.count() == 2
    situation.refresh_from_db()
    assert situation.danger_level == "elevated"
    assert not situation.flagged_for_committee


def test_red_flag_is_high_and_flags_for_the_committee(member_client, situation):
    response = member_client.post(f"/suivi/{situation.pk}/evaluation/", _answers("strangulation"), follow=True)
    assert "signalée au comité de suivi" in response.content.decode()
    situation.refresh_from_db()
    assert situation.danger_level == "high"
    assert situation.flagged_for_committee


def test_professional_judgement_raises_the_level_only_with_a_reason(member_client, situation):
    response = member_client.post(f"/suivi/{situation.pk}/evaluation/", _answers(raise_to="high"))
    assert "Motif du relèvement : Motivez le relèvement du niveau." in response.content.decode()
    assert not RiskAssessment.objects.exists()
    member_client.post(f"/suivi/{situation.pk}/evaluation/", _answers(raise_to="high", raised_reason="Peur intense exprimée"))
    assessment = RiskAssessment.objects.get()
    assert (assessment.computed_level, assessment.level, assessment.raised_reason) == ("standard", "high", "Peur intense exprimée")


def test_future_date_is_refused(member_client, situation):
    response = member_client.post(f"/suivi/{situation.pk}/evaluation/", _answers(assessed_on="2099-01-01"))
    assert "Date de l&#x27;évaluation : La date ne peut pas être dans le futur." in response.content.decode()
