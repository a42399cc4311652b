"""Demo content of the network: the laboratory's action plan with what the seeds name (working groups on guides and on
training from June 2023, the guides at the end of 2023, the campaign after the MEL's, the LEAO to create, school
sessions, the AIR programme, the perpetrators' care). Idempotent: run it twice, the same rows."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from network.models import Action, ActionOutput, ActionPlan, Funding, Milestone, TrainedProfessionals
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
