"""The committee's forms: a meeting, a situation put forward, a decision, an action, an action's review. Every
error is in French and names its field."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from casework.models import DangerLevel, Event, EventKind, Situation
from committee import names
from committee.models import (
    ESCALATION_INCIDENTS,
    REPEAT_WINDOW_DAYS,
    ActionStatus,
    AgendaItem,
    Basis,
    Meeting,
    Reason,
)

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
INCIDENT_KINDS = (EventKind.COMPLAINT, EventKind.POLICE_LOG, EventKind.BREACH)
MAX_TEXT = 2000
NAME_ERROR = _("Le texte contient le nom d'une personne du foyer : le comité ne nomme personne, désignez la situation par sa référence.")


def incidents_within_year(situation_id, day):
    """Incidents (complaints, police logs, breaches of judicial supervision) recorded in the twelve months up to `day`."""
    start = day - datetime.timedelta(days=REPEAT_WINDOW_DAYS)
    return Event.objects.filter(situation_id=situation_id, kind__in=INCIDENT_KINDS, date__gt=start, date__lte=day).count()


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["date", "place", "attendees", "held"]
        widgets = {"date": DATE_WIDGET, "attendees": forms.CheckboxSelectMultiple}
        labels = {"place": _("Lieu (sans adresse de personne)")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = Organisation.objects.partners()
        self.fields["attendees"].required = True

    def clean_date(self):
        value = self.cleaned_data["date"]
        if value.year < 2000 or value.year > 2100:
            raise forms.ValidationError(_("Indiquez une date entre 2000 et 2100."), code="range")
        return value


class SituationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, situation):
        level = situation.get_danger_level_display() if situation.danger_level else _("non évalué")
        flag = _(" — signalée au comité") if situation.flagged_for_committee else ""
        return f"{situation.reference} — {_('danger')} {level}{flag}"


class PutForwardForm(forms.Form):
    situation = SituationChoiceField(label=_("Situation"), queryset=Situation.objects.none())
    reason = forms.ChoiceField(label=_("Motif de l'inscription"), choices=Reason.choices)
    basis = forms.ChoiceField(
        label=_("Consentement ou base légale"),
        choices=[("", _("— aucun —")), *Basis.choices],
        required=False,
        help_text=_("Sans consentement de la victime ni base légale, la situation ne peut pas être inscrite."),
    )

    def __init__(self, *args, meeting, situations, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.fields["situation"].queryset = situations

    def clean_basis(self):
        value = self.cleaned_data.get("basis")
        if not value:
            raise forms.ValidationError(
                _("Sans consentement de la victime ni base légale, la situation ne peut pas être inscrite à l'ordre du jour."),
                code="no_basis",
            )
        return value

    def clean(self):
        data = super().clean()
        situation, reason = data.get("situation"), data.get("reason")
        if self.meeting.held or self.meeting.date < timezone.localdate():
            raise forms.ValidationError(_("Cette séance est passée : inscrivez la situation à une prochaine séance."), code="past")
        if situation is None or not reason:
            return data
        if AgendaItem.objects.filter(meeting=self.meeting, situation=situation).exists():
            self.add_error("situation", _("Cette situation est déjà à l'ordre du jour de cette séance."))
        if reason == Reason.HIGH_DANGER and situation.danger_level != DangerLevel.HIGH:
            self.add_error(
                "reason",
                _(
                    "Le niveau de danger retenu pour cette situation n'est pas « grave » : choisissez le jugement professionnel ou l'escalade."
                ),
            )
        if reason == Reason.ESCALATION:
            count = incidents_within_year(situation.pk, self.meeting.date)
            if count < ESCALATION_INCIDENTS:
                self.add_error(
                    "reason",
                    _("Escalade : %(count)s incident(s) enregistré(s) en 12 mois, il en faut au moins %(min)s.")
                    % {"count": count, "min": ESCALATION_INCIDENTS},
                )
        return data


class NamelessTextMixin:
    """Texts of the committee name no person of the household (checked against their names)."""

    nameless_fields = ()

    def __init__(self, *args, situation_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.situation_id = situation_id

    def clean(self):
        data = super().clean()
        household = None
        for name in self.nameless_fields:
            value = data.get(name)
            if not value:
                continue
            if household is None:
                household = names.names_of_situation(self.situation_id)
            if names.contains_a_name(value, household):
                self.add_error(name, NAME_ERROR)
        return data


def clean_text(value):
    if "\x00" in value:
        raise forms.ValidationError(_("Le texte contient un caractère invalide."), code="nul")
    return value.strip()


class DecisionForm(NamelessTextMixin, forms.Form):
    text = forms.CharField(label=_("Décision"), widget=forms.Textarea(attrs={"rows": 2}), max_length=MAX_TEXT)
    nameless_fields = ("text",)

    def clean_text(self):
        return clean_text(self.cleaned_data["text"])


class ActionForm(NamelessTextMixin, forms.Form):
    description = forms.CharField(label=_("Action"), widget=forms.Textarea(attrs={"rows": 2}), max_length=MAX_TEXT)
    owner = forms.ModelChoiceField(label=_("Organisation chargée"), queryset=Organisation.objects.none())
    due_on = forms.DateField(label=_("Échéance"), widget=DATE_WIDGET)
    nameless_fields = ("description",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = Organisation.objects.partners()

    def clean_description(self):
        return clean_text(self.cleaned_data["description"])

    def clean_due_on(self):
        value = self.cleaned_data["due_on"]
        today = timezone.localdate()
        if value < today - datetime.timedelta(days=1) or value.year > 2100:
            raise forms.ValidationError(_("L'échéance doit être aujourd'hui ou plus tard (avant 2100)."), code="range")
        return value


class ReviewForm(forms.Form):
    status = forms.ChoiceField(label=_("État"), choices=ActionStatus.choices)
    note = forms.CharField(label=_("Point d'étape"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=MAX_TEXT)

    def __init__(self, *args, situation_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.situation_id = situation_id

    def clean_note(self):
        value = clean_text(self.cleaned_data.get("note") or "")
        if value and names.contains_a_name(value, names.names_of_situation(self.situation_id)):
            raise forms.ValidationError(NAME_ERROR, code="name")
        return value
