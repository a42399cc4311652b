"""Calls for projects (the CISPD's yearly call, seed 002: 20 000 € a year for innovative actions of partner
associations): the call and its envelope, its territory and its scoring grid, the applications of associations with
their documents, the reviewers' scores and recommendations, the decisions with their awarded amounts, and each funded
project's final report with its outputs.

Amounts are whole euros. The sum of a call's awarded amounts never exceeds its envelope: a database trigger checks it
on every write of an award or of the envelope (migration 0002), whatever writes it, two concurrent awards included."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maillage.choices import FastChoiceDisplay

MAX_AMOUNT = 10_000_000  # ten million euros: beyond, a typing error


class CallForProjects(FastChoiceDisplay, models.Model):
    title = models.CharField(_("intitulé"), max_length=200)
    year = models.PositiveSmallIntegerField(_("année"))
    funder = models.CharField(_("financeur"), max_length=120, help_text=_("Par exemple : CISPD, FIPD."))
    description = models.TextField(_("présentation"), blank=True)
    envelope = models.PositiveIntegerField(_("enveloppe (€)"))
    opens_on = models.DateField(_("ouverture des candidatures"))
    closes_on = models.DateField(_("date limite de dépôt"))
    decision_on = models.DateField(_("date prévue des décisions"), null=True, blank=True)
    epcis = models.ManyToManyField("territory.Epci", related_name="+", verbose_name=_("territoire (EPCI)"))
    reviewers = models.ManyToManyField(
        "accounts.Membership", related_name="calls_to_review", blank=True, verbose_name=_("membres du comité de sélection")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "-closes_on", "-pk"]
        verbose_name = _("appel à projets")
        constraints = [
            models.CheckConstraint(condition=models.Q(closes_on__gte=models.F("opens_on")), name="calls_call_dates_in_order"),
            models.CheckConstraint(condition=models.Q(envelope__lte=MAX_AMOUNT), name="calls_call_envelope_bounded"),
        ]

    def __str__(self):
        return self.title

    def is_open(self, today=None):
        today = today or timezone.localdate()
        return self.opens_on <= today <= self.closes_on


class Criterion(models.Model):
    call = models.ForeignKey(CallForProjects, on_delete=models.CASCADE, related_name="criteria")
    label = models.CharField(_("critère"), max_length=200)
    max_score = models.PositiveSmallIntegerField(_("note maximale"), default=5)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["call", "order", "pk"]
        verbose_name = _("critère de la grille")
        constraints = [
            models.CheckConstraint(condition=models.Q(max_score__gte=1, max_score__lte=100), name="calls_criterion_max_range"),
            models.UniqueConstraint(fields=["call", "label"], name="calls_criterion_label_once"),
        ]

    def __str__(self):
        return self.label


class AudienceTarget(models.TextChoices):
    VICTIMS = "victims", _("Victimes")
    CHILDREN = "children", _("Enfants exposés")
    PERPETRATORS = "perpetrators", _("Auteurs de violences")
    YOUNG = "young", _("Jeunes, élèves")
    PROFESSIONALS = "professionals", _("Professionnels")
    PUBLIC = "public", _("Grand public")


class Application(FastChoiceDisplay, models.Model):
    call = models.ForeignKey(CallForProjects, on_delete=models.PROTECT, related_name="applications")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="applications")
    title = models.CharField(_("intitulé du projet"), max_length=200)
    summary = models.TextField(_("description du projet"))
    audience = models.CharField(_("public visé"), max_length=16, choices=AudienceTarget.choices)
    communes = models.ManyToManyField("territory.Commune", related_name="+", verbose_name=_("communes concernées"))
    budget_total = models.PositiveIntegerField(_("budget total du projet (€)"))
    requested_amount = models.PositiveIntegerField(_("montant demandé (€)"))
    starts_on = models.DateField(_("début du projet"), null=True, blank=True)
    ends_on = models.DateField(_("fin du projet"), null=True, blank=True)
    # Raised on every change of the application or its documents: a review of an older version is outdated.
    version = models.PositiveIntegerField(default=1)
    submitted_at = models.DateTimeField(_("déposé le"), default=timezone.now)
    updated_at = models.DateTimeField(_("modifié le"), default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    # Once funded, the project is an action of the network's plan (calls.plan).
    plan_action = models.ForeignKey("network.Action", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["call", "organisation__name", "pk"]
        verbose_name = _("dossier de candidature")
        constraints = [
            models.CheckConstraint(condition=models.Q(requested_amount__lte=models.F("budget_total")), name="calls_request_within_budget"),
            models.CheckConstraint(condition=models.Q(budget_total__lte=MAX_AMOUNT), name="calls_budget_bounded"),
            models.CheckConstraint(condition=models.Q(requested_amount__gte=1), name="calls_request_positive"),
        ]

    def __str__(self):
        return self.title

    @property
    def reference(self):
        return f"AP-{self.pk:05d}" if self.pk else "AP-nouveau"


class Document(models.Model):
    """A document of an application (budget, statutes, letter), kept in the database: no public URL serves it."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    name = models.CharField(_("nom du fichier"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    data = models.BinaryField()
    uploaded_at = models.DateTimeField(default=timezone.now)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["application", "pk"]
        verbose_name = _("pièce jointe")

    def __str__(self):
        return self.name


class Recommendation(models.TextChoices):
    FUND = "fund", _("Financer")
    PARTLY = "partly", _("Financer en partie")
    REJECT = "reject", _("Ne pas financer")


class Review(FastChoiceDisplay, models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey("accounts.Membership", on_delete=models.PROTECT, related_name="+")
    recommendation = models.CharField(_("recommandation"), max_length=8, choices=Recommendation.choices)
    comment = models.TextField(_("commentaire"), blank=True)
    application_version = models.PositiveIntegerField()
    reviewed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["application", "reviewed_at", "pk"]
        verbose_name = _("évaluation")
        constraints = [models.UniqueConstraint(fields=["application", "reviewer"], name="calls_one_review_per_reviewer")]

    def __str__(self):
        return f"Évaluation n° {self.pk}"

    @property
    def outdated(self):
        return self.application_version < self.application.version


class Score(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    value = models.PositiveSmallIntegerField(_("note"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["review", "criterion"], name="calls_one_score_per_criterion")]

    def __str__(self):
        return f"{self.criterion} : {self.value}"


class Outcome(models.TextChoices):
    FUNDED = "funded", _("Financé")
    REJECTED = "rejected", _("Non retenu")


class Award(FastChoiceDisplay, models.Model):
    """The decision on an application. `call` repeats the application's call so that the database can check the
    envelope on this table alone (migration 0002)."""

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="award")
    call = models.ForeignKey(CallForProjects, on_delete=models.PROTECT, related_name="awards")
    outcome = models.CharField(_("décision"), max_length=8, choices=Outcome.choices)
    amount = models.PositiveIntegerField(_("montant accordé (€)"), default=0)
    decided_on = models.DateField(_("date de la décision"), default=timezone.localdate)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["call", "pk"]
        verbose_name = _("décision")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(outcome="funded", amount__gte=1) | models.Q(outcome="rejected", amount=0),
                name="calls_award_amount_matches_outcome",
            )
        ]

    def __str__(self):
        return f"{self.get_outcome_display()} : {self.amount} €"


class FinalReport(models.Model):
    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="final_report")
    summary = models.TextField(_("bilan de l'action"))
    spent_amount = models.PositiveIntegerField(_("dépenses réalisées (€)"))
    people_reached = models.PositiveIntegerField(_("personnes touchées"), default=0)
    professionals_trained = models.PositiveIntegerField(_("professionnels formés"), default=0)
    pupils_reached = models.PositiveIntegerField(_("élèves sensibilisés"), default=0)
    documents_produced = models.PositiveIntegerField(_("documents produits"), default=0)
    submitted_at = models.DateTimeField(default=timezone.now)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("bilan final")

    def __str__(self):
        return f"Bilan de {self.application}"
