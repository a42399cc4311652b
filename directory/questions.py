"""The questions the guide opens with, as victims and witnesses ask them, and what each one searches for."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from directory.taxonomy import Audience, Category


@dataclass(frozen=True)
class Question:
    slug: str
    label: str
    intro: str
    category: str = ""
    audience: str = ""
    emergency: bool = False
    open_now: bool = False


QUESTIONS = [
    Question(
        "danger",
        _("Je suis en danger maintenant"),
        _("Appelez le 17 ou le 112. Si vous ne pouvez pas parler, envoyez un SMS au 114 : décrivez la situation et donnez l'adresse."),
        category=Category.SHELTER,
        emergency=True,
        open_now=True,
    ),
    Question(
        "parler",
        _("Je veux parler à quelqu'un"),
        _("Des personnes formées vous écoutent, gratuitement, sans vous juger. Vous n'avez pas besoin de donner votre nom."),
        category=Category.LISTENING,
    ),
    Question(
        "partir",
        _("Je veux partir"),
        _("Vous pouvez être mise à l'abri, avec vos enfants, et accompagnée pour trouver un logement. Préparez si possible vos papiers."),
        category=Category.SHELTER,
    ),
    Question(
        "plainte",
        _("Je veux porter plainte"),
        _(
            "Vous pouvez porter plainte dans n'importe quel commissariat ou gendarmerie. Des juristes et des associations peuvent vous informer avant."
        ),
        category=Category.COMPLAINT,
    ),
    Question(
        "enfants",
        _("Mes enfants sont exposés"),
        _(
            "Les enfants qui vivent des violences en sont victimes. Le 119 répond jour et nuit. Des services accompagnent les enfants et les parents."
        ),
        category=Category.CHILDREN,
    ),
    Question(
        "temoin",
        _("Je suis témoin ou proche"),
        _("Vous pouvez aider : écouter sans juger, donner les numéros utiles, appeler le 17 en cas de danger."),
        category=Category.LISTENING,
        audience=Audience.RELATIVES,
    ),
    Question(
        "auteur",
        _("Je veux arrêter d'être violent"),
        _("Des professionnels accompagnent les personnes qui veulent arrêter d'être violentes. Demander de l'aide est un premier pas."),
        category=Category.PERPETRATORS,
    ),
    Question(
        "professionnel",
        _("Je suis professionnel"),
        _("Repérer, écouter, orienter : les services du territoire et le guide d'orientation à imprimer."),
        category=Category.VICTIM_SUPPORT,
    ),
]

BY_SLUG = {question.slug: question for question in QUESTIONS}
