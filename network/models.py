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
