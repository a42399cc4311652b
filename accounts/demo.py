"""Demo partners of the Valenciennes network (named in the seeds) and one demo account per role."""

from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Membership, Organisation, OrganisationKind, Role, User
from territory.models import Commune

DEMO_PASSWORD = "demo-maillage-valenciennes"
DEMO_DOMAIN = "demo.maillage.test"

# (key, name, short name, kind, EPCIs covered: "vm" Valenciennes Métropole, "caph" Porte du Hainaut, "all")
PARTNERS = [
    ("parquet", "Parquet de Valenciennes", "Parquet", OrganisationKind.PARQUET, "all"),
    ("sousprefecture", "Sous-préfecture de Valenciennes", "Sous-préfecture", OrganisationKind.STATE, "all"),
    ("vm", "Communauté d'agglomération Valenciennes Métropole", "Valenciennes Métropole", OrganisationKind.COLLECTIVITY, "vm"),
    ("caph", "Communauté d'agglomération de la Porte du Hainaut", "CA Porte du Hainaut", OrganisationKind.COLLECTIVITY, "caph"),
    ("departement", "Département du Nord", "Département du Nord", OrganisationKind.DEPARTMENT, "all"),
    ("ajar", "AJAR — Association pour la Justice, l'Accueil et la Réinsertion", "AJAR", OrganisationKind.ASSOCIATION, "all"),
    ("lapose", "LA POSE", "LA POSE", OrganisationKind.ASSOCIATION, "all"),
    ("cidff", "CIDFF du Nord — Valenciennes", "CIDFF", OrganisationKind.ASSOCIATION, "all"),
    ("isc_police", "Intervenante sociale du commissariat de Valenciennes", "ISC police", OrganisationKind.POLICE, "vm"),
    (
        "isc_gendarmerie",
        "Intervenant social en gendarmerie (compagnie de Valenciennes)",
        "ISG gendarmerie",
        OrganisationKind.GENDARMERIE,
        "caph",
    ),
    ("mjd", "Maison de Justice et du Droit de Valenciennes Métropole", "MJD", OrganisationKind.COLLECTIVITY, "vm"),
]

# Obviously fictitious people: (email local part, first name, last name, organisation key, role)
ACCOUNTS = [
    ("admin.ajar", "Alice", "Démo-Admin", "ajar", Role.ORG_ADMIN),
    ("intervenante.ajar", "Agathe", "Démo-Ajar", "ajar", Role.PRACTITIONER),
    ("intervenante.cidff", "Camille", "Démo-Cidff", "cidff", Role.PRACTITIONER),
    ("intervenant.lapose", "Louis", "Démo-Lapose", "lapose", Role.PRACTITIONER),
    ("isc.police", "Inès", "Démo-Commissariat", "isc_police", Role.PRACTITIONER),
    ("coordination", "Claire", "Démo-Coordination", "vm", Role.COORDINATOR),
    ("observatoire", "Oscar", "Démo-Observatoire", "vm", Role.ANALYST),
    ("parquet", "Paul", "Démo-Parquet", "parquet", Role.PRACTITIONER),
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
    for key, name, short, kind, area in PARTNERS:
        organisation, _ = Organisation.objects.update_or_create(name=name, defaults={"short_name": short, "kind": kind, "is_partner": True})
        organisation.communes.set(by_epci[area])
        organisations[key] = organisation
    context["organisations"] = organisations
    users = {}
    for local, first, last, org_key, role in ACCOUNTS:
        user, created = User.objects.get_or_create(email=demo_email(local), defaults={"first_name": first, "last_name": last})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        Membership.objects.update_or_create(user=user, organisation=organisations[org_key], defaults={"role": role, "is_active": True})
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
