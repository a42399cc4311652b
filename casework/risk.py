"""The default danger-assessment grid, built on the risk factors known from femicide reviews and the
French national grid: separation, escalation, threats to kill, strangulation, weapons, pregnancy,
exposed children, control and jealousy, substance abuse, suicide threats, breach of a court order.
Networks may create their own grids (questions, weights, red flags, thresholds) in the admin.

The questions speak of « la victime » and « l'auteur », whoever they are (a man may be the victim, a woman the
author). Each is answered « oui », « non » or « ne sait pas » (nothing is scored for what is not known, and the page
says how many answers are missing). Each assessment keeps the grid as it was answered (`snapshot`)."""

from django.db import transaction

from casework.models import RiskGrid, RiskQuestion

DEFAULT_GRID_NAME = "Grille d'évaluation du danger (2026)"
# The grids this one replaces as the default: they stay, for the assessments answered with them.
OLDER_DEFAULT_NAMES = ["Grille d'évaluation du danger (par défaut)"]
# (code, question, weight, red flag)
DEFAULT_QUESTIONS = [
    ("separation", "Une séparation est-elle récente (moins de 6 mois) ou envisagée ?", 3, False),
    ("escalation", "Les violences sont-elles plus fréquentes ou plus graves ces derniers temps ?", 3, False),
    ("threats_to_kill", "L'auteur a-t-il menacé de tuer la victime ou les enfants ?", 4, True),
    ("strangulation", "L'auteur a-t-il déjà tenté d'étrangler ou d'étouffer la victime ?", 4, True),
    ("weapon", "L'auteur détient-il une arme ou a-t-il menacé avec une arme ?", 4, True),
    ("pregnancy", "Une grossesse est-elle en cours dans le couple, ou un enfant est-il né il y a moins d'un an ?", 2, False),
    ("children_exposed", "Des enfants sont-ils exposés aux violences ?", 2, False),
    ("control_jealousy", "L'auteur exerce-t-il un contrôle ou une jalousie excessive (téléphone, sorties, argent) ?", 2, False),
    ("substances", "L'auteur consomme-t-il de l'alcool ou des stupéfiants de façon problématique ?", 2, False),
    ("suicide_threats", "L'auteur a-t-il menacé de se suicider ?", 3, False),
    ("order_breach", "L'auteur a-t-il violé une décision de justice (interdiction de contact, contrôle judiciaire) ?", 3, False),
    ("fear", "La victime a-t-elle peur pour sa vie ou celle des enfants ?", 3, False),
]
YES, NO, UNKNOWN = "yes", "no", "unknown"
ANSWERS = [(YES, "Oui"), (NO, "Non"), (UNKNOWN, "Ne sait pas")]
DEFAULT_ELEVATED = 8
DEFAULT_HIGH = 16


@transaction.atomic
def default_grid():
    grid, created = RiskGrid.objects.get_or_create(
        name=DEFAULT_GRID_NAME, defaults={"is_default": True, "elevated_threshold": DEFAULT_ELEVATED, "high_threshold": DEFAULT_HIGH}
    )
    if created:
        RiskGrid.objects.filter(name__in=OLDER_DEFAULT_NAMES, is_default=True).update(is_default=False)
    if created or not grid.questions.exists():
        RiskQuestion.objects.bulk_create(
            [
                RiskQuestion(grid=grid, code=code, text=text, weight=weight, red_flag=flag, order=i)
                for i, (code, text, weight, flag) in enumerate(DEFAULT_QUESTIONS)
            ]
        )
    return grid


def current_grid():
    grid = RiskGrid.objects.filter(is_default=True).order_by("-created_at").first()
    if grid is None or grid.name in OLDER_DEFAULT_NAMES:
        return default_grid()
    return grid


def is_yes(answer):
    """An answer as stored: "yes", "no", "unknown", or (assessments before 2026-11) true or false."""
    return answer is True or answer == YES


def score(grid, questions, answers):
    """(score, red flags answered yes, computed level) for answers {code: "yes" | "no" | "unknown"}."""
    total = sum(q.weight for q in questions if is_yes(answers.get(q.code)))
    flags = [q.code for q in questions if q.red_flag and is_yes(answers.get(q.code))]
    return total, flags, grid.level_for(total, flags)


def unknown_count(questions, answers):
    return sum(1 for q in questions if answers.get(q.code) == UNKNOWN)


def snapshot(grid, questions):
    """The grid as it is answered now, kept on the assessment."""
    return {
        "name": grid.name,
        "elevated_threshold": grid.elevated_threshold,
        "high_threshold": grid.high_threshold,
        "questions": [{"code": q.code, "text": q.text, "weight": q.weight, "red_flag": q.red_flag} for q in questions],
    }
