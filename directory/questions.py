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
        _(
            "Enseignant, médecin, médiateur, travailleur social : vous avez repéré des violences ou une personne vous en a parlé. "
            "Voici vers qui l'orienter, selon ce dont elle a besoin."
        ),
        category=Category.VICTIM_SUPPORT,
    ),
]

BY_SLUG = {question.slug: question for question in QUESTIONS}

# The need page whose lines answer a search of this category (the numbers shown when nothing nearby is open).
NEED_OF_CATEGORY = {
    Category.LISTENING: "parler",
    Category.SHELTER: "partir",
    Category.LEGAL: "plainte",
    Category.COMPLAINT: "plainte",
    Category.VICTIM_SUPPORT: "parler",
    Category.HEALTH: "parler",
    Category.CHILDREN: "enfants",
    Category.PERPETRATORS: "auteur",
    Category.HOUSING: "partir",
    Category.EMPLOYMENT: "parler",
    Category.TRAINING: "professionnel",
}


@dataclass(frozen=True)
class Orientation:
    situation: str
    advice: str
    categories: tuple = ()
    numbers: tuple = ()  # helpline numbers to name, as stored (E.164 or short digits)


# For a professional without an account: from what the person needs to where to orient her (the guide's categories
# and the national lines). The first rows are the urgent ones.
ORIENTATION = [
    Orientation(
        _("Danger immédiat : menaces de mort, arme, violences en cours, enfant en danger"),
        _("Appelez le 17 (ou le 112) avec son accord si possible, sans attendre si la vie est menacée. Par SMS : 114."),
        numbers=("17", "112", "114"),
    ),
    Orientation(
        _("Elle ne peut pas rentrer chez elle ce soir"),
        _("Le 115 cherche une mise à l'abri ; les structures d'hébergement d'urgence accueillent aussi les enfants."),
        categories=(Category.SHELTER,),
        numbers=("115",),
    ),
    Orientation(
        _("Elle veut parler, être écoutée, savoir quoi faire"),
        _("Une association d'aide aux victimes la reçoit, avec ou sans plainte. Le 3919 conseille aussi les professionnels."),
        categories=(Category.VICTIM_SUPPORT, Category.LISTENING),
        numbers=("3919", "116006"),
    ),
    Orientation(
        _("Elle veut porter plainte ou connaître ses droits"),
        _("Juristes et intervenants sociaux en commissariat ou en gendarmerie l'informent avant ou après la plainte."),
        categories=(Category.COMPLAINT, Category.LEGAL),
    ),
    Orientation(
        _("Des enfants vivent ces violences"),
        _("Les enfants exposés sont victimes. Une information préoccupante se transmet au Département ; le 119 conseille."),
        categories=(Category.CHILDREN,),
        numbers=("119",),
    ),
    Orientation(
        _("Blessures, certificat médical, traumatisme"),
        _("Les soins et le certificat de constatation peuvent précéder toute démarche."),
        categories=(Category.HEALTH,),
    ),
    Orientation(
        _("Retrouver un logement, un emploi, son autonomie"),
        _("Après l'urgence, des services accompagnent vers le logement et l'emploi."),
        categories=(Category.HOUSING, Category.EMPLOYMENT),
    ),
    Orientation(
        _("La personne est l'auteur des violences et veut changer"),
        _(
            "Des services accompagnent les auteurs, sur décision de justice ou volontairement. Ne la mettez jamais en présence de la victime."
        ),
        categories=(Category.PERPETRATORS,),
        numbers=("+33801901911",),
    ),
]
