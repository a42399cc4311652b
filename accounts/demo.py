"""Demo partners of the Valenciennes network (named in the seeds) and one demo account per role."""

from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Audience, Membership, Organisation, OrganisationKind, Role, Team, User
from territory.models import Commune

DEMO_PASSWORD = "demo-maillage-valenciennes"
DEMO_DOMAIN = "demo.maillage.test"

# (key, name, short name, kind, EPCIs covered: "vm" Valenciennes Métropole, "caph" Porte du Hainaut, "all", whom it
# accompanies: set by the platform's administrators, it decides who reads a shelter's confidential address)
PARTNERS = [
    ("parquet", "Parquet de Valenciennes", "Parquet", OrganisationKind.PARQUET, "all", Audience.BOTH),
    ("sousprefecture", "Sous-préfecture de Valenciennes", "Sous-préfecture", OrganisationKind.STATE, "all", Audience.NEITHER),
    (
        "vm",
        "Communauté d'agglomération Valenciennes Métropole",
        "Valenciennes Métropole",
        OrganisationKind.COLLECTIVITY,
        "vm",
        Audience.NEITHER,
    ),
    (
        "caph",
        "Communauté d'agglomération de la Porte du Hainaut",
        "CA Porte du Hainaut",
        OrganisationKind.COLLECTIVITY,
        "caph",
        Audience.NEITHER,
    ),
    ("departement", "Département du Nord", "Département du Nord", OrganisationKind.DEPARTMENT, "all", Audience.VICTIMS),
    (
        "ajar",
        "AJAR — Association pour la Justice, l'Accueil et la Réinsertion",
        "AJAR",
        OrganisationKind.ASSOCIATION,
        "all",
        Audience.BOTH,
    ),
    ("lapose", "LA POSE", "LA POSE", OrganisationKind.ASSOCIATION, "all", Audience.PERPETRATORS),
    ("cidff", "CIDFF du Nord — Valenciennes", "CIDFF", OrganisationKind.ASSOCIATION, "all", Audience.VICTIMS),
    (
        "isc_police",
        "Intervenante sociale du commissariat de Valenciennes",
        "ISC police",
        OrganisationKind.POLICE,
        "vm",
        Audience.VICTIMS,
    ),
    (
        "isc_gendarmerie",
        "Intervenant social en gendarmerie (compagnie de Valenciennes)",
        "ISG gendarmerie",
        OrganisationKind.GENDARMERIE,
        "caph",
        Audience.VICTIMS,
    ),
    ("mjd", "Maison de Justice et du Droit de Valenciennes Métropole", "MJD", OrganisationKind.COLLECTIVITY, "vm", Audience.VICTIMS),
]

# Teams with their own need-to-know: AJAR's victim support and its socio-judicial service (perpetrators on judicial
# mandate); the AIR programme's coordinators at Valenciennes Métropole, which carries it since 2020 (seed 001).
TEAMS = [
    ("ajar", "sav", "Service d'aide aux victimes", Audience.VICTIMS),
    ("ajar", "sj", "Service socio-judiciaire (auteurs)", Audience.PERPETRATORS),
    ("vm", "air", "Dispositif AIR (accompagnement individuel renforcé)", Audience.PERPETRATORS),
]

# Obviously fictitious people: (email local part, first name, last name, organisation key, role, team key or None)
ACCOUNTS = [
    ("admin.ajar", "Alice", "Démo-Admin", "ajar", Role.ORG_ADMIN, None),
    ("intervenante.ajar", "Agathe", "Démo-Ajar", "ajar", Role.PRACTITIONER, "sav"),
    ("intervenant.ajar.auteurs", "Antoine", "Démo-Sociojudiciaire", "ajar", Role.PRACTITIONER, "sj"),
    ("intervenante.cidff", "Camille", "Démo-Cidff", "cidff", Role.PRACTITIONER, None),
    ("intervenant.lapose", "Louis", "Démo-Lapose", "lapose", Role.PRACTITIONER, None),
    ("intervenante.air", "Aurélie", "Démo-Air", "vm", Role.PRACTITIONER, "air"),
    ("isc.police", "Inès", "Démo-Commissariat", "isc_police", Role.PRACTITIONER, None),
    ("coordination", "Claire", "Démo-Coordination", "vm", Role.COORDINATOR, None),
    ("observatoire", "Oscar", "Démo-Observatoire", "vm", Role.ANALYST, None),
    ("parquet", "Paul", "Démo-Parquet", "parquet", Role.PRACTITIONER, None),
]

BACKUP_CODES_SHOWN = 3


def demo_email(local):
    return f"{local}@{DEMO_DOMAIN}"


@transaction.atomic
def load(rng, context):
    communes = list(Commune.objects.all())
    by_epci = {
        "vm": [c for c in communes if c.epci_id == "245901160"],
        "caph": [c for c in communes if c.epci_id == "200042190"],
        "all": communes,
    }
    organisations = {}
    for key, name, short, kind, area, audience in PARTNERS:
        organisation, _ = Organisation.objects.update_or_create(
            name=name, defaults={"short_name": short, "kind": kind, "is_partner": True, "accompanies": audience}
        )
        organisation.communes.set(by_epci[area])
        organisations[key] = organisation
    context["organisations"] = organisations
    teams = {}
    for org_key, key, name, audience in TEAMS:
        teams[key], _ = Team.objects.update_or_create(organisation=organisations[org_key], name=name, defaults={"accompanies": audience})
    context["teams"] = teams
    users = {}
    for local, first, last, org_key, role, team_key in ACCOUNTS:
        user, created = User.objects.get_or_create(email=demo_email(local), defaults={"first_name": first, "last_name": last})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        Membership.objects.update_or_create(
            user=user,
            organisation=organisations[org_key],
            defaults={"role": role, "is_active": True, "team": teams.get(team_key)},
        )
        users[local] = user
    context["users"] = users
    return organisations


def issue_backup_codes(user, count=BACKUP_CODES_SHOWN):
    """Give a demo account a confirmed authenticator and fresh backup codes, so one can log in without a phone."""
    TOTPDevice.objects.get_or_create(user=user, name="Démo", defaults={"confirmed": True})
    static, _ = StaticDevice.objects.get_or_create(user=user, name="Codes de secours", defaults={"confirmed": True})
    static.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(count)]
    StaticToken.objects.bulk_create([StaticToken(device=static, token=code) for code in codes])
    return codes
