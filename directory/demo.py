"""Demo guide of the arrondissement: the national lines (each with the source of its facts), the local lines named in
the seeds (loaded only on the territory they serve), and plausible services of the demo partners with permanences in
several communes, carried by whom the seeds say (AIR by Valenciennes Métropole). Addresses and the partners' numbers
are fictitious; numbers of real public lines are the published ones.

Seed 002 also quotes a toll-free line as « 0800 300 30 »: nine digits, an incomplete number. It is not shipped:
a wrong number in a guide for victims is worse than a missing one."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import Organisation, OrganisationKind
from directory.models import Closure, Helpline, HelplineKind, HelplineScope, Place, Service, ServiceAtPlace
from directory.search import reindex
from territory.models import Commune

# The national lines, each with the need pages of the guide it answers (directory.questions) and the page where its
# number, hours and audience were checked (looked up in November 2026). "danger": in danger now; "parler": to talk;
# "partir": to leave; "plainte": to file a complaint; "enfants": children exposed; "temoin": witness or relative;
# "auteur": to stop being violent; "professionnel": a professional who orients.
NATIONAL_LINES = [
    {
        "name": "Police secours, gendarmerie",
        "number": "17",
        "description": "En cas de danger immédiat, pour vous ou pour une autre personne.",
        "hours": "24/7",
        "is_emergency": True,
        "languages": ["fr"],
        "needs": ["danger", "partir", "plainte", "temoin"],
        "source_url": "https://www.gouvernement.fr/les-actions-du-gouvernement/interieur/je-suis-victime-ou-temoin-de-violences-sexistes-ou-sexuelles",
    },
    {
        "name": "Numéro d'urgence européen",
        "number": "112",
        "description": "Urgence, depuis n'importe quel téléphone, partout en Europe.",
        "hours": "24/7",
        "is_emergency": True,
        "languages": ["fr", "en"],
        "needs": ["danger"],
        "source_url": "https://informations.handicap.fr/a-114-n-durgence-pour-sourds-pas-assez-connu-36183.php",
    },
    {
        "name": "Urgence par SMS",
        "number": "114",
        "kind": HelplineKind.SMS,
        "description": "Si vous ne pouvez pas parler (l'auteur est à côté) ou êtes sourde, malentendante : écrivez ce qui se passe et l'adresse.",
        "hours": "24/7",
        "is_emergency": True,
        "languages": ["fr", "fsl"],
        "needs": ["danger", "temoin"],
        "source_url": "https://informations.handicap.fr/a-114-n-durgence-pour-sourds-pas-assez-connu-36183.php",
    },
    {
        "name": "Hébergement d'urgence (Samu social)",
        "number": "115",
        "description": "Une mise à l'abri pour cette nuit, seule ou avec vos enfants, si vous devez quitter le domicile.",
        "hours": "24/7",
        "languages": ["fr"],
        "needs": ["danger", "partir"],
        "source_url": "https://annuaire.ille-et-vilaine.fr/organisme/496-numero-urgence-sociale-sans-abri-115-samu-social",
    },
    {
        "name": "Violences Femmes Info",
        "number": "3919",
        "description": "Écoute, information et orientation, anonyme et gratuite, pour les femmes victimes de violences, leur entourage et les professionnels.",
        "hours": "24/7",
        "languages": ["fr", "en", "ar", "es", "pt", "tr"],
        "needs": ["danger", "parler", "partir", "plainte", "enfants", "temoin", "professionnel"],
        "source_url": "https://solidaritefemmes.org/appeler-le-3919/",
    },
    {
        "name": "France Victimes, aide aux victimes",
        "number": "116 006",
        "description": "Pour toute victime (femme ou homme) et ses proches : écoute, droits, orientation vers l'association d'aide aux victimes la plus proche. Messagerie en dehors des heures.",
        "hours": "Mo-Su 09:00-19:00",
        "languages": ["fr"],
        "needs": ["parler", "plainte", "temoin", "professionnel"],
        "source_url": "https://www.savoie.gouv.fr/Actualites/Actualites/Lancement-du-116-006-numero-d-aide-aux-victimes",
    },
    {
        "name": "Allô enfance en danger",
        "number": "119",
        "description": "Enfant ou adolescent en danger, ou adulte inquiet pour un enfant. L'appel n'apparaît pas sur les factures.",
        "hours": "24/7",
        "languages": ["fr"],
        "needs": ["enfants", "temoin", "professionnel"],
        "source_url": "https://guernes.eu/pratique/infos-jeunesse/enfance-en-danger",
    },
    {
        # Published as 08 019 019 11 by every source found (FNACAV's « Ne frappez pas » line, opened in April 2020).
        "name": "Ligne d'écoute pour les auteurs de violences « Ne frappez pas »",
        "number": "08 019 019 11",
        "description": "Pour les personnes qui ont été violentes ou craignent de l'être dans leur couple ou leur famille : des psychologues écoutent et orientent vers un accompagnement.",
        "hours": "Mo-Su 10:00-19:00",
        "languages": ["fr"],
        "needs": ["auteur"],
        "source_url": "https://www.gendinfo.fr/actualites/2020/violences-conjugales-une-ligne-d-ecoute-destinee-aux-auteurs-pour-mieux-proteger-les-victimes",
    },
    {
        "name": "Tchat anonyme « Arrêtons les violences »",
        "kind": HelplineKind.CHAT,
        "chat_url": "https://arretonslesviolences.gouv.fr/",
        "description": "Échanger par écrit avec un policier ou un gendarme formé, sans laisser de trace dans l'historique : signaler, être conseillée, préparer une plainte.",
        "hours": "24/7",
        "languages": ["fr"],
        "needs": ["danger", "parler", "plainte", "temoin"],
        "source_url": "https://www.police-nationale.interieur.gouv.fr/Actualites/L-actu-police/La-plateforme-numerique-de-signalement-des-violences-et-d-accompagnement-des-victimes-faciliter-la-liberation-de-la-parole",
    },
]

# Local lines belong to the territory they serve: each is loaded with the communes of its EPCI, and only when the
# installation holds that EPCI (a Valenciennes guide has none of Maubeuge's; a Maubeuge guide has these).
LOCAL_LINES = {
    # CA Maubeuge-Val de Sambre, the numbers published in seed 002.
    "200043396": [
        {
            "name": "Maisons de Justice et du Droit (Maubeuge-Val de Sambre)",
            "number": "03 27 62 99 00",
            "description": "Informations juridiques gratuites et confidentielles : plainte, constat des violences, procédure.",
            "hours": "Mo-Fr 09:00-12:00,13:30-17:00; PH off",
            "needs": ["plainte", "parler", "professionnel"],
        },
        {
            "name": "Maison de la famille de Maubeuge, service Parenthèse",
            "number": "06 52 13 65 77",
            "description": "Violence conjugale ou intrafamiliale, pour les victimes et les témoins (famille, voisins).",
            "hours": "Mo-Fr 09:00-17:00; PH off",
            "needs": ["parler", "temoin", "enfants"],
        },
    ],
}

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
        # Seed 001: created in 2018 by the Parquet of Valenciennes, carried since 2020 by Valenciennes Métropole.
        "vm",
        "Dispositif AIR : accompagnement individuel renforcé",
        "Pour les personnes orientées par le tribunal judiciaire qui ont une conduite addictive : un parcours personnalisé "
        "de réinsertion, avec un parcours spécifique pour les auteurs de violences conjugales.",
        ["perpetrators", "employment", "housing", "health"],
        ["perpetrators"],
        ["judicial"],
        "Mo-Fr 09:00-12:00,13:30-17:00; PH off",
        [("Valenciennes", "Valenciennes Métropole, dispositif AIR", "", False)],
        {
            "description": "Créé en 2018 par le Parquet du tribunal judiciaire de Valenciennes et porté depuis 2020 par "
            "Valenciennes Métropole, le dispositif d'accompagnement individuel renforcé (AIR) allie justice, soin et social. "
            "Il accueille, avec son accord et sur orientation du tribunal, la personne mise en cause qui présente une "
            "problématique addictive et habite Valenciennes Métropole ou La Porte du Hainaut. Les coordinatrices construisent "
            "avec elle un parcours de réinsertion sociale et professionnelle (droits, santé, logement, formation, emploi, vie "
            "parentale) en parallèle du travail sur l'addiction.\n\nPour les auteurs de violences conjugales, un "
            "accompagnement psycho-criminologique s'ajoute, pour prendre conscience des mécanismes des violences et des "
            "facteurs du passage à l'acte.",
        },
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

    today = timezone.localdate()
    for position, line in enumerate(NATIONAL_LINES, start=1):
        Helpline.objects.update_or_create(
            name=line["name"],
            defaults={
                "number": line.get("number", ""),
                "kind": line.get("kind", HelplineKind.VOICE),
                "chat_url": line.get("chat_url", ""),
                "description": line["description"],
                "hours": line["hours"],
                "is_emergency": line.get("is_emergency", False),
                "languages": line["languages"],
                "needs": line["needs"],
                "source_url": line["source_url"],
                "scope": HelplineScope.NATIONAL,
                "is_free": True,
                "position": position,
                "last_verified_at": today,
            },
        )
    # Lines of a territory this installation does not hold are not loaded (and a previous demo's are removed).
    local_names = [line["name"] for lines in LOCAL_LINES.values() for line in lines]
    Helpline.objects.filter(name__in=local_names).delete()
    for position, (epci, lines) in enumerate(LOCAL_LINES.items(), start=20):
        served = list(Commune.objects.filter(epci_id=epci))
        if not served:
            continue
        for line in lines:
            helpline = Helpline.objects.create(
                name=line["name"],
                number=line["number"],
                description=line["description"],
                hours=line["hours"],
                needs=line["needs"],
                scope=HelplineScope.LOCAL,
                position=position,
                is_free=False,
            )
            helpline.communes.set(served)
    health.communes.set(Commune.objects.all())

    demo_orgs = [org for key, org in organisations.items() if key in {s[0] for s in SERVICES} or key == "health"]
    Service.objects.filter(organisation__in=demo_orgs).delete()
    Place.objects.filter(organisation__in=demo_orgs).delete()
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
            description=extras.pop("description", summary),
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
