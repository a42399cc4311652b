"""The network's action plan: plans per territory and period, their actions by axis, milestones, funding and outputs.

Nothing here is nominative: an action names organisations, never a person followed by the network."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from maillage.choices import FastChoiceDisplay


class Axis(models.TextChoices):
    PREVENTION = "prevention", _("Prévention et sensibilisation")
    TRAINING = "training", _("Formation des professionnels")
    VICTIMS = "victims", _("Accompagnement des victimes")
    PERPETRATORS = "perpetrators", _("Prise en charge des auteurs")
    COORDINATION = "coordination", _("Coordination")


class ActionKind(models.TextChoices):
    TRAINING = "training", _("Formation")
    SCHOOL_SESSION = "school_session", _("Intervention en milieu scolaire")
    CAMPAIGN = "campaign", _("Campagne")
    GUIDE = "guide", _("Guide")
    WORKING_GROUP = "working_group", _("Groupe de travail")
    EVENT = "event", _("Événement")
    SERVICE = "service", _("Dispositif, service")


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Prévue")
    IN_PROGRESS = "in_progress", _("En cours")
    DONE = "done", _("Réalisée")
    POSTPONED = "postponed", _("Reportée")
    CANCELLED = "cancelled", _("Abandonnée")


class ActionAudience(models.TextChoices):
    PROFESSIONALS = "professionals", _("Professionnels")
    PUPILS = "pupils", _("Élèves, jeunes")
    VICTIMS = "victims", _("Victimes")
    PERPETRATORS = "perpetrators", _("Auteurs de violences")
    PUBLIC = "public", _("Grand public")
    ELECTED = "elected", _("Élus locaux")


class FundingSource(models.TextChoices):
    CISPD = "cispd", _("CISPD (appel à projets)")
    FIPD = "fipd", _("FIPD")
    WOMENS_RIGHTS = "womens_rights", _("Crédits de l'État droits des femmes")
    DEPARTEMENT = "departement", _("Département")
    AGGLOMERATION = "agglomeration", _("Agglomération")
    OWN = "own", _("Fonds propres")
    OTHER = "other", _("Autre")


class Profession(models.TextChoices):
    POLICE = "police", _("Police, gendarmerie")
    JUSTICE = "justice", _("Justice")
    SOCIAL = "social", _("Travail social")
    HEALTH = "health", _("Santé")
    EDUCATION = "education", _("Éducation")
    ASSOCIATION = "association", _("Intervenants associatifs")
    ELECTED = "elected", _("Élus, agents des collectivités")
    OTHER = "other", _("Autres")


class ActionPlan(models.Model):
    title = models.CharField(_("intitulé"), max_length=200)
    territory = models.CharField(_("territoire"), max_length=200, help_text=_("Par exemple : arrondissement de Valenciennes."))
    starts_on = models.DateField(_("début de la période"))
    ends_on = models.DateField(_("fin de la période"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "title"]
        verbose_name = _("plan d'action")
        constraints = [models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="plan_period_ordered")]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("La fin de la période précède son début.")})


class ActionQuerySet(models.QuerySet):
    def with_related(self):
        return self.select_related("plan", "lead").prefetch_related("partners", "communes", "milestones")

    def involving(self, organisation):
        """The actions an organisation leads or takes part in."""
        return self.filter(Q(lead=organisation) | Q(partners=organisation)).distinct()


class Action(FastChoiceDisplay, models.Model):
    plan = models.ForeignKey(ActionPlan, on_delete=models.PROTECT, related_name="actions", verbose_name=_("plan d'action"))
    axis = models.CharField(_("axe"), max_length=20, choices=Axis.choices)
    kind = models.CharField(_("type d'action"), max_length=20, choices=ActionKind.choices)
    title = models.CharField(_("intitulé"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=4000)
    lead = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="led_actions", verbose_name=_("organisation pilote"))
    partners = models.ManyToManyField(Organisation, blank=True, related_name="partner_actions", verbose_name=_("partenaires"))
    communes = models.ManyToManyField(
        "territory.Commune",
        blank=True,
        related_name="network_actions",
        verbose_name=_("communes concernées"),
        help_text=_("Aucune : tout le territoire du plan."),
    )
    audience = models.CharField(_("public visé"), max_length=20, choices=ActionAudience.choices)
    starts_on = models.DateField(_("début"))
    ends_on = models.DateField(_("fin"))
    status = models.CharField(_("état"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.PLANNED)
    budget = models.DecimalField(_("budget total (€)"), max_digits=10, decimal_places=2, default=0, validators=[MinValueValidator(0)])
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["starts_on", "title"]
        verbose_name = _("action")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="action_period_ordered"),
            models.CheckConstraint(condition=Q(budget__gte=0), name="action_budget_positive"),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("La fin de l'action précède son début.")})

    @property
    def funded(self):
        return sum((f.amount for f in self.fundings.all()), 0)

    @property
    def reported_output(self):
        try:
            return self.output
        except ActionOutput.DoesNotExist:
            return None

    def late_milestones(self):
        today = timezone.localdate()
        return [m for m in self.milestones.all() if m.is_late(today)]


class Milestone(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("action"))
    title = models.CharField(_("intitulé"), max_length=200)
    due_on = models.DateField(_("échéance"))
    done_on = models.DateField(_("atteint le"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "title"]
        verbose_name = _("jalon")

    def __str__(self):
        return self.title

    def is_late(self, today=None):
        return self.done_on is None and self.due_on < (today or timezone.localdate())

    @property
    def late(self):
        return self.is_late()


class Funding(FastChoiceDisplay, models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="fundings", verbose_name=_("action"))
    source = models.CharField(_("financeur"), max_length=20, choices=FundingSource.choices)
    amount = models.DecimalField(_("montant (€)"), max_digits=10, decimal_places=2, validators=[MinValueValidator(0)])

    class Meta:
        ordering = ["source"]
        verbose_name = _("financement")
        constraints = [
            models.UniqueConstraint(fields=["action", "source"], name="one_funding_per_source"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="funding_amount_positive"),
        ]

    def __str__(self):
        return f"{self.get_source_display()} : {self.amount} €"


class ActionOutput(models.Model):
    """What an action produced, reported by its lead organisation (one report per action, updated as it goes)."""

    action = models.OneToOneField(Action, on_delete=models.CASCADE, related_name="output", verbose_name=_("action"))
    people_reached = models.PositiveIntegerField(_("personnes touchées"), default=0)
    pupils_reached = models.PositiveIntegerField(_("élèves touchés"), default=0)
    documents_produced = models.PositiveIntegerField(_("documents produits"), default=0)
    notes = models.TextField(_("commentaire"), blank=True, max_length=4000)
    reported_at = models.DateTimeField(_("déclaré le"), default=timezone.now)
    reported_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("résultats d'une action")

    def __str__(self):
        return f"Résultats : {self.action}"

    @property
    def professionals_trained(self):
        return sum(row.count for row in self.trained.all())


class TrainedProfessionals(FastChoiceDisplay, models.Model):
    output = models.ForeignKey(ActionOutput, on_delete=models.CASCADE, related_name="trained")
    profession = models.CharField(_("profession"), max_length=20, choices=Profession.choices)
    count = models.PositiveIntegerField(_("nombre"))

    class Meta:
        ordering = ["profession"]
        verbose_name = _("professionnels formés")
        constraints = [models.UniqueConstraint(fields=["output", "profession"], name="one_count_per_profession")]

    def __str__(self):
        return f"{self.get_profession_display()} : {self.count}"


# Trainings: a cycle of sessions, the professionals registered (a seat each, or the waiting list), attendance, the
# end-of-training evaluation.


class TrainingCycle(models.Model):
    title = models.CharField(_("intitulé"), max_length=200)
    organiser = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="training_cycles", verbose_name=_("organisateur"))
    action = models.ForeignKey(
        Action, on_delete=models.SET_NULL, null=True, blank=True, related_name="training_cycles", verbose_name=_("action du plan")
    )
    starts_on = models.DateField(_("début du cycle"))
    ends_on = models.DateField(_("fin du cycle"))
    objectives = models.TextField(_("objectifs"), max_length=4000, help_text=_("Un objectif par ligne."))
    audience = models.CharField(_("public"), max_length=300, blank=True)
    registration_open = models.BooleanField(_("inscriptions ouvertes"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "title"]
        verbose_name = _("cycle de formation")
        constraints = [models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="cycle_period_ordered")]

    def __str__(self):
        return self.title

    def objective_list(self):
        return [line.strip(" -•\t") for line in self.objectives.splitlines() if line.strip(" -•\t")]

    @property
    def capacity(self):
        """The cycle's seats: those of its smallest session (every trainee follows every session)."""
        capacities = [s.capacity for s in self.sessions.all()]
        return min(capacities) if capacities else 0


class TrainingSession(models.Model):
    cycle = models.ForeignKey(TrainingCycle, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("cycle"))
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("heure de début"))
    ends_at = models.TimeField(_("heure de fin"))
    place = models.CharField(_("lieu"), max_length=200)
    trainer = models.CharField(_("formateur ou formatrice"), max_length=200)
    objectives = models.TextField(_("objectifs de la journée"), max_length=2000, blank=True)
    capacity = models.PositiveIntegerField(_("nombre de places"), validators=[MinValueValidator(1)])

    class Meta:
        ordering = ["date", "starts_at"]
        verbose_name = _("session de formation")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="session_hours_ordered"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="session_capacity_positive"),
        ]

    def __str__(self):
        return f"{self.cycle} — {self.date:%d/%m/%Y}"

    @property
    def hours(self):
        start = self.starts_at.hour * 60 + self.starts_at.minute
        end = self.ends_at.hour * 60 + self.ends_at.minute
        return round((end - start) / 60, 2)


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Inscrit·e")
    WAITING = "waiting", _("Liste d'attente")
    WITHDRAWN = "withdrawn", _("Désisté·e")


class Registration(FastChoiceDisplay, models.Model):
    """A professional's registration to a cycle. A confirmed one holds a seat number, unique in its cycle: two
    registrations racing for the last seat cannot both get it (the database refuses the second, which then waits)."""

    cycle = models.ForeignKey(TrainingCycle, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("cycle"))
    user = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="training_registrations", verbose_name=_("professionnel·le")
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation"))
    status = models.CharField(_("état"), max_length=12, choices=RegistrationStatus.choices)
    seat = models.PositiveIntegerField(null=True, blank=True)
    registered_at = models.DateTimeField(_("inscrit·e le"), default=timezone.now)

    class Meta:
        ordering = ["registered_at", "pk"]
        verbose_name = _("inscription")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "user"], name="one_registration_per_cycle"),
            models.UniqueConstraint(fields=["cycle", "seat"], name="one_trainee_per_seat"),
            models.CheckConstraint(
                condition=(Q(status="confirmed") & Q(seat__isnull=False)) | (~Q(status="confirmed") & Q(seat__isnull=True)),
                name="seat_iff_confirmed",
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.cycle}"


class Attendance(models.Model):
    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="attendances")
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="attendances")
    present = models.BooleanField(_("présent·e"), default=False)

    class Meta:
        verbose_name = _("émargement")
        constraints = [models.UniqueConstraint(fields=["session", "registration"], name="one_attendance_per_session")]

    def __str__(self):
        return f"{self.registration} — {self.session.date}"


RATING_CHOICES = [(n, str(n)) for n in range(1, 6)]


class Evaluation(models.Model):
    """A trainee's end-of-training questionnaire: summarised per cycle, never shown with her name."""

    registration = models.OneToOneField(Registration, on_delete=models.CASCADE, related_name="evaluation")
    overall = models.PositiveSmallIntegerField(_("satisfaction générale"), choices=RATING_CHOICES)
    objectives_met = models.PositiveSmallIntegerField(_("objectifs atteints"), choices=RATING_CHOICES)
    usefulness = models.PositiveSmallIntegerField(_("utilité pour votre pratique"), choices=RATING_CHOICES)
    network_knowledge = models.PositiveSmallIntegerField(_("connaissance des partenaires du réseau"), choices=RATING_CHOICES)
    recommend = models.BooleanField(_("recommanderiez-vous cette formation ?"))
    comment = models.TextField(_("commentaire"), blank=True, max_length=2000)
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("évaluation de fin de formation")
        constraints = [
            models.CheckConstraint(
                condition=Q(overall__range=(1, 5))
                & Q(objectives_met__range=(1, 5))
                & Q(usefulness__range=(1, 5))
                & Q(network_knowledge__range=(1, 5)),
                name="evaluation_ratings_1_to_5",
            )
        ]

    def __str__(self):
        return f"Évaluation — {self.registration.cycle}"


# School prevention sessions and working groups.


class ClassLevel(models.TextChoices):
    PRIMARY = "primary", _("École élémentaire (CM1-CM2)")
    SIXIEME = "6e", _("6e")
    CINQUIEME = "5e", _("5e")
    QUATRIEME = "4e", _("4e")
    TROISIEME = "3e", _("3e")
    SECONDE = "2nde", _("2nde")
    PREMIERE = "1re", _("1re")
    TERMINALE = "term", _("Terminale")
    VOCATIONAL = "pro", _("Lycée professionnel, CAP")
    OTHER = "other", _("Autre (MFR, EREA, apprentis…)")


class SchoolTheme(models.TextChoices):
    TEEN_RELATIONSHIPS = "teen_relationships", _("Violences dans les relations amoureuses")
    EQUALITY = "equality", _("Égalité filles-garçons")
    CONSENT = "consent", _("Consentement et respect")
    CYBER = "cyber", _("Cyberviolences, cyberharcèlement")
    FAMILY = "family", _("Violences intrafamiliales, enfants exposés")


class SchoolSession(FastChoiceDisplay, models.Model):
    date = models.DateField(_("date"))
    school = models.CharField(_("établissement"), max_length=200)
    commune = models.ForeignKey("territory.Commune", on_delete=models.PROTECT, related_name="+", verbose_name=_("commune"))
    class_level = models.CharField(_("niveau de classe"), max_length=10, choices=ClassLevel.choices)
    pupils = models.PositiveIntegerField(_("nombre d'élèves"), validators=[MinValueValidator(1)])
    theme = models.CharField(_("thème"), max_length=20, choices=SchoolTheme.choices)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="school_sessions", verbose_name=_("organisation qui anime")
    )
    action = models.ForeignKey(
        Action, on_delete=models.SET_NULL, null=True, blank=True, related_name="school_sessions", verbose_name=_("action du plan")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "school"]
        verbose_name = _("intervention en milieu scolaire")
        constraints = [models.CheckConstraint(condition=Q(pupils__gte=1) & Q(pupils__lte=1000), name="school_session_pupils_range")]

    def __str__(self):
        return f"{self.school} — {self.date:%d/%m/%Y}"

    @property
    def school_year(self):
        start = self.date.year if self.date.month >= 9 else self.date.year - 1
        return f"{start}-{start + 1}"


class WorkingGroup(models.Model):
    name = models.CharField(_("nom"), max_length=200, unique=True)
    purpose = models.TextField(_("objet"), max_length=4000, blank=True)
    convener = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="convened_groups", verbose_name=_("organisation qui anime")
    )
    action = models.ForeignKey(
        Action, on_delete=models.SET_NULL, null=True, blank=True, related_name="working_groups", verbose_name=_("action du plan")
    )
    members = models.ManyToManyField("accounts.Membership", blank=True, related_name="working_groups", verbose_name=_("membres"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("groupe de travail")

    def __str__(self):
        return self.name


class GroupMeeting(models.Model):
    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("groupe"))
    date = models.DateField(_("date"))
    place = models.CharField(_("lieu"), max_length=200, blank=True)
    agenda = models.TextField(_("ordre du jour"), max_length=4000)
    minutes = models.TextField(_("compte rendu"), max_length=20000, blank=True)
    decisions = models.TextField(_("décisions"), max_length=4000, blank=True, help_text=_("Une décision par ligne."))

    class Meta:
        ordering = ["-date"]
        verbose_name = _("réunion de groupe de travail")

    def __str__(self):
        return f"{self.group} — {self.date:%d/%m/%Y}"

    def decision_list(self):
        return [line.strip(" -•\t") for line in self.decisions.splitlines() if line.strip(" -•\t")]


class GroupTask(models.Model):
    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("groupe"))
    meeting = models.ForeignKey(
        GroupMeeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="tasks", verbose_name=_("décidée lors de")
    )
    title = models.CharField(_("tâche"), max_length=300)
    owner = models.ForeignKey("accounts.Membership", on_delete=models.PROTECT, related_name="group_tasks", verbose_name=_("responsable"))
    due_on = models.DateField(_("échéance"))
    done_on = models.DateField(_("faite le"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("tâche de groupe de travail")

    def __str__(self):
        return self.title

    def is_overdue(self, today=None):
        return self.done_on is None and self.due_on < (today or timezone.localdate())

    @property
    def overdue(self):
        return self.is_overdue()


class CalendarFeedQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(revoked_at__isnull=True)


class CalendarFeed(models.Model):
    """An organisation's iCalendar feed behind a secret URL (a calendar client cannot log in). Only the token's hash is
    kept: the address is shown once; revoking it ends every subscription made with it."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="calendar_feeds", verbose_name=_("organisation"))
    name = models.CharField(_("nom"), max_length=100)
    prefix = models.CharField(max_length=8)
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = CalendarFeedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("abonnement au calendrier")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash_token(token):
        import hashlib

        return hashlib.sha256(token.encode()).hexdigest()

    @classmethod
    def issue(cls, organisation, name, user):
        import secrets

        token = secrets.token_urlsafe(32)
        feed = cls.objects.create(organisation=organisation, name=name, prefix=token[:8], token_hash=cls.hash_token(token), created_by=user)
        return feed, token
