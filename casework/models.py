"""Shared follow-up models: situations and their people, the pathway's events, housing places, consents and
referrals, danger assessments with their grids, programmes and enrolments.

Identifying fields are encrypted (casework.crypto); what statistics need (sex, age band, commune, relation,
number of children, event kinds and dates, programme indicators) stays in clear. Reads go through the gate
in casework.access; changes through casework.actions."""

import datetime
from collections import defaultdict

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.crypto import EncryptedDateField, EncryptedTextField, blind_index
from casework.phonetic import phonetic_name
from maillage.choices import FastChoiceDisplay


class Status(models.TextChoices):
    OPEN = "open", _("En cours")
    CLOSED = "closed", _("Clos")


class Side(models.TextChoices):
    """Whom the owning organisation accompanies in this situation."""

    VICTIM = "victim", _("la victime")
    PERPETRATOR = "perpetrator", _("l'auteur")


class Relationship(models.TextChoices):
    MARRIED = "married", _("Conjoint (mariage)")
    PACS = "pacs", _("Partenaire de PACS")
    PARTNER = "partner", _("Concubin")
    FORMER = "former", _("Ex-conjoint ou ex-partenaire")
    FAMILY = "family", _("Autre membre de la famille")
    OTHER = "other", _("Autre")


class DangerLevel(models.TextChoices):
    NONE = "", _("Non évalué")
    STANDARD = "standard", _("Standard")
    ELEVATED = "elevated", _("Élevé")
    HIGH = "high", _("Grave")


LEVEL_ORDER = {"": 0, "standard": 1, "elevated": 2, "high": 3}


class SituationQuerySet(models.QuerySet):
    def visible_to(self, membership):
        from casework.access import visible_situation_ids

        return self.filter(visible_situation_ids(membership))

    def open(self):
        return self.filter(status=Status.OPEN)

    def with_measure_expiring(self, days=15, today=None):
        today = today or timezone.localdate()
        return self.filter(events__in=Event.objects.expiring(days=days, today=today)).distinct()


class Situation(FastChoiceDisplay, models.Model):
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="situations", verbose_name=_("organisation")
    )
    # The team of the organisation that follows it (need-to-know inside an organisation); none: the whole organisation.
    team = models.ForeignKey(
        "accounts.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="situations", verbose_name=_("équipe")
    )
    side = models.CharField(_("accompagnement de"), max_length=12, choices=Side.choices, default=Side.VICTIM)
    status = models.CharField(_("statut"), max_length=10, choices=Status.choices, default=Status.OPEN)
    opened_on = models.DateField(_("date d'ouverture"), default=datetime.date.today)
    closed_on = models.DateField(_("date de clôture"), null=True, blank=True)
    commune = models.ForeignKey(
        "territory.Commune", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("commune de résidence")
    )
    relationship = models.CharField(_("lien entre victime et auteur"), max_length=12, choices=Relationship.choices, blank=True)
    children_count = models.PositiveSmallIntegerField(_("nombre d'enfants"), default=0)
    danger_level = models.CharField(_("niveau de danger"), max_length=10, choices=DangerLevel.choices, blank=True, default="")
    flagged_for_committee = models.BooleanField(_("signalé au comité de suivi"), default=False)
    notes = EncryptedTextField(_("notes"), blank=True)
    # The practitioner who follows the situation (« mes situations » on the caseload); her organisation's member.
    referent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referent_of",
        verbose_name=_("référent·e"),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = SituationQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("situation")
        indexes = [
            models.Index(fields=["organisation", "status", "-updated_at"], name="cw_sit_org_status_upd"),
            models.Index(fields=["organisation", "-updated_at", "-id"], name="cw_sit_org_upd"),
            models.Index(fields=["-updated_at", "-id"], name="cw_sit_upd"),
            models.Index(fields=["status", "closed_on"], name="cw_sit_status_closed"),
            models.Index(fields=["referent", "-updated_at"], name="cw_sit_referent"),
        ]

    def __str__(self):
        return self.reference

    def save(self, *args, **kwargs):
        fields = kwargs.get("update_fields")
        owner_saved = not self._state.adding and (fields is None or "organisation" in fields)
        super().save(*args, **kwargs)
        from casework import links

        if not self._state.adding and links.accompanies_him(self):
            # A file that comes to accompany the perpetrator links its organisation to his households (never the reverse:
            # coming back to the victim's side removes nothing).
            links.recognise_situation(self)
        # Events carry their situation's owner (the caseload reads expiring measures by owner without a join). No page
        # moves a situation to another organisation; if code ever does, its events follow. Checked on a full save
        # (edits are rare), not on every situation read.
        if owner_saved:
            Event.objects.filter(situation_id=self.pk).exclude(owner_id=self.organisation_id).update(owner_id=self.organisation_id)

    @property
    def reference(self):
        return self.reference_of(self.pk)

    @staticmethod
    def reference_of(pk):
        return f"S-{pk:06d}" if pk else "S-nouveau"


class PersonRole(models.TextChoices):
    VICTIM = "victim", _("Victime")
    PERPETRATOR = "perpetrator", _("Auteur de violences")
    CHILD = "child", _("Enfant exposé")


class Sex(models.TextChoices):
    FEMALE = "F", _("Femme")
    MALE = "M", _("Homme")
    UNKNOWN = "X", _("Non renseigné")


AGE_BANDS = [
    (0, 17, "0-17"),
    (18, 24, "18-24"),
    (25, 34, "25-34"),
    (35, 44, "35-44"),
    (45, 54, "45-54"),
    (55, 64, "55-64"),
    (65, 200, "65+"),
]


def age_band(birth_date, on=None):
    if birth_date is None:
        return ""
    on = on or timezone.localdate()
    age = on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))
    for low, high, label in AGE_BANDS:
        if low <= age <= high:
            return label
    return ""


class PersonQuerySet(models.QuerySet):
    def visible_to(self, membership):
        from casework.access import visible_situation_ids

        return self.filter(situation__in=Situation.objects.filter(visible_situation_ids(membership)).values("pk"))


class Person(FastChoiceDisplay, models.Model):
    situation = models.ForeignKey(Situation, on_delete=models.CASCADE, related_name="people", verbose_name=_("situation"))
    role = models.CharField(_("rôle"), max_length=12, choices=PersonRole.choices)
    first_name = EncryptedTextField(_("prénom"))
    last_name = EncryptedTextField(_("nom"))
    birth_date = EncryptedDateField(_("date de naissance"), null=True, blank=True)
    sex = models.CharField(_("sexe"), max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    age_band = models.CharField(_("tranche d'âge"), max_length=8, blank=True)
    address = EncryptedTextField(_("adresse"), blank=True)
    phone = EncryptedTextField(_("téléphone"), blank=True)
    email = EncryptedTextField(_("e-mail"), blank=True)
    notes = EncryptedTextField(_("notes"), blank=True)
    # Safe contact (victims): how and when contacting her puts her at no risk.
    phone_ok = models.BooleanField(_("appel téléphonique possible sans risque"), default=False)
    voicemail_ok = models.BooleanField(_("message vocal autorisé"), default=False)
    safe_hours = EncryptedTextField(_("horaires sans risque"), blank=True)
    via_third_party = EncryptedTextField(
        _("contact par un tiers"), blank=True, help_text=_("Nom et moyen de joindre la personne de confiance, le cas échéant.")
    )
    # Blind indexes: HMAC of the normalised names (search) and of name + birth date (duplicates across partners).
    last_name_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    full_name_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    identity_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    # HMAC of the name's French phonetic key, words in any order (casework.phonetic): recognises the same man despite a
    # spelling variant, an accent, a hyphen or swapped names (casework.links).
    phonetic_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["situation", "role", "pk"]
        verbose_name = _("personne")

    def __str__(self):
        return f"{self.first_name} {self.last_name}".strip() or f"P-{self.pk}"

    def save(self, *args, **kwargs):
        self.refresh_indexes()
        super().save(*args, **kwargs)
        PersonNameKey.rebuild([self])
        if self.role == PersonRole.PERPETRATOR:
            from casework import links

            links.recognise(self)

    def refresh_indexes(self):
        self.last_name_index = blind_index(self.last_name)
        self.full_name_index = blind_index(f"{self.first_name} {self.last_name}")
        self.identity_index = blind_index(f"{self.first_name} {self.last_name}", self.birth_date) if self.birth_date else ""
        self.phonetic_index = blind_index("phonetic", phonetic_name(self.first_name, self.last_name)) if self.full_name else ""
        self.age_band = age_band(self.birth_date) if self.birth_date else self.age_band

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}".strip()


class PersonNameKey(models.Model):
    """One keyed HMAC per word of a person's name, of its French phonetic key (casework.phonetic): the search by name
    forgives case, accents, hyphens, word order and common spelling variants (« Dupond » finds « Dupont-Lefèvre »)
    without a name ever stored in clear. Rebuilt on every save of the person; bulk loads call `rebuild`."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="name_keys")
    situation = models.ForeignKey(Situation, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=64)

    class Meta:
        indexes = [models.Index(fields=["key", "situation"], name="cw_namekey_key_situation")]

    def __str__(self):
        return f"clé de nom de P-{self.person_id}"

    @staticmethod
    def keys_of(*names):
        from casework.phonetic import phonetic_tokens

        return sorted({blind_index("phonetic-word", token) for token in phonetic_tokens(*names) if token})

    @classmethod
    def rebuild(cls, people, chunk=2000):
        people = [p for p in people if p.pk]
        for start in range(0, len(people), chunk):
            part = people[start : start + chunk]
            cls.objects.filter(person_id__in=[p.pk for p in part]).delete()
            rows = [
                cls(person_id=p.pk, situation_id=p.situation_id, key=key)
                for p in part
                if p.full_name and p.full_name_index
                for key in cls.keys_of(p.first_name, p.last_name)
            ]
            cls.objects.bulk_create(rows, batch_size=chunk)


class EventKind(models.TextChoices):
    COMPLAINT = "complaint", _("Plainte")
    POLICE_LOG = "police_log", _("Main courante")
    PROTECTION_ORDER = "protection_order", _("Ordonnance de protection")
    TGD = "tgd_granted", _("Téléphone grave danger (TGD)")
    BRACELET = "anti_approach_bracelet", _("Bracelet anti-rapprochement (BAR)")
    EVICTION = "eviction", _("Éviction du conjoint violent")
    HOUSING = "housing", _("Hébergement")
    SUPERVISION = "judicial_supervision", _("Contrôle judiciaire")
    BREACH = "supervision_breach", _("Violation du contrôle judiciaire")
    HEARING = "hearing", _("Audience correctionnelle")
    AWARENESS = "awareness_course", _("Stage de responsabilisation")
    INTERVIEW = "interview", _("Entretien")
    ORIENTATION = "orientation", _("Orientation")
    OTHER = "other", _("Autre")


# Measures that last: the caseload warns when they end within 15 days.
MEASURE_KINDS = {
    EventKind.PROTECTION_ORDER,
    EventKind.TGD,
    EventKind.BRACELET,
    EventKind.EVICTION,
    EventKind.HOUSING,
    EventKind.SUPERVISION,
}


class HearingOutcome(models.TextChoices):
    NONE = "", _("—")
    CONVICTION = "conviction", _("Condamnation")
    SUSPENDED = "suspended", _("Sursis probatoire")
    ALTERNATIVE = "alternative", _("Alternative aux poursuites")
    ACQUITTAL = "acquittal", _("Relaxe")
    ADJOURNED = "adjourned", _("Renvoi")


# At a programme's exit (perpetrators' pathway) the hearing may still be ahead: saying so is an answer, so that
# the outcome can be required without forcing anyone to invent one. Not a choice for a hearing event.
HEARING_NOT_HELD = "not_held"
EXIT_HEARING_OUTCOMES = [*HearingOutcome.choices, (HEARING_NOT_HELD, _("Audience pas encore tenue"))]


class EventQuerySet(models.QuerySet):
    def measures(self):
        return self.filter(kind__in=MEASURE_KINDS)

    def expiring(self, days=15, today=None):
        today = today or timezone.localdate()
        return self.filter(kind__in=MEASURE_KINDS, end_date__gte=today, end_date__lte=today + datetime.timedelta(days=days))

    def current_at(self, day):
        return self.filter(date__lte=day).filter(models.Q(end_date__isnull=True) | models.Q(end_date__gte=day))


class HousingPlace(FastChoiceDisplay, models.Model):
    """Eviction housing (the 15-day « sas »): a resource with a capacity."""

    name = models.CharField(_("nom"), max_length=150, unique=True)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="housing_places", verbose_name=_("gestionnaire")
    )
    capacity = models.PositiveSmallIntegerField(_("capacité (places)"))
    max_days = models.PositiveSmallIntegerField(_("durée maximale (jours)"), default=15)

    class Meta:
        ordering = ["name"]
        verbose_name = _("lieu d'hébergement")

    def __str__(self):
        return self.name

    def occupancy(self, day=None):
        day = day or timezone.localdate()
        return self.stays.filter(date__lte=day, end_date__gte=day).count()

    def first_full_day(self, start, end, exclude=None):
        """The first day of [start, end] on which every place is taken (as many stays as places), or None.

        One query: the stays overlapping the period, counted day by day in Python (each stay adds one from its first
        day, and removes it the day after its last)."""
        if self.capacity <= 0:
            return start
        stays = self.stays.filter(date__lte=end, end_date__gte=start)
        if exclude is not None:
            stays = stays.exclude(pk=exclude)
        changes = defaultdict(int)
        for first, last in stays.order_by().values_list("date", "end_date"):
            changes[max(first, start)] += 1
            changes[min(last, end) + datetime.timedelta(days=1)] -= 1
        occupied = 0
        for day in sorted(changes):
            occupied += changes[day]
            if occupied >= self.capacity and day <= end:
                return day
        return None


class Event(FastChoiceDisplay, models.Model):
    situation = models.ForeignKey(Situation, on_delete=models.CASCADE, related_name="events", verbose_name=_("situation"))
    person = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="events", verbose_name=_("personne concernée")
    )
    kind = models.CharField(_("type"), max_length=30, choices=EventKind.choices)
    date = models.DateField(_("date"))
    end_date = models.DateField(_("date de fin"), null=True, blank=True)
    hearing_outcome = models.CharField(_("issue de l'audience"), max_length=12, choices=HearingOutcome.choices, blank=True)
    housing_place = models.ForeignKey(
        HousingPlace, on_delete=models.PROTECT, null=True, blank=True, related_name="stays", verbose_name=_("lieu d'hébergement")
    )
    notes = EncryptedTextField(_("notes"), blank=True)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation"))
    # The situation's owner, copied on save: « expiring measures of my situations » is read without a join.
    owner = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        verbose_name=_("organisation qui suit la situation"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("auteur de la saisie")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("événement")
        indexes = [
            models.Index(fields=["situation", "-date"], name="cw_event_sit_date"),
            # Covering (PostgreSQL): the caseload's expiring measures are read from the index alone.
            models.Index(fields=["kind", "end_date"], include=["situation", "owner", "organisation"], name="cw_event_kind_end_cov"),
            models.Index(fields=["housing_place", "end_date"], name="cw_event_place_end"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.date:%d/%m/%Y})"

    def save(self, *args, **kwargs):
        self.owner_id = self.situation.organisation_id
        super().save(*args, **kwargs)

    @property
    def is_measure(self):
        return self.kind in MEASURE_KINDS


class ShareItem(models.TextChoices):
    IDENTITY = "identity", _("Identité (nom, prénom, date de naissance)")
    CONTACT = "contact", _("Coordonnées et consignes de contact")
    HOUSEHOLD = "household", _("Composition du foyer")
    TIMELINE = "timeline", _("Parcours (événements)")
    ASSESSMENT = "assessment", _("Évaluation du danger")
    NOTES = "notes", _("Notes")


class LegalBasis(models.TextChoices):
    CONSENT = "consent", _("Consentement de la personne")
    SHARED_SECRECY = "shared_secrecy", _("Secret partagé (art. L. 226-2-2 du CASF)")
    DANGER = "danger", _("Danger grave et imminent (art. 226-14 du code pénal)")
    JUDICIAL = "judicial", _("Réquisition ou mandat judiciaire")


class ConsentMethod(models.TextChoices):
    ORAL = "oral", _("Oral, en entretien")
    WRITTEN = "written", _("Écrit signé")
    PHONE = "phone", _("Par téléphone")
    NOT_APPLICABLE = "na", _("Sans objet (base légale)")


class Consent(FastChoiceDisplay, models.Model):
    """What a person agreed to share (or the legal basis that allows it), with whom, when and how."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents", verbose_name=_("personne"))
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("destinataire"))
    legal_basis = models.CharField(_("base du partage"), max_length=20, choices=LegalBasis.choices, default=LegalBasis.CONSENT)
    items = models.JSONField(_("informations partagées"), default=list)
    given_on = models.DateField(_("date du consentement"))
    method = models.CharField(_("recueilli"), max_length=10, choices=ConsentMethod.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    withdrawn_on = models.DateField(_("retiré le"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("consentement")

    def __str__(self):
        return f"{self.get_legal_basis_display()} ({self.given_on:%d/%m/%Y})"

    def item_labels(self):
        return [ShareItem(item).label for item in self.items if item in ShareItem.values]


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("Envoyée")
    ACCEPTED = "accepted", _("Acceptée")
    REFUSED = "refused", _("Refusée")
    CANCELLED = "cancelled", _("Annulée")


class ReferralQuerySet(models.QuerySet):
    def inbox(self, membership):
        from casework.access import referrals_received

        return referrals_received(membership, self)

    def outbox(self, membership):
        from casework.access import referrals_sent

        return referrals_sent(membership, self)


class Referral(FastChoiceDisplay, models.Model):
    situation = models.ForeignKey(Situation, on_delete=models.CASCADE, related_name="referrals")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="referrals", verbose_name=_("personne orientée"))
    sender = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="referrals_sent")
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    receiver = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="referrals_received", verbose_name=_("organisation destinataire")
    )
    service = models.ForeignKey(
        "directory.Service",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("service du guide (facultatif)"),
    )
    consent = models.OneToOneField(Consent, on_delete=models.PROTECT, related_name="referral")
    reason = EncryptedTextField(_("motif de l'orientation"))
    status = models.CharField(_("statut"), max_length=10, choices=ReferralStatus.choices, default=ReferralStatus.SENT)
    refusal_reason = EncryptedTextField(_("motif du refus"), blank=True)
    sent_at = models.DateTimeField(_("envoyée le"), default=timezone.now)
    answered_at = models.DateTimeField(_("réponse le"), null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    first_contact_on = models.DateField(_("premier contact le"), null=True, blank=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("orientation")
        indexes = [
            models.Index(fields=["receiver", "status", "-sent_at"], name="cw_ref_receiver"),
            # The gate's « situations shared with my organisation »: read from the index alone.
            models.Index(fields=["receiver", "status", "situation"], name="cw_ref_gate"),
            models.Index(fields=["receiver", "-sent_at", "-id"], name="cw_ref_receiver_sent"),
            models.Index(fields=["sender", "-sent_at", "-id"], name="cw_ref_sender"),
        ]

    def __str__(self):
        return f"O-{self.pk:06d}"

    def save(self, *args, **kwargs):
        adding = self._state.adding
        super().save(*args, **kwargs)
        if adding and self.person.role == PersonRole.PERPETRATOR:
            from casework import links

            # From the moment his referral is sent, whatever the answer: the receiver accompanies him.
            links.link_organisation(self.situation, self.person, self.receiver, LinkSource.REFERRAL)

    @property
    def reference(self):
        return f"O-{self.pk:06d}"

    @property
    def delay_to_answer(self):
        return (self.answered_at - self.sent_at) if self.answered_at else None


class CommitteeShare(FastChoiceDisplay, models.Model):
    """A situation put before the coordination committee: its coordinators may read it until `until`."""

    situation = models.ForeignKey(Situation, on_delete=models.CASCADE, related_name="committee_shares")
    shared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    shared_on = models.DateField(default=datetime.date.today)
    until = models.DateField(_("jusqu'au"))
    reason = EncryptedTextField(_("motif"), blank=True)

    class Meta:
        verbose_name = _("partage avec le comité")

    def __str__(self):
        return f"{self.situation} → comité jusqu'au {self.until:%d/%m/%Y}"


class LinkSource(models.TextChoices):
    OWN_FILE = "own_file", _("Dossier de l'organisation sur l'auteur")
    REFERRAL = "referral", _("Orientation de l'auteur vers l'organisation")
    ENROLMENT = "enrolment", _("Inscription de l'auteur dans un programme")
    DECLARATION = "declaration", _("Déclaration")


class PerpetratorLinkQuerySet(models.QuerySet):
    def active(self):
        return self.filter(lifted_at__isnull=True)

    def covering(self, membership):
        """The active links that make this membership the perpetrator's side: her organisation's as a whole, her
        team's, and, for a member without a team in an organisation that has teams, any of its teams' (she may be
        anyone in it)."""
        links = self.active().filter(organisation_id=membership.organisation_id)
        if membership.team_id is not None:
            return links.filter(models.Q(team__isnull=True) | models.Q(team_id=membership.team_id))
        return links


class PerpetratorLink(FastChoiceDisplay, models.Model):
    """A durable fact: `organisation` (or one of its teams) accompanies the perpetrator of the household followed in
    `situation`. From then on it never reads the victim's or the children's contacts, commune, or the free text written
    about them, whatever was consented to. Recorded when it is recognised (casework.links); editing a side, a name or
    a birth date, answering or withdrawing a referral, closing a file never removes it: only the victim's organisation,
    or a platform administrator, lifts it, with a reason, journaled."""

    situation = models.ForeignKey(Situation, on_delete=models.CASCADE, related_name="perpetrator_links", verbose_name=_("situation"))
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation"))
    team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("équipe"))
    source = models.CharField(_("reconnue par"), max_length=12, choices=LinkSource.choices)
    created_at = models.DateTimeField(_("depuis le"), default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    lifted_at = models.DateTimeField(_("levée le"), null=True, blank=True)
    lifted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    lift_reason = EncryptedTextField(_("motif de la levée"), blank=True)

    objects = PerpetratorLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("lien avec l'auteur")
        indexes = [
            models.Index(fields=["organisation", "situation"], name="cw_link_org_situation"),
            models.Index(fields=["situation", "organisation"], name="cw_link_situation_org"),
        ]

    def __str__(self):
        who = f"{self.organisation} ({self.team.name})" if self.team_id else str(self.organisation)
        return f"{who} accompagne l'auteur de {self.situation}"


class RiskGrid(FastChoiceDisplay, models.Model):
    name = models.CharField(_("nom"), max_length=150, unique=True)
    is_default = models.BooleanField(_("grille par défaut"), default=False)
    elevated_threshold = models.PositiveSmallIntegerField(_("seuil « élevé »"))
    high_threshold = models.PositiveSmallIntegerField(_("seuil « grave »"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-is_default", "name"]
        verbose_name = _("grille d'évaluation du danger")

    def __str__(self):
        return self.name

    def level_for(self, score, red_flags):
        if red_flags or score >= self.high_threshold:
            return DangerLevel.HIGH
        if score >= self.elevated_threshold:
            return DangerLevel.ELEVATED
        return DangerLevel.STANDARD


class RiskQuestion(FastChoiceDisplay, models.Model):
    grid = models.ForeignKey(RiskGrid, on_delete=models.CASCADE, related_name="questions")
    code = models.SlugField(max_length=40)
    text = models.CharField(_("question"), max_length=300)
    weight = models.PositiveSmallIntegerField(_("poids"), default=1)
    red_flag = models.BooleanField(_("signal d'alerte (danger grave à lui seul)"), default=False)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["grid", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["grid", "code"], name="cw_question_code_unique")]

    def __str__(self):
        return self.text


class RiskAssessment(FastChoiceDisplay, models.Model):
    situation = models.ForeignKey(Situation, on_delete=models.CASCADE, related_name="assessments")
    grid = models.ForeignKey(RiskGrid, on_delete=models.PROTECT, related_name="+")
    answers = models.JSONField(default=dict)
    score = models.PositiveSmallIntegerField(_("score"))
    computed_level = models.CharField(_("niveau calculé"), max_length=10, choices=DangerLevel.choices)
    level = models.CharField(_("niveau retenu"), max_length=10, choices=DangerLevel.choices)
    raised_reason = EncryptedTextField(_("motif du jugement professionnel"), blank=True)
    # The grid as it was answered (name, thresholds, questions with their weights and red flags): an assessment reads
    # the same later, whatever the grid becomes. Answers are "yes", "no" or "unknown" (older ones: true or false).
    grid_snapshot = models.JSONField(_("version de la grille"), default=dict)
    assessed_on = models.DateField(_("date de l'évaluation"))
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("évaluateur")
    )
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-assessed_on", "-pk"]
        verbose_name = _("évaluation du danger")

    def __str__(self):
        return f"{self.get_level_display()} ({self.assessed_on:%d/%m/%Y})"


class ProgrammeCode(models.TextChoices):
    AIR = "air", _("AIR — accompagnement individuel renforcé")
    PERPETRATORS = "perpetrators", _("Parcours auteurs de violences conjugales")


class Programme(FastChoiceDisplay, models.Model):
    code = models.CharField(max_length=20, choices=ProgrammeCode.choices, unique=True)
    name = models.CharField(_("nom"), max_length=200)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("porteur")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("programme")

    def __str__(self):
        return self.name

    @classmethod
    def builtin(cls, code):
        programme, _created = cls.objects.get_or_create(code=code, defaults={"name": str(ProgrammeCode(code).label)})
        return programme


class Employment(models.TextChoices):
    EMPLOYED = "employed", _("En emploi")
    TRAINING = "training", _("En formation")
    UNEMPLOYED = "unemployed", _("Sans emploi")
    INACTIVE = "inactive", _("Inactif (retraite, invalidité…)")


class Housing(models.TextChoices):
    STABLE = "stable", _("Logement stable")
    PRECARIOUS = "precarious", _("Hébergé, précaire")
    HOMELESS = "homeless", _("Sans domicile")


class Outcome(models.TextChoices):
    POSITIVE = "positive", _("Sortie positive")
    NEGATIVE = "negative", _("Sortie négative")
    ABANDONED = "abandoned", _("Abandon")


class Enrolment(FastChoiceDisplay, models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="enrolments", verbose_name=_("programme"))
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="enrolments", verbose_name=_("personne"))
    situation = models.ForeignKey(Situation, on_delete=models.CASCADE, related_name="enrolments")
    entered_on = models.DateField(_("date d'entrée"))
    employment_at_entry = models.CharField(_("emploi à l'entrée"), max_length=12, choices=Employment.choices)
    housing_at_entry = models.CharField(_("logement à l'entrée"), max_length=12, choices=Housing.choices)
    care_at_entry = models.BooleanField(_("engagé dans un soin à l'entrée"), default=False)
    has_children = models.BooleanField(_("a des enfants"), default=False)  # at entry
    exited_on = models.DateField(_("date de sortie"), null=True, blank=True)
    employment_at_exit = models.CharField(_("emploi à la sortie"), max_length=12, choices=Employment.choices, blank=True)
    housing_at_exit = models.CharField(_("logement à la sortie"), max_length=12, choices=Housing.choices, blank=True)
    care_at_exit = models.BooleanField(_("engagé dans un soin à la sortie"), null=True, blank=True)
    has_children_at_exit = models.BooleanField(_("a des enfants à la sortie"), null=True, blank=True)
    outcome = models.CharField(_("issue"), max_length=10, choices=Outcome.choices, blank=True)
    # Perpetrators' pathway only (required at its exit, never recorded for AIR: casework.forms.ExitForm).
    hearing_outcome = models.CharField(_("issue de l'audience"), max_length=12, choices=EXIT_HEARING_OUTCOMES, blank=True)
    hearing_positive = models.BooleanField(_("sortie assimilée positive à l'audience"), null=True, blank=True)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-entered_on"]
        verbose_name = _("inscription")
        indexes = [models.Index(fields=["programme", "entered_on", "exited_on"], name="cw_enrol_prog_dates")]

    def __str__(self):
        return f"{self.programme} ({self.entered_on:%d/%m/%Y})"

    def save(self, *args, **kwargs):
        adding = self._state.adding
        super().save(*args, **kwargs)
        if adding and self.person.role == PersonRole.PERPETRATOR:
            from casework import links

            # Enrolled in a programme: the enrolling organisation and the programme's carrier accompany him.
            team = self.situation.team if self.situation.organisation_id == self.organisation_id else None
            links.link_organisation(self.situation, self.person, self.organisation, LinkSource.ENROLMENT, team=team)
            carrier = self.programme.organisation
            if carrier is not None and carrier.pk != self.organisation_id:
                links.link_organisation(self.situation, self.person, carrier, LinkSource.ENROLMENT)
