"""Users, organisations and the memberships that tie them with a role."""

import hashlib
import secrets

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("email is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)

    def get_by_natural_key(self, username):
        return self.get(**{f"{self.model.USERNAME_FIELD}__iexact": username})


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("adresse e-mail"), unique=True)
    first_name = models.CharField(_("prénom"), max_length=150, blank=True)
    last_name = models.CharField(_("nom"), max_length=150, blank=True)
    is_active = models.BooleanField(_("actif"), default=True)
    is_staff = models.BooleanField(_("accès à l'administration technique"), default=False)
    date_joined = models.DateTimeField(_("date d'inscription"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("utilisateur")
        ordering = ["last_name", "first_name", "email"]

    def __str__(self):
        return self.get_full_name() or self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self):
        return self.first_name or self.email


class OrganisationKind(models.TextChoices):
    ASSOCIATION = "association", _("Association")
    PARQUET = "parquet", _("Parquet")
    POLICE = "police", _("Police nationale")
    GENDARMERIE = "gendarmerie", _("Gendarmerie nationale")
    COLLECTIVITY = "collectivity", _("Collectivité territoriale")
    DEPARTMENT = "department", _("Département")
    STATE = "state", _("Services de l'État")
    HOSPITAL = "hospital", _("Hôpital, établissement de santé")
    SCHOOL_AUTHORITY = "school_authority", _("Éducation nationale")
    OTHER = "other", _("Autre")


siret_validator = RegexValidator(r"^\d{14}$", _("Le SIRET compte exactement 14 chiffres."))


def luhn_valid(number: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(number)):
        digit = int(char)
        if index % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


class Audience(models.TextChoices):
    """Whom an organisation (or one of its teams) accompanies. Set by the platform's administrators only: it decides who
    may read a shelter's confidential address, so the organisation it describes does not choose it."""

    VICTIMS = "victims", _("Les victimes")
    PERPETRATORS = "perpetrators", _("Les auteurs de violences")
    BOTH = "both", _("Les victimes et les auteurs")
    NEITHER = "neither", _("Ni les unes ni les autres (institution, financeur, observatoire…)")


class OrganisationQuerySet(models.QuerySet):
    def partners(self):
        return self.filter(is_partner=True)


class Organisation(models.Model):
    name = models.CharField(_("nom"), max_length=200, unique=True)
    short_name = models.CharField(_("sigle"), max_length=40, blank=True)
    kind = models.CharField(_("type"), max_length=20, choices=OrganisationKind.choices)
    siret = models.CharField(_("SIRET"), max_length=14, blank=True, validators=[siret_validator])
    # Not every structure of the guide is a partner of the network's shared follow-up.
    is_partner = models.BooleanField(_("partenaire du réseau"), default=True)
    communes = models.ManyToManyField("territory.Commune", verbose_name=_("communes couvertes"), blank=True, related_name="organisations")
    email = models.EmailField(_("e-mail de contact"), blank=True)
    website = models.URLField(_("site internet"), blank=True)
    accompanies = models.CharField(
        _("accompagne"),
        max_length=12,
        choices=Audience.choices,
        default=Audience.NEITHER,
        help_text=_("Réglé par l'administration de la plateforme. Une équipe peut préciser pour ses membres."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")

    def __str__(self):
        return self.short_name or self.name

    def clean(self):
        super().clean()
        # SIRET numbers carry a Luhn check digit (La Poste's establishments excepted).
        siret = self.siret
        if siret and siret.isdigit() and len(siret) == 14 and not luhn_valid(siret) and not siret.startswith("356000000"):
            raise ValidationError({"siret": _("Ce SIRET n'est pas valide (clé de contrôle incorrecte).")})


class Team(models.Model):
    """A part of an organisation with its own need-to-know (AJAR's victim support and its perpetrators' service): its
    members see the organisation's situations of their team (and those of no team), and a team that accompanies a
    household's perpetrator is treated like the perpetrator's organisation for that household (casework.access)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="teams", verbose_name=_("organisation"))
    name = models.CharField(_("nom"), max_length=120)
    accompanies = models.CharField(_("accompagne"), max_length=12, choices=Audience.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation__name", "name"]
        verbose_name = _("équipe")
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="one_team_name_per_organisation")]

    def __str__(self):
        return f"{self.organisation} — {self.name}"


class Role(models.TextChoices):
    PRACTITIONER = "practitioner", _("Intervenant·e")
    ORG_ADMIN = "org_admin", _("Administrateur·rice de l'organisation")
    COORDINATOR = "coordinator", _("Coordinateur·rice du réseau")
    ANALYST = "analyst", _("Chargé·e d'études (observatoire)")


# Roles that may read nominative records of their organisation's situations.
NOMINATIVE_ROLES = {Role.PRACTITIONER, Role.ORG_ADMIN}
# Roles an organisation admin may give. Coordinator and analyst act for the whole network: only the
# technical administration assigns them.
ORG_ADMIN_GRANTABLE_ROLES = [(Role.PRACTITIONER.value, Role.PRACTITIONER.label), (Role.ORG_ADMIN.value, Role.ORG_ADMIN.label)]


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True, accepted_at__isnull=False, user__is_active=True)

    def pending_for(self, user):
        """Invitations of an existing account to another organisation, waiting for the person's answer."""
        return self.filter(user=user, is_active=True, accepted_at__isnull=True)

    def managed_by(self, membership):
        """The memberships an organisation admin may manage: her own organisation's, nobody else's."""
        if membership is None or membership.role != Role.ORG_ADMIN or not membership.is_active:
            return self.none()
        return self.filter(organisation_id=membership.organisation_id)


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("utilisateur"))
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("organisation"))
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices, default=Role.PRACTITIONER)
    team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("équipe"),
        help_text=_("Sans équipe : toutes les situations de l'organisation."),
    )
    is_active = models.BooleanField(_("actif"), default=True)
    # Null while the person has not accepted an invitation to this organisation (existing accounts only).
    accepted_at = models.DateTimeField(_("acceptée le"), null=True, blank=True, default=timezone.now)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name", "user__email"]
        verbose_name = _("appartenance")
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_organisation")]

    def __str__(self):
        return f"{self.user} — {self.organisation} ({self.get_role_display()})"

    @property
    def is_pending(self):
        return self.accepted_at is None

    @property
    def awaits_acceptance(self):
        """Invited and not yet in: an existing account that has not answered, or a new one whose person has not yet
        chosen her password through the invitation's link."""
        return self.accepted_at is None or not self.user.has_usable_password()

    @property
    def sees_nominative_data(self):
        return self.role in NOMINATIVE_ROLES

    @property
    def accompanies(self):
        """Whom this member's part of the organisation accompanies: her team's, else the organisation's."""
        if self.team_id is not None:
            return self.team.accompanies
        return self.organisation.accompanies

    @property
    def is_org_admin(self):
        return self.role == Role.ORG_ADMIN

    @property
    def is_coordinator(self):
        return self.role == Role.COORDINATOR


class ApiTokenQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(revoked_at__isnull=True, membership__is_active=True, membership__user__is_active=True)


class ApiToken(models.Model):
    """A personal API token, tied to one membership: the API acts as that member of that organisation."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("nom"), max_length=100)
    prefix = models.CharField(max_length=8, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("jeton d'API")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def issue(cls, membership, name):
        """Create a token and return (token, clear key): the clear key is shown once and never stored."""
        key = "mlg_" + secrets.token_urlsafe(32)
        token = cls.objects.create(membership=membership, name=name, prefix=key[4:12], key_hash=cls.hash_key(key))
        return token, key
