"""Guide models: services offered by structures, the places where they are given, their hours and closures,
helplines, and the changes that wait for the coordinator's review.

Hours are stored as OpenStreetMap `opening_hours` text (the syntax data·inclusion uses), parsed and evaluated by
`directory.hours`; a coarse weekly mask (one character per hour of the week) is kept beside it so that "open now"
can be pre-filtered in SQL on both databases before the exact check."""

import re
from datetime import timedelta
from functools import lru_cache

import phonenumbers
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory import caching
from directory import hours as hours_module
from directory.taxonomy import Accessibility, AccessMode, Audience, Category, Fee, Language, category_bits, category_codes_of

STALE_AFTER_DAYS = 183  # "older than six months"
SERVICE_CONFIDENTIAL_FIELDS = [("phone", _("téléphone")), ("email", _("e-mail")), ("capacity", _("capacité et places disponibles"))]
PLACE_CONFIDENTIAL_FIELDS = [("address", _("adresse (seule la commune reste publique)")), ("phone", _("téléphone du lieu"))]


# --- phone numbers -----------------------------------------------------------------------------------------------


def normalise_phone(value):
    """E.164 for a full number ("+33327629900"), the digits for a French short number ("3919", "17"); ValueError otherwise."""
    raw = (value or "").strip()
    if not raw:
        return ""
    try:
        number = phonenumbers.parse(raw, "FR")
    except phonenumbers.NumberParseException as exc:
        raise ValueError(str(exc)) from exc
    digits = "".join(ch for ch in raw if ch.isdigit())
    if not raw.startswith("+") and len(digits) <= 6 and phonenumbers.is_valid_short_number_for_region(number, "FR"):
        return digits
    if not phonenumbers.is_valid_number(number):
        raise ValueError("numéro invalide")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


@lru_cache(maxsize=4096)
def display_phone(value):
    """French display: « 03 27 62 99 00 », « 3919 »; international numbers in international format."""
    if not value:
        return ""
    if not value.startswith("+"):
        # Short numbers as they are published: « 3919 », « 115 », but « 116 006 ».
        return f"{value[:3]} {value[3:]}" if len(value) == 6 else value
    number = phonenumbers.parse(value, None)
    if number.country_code == 33:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def phone_validator(value):
    try:
        normalise_phone(value)
    except ValueError as exc:
        raise ValidationError(_("Numéro de téléphone invalide : « %(value)s »."), params={"value": value}) from exc


# Control characters have no place in a name, an address or a description, and a bare carriage return or a line
# break in a one-line field can break out of a line in the exports (iCalendar, CSV, e-mail headers): refused at the
# source. Unicode line and paragraph separators count as line breaks.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# Multi-line fields accept line breaks (\n, \r\n) and tabs, nothing else of the kind, and no bare carriage return.
_CONTROL_MULTILINE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]|\r(?!\n)")


def single_line(value):
    if value and _CONTROL.search(value):
        raise ValidationError(_("Caractère invisible ou retour à la ligne interdit : écrivez ce texte sur une seule ligne."))


def multi_line(value):
    if value and _CONTROL_MULTILINE.search(value):
        raise ValidationError(_("Caractère invisible interdit (caractère de contrôle) : retapez ce texte."))


def hours_validator(value):
    try:
        hours_module.parse(value)
    except hours_module.HoursSyntaxError as exc:
        raise ValidationError(str(exc)) from exc


def week_mask(text):
    """168 characters, one per hour of the week from Monday 00:00: "1" where some rule may be open (nth weeks and
    public holidays ignored, so the mask never hides an opening; the exact check is `hours.is_open`)."""
    try:
        schedule = hours_module.parse(text)
    except hours_module.HoursSyntaxError:
        return "0" * 168
    mask = ["0"] * 168
    for rule in schedule.rules:
        if rule.always:
            return "1" * 168
        days = range(7) if rule.holiday else rule.weekdays
        for day in days:
            for time_range in rule.ranges:
                first = time_range.start // 60
                last = (time_range.end - 1) // 60
                for hour in range(first, last + 1):
                    mask[(day * 24 + hour) % 168] = "1"
    return "".join(mask)


def mask_index(moment):
    local = moment.astimezone(hours_module.PARIS)
    return local.weekday() * 24 + local.hour


# --- structures' services ----------------------------------------------------------------------------------------


class Place(models.Model):
    """An address where services are given. The commune is always public; the address may be confidential."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="places", verbose_name=_("structure"))
    name = models.CharField(_("nom du lieu"), max_length=200, validators=[single_line])
    address = models.CharField(_("adresse"), max_length=250, blank=True, validators=[single_line])
    address_extra = models.CharField(_("complément d'adresse"), max_length=250, blank=True, validators=[single_line])
    postal_code = models.CharField(_("code postal"), max_length=5, blank=True, validators=[single_line])
    commune = models.ForeignKey("territory.Commune", on_delete=models.PROTECT, related_name="places", verbose_name=_("commune"))
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    phone = models.CharField(_("téléphone du lieu"), max_length=20, blank=True, validators=[single_line, phone_validator])
    accessibility = models.CharField(
        _("accessibilité des locaux"), max_length=10, choices=Accessibility.choices, default=Accessibility.UNKNOWN
    )
    access_notes = models.CharField(_("précisions d'accès (transports, entrée)"), max_length=300, blank=True, validators=[single_line])
    confidential_fields = models.JSONField(_("informations réservées aux professionnels"), default=list, blank=True)
    # Where the guide measures distances from: the exact point when the address is public, the commune's centre when
    # it is not (a distance to an exact point would reveal a confidential address).
    search_latitude = models.FloatField(null=True, blank=True, editable=False)
    search_longitude = models.FloatField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["commune__name", "name"]
        verbose_name = _("lieu")

    def __str__(self):
        return f"{self.name} ({self.commune})"

    def save(self, *args, **kwargs):
        self.phone = normalise_phone(self.phone) if self.phone else ""
        if "address" in (self.confidential_fields or []) or self.latitude is None:
            commune = self.commune
            self.search_latitude, self.search_longitude = commune.latitude, commune.longitude
        else:
            self.search_latitude, self.search_longitude = self.latitude, self.longitude
        super().save(*args, **kwargs)
        ServiceAtPlace.objects.filter(place=self).update(latitude=self.search_latitude, longitude=self.search_longitude)
        caching.bump()

    def clean(self):
        super().clean()
        unknown = set(self.confidential_fields or []) - {key for key, _label in PLACE_CONFIDENTIAL_FIELDS}
        if unknown:
            raise ValidationError({"confidential_fields": _("Champ confidentiel inconnu : %(f)s.") % {"f": ", ".join(sorted(unknown))}})
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError({"longitude": _("Latitude et longitude vont ensemble.")})

    def is_confidential(self, field):
        return field in (self.confidential_fields or [])


class ServiceQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def editable_by(self, membership):
        """The services a member may edit: her organisation's; the coordinator's reach is the review queue."""
        if membership is None or not membership.is_active:
            return self.none()
        return self.filter(organisation_id=membership.organisation_id)

    def visible_to(self, membership):
        """Published services, plus the unpublished ones of the member's organisation; everything for the coordinator."""
        if membership is None:
            return self.published()
        if membership.is_coordinator:
            return self.all()
        return self.filter(models.Q(is_published=True) | models.Q(organisation_id=membership.organisation_id))

    def stale(self, today=None):
        today = today or timezone.localdate()
        return self.filter(
            models.Q(last_verified_at__isnull=True) | models.Q(last_verified_at__lt=today - timedelta(days=STALE_AFTER_DAYS))
        )


class Service(models.Model):
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="services", verbose_name=_("structure")
    )
    name = models.CharField(_("nom du service"), max_length=150, validators=[single_line])
    summary = models.CharField(_("en une phrase"), max_length=280, blank=True, validators=[single_line])
    description = models.TextField(_("description"), blank=True, validators=[multi_line])
    audiences = models.JSONField(_("publics"), default=list, blank=True)
    fee = models.CharField(_("frais"), max_length=10, choices=Fee.choices, default=Fee.FREE)
    fee_details = models.CharField(_("précisions sur les frais"), max_length=250, blank=True, validators=[single_line])
    access_modes = models.JSONField(_("comment y accéder"), default=list, blank=True)
    access_conditions = models.TextField(_("conditions et démarches"), blank=True, validators=[multi_line])
    languages = models.JSONField(_("langues parlées"), default=list, blank=True)
    is_remote = models.BooleanField(_("service à distance (téléphone, tchat, en ligne)"), default=False)
    phone = models.CharField(_("téléphone"), max_length=20, blank=True, validators=[single_line, phone_validator])
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("site ou tchat"), blank=True, validators=[single_line])
    hours = models.CharField(
        _("horaires"),
        max_length=500,
        blank=True,
        validators=[single_line, hours_validator],
        help_text=_("Format OpenStreetMap : « Mo-Fr 09:00-12:00,14:00-17:00; Tu[2,4] 09:00-12:00; PH off » ou « 24/7 »."),
    )
    hours_notes = models.CharField(_("précisions sur les horaires"), max_length=250, blank=True, validators=[single_line])
    capacity = models.PositiveIntegerField(_("capacité (places)"), null=True, blank=True)
    available_places = models.PositiveIntegerField(_("places disponibles"), null=True, blank=True)
    availability_updated_at = models.DateTimeField(_("disponibilité mise à jour le"), null=True, blank=True)
    confidential_fields = models.JSONField(_("informations réservées aux professionnels"), default=list, blank=True)
    last_verified_at = models.DateField(_("informations vérifiées le"), null=True, blank=True)
    is_published = models.BooleanField(_("publié"), default=False)
    week_mask = models.CharField(max_length=168, default="0" * 168, editable=False)
    category_bits = models.IntegerField(default=0, editable=False)
    search_document = models.TextField(blank=True, editable=False)
    places = models.ManyToManyField(Place, through="ServiceAtPlace", related_name="services", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("service")
        indexes = [models.Index(fields=["is_published", "is_remote"])]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.phone = normalise_phone(self.phone) if self.phone else ""
        self.week_mask = week_mask(self.hours)
        super().save(*args, **kwargs)
        # The search reads one table: keep the copies on the service's places in step.
        self.locations.update(published=self.is_published, category_bits=self.category_bits)
        self.locations.filter(hours="").update(week_mask=self.week_mask)
        caching.bump()  # again, now that the copies on the places are written

    def clean(self):
        super().clean()
        errors = {}
        for field, choices in (("audiences", Audience), ("access_modes", AccessMode), ("languages", Language)):
            unknown = set(getattr(self, field) or []) - set(choices.values)
            if unknown:
                errors[field] = _("Valeur inconnue : %(v)s.") % {"v": ", ".join(sorted(unknown))}
        unknown = set(self.confidential_fields or []) - {key for key, _label in SERVICE_CONFIDENTIAL_FIELDS}
        if unknown:
            errors["confidential_fields"] = _("Champ confidentiel inconnu : %(f)s.") % {"f": ", ".join(sorted(unknown))}
        if self.capacity is not None and self.available_places is not None and self.available_places > self.capacity:
            errors["available_places"] = _("Les places disponibles dépassent la capacité.")
        if errors:
            raise ValidationError(errors)

    # Categories live in their own table so that the guide filters them in SQL on both databases.
    @property
    def category_codes(self):
        cached = getattr(self, "_prefetched_objects_cache", {}).get("category_links")
        if cached is None:
            # The bit copy (kept by set_categories) answers without a query.
            return sorted(category_codes_of(self.category_bits or 0))
        return sorted(link.category for link in cached)

    def set_categories(self, codes):
        codes = set(codes)
        self.category_links.exclude(category__in=codes).delete()
        existing = set(self.category_links.values_list("category", flat=True))
        ServiceCategory.objects.bulk_create([ServiceCategory(service=self, category=code) for code in sorted(codes - existing)])
        self.category_bits = category_bits(codes)
        Service.objects.filter(pk=self.pk).update(category_bits=self.category_bits)
        self.locations.update(category_bits=self.category_bits)
        caching.bump()  # updates and bulk_create send no signal

    def is_confidential(self, field):
        return field in (self.confidential_fields or [])

    def schedule(self):
        return hours_module.parse(self.hours)

    def is_stale(self, today=None):
        today = today or timezone.localdate()
        return self.last_verified_at is None or self.last_verified_at < today - timedelta(days=STALE_AFTER_DAYS)


class ServiceCategory(models.Model):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="category_links")
    category = models.CharField(max_length=20, choices=Category.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["service", "category"], name="directory_unique_service_category")]
        indexes = [models.Index(fields=["category", "service"])]

    def __str__(self):
        return self.get_category_display()


class ServiceAtPlace(models.Model):
    """A service given at a place, with what differs there (hours, phone)."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="locations")
    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="service_locations")
    hours = models.CharField(
        _("horaires à ce lieu"),
        max_length=500,
        blank=True,
        validators=[single_line, hours_validator],
        help_text=_("Vide : les horaires du service. Par exemple « Tu[2,4] 09:00-12:00; PH off » pour une permanence."),
    )
    phone = models.CharField(_("téléphone à ce lieu"), max_length=20, blank=True, validators=[single_line, phone_validator])
    notes = models.CharField(_("précisions"), max_length=250, blank=True, validators=[single_line])
    week_mask = models.CharField(max_length=168, default="0" * 168, editable=False)
    # Copies of the service's and the place's search fields (kept by their save methods): one-table search.
    published = models.BooleanField(default=False, editable=False)
    category_bits = models.IntegerField(default=0, editable=False)
    latitude = models.FloatField(null=True, editable=False)
    longitude = models.FloatField(null=True, editable=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["service", "place"], name="directory_unique_service_place")]
        verbose_name = _("lieu du service")

    def __str__(self):
        return f"{self.service} — {self.place}"

    def save(self, *args, **kwargs):
        self.phone = normalise_phone(self.phone) if self.phone else ""
        self.week_mask = week_mask(self.effective_hours)
        self.published, self.category_bits = self.service.is_published, self.service.category_bits
        self.latitude, self.longitude = self.place.search_latitude, self.place.search_longitude
        super().save(*args, **kwargs)

    @property
    def effective_hours(self):
        return self.hours or self.service.hours

    def schedule(self):
        return hours_module.parse(self.effective_hours)


class Closure(models.Model):
    """A temporary closure (no hours) or exceptional hours, for a service everywhere or at one of its places."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="closures")
    location = models.ForeignKey(
        ServiceAtPlace, on_delete=models.CASCADE, related_name="closures", null=True, blank=True, verbose_name=_("lieu")
    )
    start_date = models.DateField(_("du"))
    end_date = models.DateField(_("au"))
    hours = models.CharField(
        _("horaires exceptionnels"),
        max_length=100,
        blank=True,
        help_text=_("Vide : fermé. Sinon par exemple « 10:00-12:00 »."),
        validators=[single_line],
    )
    reason = models.CharField(_("motif affiché"), max_length=200, blank=True, validators=[single_line])

    class Meta:
        ordering = ["start_date"]
        verbose_name = _("fermeture ou horaires exceptionnels")

    def __str__(self):
        return f"{self.service} : {self.start_date} – {self.end_date}"

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("La date de fin précède la date de début.")})
        if self.hours:
            try:
                hours_module.parse(f"Mo-Su {self.hours}")
            except hours_module.HoursSyntaxError as exc:
                raise ValidationError({"hours": str(exc)}) from exc

    def as_override(self):
        ranges = hours_module.parse(f"Mo-Su {self.hours}").rules[0].ranges if self.hours else ()
        return hours_module.Override(self.start_date, self.end_date, ranges, self.reason)


# --- helplines ---------------------------------------------------------------------------------------------------


class HelplineKind(models.TextChoices):
    VOICE = "voice", _("Appel")
    SMS = "sms", _("SMS")
    CHAT = "chat", _("Tchat")


class HelplineScope(models.TextChoices):
    NATIONAL = "national", _("National")
    LOCAL = "local", _("Local")


def territory_communes():
    """The communes this installation serves (settings.TERRITORY_ARRONDISSEMENT, else TERRITORY_DEPARTEMENT)."""
    from django.conf import settings

    from territory.models import Commune

    if settings.TERRITORY_ARRONDISSEMENT:
        return Commune.objects.of_territory(arrondissement=settings.TERRITORY_ARRONDISSEMENT)
    return Commune.objects.of_territory(departement=settings.TERRITORY_DEPARTEMENT)


class HelplineQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def serving(self, commune=None):
        """The lines a person here may call: national ones, and local ones that serve `commune` (without one, some
        commune of the installation's territory). A local line serves the communes it lists, and nowhere else: the
        same software serves Maubeuge or Lille with their own."""
        if commune is not None:
            local = models.Q(pk__in=Helpline.communes.through.objects.filter(commune=commune).values("helpline_id"))
        else:
            local = models.Q(pk__in=Helpline.communes.through.objects.filter(commune__in=territory_communes()).values("helpline_id"))
        return self.filter(models.Q(scope=HelplineScope.NATIONAL) | (models.Q(scope=HelplineScope.LOCAL) & local))


class Helpline(models.Model):
    name = models.CharField(_("nom"), max_length=150, validators=[single_line])
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="helplines")
    number = models.CharField(_("numéro"), max_length=20, blank=True, validators=[single_line, phone_validator])
    kind = models.CharField(_("type"), max_length=10, choices=HelplineKind.choices, default=HelplineKind.VOICE)
    chat_url = models.URLField(_("adresse du tchat"), blank=True, validators=[single_line])
    description = models.CharField(_("pour quoi"), max_length=300, validators=[single_line])
    is_free = models.BooleanField(_("gratuit"), default=True)
    is_emergency = models.BooleanField(_("urgence"), default=False)
    hours = models.CharField(_("horaires"), max_length=300, blank=True, validators=[single_line, hours_validator])
    languages = models.JSONField(_("langues"), default=list, blank=True)
    audiences = models.JSONField(_("publics"), default=list, blank=True)
    scope = models.CharField(_("portée"), max_length=10, choices=HelplineScope.choices, default=HelplineScope.NATIONAL)
    communes = models.ManyToManyField("territory.Commune", blank=True, related_name="helplines", verbose_name=_("communes couvertes"))
    position = models.PositiveSmallIntegerField(default=100)
    is_published = models.BooleanField(default=True)
    last_verified_at = models.DateField(_("vérifié le"), null=True, blank=True)
    # The guide's need pages (directory.questions) this line answers, by slug: "danger", "partir", "auteur"…
    needs = models.JSONField(_("besoins auxquels le numéro répond"), default=list, blank=True)
    # Where the number, its hours and its audience were checked: a guide for people in danger cites its sources.
    source_url = models.URLField(_("source"), max_length=500, blank=True, validators=[single_line])

    objects = HelplineQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("numéro d'écoute")

    def __str__(self):
        return f"{self.name} ({self.display_number})"

    def save(self, *args, **kwargs):
        self.number = normalise_phone(self.number) if self.number else ""
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        from directory.questions import BY_SLUG

        unknown = set(self.needs or []) - set(BY_SLUG)
        if unknown:
            raise ValidationError({"needs": _("Besoin inconnu : %(v)s.") % {"v": ", ".join(sorted(unknown))}})
        if self.kind in (HelplineKind.VOICE, HelplineKind.SMS) and not self.number:
            raise ValidationError({"number": _("Un numéro est nécessaire pour un appel ou un SMS.")})
        if self.kind == HelplineKind.CHAT and not self.chat_url:
            raise ValidationError({"chat_url": _("L'adresse du tchat est nécessaire.")})

    @property
    def display_number(self):
        return display_phone(self.number)

    @property
    def href(self):
        if self.kind == HelplineKind.CHAT:
            return self.chat_url
        scheme = "sms" if self.kind == HelplineKind.SMS else "tel"
        return f"{scheme}:{self.number}"

    def schedule(self):
        return hours_module.parse(self.hours)


# --- review of changes -------------------------------------------------------------------------------------------


class ChangeStatus(models.TextChoices):
    PENDING = "pending", _("En attente de relecture")
    APPROVED = "approved", _("Publié")
    REJECTED = "rejected", _("Refusé")


class ChangeRequestQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=ChangeStatus.PENDING)


class ChangeRequest(models.Model):
    """A change an organisation proposes to one of its services; public once the coordinator approves it."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="change_requests")
    payload = models.JSONField()
    status = models.CharField(max_length=10, choices=ChangeStatus.choices, default=ChangeStatus.PENDING)
    submitted_by = models.ForeignKey("accounts.Membership", on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(auto_now_add=True)
    reviewed_by = models.ForeignKey("accounts.Membership", on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.CharField(_("commentaire de relecture"), max_length=500, blank=True, validators=[multi_line])

    objects = ChangeRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["service"], condition=models.Q(status="pending"), name="directory_one_pending_change_per_service"
            ),
        ]

    def __str__(self):
        return f"{self.service} ({self.get_status_display()})"
