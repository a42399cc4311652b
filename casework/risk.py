"""The default danger-assessment grid, built on the risk factors known from femicide reviews and the
French national grid: separation, escalation, threats to kill, strangulation, weapons, pregnancy,
exposed children, control and jealousy, substance abuse, suicide threats, breach of a court order.
Networks may create their own grids (questions, weights, red flags, thresholds) in the admin."""

from django.db import transaction

from casework.models import RiskGrid, RiskQuestion

DEFAULT_GRID_NAME = "Grille d'évaluation du danger (par défaut)"
# (code, question, weight, red flag)
DEFAULT_QUESTIONS = [
    ("separation", "Une séparation est-elle récente (moins de 6 mois) ou envisagée ?", 3, False),
    ("escalation", "Les violences sont-elles plus fréquentes ou plus graves ces derniers temps ?", 3, False),
    ("threats_to_kill", "L'auteur a-t-il menacé de la tuer ou de tuer les enfants ?", 4, True),
    ("strangulation", "L'auteur a-t-il déjà tenté de l'étrangler ou de l'étouffer ?", 4, True),
    ("weapon", "L'auteur détient-il une arme ou a-t-il menacé avec une arme ?", 4, True),
    ("pregnancy", "Est-elle enceinte ou a-t-elle accouché récemment ?", 2, False),
    ("children_exposed", "Des enfants sont-ils exposés aux violences ?", 2, False),
    ("control_jealousy", "L'auteur exerce-t-il un contrôle ou une jalousie excessive (téléphone, sorties, argent) ?", 2, False),
    ("substances", "L'auteur consomme-t-il de l'alcool ou des stupéfiants de façon problématique ?", 2, False),
    ("suicide_threats", "L'auteur a-t-il menacé de se suicider ?", 3, False),
    ("order_breach", "L'auteur a-t-il violé une décision de justice (interdiction de contact, contrôle judiciaire) ?", 3, False),
    ("fear", "La victime a-t-elle peur pour sa vie ?", 3, False),
]
DEFAULT_ELEVATED = 8
DEFAULT_HIGH = 16


@transaction.atomic
def default_grid():
    grid, created = RiskGrid.objects.get_or_create(
        name=DEFAULT_GRID_NAME, defaults={"is_default": True, "elevated_threshold": DEFAULT_ELEVATED, "high_threshold": DEFAULT_HIGH}
    )
    if created or not grid.questions.exists():
        RiskQuestion.objects.bulk_create(
            [
                RiskQuestion(grid=grid, code=code, text=text, weight=weight, red_flag=flag, order=i)
                for i, (code, text, weight, flag) in enumerate(DEFAULT_QUESTIONS)
            ]
        )
    return grid


def current_grid():
    return RiskGrid.objects.filter(is_default=True).order_by("-created_at").first() or default_grid()


def score(grid, questions, answers):
    """(score, red flags answered yes, computed level) for answers {code: bool}."""
    total = sum(q.weight for q in questions if answers.get(q.code))
    flags = [q.code for q in questions if q.red_flag and answers.get(q.code)]
    return total, flags, grid.level_for(total, flags)
