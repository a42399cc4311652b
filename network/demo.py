"""Demo content of the network: the laboratory's action plan with what the seeds name (working groups on guides and on
training from June 2023, the guides at the end of 2023, the campaign after the MEL's, the LEAO to create, school
sessions, the AIR programme, the perpetrators' care). Idempotent: run it twice, the same rows."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import Membership, Organisation, OrganisationKind
from network import trainings
from network.models import (
    Action,
    ActionOutput,
    ActionPlan,
    Attendance,
    Evaluation,
    Funding,
    GroupMeeting,
    GroupTask,
    Milestone,
    SchoolSession,
    TrainedProfessionals,
    TrainingCycle,
    TrainingSession,
    WorkingGroup,
)
from territory.models import Commune

PLAN_TITLE = "Plan d'action du Laboratoire de lutte contre les violences conjugales"


def _date(value, today):
    """An absolute date, or a number of days from today (so that late and coming milestones stay so in the demo)."""
    return value if isinstance(value, datetime.date) else today + datetime.timedelta(days=value)


def _actions():
    d = datetime.date
    return [
        {
            "title": "Groupe de travail « Guides violences conjugales » (professionnels et victimes)",
            "axis": "coordination",
            "kind": "working_group",
            "lead": "vm",
            "partners": ["caph", "parquet", "sousprefecture", "departement", "ajar", "cidff", "lapose"],
            "audience": "professionals",
            "starts_on": d(2023, 6, 1),
            "ends_on": d(2023, 12, 31),
            "status": "done",
            "description": "Premier groupe de travail du laboratoire : rédaction des guides violences conjugales à destination "
            "des professionnel(le)s et des victimes.",
            "milestones": [
                ("Mise en place du groupe de travail", d(2023, 6, 30), d(2023, 6, 27)),
                ("Diffusion des guides", d(2023, 12, 31), d(2023, 12, 14)),
            ],
            "fundings": [("agglomeration", "3000")],
            "output": {"documents_produced": 2, "people_reached": 45},
        },
        {
            "title": "Guides violences conjugales : guide des professionnel(le)s et guide des victimes",
            "axis": "prevention",
            "kind": "guide",
            "lead": "vm",
            "partners": ["caph", "ajar", "cidff"],
            "audience": "professionals",
            "starts_on": d(2023, 9, 1),
            "ends_on": d(2024, 3, 31),
            "status": "done",
            "milestones": [
                ("Maquette validée par le groupe de travail", d(2023, 11, 15), d(2023, 11, 20)),
                ("Impression et diffusion", d(2023, 12, 31), d(2023, 12, 14)),
            ],
            "fundings": [("agglomeration", "8500"), ("womens_rights", "4000")],
            "output": {"documents_produced": 2, "people_reached": 1200},
        },
        {
            "title": "Groupe de travail « Sensibilisation et formation des professionnel(le)s »",
            "axis": "training",
            "kind": "working_group",
            "lead": "caph",
            "partners": ["vm", "parquet", "departement", "ajar", "cidff", "isc_police", "isc_gendarmerie"],
            "audience": "professionals",
            "starts_on": d(2023, 6, 1),
            "ends_on": 370,
            "status": "in_progress",
            "milestones": [
                ("Recensement des besoins de formation", d(2023, 10, 31), d(2023, 11, 8)),
                ("Programme de formation 2027", -20, None),
            ],
        },
        {
            "title": "Cycle de formation des acteurs de première ligne (repérage, orientation)",
            "axis": "training",
            "kind": "training",
            "lead": "vm",
            "partners": ["ajar", "cidff", "parquet", "isc_police", "isc_gendarmerie"],
            "audience": "professionals",
            "starts_on": -200,
            "ends_on": 90,
            "status": "in_progress",
            "description": "Six journées sur le modèle du cycle de qualification de Maubeuge-Val de Sambre (2019) : comprendre les "
            "violences intrafamiliales, détecter, orienter ; favoriser l'interconnaissance ; rendre visibles les actions des "
            "partenaires ; sensibiliser les élus locaux.",
            "milestones": [("Programme des six journées arrêté", -180, -185), ("Bilan du cycle et questionnaires d'évaluation", 100, None)],
            "fundings": [("fipd", "6000"), ("agglomeration", "4000")],
            "output": {"people_reached": 64, "trained": {"social": 22, "police": 14, "health": 9, "education": 8, "elected": 11}},
        },
        {
            "title": "Journées de sensibilisation dans les collèges et lycées : relations amoureuses et égalité filles-garçons",
            "axis": "prevention",
            "kind": "school_session",
            "lead": "cidff",
            "partners": ["ajar"],
            "audience": "pupils",
            "communes": ["Valenciennes", "Denain", "Saint-Amand-les-Eaux", "Anzin"],
            "starts_on": d(2025, 9, 1),
            "ends_on": d(2026, 7, 4),
            "status": "in_progress",
            "milestones": [
                ("Calendrier des interventions avec l'Éducation nationale", d(2025, 10, 15), d(2025, 10, 10)),
                ("Bilan de l'année scolaire", d(2026, 7, 10), None),
            ],
            "fundings": [("cispd", "5000"), ("womens_rights", "3500")],
            "output": {"pupils_reached": 1340, "people_reached": 1340},
        },
        {
            "title": "Campagne d'agglomération contre les violences intrafamiliales : affiches, guide et spots animés",
            "axis": "prevention",
            "kind": "campaign",
            "lead": "vm",
            "partners": ["sousprefecture", "parquet", "caph", "cidff", "ajar"],
            "audience": "public",
            "starts_on": -400,
            "ends_on": 60,
            "status": "in_progress",
            "description": "Sur le modèle de la campagne métropolitaine de la MEL (22 octobre 2018) : un guide écrit avec les "
            "services de l'État et les associations, et plusieurs spots animés.",
            "milestones": [("Lancement de la campagne", -380, -380), ("Diffusion des spots animés dans les transports", -45, None)],
            "fundings": [("fipd", "12000"), ("womens_rights", "5000"), ("agglomeration", "8000")],
        },
        {
            "title": "Création d'un Lieu d'Écoute, d'Accueil et d'Orientation (LEAO) pour les victimes",
            "axis": "victims",
            "kind": "service",
            "lead": "vm",
            "partners": ["caph", "departement", "parquet", "cidff", "ajar", "mjd"],
            "audience": "victims",
            "communes": ["Valenciennes"],
            "starts_on": d(2024, 1, 1),
            "ends_on": d(2027, 6, 30),
            "status": "in_progress",
            "description": "Un lieu spécifique pour les victimes de violences conjugales : toutes les aides existantes en un seul "
            "lieu et un accompagnement global.",
            "milestones": [
                ("Étude de faisabilité", d(2024, 9, 30), d(2024, 10, 4)),
                ("Choix du lieu et convention entre partenaires", d(2025, 6, 30), d(2025, 7, 2)),
                ("Ouverture au public", -15, None),
            ],
            "fundings": [("agglomeration", "60000"), ("departement", "40000"), ("fipd", "20000")],
        },
        {
            "title": "Accompagnement psycho-criminologique des auteurs (parcours auteurs)",
            "axis": "perpetrators",
            "kind": "service",
            "lead": "lapose",
            "partners": ["parquet", "ajar"],
            "audience": "perpetrators",
            "starts_on": d(2024, 1, 1),
            "ends_on": d(2026, 12, 31),
            "status": "in_progress",
            "fundings": [("fipd", "15000"), ("agglomeration", "10000")],
            "output": {"people_reached": 76},
        },
        {
            "title": "Dispositif d'accompagnement individuel renforcé (AIR)",
            "axis": "perpetrators",
            "kind": "service",
            "lead": "vm",
            "partners": ["parquet", "caph"],
            "audience": "perpetrators",
            "starts_on": d(2023, 5, 5),
            "ends_on": d(2027, 12, 31),
            "status": "in_progress",
            "output": {"people_reached": 90},
        },
        {
            "title": "Rencontre annuelle du réseau et signature du contrat local contre les violences",
            "axis": "coordination",
            "kind": "event",
            "lead": "sousprefecture",
            "partners": ["vm", "caph", "parquet", "departement"],
            "audience": "elected",
            "starts_on": 45,
            "ends_on": 45,
            "status": "planned",
            "milestones": [("Invitations envoyées", 15, None)],
        },
    ]


@transaction.atomic
def load(rng, context):
    today = timezone.localdate()
    organisations = context.get("organisations") or {}
    if not organisations:
        return
    plan, _ = ActionPlan.objects.update_or_create(
        title=PLAN_TITLE,
        defaults={
            "territory": "Arrondissement de Valenciennes",
            "starts_on": datetime.date(2023, 5, 5),
            "ends_on": datetime.date(2027, 12, 31),
        },
    )
    context["action_plan"] = plan
    communes = {c.name: c for c in Commune.objects.filter(arrondissement__isnull=False)}
    actions = {}
    for spec in _actions():
        action, _ = Action.objects.update_or_create(
            plan=plan,
            title=spec["title"],
            defaults={
                "axis": spec["axis"],
                "kind": spec["kind"],
                "lead": organisations[spec["lead"]],
                "audience": spec["audience"],
                "starts_on": _date(spec["starts_on"], today),
                "ends_on": _date(spec["ends_on"], today),
                "status": spec["status"],
                "description": spec.get("description", ""),
                "budget": sum((Decimal(amount) for _source, amount in spec.get("fundings", [])), Decimal(0)),
            },
        )
        action.partners.set([organisations[key] for key in spec["partners"] if key in organisations])
        action.communes.set([communes[name] for name in spec.get("communes", []) if name in communes])
        action.milestones.all().delete()
        Milestone.objects.bulk_create(
            [
                Milestone(action=action, title=title, due_on=_date(due, today), done_on=_date(done, today) if done is not None else None)
                for title, due, done in spec.get("milestones", [])
            ]
        )
        action.fundings.all().delete()
        Funding.objects.bulk_create(
            [Funding(action=action, source=source, amount=Decimal(amount)) for source, amount in spec.get("fundings", [])]
        )
        ActionOutput.objects.filter(action=action).delete()
        if "output" in spec:
            values = dict(spec["output"])
            trained = values.pop("trained", {})
            output = ActionOutput.objects.create(action=action, **values)
            TrainedProfessionals.objects.bulk_create(
                [TrainedProfessionals(output=output, profession=p, count=n) for p, n in trained.items()]
            )
        actions[spec["kind"], spec["title"]] = action
    context["network_actions"] = actions
    _load_trainings(rng, context, today)
    _load_schools(rng, context, today)
    _load_groups(rng, context, today)


MAUBEUGE_OBJECTIVES = """Apporter aux acteurs de première ligne des outils de compréhension des violences intra familiales et renforcer leurs compétences sur la détection des cas et l'orientation adéquate
Favoriser l'interconnaissance entre les professionnels concernés par la problématique
Renforcer la visibilité des actions menées par les partenaires institutionnels et associatifs en matière d'accompagnement et d'aide aux victimes auprès des acteurs de proximité
Améliorer la sensibilisation des élus locaux"""

# The six days of the 2019 cycle (seed 002); the seed gives neither dates nor places: these are the demo's.
MAUBEUGE_DAYS = [
    (datetime.date(2019, 3, 14), "Comprendre les violences intrafamiliales : mécanismes, emprise, cycle de la violence"),
    (datetime.date(2019, 4, 11), "Repérer et questionner : les signaux d'alerte chez l'adulte et l'enfant"),
    (datetime.date(2019, 5, 16), "Orienter : le cadre juridique, la plainte, les mesures de protection"),
    (datetime.date(2019, 6, 13), "Les partenaires du territoire : présentations croisées des associations et institutions"),
    (datetime.date(2019, 9, 19), "Les enfants exposés et la parentalité"),
    (datetime.date(2019, 10, 17), "Élus locaux : le rôle de la commune, du CLSPD et des dispositifs de proximité"),
]
TRAINEES = ["intervenante.ajar", "intervenante.cidff", "intervenant.lapose", "isc.police", "parquet", "intervenant.ajar.auteurs"]
COMMENTS = [
    "Les présentations croisées des partenaires m'ont permis de savoir enfin à qui orienter.",
    "Très utile pour repérer les situations ; j'aurais aimé plus de cas pratiques.",
    "La journée avec les élus était la plus concrète.",
]


def _load_trainings(rng, context, today):
    maubeuge, _ = Organisation.objects.update_or_create(
        name="Communauté d'Agglomération Maubeuge-Val de Sambre",
        defaults={"short_name": "CAMVS", "kind": OrganisationKind.COLLECTIVITY, "is_partner": False},
    )
    users = context.get("users") or {}
    memberships = {
        m.user.email.split("@")[0]: m for m in Membership.objects.filter(user__in=users.values()).select_related("user", "organisation")
    }

    def cycle_with_sessions(title, organiser, starts_on, ends_on, objectives, days, place, trainer, capacity, action=None, audience=""):
        cycle, _ = TrainingCycle.objects.update_or_create(
            title=title,
            defaults={
                "organiser": organiser,
                "starts_on": starts_on,
                "ends_on": ends_on,
                "objectives": objectives,
                "action": action,
                "audience": audience,
            },
        )
        cycle.registrations.all().delete()
        cycle.sessions.all().delete()
        for date, subject in days:
            TrainingSession.objects.create(
                cycle=cycle,
                date=date,
                starts_at=datetime.time(9),
                ends_at=datetime.time(16, 30),
                place=place,
                trainer=trainer,
                objectives=subject,
                capacity=capacity,
            )
        return cycle

    past = cycle_with_sessions(
        "Cycle de qualification 2019 : violences intrafamiliales (Maubeuge-Val de Sambre)",
        maubeuge,
        datetime.date(2019, 3, 1),
        datetime.date(2019, 10, 31),
        MAUBEUGE_OBJECTIVES,
        MAUBEUGE_DAYS,
        "Maison de la famille, Maubeuge (lieu de démonstration)",
        "CIDFF et Maison de la famille (démonstration)",
        20,
        audience="Acteurs de première ligne, professionnels de proximité, élus locaux",
    )
    for local in TRAINEES[:5]:
        if local in memberships:
            trainings.register(past, membership=memberships[local])
    for registration in past.registrations.all():
        for index, session in enumerate(past.sessions.all()):
            Attendance.objects.create(session=session, registration=registration, present=rng.random() > 0.15 or index == 0)
    for index, registration in enumerate(past.registrations.all()[:4]):
        Evaluation.objects.create(
            registration=registration,
            overall=rng.choice([4, 4, 5, 5, 3]),
            objectives_met=rng.choice([3, 4, 4, 5]),
            usefulness=rng.choice([4, 5, 5]),
            network_knowledge=rng.choice([4, 5, 5, 3]),
            recommend=index != 2,
            comment=COMMENTS[index] if index < len(COMMENTS) else "",
        )
    action = Action.objects.filter(kind="training", plan=context.get("action_plan")).first()
    current = cycle_with_sessions(
        "Cycle de formation des acteurs de première ligne 2026-2027 (arrondissement de Valenciennes)",
        context["organisations"]["vm"],
        today - datetime.timedelta(days=20),
        today + datetime.timedelta(days=160),
        MAUBEUGE_OBJECTIVES,
        [
            (today + datetime.timedelta(days=delta), subject)
            for delta, (_date_, subject) in zip([-14, 10, 38, 66, 101, 150], MAUBEUGE_DAYS, strict=True)
        ],
        "Valenciennes Métropole, salle du conseil (démonstration)",
        "AJAR et CIDFF (démonstration)",
        5,
        action=action,
        audience="Professionnels de première ligne de l'arrondissement",
    )
    for local in TRAINEES:
        if local in memberships:
            trainings.register(current, membership=memberships[local])
    first = current.sessions.first()
    for registration in current.registrations.filter(status="confirmed"):
        Attendance.objects.create(session=first, registration=registration, present=True)


SCHOOLS = [
    ("Collège Jean-Moulin (démonstration)", "Valenciennes"),
    ("Lycée Watteau (démonstration)", "Valenciennes"),
    ("Collège Villars (démonstration)", "Denain"),
    ("Lycée professionnel du Hainaut (démonstration)", "Saint-Amand-les-Eaux"),
    ("Collège Jean-Jaurès (démonstration)", "Anzin"),
    ("Collège Jules-Ferry (démonstration)", "Condé-sur-l'Escaut"),
]


def _load_schools(rng, context, today):
    organisations = context["organisations"]
    communes = {c.name: c for c in Commune.objects.filter(arrondissement__isnull=False)}
    action = Action.objects.filter(kind="school_session", plan=context.get("action_plan")).first()
    SchoolSession.objects.filter(school__endswith="(démonstration)").delete()
    rows = []
    for year_start in (today.year - 2, today.year - 1):
        for month in (10, 11, 1, 3, 5):
            year = year_start if month >= 9 else year_start + 1
            school, commune = rng.choice(SCHOOLS)
            if commune not in communes:
                continue
            date = datetime.date(year, month, rng.randint(3, 27))
            if date > today:
                continue
            rows.append(
                SchoolSession(
                    date=date,
                    school=school,
                    commune=communes[commune],
                    class_level=rng.choice(["4e", "3e", "2nde", "pro"]),
                    pupils=rng.randint(18, 30) * rng.choice([1, 2]),
                    theme=rng.choice(["teen_relationships", "teen_relationships", "equality", "consent", "cyber"]),
                    organisation=organisations[rng.choice(["cidff", "cidff", "ajar"])],
                    action=action,
                )
            )
    SchoolSession.objects.bulk_create(rows)


def _load_groups(rng, context, today):
    organisations = context["organisations"]
    users = context.get("users") or {}
    memberships = {m.user.email.split("@")[0]: m for m in Membership.objects.filter(user__in=users.values()).select_related("user")}
    plan = context.get("action_plan")
    groups = [
        (
            "Groupe de travail « Guides violences conjugales »",
            "Rédiger les guides violences conjugales à destination des professionnel(le)s et des victimes : mise en place en juin 2023, diffusion fin 2023.",
            "vm",
            "Groupe de travail « Guides violences conjugales » (professionnels et victimes)",
            ["coordination", "admin.ajar", "intervenante.cidff", "isc.police", "parquet"],
            [
                (
                    datetime.date(2023, 6, 27),
                    "Valenciennes Métropole, salle 2",
                    "1. Tour de table des partenaires\n2. Les guides existants (MEL, Maubeuge)\n3. Plan des deux guides",
                    "Les partenaires s'accordent sur deux guides distincts : l'un pour les professionnel(le)s, l'autre pour les victimes.",
                    "Deux guides distincts\nUne relecture par les associations avant impression",
                ),
                (
                    datetime.date(2023, 10, 12),
                    "Valenciennes Métropole, salle 2",
                    "1. Relecture des maquettes\n2. Diffusion",
                    "Maquettes relues ; diffusion prévue en décembre auprès des mairies, commissariats et gendarmeries.",
                    "Impression de 2 000 exemplaires\nVersion en ligne dans le guide de la plateforme",
                ),
            ],
            [
                ("Relire la maquette du guide des victimes", "intervenante.cidff", datetime.date(2023, 9, 30), datetime.date(2023, 9, 28)),
                ("Mettre à jour les fiches du guide en ligne après impression", "admin.ajar", -25, None),
                ("Recenser les lieux de dépôt du guide papier", "isc.police", 20, None),
            ],
        ),
        (
            "Groupe de travail « Sensibilisation et formation des professionnel(le)s »",
            "Recenser les besoins de formation et bâtir le cycle de formation des acteurs de première ligne.",
            "caph",
            "Groupe de travail « Sensibilisation et formation des professionnel(le)s »",
            ["coordination", "admin.ajar", "intervenante.ajar", "intervenant.lapose", "parquet"],
            [
                (
                    datetime.date(2023, 6, 29),
                    "CA Porte du Hainaut, Wallers",
                    "1. Besoins de formation exprimés\n2. Le cycle de Maubeuge (2019) comme modèle",
                    "Le cycle de six journées de Maubeuge-Val de Sambre sert de base.",
                    "Un cycle de six journées pour les acteurs de première ligne",
                ),
                (
                    today - datetime.timedelta(days=40),
                    "CA Porte du Hainaut, Wallers",
                    "1. Bilan des premières journées\n2. Programme 2027",
                    "",
                    "",
                ),
            ],
            [
                ("Proposer le programme 2027 au comité de pilotage", "coordination", -10, None),
                ("Préparer la journée élus locaux", "parquet", 30, None),
            ],
        ),
    ]
    for name, purpose, convener, action_title, members, meetings, tasks in groups:
        group, _ = WorkingGroup.objects.update_or_create(
            name=name,
            defaults={
                "purpose": purpose,
                "convener": organisations[convener],
                "action": Action.objects.filter(plan=plan, title=action_title).first(),
            },
        )
        group.members.set([memberships[m] for m in members if m in memberships])
        group.meetings.all().delete()
        group.tasks.all().delete()
        for date, place, agenda, minutes, decisions in meetings:
            GroupMeeting.objects.create(group=group, date=date, place=place, agenda=agenda, minutes=minutes, decisions=decisions)
        for title, owner, due, done in tasks:
            if owner in memberships:
                GroupTask.objects.create(group=group, title=title, owner=memberships[owner], due_on=_date(due, today), done_on=done)
