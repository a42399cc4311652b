"""Demo guide of the arrondissement: the national lines, the local lines named in the seeds, and plausible services
of the demo partners with permanences in several communes. Addresses are fictitious; numbers of real public lines
are the ones published in the seeds.

Seed 002 also quotes a toll-free line as « 0800 300 30 »: nine digits, an incomplete number. It is not shipped:
a wrong number in a guide for victims is worse than a missing one."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import Organisation, OrganisationKind
from directory.models import Closure, Helpline, HelplineKind, HelplineScope, Place, Service, ServiceAtPlace
from directory.search import reindex
from territory.models import Commune

NATIONAL_LINES = [
    # name, number, kind, description, hours, emergency, languages
    (
        "Police secours, gendarmerie",
        "17",
        HelplineKind.VOICE,
        "En cas de danger immédiat, pour vous ou pour une autre personne.",
        "24/7",
        True,
        ["fr"],
    ),
    (
        "Numéro d'urgence européen",
        "112",
        HelplineKind.VOICE,
        "Urgence, depuis n'importe quel téléphone, partout en Europe.",
        "24/7",
        True,
        ["fr", "en"],
    ),
    (
        "Urgence par SMS",
        "114",
        HelplineKind.SMS,
        "Si vous ne pouvez pas parler ou êtes sourd, malentendant : écrivez ce qui se passe et l'adresse.",
        "24/7",
        True,
        ["fr", "fsl"],
    ),
    (
        "Violences Femmes Info",
        "3919",
        HelplineKind.VOICE,
        "Écoute, information et orientation, anonyme et gratuite, pour les femmes victimes et leur entourage.",
        "24/7",
        False,
        ["fr", "en", "ar", "es", "pt", "tr"],
    ),
    (
        "Allô enfance en danger",
        "119",
        HelplineKind.VOICE,
        "Enfant ou adolescent en danger, ou adulte inquiet pour un enfant.",
        "24/7",
        False,
        ["fr"],
    ),
]

LOCAL_LINES = [
    (
        "Maisons de Justice et du Droit (Maubeuge-Val de Sambre)",
        "03 27 62 99 00",
        "Informations juridiques gratuites et confidentielles : plainte, constat des violences, procédure.",
        "Mo-Fr 09:00-12:00,13:30-17:00; PH off",
    ),
    (
        "Maison de la famille de Maubeuge, service Parenthèse",
        "06 52 13 65 77",
        "Violence conjugale ou intrafamiliale, pour les victimes et les témoins (famille, voisins).",
        "Mo-Fr 09:00-17:00; PH off",
    ),
]

WEEKDAYS = "Mo-Fr 09:00-12:00,13:30-17:00; PH off"

# organisation key, name, summary, categories, audiences, access modes, hours, places [(commune, place name, hours, confidential)], extras
SERVICES = [
    (
        "ajar",
        "Accueil et accompagnement des victimes",
        "Juristes et psychologues reçoivent les victimes, les informent de leurs droits et les accompagnent dans la procédure.",
        ["victim_support", "legal", "listening"],
        ["women", "men", "relatives"],
        ["walk_in", "appointment", "phone"],
        WEEKDAYS,
        [
            ("Valenciennes", "Antenne d'aide aux victimes", "", False),
            ("Denain", "Permanence au centre social", "Tu[2,4] 09:00-12:00; PH off", False),
        ],
        {"phone": "03 27 00 00 01"},
    ),
    (
        "ajar",
        "Mise à l'abri en urgence",
        "Hébergement immédiat et sécurisé pour les femmes victimes et leurs enfants, accès par téléphone.",
        ["shelter"],
        ["women", "children"],
        ["phone", "referral"],
        "24/7",
        [("Denain", "Maison d'accueil", "", True)],
        {"phone": "03 27 00 00 02", "capacity": 14, "available_places": 3},
    ),
    (
        "cidff",
        "Information juridique sur les droits des femmes et des familles",
        "Séparation, autorité parentale, ordonnance de protection, pension alimentaire : des juristes répondent, gratuitement.",
        ["legal", "victim_support"],
        ["women", "relatives"],
        ["appointment", "phone"],
        WEEKDAYS,
        [
            ("Valenciennes", "CIDFF, siège de Valenciennes", "", False),
            ("Saint-Amand-les-Eaux", "Permanence en mairie annexe", "Tu[2,4] 09:00-12:00; PH off", False),
            ("Condé-sur-l'Escaut", "Permanence à l'espace France services", "Th[1,3] 14:00-17:00; PH off", False),
        ],
        {"phone": "03 27 00 00 03"},
    ),
    (
        "cidff",
        "Accompagnement vers l'emploi des femmes victimes",
        "Bilan, formation, recherche d'emploi : retrouver son autonomie financière.",
        ["employment"],
        ["women"],
        ["appointment", "referral"],
        "Mo-Th 09:00-12:00,14:00-17:00; PH off",
        [("Valenciennes", "CIDFF, siège de Valenciennes", "", False)],
        {},
    ),
    (
        "lapose",
        "Accompagnement des auteurs de violences",
        "Groupes de parole et suivi individuel pour arrêter d'être violent, sur orientation de la justice ou volontairement.",
        ["perpetrators"],
        ["perpetrators"],
        ["appointment", "judicial", "referral"],
        "Mo-Fr 09:00-12:00,14:00-18:00; We 18:00-20:00; PH off",
        [("Valenciennes", "Local de LA POSE", "", False)],
        {"phone": "03 27 00 00 04"},
    ),
    (
        "lapose",
        "Dispositif AIR : accompagnement insertion et responsabilisation",
        "Parcours de plusieurs mois vers l'emploi et le logement pour les personnes suivies par la justice.",
        ["perpetrators", "employment", "housing"],
        ["perpetrators"],
        ["judicial", "referral"],
        "Mo-Fr 09:00-17:00; PH off",
        [("Valenciennes", "Local de LA POSE", "", False)],
        {},
    ),
    (
        "isc_police",
        "Intervenante sociale au commissariat",
        "Avant ou après une plainte, une travailleuse sociale vous reçoit au commissariat et vous oriente.",
        ["complaint", "victim_support"],
        ["women", "men", "children", "relatives"],
        ["walk_in", "phone"],
        "Mo-Fr 08:30-12:30,13:30-17:30; PH off",
        [("Valenciennes", "Commissariat de Valenciennes", "", False)],
        {},
    ),
    (
        "isc_gendarmerie",
        "Intervenant social en gendarmerie",
        "Reçoit les victimes et les familles orientées par les brigades de gendarmerie de la compagnie.",
        ["complaint", "victim_support"],
        ["women", "men", "children"],
        ["appointment", "referral"],
        "Mo-Fr 09:00-12:00,14:00-17:00; PH off",
        [
            ("Saint-Amand-les-Eaux", "Brigade de gendarmerie", "", False),
            ("Raismes", "Brigade de gendarmerie", "Fr[2,4] 09:00-12:00; PH off", False),
        ],
        {},
    ),
    (
        "mjd",
        "Permanences juridiques gratuites",
        "Des juristes accueillent et informent les victimes : plainte, constatation des violences, constitution de partie civile, indemnisation.",
        ["legal", "victim_support", "complaint"],
        ["women", "men", "relatives"],
        ["walk_in", "appointment"],
        WEEKDAYS,
        [
            ("Valenciennes", "Maison de Justice et du Droit", "", False),
            ("Anzin", "Permanence en mairie", "Tu[1,3] 14:00-17:00; PH off", False),
        ],
        {"phone": "03 27 00 00 05"},
    ),
    (
        "departement",
        "Accompagnement des enfants exposés et de leurs parents",
        "Les services sociaux et de protection maternelle et infantile soutiennent les enfants exposés aux violences et leur parent protecteur.",
        ["children", "listening"],
        ["children", "women", "relatives"],
        ["appointment", "phone"],
        WEEKDAYS,
        [("Denain", "Unité territoriale", "", False), ("Valenciennes", "Unité territoriale", "", False)],
        {"phone": "03 27 00 00 06"},
    ),
    (
        "parquet",
        "Bureau d'aide aux victimes du tribunal",
        "Au tribunal judiciaire : informations sur l'audience, la procédure et l'indemnisation.",
        ["victim_support", "complaint"],
        ["women", "men"],
        ["walk_in"],
        "Mo-Fr 09:00-12:00; PH off",
        [("Valenciennes", "Tribunal judiciaire", "", False)],
        {},
    ),
    (
        "vm",
        "Formation des professionnels au repérage et à l'orientation",
        "Sessions d'une journée pour les acteurs de première ligne : repérer, écouter, orienter.",
        ["training"],
        ["professionals"],
        ["appointment"],
        "",
        [],
        {"is_remote": True, "website": "https://www.valenciennes-metropole.fr/"},
    ),
    (
        "ajar",
        "Écoute téléphonique des victimes",
        "Une professionnelle vous écoute et vous aide à savoir quoi faire, sans obligation de porter plainte.",
        ["listening", "victim_support"],
        ["women", "men", "relatives"],
        ["phone"],
        "Mo-Fr 09:00-19:00; Sa 09:00-12:00; PH off",
        [],
        {"is_remote": True, "phone": "03 27 00 00 07"},
    ),
]


@transaction.atomic
def load(rng, context):
    organisations = dict(context.get("organisations") or {})
    communes = {c.name: c for c in Commune.objects.all()}
    health, _ = Organisation.objects.update_or_create(
        name="Unité de psychotraumatologie (structure fictive)",
        defaults={"kind": OrganisationKind.HOSPITAL, "is_partner": False, "short_name": "Psychotrauma"},
    )
    organisations["health"] = health

    for position, (name, number, kind, description, hours, emergency, languages) in enumerate(NATIONAL_LINES, start=1):
        Helpline.objects.update_or_create(
            name=name,
            defaults={
                "number": number,
                "kind": kind,
                "description": description,
                "hours": hours,
                "is_emergency": emergency,
                "languages": languages,
                "scope": HelplineScope.NATIONAL,
                "is_free": True,
                "position": position,
                "last_verified_at": timezone.localdate(),
            },
        )
    Helpline.objects.update_or_create(
        name="Tchat anonyme « Arrêtons les violences »",
        defaults={
            "kind": HelplineKind.CHAT,
            "chat_url": "https://arretonslesviolences.gouv.fr/",
            "description": "Échanger par écrit avec un policier ou un gendarme formé, sans laisser de trace dans l'historique.",
            "hours": "24/7",
            "scope": HelplineScope.NATIONAL,
            "position": 10,
        },
    )
    for position, (name, number, description, hours) in enumerate(LOCAL_LINES, start=20):
        Helpline.objects.update_or_create(
            name=name,
            defaults={
                "number": number,
                "description": description,
                "hours": hours,
                "scope": HelplineScope.LOCAL,
                "position": position,
                "is_free": False,
            },
        )

    demo_orgs = [org for key, org in organisations.items() if key in {s[0] for s in SERVICES} or key == "health"]
    Service.objects.filter(organisation__in=demo_orgs).delete()
    Place.objects.filter(organisation__in=demo_orgs).delete()
    today = timezone.localdate()
    places = {}
    created = []
    services = [
        *SERVICES,
        (
            "health",
            "Consultations de psychotraumatisme",
            "Soins pour les adultes et les enfants après des violences : consultations, groupes, certificat médical.",
            ["health"],
            ["women", "men", "children"],
            ["appointment", "referral"],
            "Mo-Fr 09:00-17:00; PH off",
            [("Valenciennes", "Centre de consultations", "", False)],
            {"fee": "free", "fee_details": "Pris en charge par l'Assurance maladie"},
        ),
    ]
    for index, (key, name, summary, categories, audiences, access, hours, where, extras) in enumerate(services):
        organisation = organisations.get(key)
        if organisation is None:
            continue
        extras = dict(extras)
        service = Service.objects.create(
            organisation=organisation,
            name=name,
            summary=summary,
            description=summary,
            audiences=audiences,
            access_modes=access,
            languages=["fr"] if index % 3 else ["fr", "ar"],
            hours=hours,
            is_published=True,
            # A few entries left unverified for a while, so the coordinator's stale list has something to show.
            last_verified_at=today - timedelta(days=rng.choice([10, 40, 90, 200, 400]) if index % 4 == 3 else rng.randint(5, 120)),
            **extras,
        )
        service.set_categories(categories)
        for commune_name, place_name, place_hours, confidential in where:
            commune = communes.get(commune_name)
            if commune is None:
                continue
            place_key = (organisation.pk, commune.pk, place_name)
            if place_key not in places:
                places[place_key] = Place.objects.create(
                    organisation=organisation,
                    name=place_name,
                    address=f"{rng.randint(1, 90)} rue Fictive",
                    postal_code=(commune.postal_codes or [""])[0],
                    commune=commune,
                    latitude=round(commune.latitude + rng.uniform(-0.004, 0.004), 6) if commune.latitude else None,
                    longitude=round(commune.longitude + rng.uniform(-0.006, 0.006), 6) if commune.longitude else None,
                    accessibility=rng.choice(["wheelchair", "partial", "unknown"]),
                    confidential_fields=["address"] if confidential else [],
                )
            ServiceAtPlace.objects.create(service=service, place=places[place_key], hours=place_hours)
        created.append(service)
    summer = today.replace(month=8, day=1) if today.month < 8 else today.replace(year=today.year + 1, month=8, day=1)
    for service in created:
        if service.organisation == organisations.get("cidff") and not service.is_remote:
            Closure.objects.create(service=service, start_date=summer, end_date=summer + timedelta(days=20), reason="fermeture estivale")
    reindex(Service.objects.filter(pk__in=[s.pk for s in created]).select_related("organisation").prefetch_related("category_links"))
    context["directory_services"] = created
    return created
