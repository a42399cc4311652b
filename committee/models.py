"""The multi-agency committee on high-danger situations (in the spirit of the UK MARAC): meetings with their
attending organisations, an agenda of situations put forward by the organisations that follow them, and for each
situation the decisions and actions the meeting records, each action with an owner organisation and a due date.

What the committee records names no person: a situation is its reference (S-000123), the free text is checked
against the names of the household's people when it is written (committee.forms), and attendees read a situation's
content only through casework's gate (committee.access)."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.crypto import EncryptedTextField
from maillage.choices import FastChoiceDisplay

REPEAT_WINDOW_DAYS = 365  # back before the committee within twelve months of its last discussion
ESCALATION_INCIDENTS = 3  # three or more incidents recorded within twelve months


class Meeting(FastChoiceDisplay, models.Model):
    date = models.DateField(_("date de la séance"))
    place = models.CharField(_("lieu"), max_length=200, blank=True)
    attendees = models.ManyToManyField(
        "accounts.Organisation", related_name="committee_meetings", verbose_name=_("organisations participantes"), blank=True
    )
    held = models.BooleanField(_("séance tenue"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("séance du comité")

    def __str__(self):
        return _("Séance du %(date)s") % {"date": self.date.strftime("%d/%m/%Y")}

    @property
    def reference(self):
        return f"C-{self.pk:04d}" if self.pk else "C-nouvelle"


class Reason(models.TextChoices):
    HIGH_DANGER = "high_danger", _("Danger grave (évaluation)")
    JUDGEMENT = "judgement", _("Jugement professionnel")
    ESCALATION = "escalation", _("Escalade : 3 incidents ou plus en 12 mois")


class Basis(models.TextChoices):
    CONSENT = "consent", _("Consentement de la victime")
    DANGER = "danger", _("Danger immédiat ou emprise (art. 226-14 du code pénal)")
    SHARED_SECRET = "shared_secret", _("Secret partagé entre professionnels (art. L. 121-6-2 CASF)")
    PROSECUTOR = "prosecutor", _("Demande du parquet")


class AgendaItemQuerySet(models.QuerySet):
    def discussed_before(self, situation_id, date):
        """The items on earlier meetings of the same situation, latest first."""
        return self.filter(situation_id=situation_id, meeting__date__lt=date).order_by("-meeting__date")


class AgendaItem(FastChoiceDisplay, models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items", verbose_name=_("séance"))
    situation = models.ForeignKey("casework.Situation", on_delete=models.PROTECT, related_name="+", verbose_name=_("situation"))
    put_forward_by = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    put_forward_at = models.DateTimeField(default=timezone.now)
    reason = models.CharField(_("motif de l'inscription"), max_length=12, choices=Reason.choices)
    basis = models.CharField(_("consentement ou base légale"), max_length=16, choices=Basis.choices, blank=True)
    # Back within twelve months of its last discussion (decided when it is put on the agenda).
    repeat = models.BooleanField(_("situation répétée"), default=False)
    previous = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    order = models.PositiveSmallIntegerField(default=0)

    objects = AgendaItemQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "order", "pk"]
        verbose_name = _("point à l'ordre du jour")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "situation"], name="committee_item_once_per_meeting"),
            # No situation on an agenda without consent or a legal basis, whatever writes it.
            models.CheckConstraint(condition=~models.Q(basis=""), name="committee_item_has_basis"),
        ]

    def __str__(self):
        return f"{self.meeting.reference} — {self.situation.reference}"


class Decision(models.Model):
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="decisions")
    text = EncryptedTextField(_("décision"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("décision")

    def __str__(self):
        return f"Décision n° {self.pk}"


class ActionStatus(models.TextChoices):
    OPEN = "open", _("En cours")
    DONE = "done", _("Réalisée")
    DROPPED = "dropped", _("Abandonnée")


class CommitteeActionQuerySet(models.QuerySet):
    def outstanding(self):
        return self.filter(status=ActionStatus.OPEN)

    def for_organisation(self, organisation_id):
        return self.filter(owner_id=organisation_id)

    def due_for_review_at(self, meeting):
        """Actions decided at earlier meetings and still open: the meeting reviews them."""
        return self.outstanding().filter(item__meeting__date__lt=meeting.date)


class CommitteeAction(FastChoiceDisplay, models.Model):
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="actions")
    description = EncryptedTextField(_("action"))
    owner = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="committee_actions", verbose_name=_("organisation chargée")
    )
    due_on = models.DateField(_("échéance"))
    status = models.CharField(_("état"), max_length=8, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    closed_on = models.DateField(_("close le"), null=True, blank=True)
    last_review = models.ForeignKey(Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="reviewed_actions")
    review_note = EncryptedTextField(_("point d'étape"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CommitteeActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("action du comité")
        indexes = [models.Index(fields=["owner", "status", "due_on"], name="committee_action_owner")]

    def __str__(self):
        return f"Action n° {self.pk}"

    @property
    def overdue(self):
        return self.status == ActionStatus.OPEN and self.due_on < timezone.localdate()


def within_repeat_window(previous_date, date):
    return previous_date < date and (date - previous_date) <= datetime.timedelta(days=REPEAT_WINDOW_DAYS)
