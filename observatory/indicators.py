"""The registry of indicators (« indicateurs »): each one a declared definition (code, French label, definition, unit,
source, the dimensions it can be cut by) and the aggregate query that computes it in the database
(observatory.sources). Pages, exports, the API and the open data read the figures through this registry only."""

from dataclasses import dataclass, field

from observatory import sources

FOLLOW_UP = "Suivi partagé"
PATHWAY = "Parcours judiciaire et mesures de protection"
FLOWS = "Orientations entre partenaires"
PROGRAMMES = "Programmes (AIR, parcours auteurs)"
DANGER = "Évaluation du danger"
NETWORK = "Actions du réseau"
FAMILIES = [FOLLOW_UP, PATHWAY, FLOWS, PROGRAMMES, DANGER, NETWORK]

SOURCE_CASEWORK = "Suivi partagé Maillage (saisies des partenaires)"

DIMENSION_LABELS = {
    "year": "Année",
    "month": "Mois",
    "commune": "Commune",
    "epci": "EPCI",
    "arrondissement": "Arrondissement",
    "sex": "Sexe",
    "age_band": "Tranche d'âge",
    "organisation": "Organisation",
    "programme": "Programme",
    "danger_level": "Niveau de danger",
    "side": "Accompagnement de",
    "role": "Rôle",
    "event_kind": "Mesure ou démarche",
    "hearing_outcome": "Issue de l'audience",
    "sender": "Organisation qui oriente",
    "receiver": "Organisation destinataire",
    "flag": "Réponse",
    "action_kind": "Type d'action",
    "profession": "Profession",
}
TERRITORY = ("commune", "epci", "arrondissement")


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str
    definition: str
    unit: str
    family: str
    dimensions: tuple
    compute: object = None  # (scope, dims) -> {key tuple: count}; dims of a share end with "flag"
    kind: str = "count"  # "count", "share" (« oui » over the total of `flag`), "flows" (the referral matrix)
    source: str = SOURCE_CASEWORK
    public: bool = False  # published, after secrecy, on the open-data page and to anonymous callers
    filters: tuple = ("period", "territory", "organisation")
    # A state at each year (open at the end of the year, followed during the year): years do not add up, so no total
    # over the period is shown.
    snapshot: bool = False
    # Additive over communes, organisations and programmes: read from the summary tables (observatory.rollup) when the
    # cut and the filters allow it. `as_of_today`: the current year's figure is a state at today's date.
    rolled_up: bool = False
    as_of_today: bool = False
    extra: dict = field(default_factory=dict)

    @property
    def available(self):
        return self.compute is not None

    def ignored_filters(self, scope):
        """The filters of `scope` this indicator cannot apply (French labels): said on the page, never silently."""
        ignored = []
        if (scope.commune or scope.epci or scope.arrondissement) and "territory" not in self.filters:
            ignored.append("territoire")
        if scope.organisation and "organisation" not in self.filters:
            ignored.append("organisation")
        if scope.programme and "programme" not in self.filters:
            ignored.append("programme")
        return ignored

    def run(self, scope, dims):
        dims = tuple(dims)
        if self.kind == "share":
            return self.compute(scope, (*dims, "flag"))
        return self.compute(scope, dims)


def _events(kind):
    return lambda scope, dims: sources.events_of_kind(kind, scope, dims)


REGISTRY = {}


def register(indicator):
    assert indicator.code not in REGISTRY, indicator.code
    assert set(indicator.dimensions) <= set(DIMENSION_LABELS), indicator.code
    REGISTRY[indicator.code] = indicator
    return indicator


TIME_PLACE = ("year", "month", "commune", "epci", "arrondissement", "organisation")
YEAR_PLACE = ("year", "commune", "epci", "arrondissement", "organisation")

register(
    Indicator(
        "situations_opened",
        "Situations ouvertes",
        "Situations (foyers suivis) dont la date d'ouverture tombe dans la période, par l'organisation qui les suit.",
        "situations",
        FOLLOW_UP,
        (*TIME_PLACE, "danger_level", "side"),
        lambda scope, dims: sources.count(sources.SITUATIONS, scope, dims),
        public=True,
        rolled_up=True,
    )
)
register(
    Indicator(
        "situations_open",
        "Situations en cours au 31 décembre",
        "Situations ouvertes et non closes le 31 décembre de chaque année (aujourd'hui pour l'année en cours).",
        "situations",
        FOLLOW_UP,
        (*YEAR_PLACE, "danger_level", "side"),
        sources.situations_open,
        snapshot=True,
        rolled_up=True,
        as_of_today=True,
    )
)
register(
    Indicator(
        "situations_closed",
        "Situations closes",
        "Situations dont la date de clôture tombe dans la période.",
        "situations",
        FOLLOW_UP,
        (*TIME_PLACE, "danger_level", "side"),
        sources.situations_closed,
        rolled_up=True,
    )
)
register(
    Indicator(
        "people_followed",
        "Personnes des situations ouvertes",
        "Victimes, auteurs et enfants exposés enregistrés dans les situations ouvertes pendant la période (année d'ouverture "
        "de la situation), par rôle, sexe et tranche d'âge à la saisie.",
        "personnes",
        FOLLOW_UP,
        (*TIME_PLACE, "role", "sex", "age_band", "side"),
        lambda scope, dims: sources.count(sources.PEOPLE, scope, dims),
        public=True,
        rolled_up=True,
    )
)
register(
    Indicator(
        "exposed_children",
        "Enfants exposés",
        "Nombre d'enfants du foyer déclaré dans les situations ouvertes pendant la période.",
        "enfants",
        FOLLOW_UP,
        (*TIME_PLACE, "danger_level", "side"),
        sources.exposed_children,
        public=True,
        rolled_up=True,
    )
)

PATHWAY_EVENTS = [
    ("complaints", "complaint", "Plaintes", "Plaintes déposées enregistrées dans le parcours des situations suivies."),
    ("police_logs", "police_log", "Mains courantes", "Mains courantes enregistrées dans le parcours des situations suivies."),
    ("protection_orders", "protection_order", "Ordonnances de protection", "Ordonnances de protection du juge aux affaires familiales."),
    ("tgd", "tgd_granted", "Téléphones grave danger (TGD) attribués", "Téléphones grave danger attribués par le procureur."),
    ("bar", "anti_approach_bracelet", "Bracelets anti-rapprochement (BAR)", "Bracelets anti-rapprochement posés."),
    ("evictions", "eviction", "Évictions du conjoint violent", "Évictions (éloignement) de l'auteur du domicile."),
    ("judicial_supervision", "judicial_supervision", "Contrôles judiciaires", "Contrôles judiciaires prononcés."),
    (
        "supervision_breaches",
        "supervision_breach",
        "Violations du contrôle judiciaire",
        "Violations du contrôle judiciaire relevées (spécificité locale soulignée par le laboratoire).",
    ),
    ("awareness_courses", "awareness_course", "Stages de responsabilisation", "Stages de responsabilisation suivis par des auteurs."),
]
for code, kind, label, definition in PATHWAY_EVENTS:
    register(
        Indicator(
            code,
            label,
            definition + " Date de l'événement dans la période.",
            "événements",
            PATHWAY,
            (*TIME_PLACE, "side"),
            _events(kind),
            public=True,
            rolled_up=True,
        )
    )
register(
    Indicator(
        "hearings",
        "Audiences correctionnelles et leurs issues",
        "Audiences correctionnelles enregistrées dans le parcours, par issue (condamnation, sursis probatoire, alternative, relaxe, renvoi).",
        "audiences",
        PATHWAY,
        (*TIME_PLACE, "hearing_outcome"),
        _events("hearing"),
        rolled_up=True,
    )
)
register(
    Indicator(
        "measures_in_force",
        "Mesures en cours au 31 décembre",
        "Mesures de protection ou d'éloignement (ordonnance, TGD, BAR, éviction, hébergement, contrôle judiciaire) en cours "
        "le 31 décembre de chaque année (aujourd'hui pour l'année en cours).",
        "mesures",
        PATHWAY,
        (*YEAR_PLACE, "event_kind"),
        sources.measures_in_force,
        snapshot=True,
        rolled_up=True,
        as_of_today=True,
    )
)
register(
    Indicator(
        "measures_expiring",
        "Mesures arrivant à échéance sous 15 jours",
        "Mesures en cours à la fin de la période (aujourd'hui pour l'année en cours) dont la date de fin tombe dans les 15 jours.",
        "mesures",
        PATHWAY,
        ("commune", "epci", "arrondissement", "organisation", "event_kind"),
        sources.measures_expiring,
    )
)
register(
    Indicator(
        "housing_occupancy",
        "Occupation de l'hébergement d'éviction",
        "Nuitées occupées dans les places d'hébergement d'éviction (sas de 15 jours) rapportées aux nuitées disponibles "
        "(capacité × jours de l'année).",
        "% des nuitées",
        PATHWAY,
        ("year",),
        sources.housing_occupancy,
        kind="share",
        filters=("period",),
    )
)
register(
    Indicator(
        "referral_flows",
        "Orientations entre partenaires",
        "Qui oriente vers qui : orientations envoyées dans la période, taux d'acceptation (acceptées sur acceptées et "
        "refusées), délais médians en jours calendaires de l'envoi à la réponse et de l'envoi au premier contact.",
        "orientations",
        FLOWS,
        ("year", "sender", "receiver"),
        sources.referral_flows,
        kind="flows",
        filters=("period", "territory", "organisation"),
    )
)

PROGRAMME_DIMS = ("year", "programme", "sex", "age_band", "commune", "epci", "arrondissement", "organisation")
PROGRAMME_FILTERS = ("period", "territory", "organisation", "programme")
register(
    Indicator(
        "programme_participants",
        "Personnes suivies dans un programme",
        "Personnes dont l'accompagnement dans le programme était en cours à un moment de l'année (entrée avant la fin de "
        "l'année, sortie absente ou après son début).",
        "personnes",
        PROGRAMMES,
        PROGRAMME_DIMS,
        sources.programme_participants,
        public=True,
        filters=PROGRAMME_FILTERS,
        snapshot=True,
    )
)
PROGRAMME_SHARES = [
    ("positive_exits", "Sorties positives", "Sorties de l'année classées positives, sur les sorties de l'année."),
    (
        "unemployed_at_entry",
        "Sans emploi à l'entrée",
        "Personnes suivies dans l'année sans emploi à leur entrée, sur les personnes suivies.",
    ),
    (
        "unemployed_at_exit",
        "Sans emploi à la sortie",
        "Sorties de l'année sans emploi, sur les sorties dont la situation d'emploi est renseignée.",
    ),
    (
        "active_at_exit",
        "En emploi ou en formation à la sortie",
        "Sorties de l'année en emploi ou en formation, sur les sorties dont la situation d'emploi est renseignée.",
    ),
    (
        "with_children",
        "Personnes ayant des enfants",
        "Personnes suivies dans l'année ayant des enfants à l'entrée, sur les personnes suivies.",
    ),
    (
        "hearing_positive",
        "Sorties assimilées positives à l'audience",
        "Sorties de l'année assimilées positives lors du passage en audience correctionnelle (parcours auteurs), sur les sorties où c'est renseigné.",
    ),
]
for code, label, definition in PROGRAMME_SHARES:
    register(
        Indicator(
            f"programme_{code}",
            label,
            definition,
            "%",
            PROGRAMMES,
            PROGRAMME_DIMS,
            (lambda c: lambda scope, dims: sources.enrolment_share(c, scope, dims))(code),
            kind="share",
            public=True,
            filters=PROGRAMME_FILTERS,
            snapshot=code in ("unemployed_at_entry", "with_children"),
            rolled_up=True,
        )
    )
register(
    Indicator(
        "assessments",
        "Évaluations du danger",
        "Évaluations du danger (grille) réalisées dans la période, par niveau retenu.",
        "évaluations",
        DANGER,
        (*TIME_PLACE, "danger_level", "side"),
        lambda scope, dims: sources.count(sources.ASSESSMENTS, scope, dims),
        public=True,
        rolled_up=True,
    )
)
register(
    Indicator(
        "reassessments",
        "Réévaluations du danger",
        "Évaluations de la période faites sur une situation déjà évaluée auparavant.",
        "évaluations",
        DANGER,
        (*TIME_PLACE, "danger_level", "side"),
        sources.reassessments,
        rolled_up=True,
    )
)
register(
    Indicator(
        "high_danger_committee",
        "Danger grave porté au comité",
        "Situations évaluées en danger grave dans l'année, et part d'entre elles signalées ou partagées avec le comité de suivi.",
        "%",
        DANGER,
        YEAR_PLACE,
        sources.high_danger_committee,
        kind="share",
        rolled_up=True,
    )
)
SOURCE_NETWORK = "Plan d'action du réseau Maillage (résultats déclarés par les organisations pilotes)"
register(
    Indicator(
        "network_actions",
        "Actions du réseau",
        "Actions du plan d'action (formations, sensibilisations, campagnes, guides…) commençant dans la période, par organisation pilote.",
        "actions",
        NETWORK,
        ("year", "month", "organisation", "action_kind"),
        sources.network_actions,
        source=SOURCE_NETWORK,
        filters=("period", "organisation"),
    )
)
register(
    Indicator(
        "professionals_trained",
        "Professionnels formés",
        "Professionnels formés déclarés dans les résultats des actions commençant dans la période, par profession.",
        "professionnels",
        NETWORK,
        ("year", "month", "organisation", "profession"),
        sources.professionals_trained,
        source=SOURCE_NETWORK,
        filters=("period", "organisation"),
    )
)
register(
    Indicator(
        "pupils_reached",
        "Élèves sensibilisés",
        "Élèves touchés déclarés dans les résultats des actions commençant dans la période.",
        "élèves",
        NETWORK,
        ("year", "month", "organisation"),
        sources.pupils_reached,
        source=SOURCE_NETWORK,
        filters=("period", "organisation"),
    )
)


def get(code):
    return REGISTRY.get(code)


def available():
    return [indicator for indicator in REGISTRY.values() if indicator.available]


def public():
    return [indicator for indicator in REGISTRY.values() if indicator.public and indicator.available]
