"""The guide's vocabularies (categories, audiences, fees, access modes, languages) and their data·inclusion mapping.

Kept in code rather than in tables: they change with a release, they are the same on every installation, and the
exports depend on their mapping to the national schema."""

from functools import cache

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

VIOLENCE = "famille--surmonter-conflits-separation-violence"
JUDICIAL = "difficultes-administratives-ou-juridiques--prendre-en-compte-une-problematique-judiciaire"
RIGHTS = "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits"
SHELTER = "logement-hebergement--rechercher-une-solution-dhebergement-temporaire"
MENTAL_HEALTH = "sante--sante-mentale"


class Category(models.TextChoices):
    LISTENING = "listening", _("Écoute et soutien")
    SHELTER = "shelter", _("Mise à l'abri, hébergement d'urgence")
    LEGAL = "legal", _("Information juridique et accès aux droits")
    COMPLAINT = "complaint", _("Porter plainte, signaler")
    VICTIM_SUPPORT = "victim_support", _("Aide aux victimes")
    HEALTH = "health", _("Soins, santé, psychotraumatisme")
    CHILDREN = "children", _("Enfants exposés aux violences")
    PERPETRATORS = "perpetrators", _("Prise en charge des auteurs")
    HOUSING = "housing", _("Logement")
    EMPLOYMENT = "employment", _("Emploi et insertion")
    TRAINING = "training", _("Formation des professionnels")


# `Category.values` builds a new list on every access: the order is read once (search and every result card).
CATEGORY_CODES = tuple(Category.values)


def category_bit(code):
    """One bit per category, so that the guide's search filters categories on a single table (bitwise AND)."""
    return 1 << CATEGORY_CODES.index(code)


def category_bits(codes):
    bits = 0
    for code in codes:
        bits |= category_bit(code)
    return bits


def category_codes_of(bits):
    """The category codes a bit set holds, in the taxonomy's order."""
    return [code for index, code in enumerate(CATEGORY_CODES) if bits & (1 << index)]


# Each category's data·inclusion `thematiques` (every one of them a value of data_inclusion.schema.v1.Thematique).
CATEGORY_THEMATIQUES = {
    Category.LISTENING: [VIOLENCE, MENTAL_HEALTH],
    Category.SHELTER: [VIOLENCE, SHELTER],
    Category.LEGAL: [RIGHTS, JUDICIAL],
    Category.COMPLAINT: [JUDICIAL, VIOLENCE],
    Category.VICTIM_SUPPORT: [VIOLENCE, JUDICIAL],
    Category.HEALTH: ["sante--acces-aux-soins", MENTAL_HEALTH],
    Category.CHILDREN: [VIOLENCE, "famille--soutien-a-la-parentalite-et-a-leducation"],
    Category.PERPETRATORS: [VIOLENCE, JUDICIAL],
    Category.HOUSING: [
        "logement-hebergement--sinformer-sur-les-demarches-liees-a-lacces-au-logement",
        "logement-hebergement--changer-de-logement",
    ],
    Category.EMPLOYMENT: ["trouver-un-emploi--repondre-a-des-offres-demploi"],
    Category.TRAINING: [VIOLENCE],
}

# The inverse, for imports: the first category whose thematiques contain the imported one.
THEMATIQUE_CATEGORY = {}
for _category, _themes in CATEGORY_THEMATIQUES.items():
    for _theme in _themes:
        THEMATIQUE_CATEGORY.setdefault(_theme, _category)


class Audience(models.TextChoices):
    WOMEN = "women", _("Femmes victimes")
    MEN = "men", _("Hommes victimes")
    CHILDREN = "children", _("Enfants et adolescents")
    PERPETRATORS = "perpetrators", _("Auteurs de violences")
    RELATIVES = "relatives", _("Proches et témoins")
    PROFESSIONALS = "professionals", _("Professionnels")


AUDIENCE_PUBLICS = {
    Audience.WOMEN: ["femmes", "personnes-en-situation-durgence"],
    Audience.MEN: ["personnes-en-situation-durgence"],
    Audience.CHILDREN: ["jeunes", "familles"],
    Audience.PERPETRATORS: ["personnes-en-situation-juridique-specifique"],
    Audience.RELATIVES: ["familles"],
    Audience.PROFESSIONALS: ["actifs"],
}


class Fee(models.TextChoices):
    FREE = "free", _("Gratuit")
    PAID = "paid", _("Payant")


class AccessMode(models.TextChoices):
    WALK_IN = "walk_in", _("Sans rendez-vous")
    APPOINTMENT = "appointment", _("Sur rendez-vous")
    PHONE = "phone", _("Par téléphone")
    ONLINE = "online", _("En ligne (tchat, site)")
    PROFESSIONAL_REFERRAL = "referral", _("Sur orientation d'un professionnel")
    JUDICIAL = "judicial", _("Sur décision de justice")


ACCESS_MOBILISATION = {
    AccessMode.WALK_IN: "se-presenter",
    AccessMode.APPOINTMENT: "telephoner",
    AccessMode.PHONE: "telephoner",
    AccessMode.ONLINE: "utiliser-lien-mobilisation",
}


class Language(models.TextChoices):
    FR = "fr", _("français")
    EN = "en", _("anglais")
    AR = "ar", _("arabe")
    TR = "tr", _("turc")
    ES = "es", _("espagnol")
    PT = "pt", _("portugais")
    RO = "ro", _("roumain")
    LSF = "fsl", _("langue des signes française")


class Accessibility(models.TextChoices):
    WHEELCHAIR = "wheelchair", _("Accessible en fauteuil roulant")
    PARTIAL = "partial", _("Accès partiel (marches, aide nécessaire)")
    NOT_ACCESSIBLE = "no", _("Non accessible en fauteuil")
    UNKNOWN = "unknown", _("Accessibilité non renseignée")


@cache
def _label_map(choices):
    # The lazy labels, translated when shown: one mapping per vocabulary serves every language.
    return dict(choices.choices)


def labels(choices, codes):
    mapping = _label_map(choices)
    return [mapping.get(code, code) for code in codes]


@cache
def _translated_map(choices, language):
    return {code: str(label) for code, label in _label_map(choices).items()}


def translated_labels(choices, codes):
    """The labels as text in the active language, translated once per language rather than on every card."""
    mapping = _translated_map(choices, get_language())
    return [mapping.get(code, code) for code in codes]
