"""Forms of the action plan: validation in French, every error names its field (the form template prefixes it)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Membership, Organisation
from network.models import (
    Action,
    ActionAudience,
    ActionKind,
    ActionPlan,
    ActionStatus,
    Axis,
    Evaluation,
    Funding,
    GroupMeeting,
    GroupTask,
    Milestone,
    Profession,
    SchoolSession,
    SchoolTheme,
    TrainingCycle,
    TrainingSession,
    WorkingGroup,
)
from territory.models import Commune

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MAX_AMOUNT = 10_000_000


class PlanForm(forms.ModelForm):
    class Meta:
        model = ActionPlan
        fields = ["title", "territory", "starts_on", "ends_on"]
        widgets = {"starts_on": DATE_WIDGET, "ends_on": DATE_WIDGET}


class ActionForm(forms.ModelForm):
    """The coordinator chooses the lead organisation; an organisation's admin creates actions her organisation leads."""

    class Meta:
        model = Action
        fields = [
            "plan",
            "axis",
            "kind",
            "title",
            "description",
            "lead",
            "partners",
            "audience",
            "communes",
            "starts_on",
            "ends_on",
            "status",
            "budget",
        ]
        widgets = {
            "starts_on": DATE_WIDGET,
            "ends_on": DATE_WIDGET,
            "partners": forms.CheckboxSelectMultiple,
            "communes": forms.SelectMultiple(attrs={"size": 8}),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, lead=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fixed_lead = lead
        partners = Organisation.objects.partners()
        if lead is not None:
            del self.fields["lead"]
            partners = partners.exclude(pk=lead.pk)
        else:
            self.fields["lead"].queryset = Organisation.objects.partners()
        self.fields["partners"].queryset = partners
        self.fields["communes"].queryset = Commune.objects.filter(arrondissement__isnull=False).only("insee_code", "name")
        self.fields["budget"].max_value = MAX_AMOUNT
        self.fields["budget"].widget.attrs["max"] = MAX_AMOUNT
        self.fields["budget"].validators.append(_max_amount)

    def clean(self):
        data = super().clean()
        plan, starts_on, ends_on = data.get("plan"), data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("La fin de l'action précède son début."))
        elif plan and starts_on and ends_on and (starts_on > plan.ends_on or ends_on < plan.starts_on):
            self.add_error(
                "starts_on",
                _("L'action doit se dérouler au moins en partie pendant la période du plan (du %(start)s au %(end)s).")
                % {"start": plan.starts_on.strftime("%d/%m/%Y"), "end": plan.ends_on.strftime("%d/%m/%Y")},
            )
        lead = self.fixed_lead or data.get("lead")
        if lead is not None and lead in (data.get("partners") or []):
            self.add_error("partners", _("L'organisation pilote ne peut pas être aussi partenaire."))
        return data

    def save(self, commit=True):
        if self.fixed_lead is not None:
            self.instance.lead = self.fixed_lead
        return super().save(commit)


def _max_amount(value):
    if value is not None and value > MAX_AMOUNT:
        raise forms.ValidationError(_("Montant trop élevé (10 000 000 € au plus)."))


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "due_on", "done_on"]
        widgets = {"due_on": DATE_WIDGET, "done_on": DATE_WIDGET}


class FundingForm(forms.ModelForm):
    class Meta:
        model = Funding
        fields = ["source", "amount"]

    def __init__(self, *args, action, **kwargs):
        super().__init__(*args, **kwargs)
        self.action = action
        self.fields["amount"].validators.append(_max_amount)

    def clean_source(self):
        source = self.cleaned_data["source"]
        if self.action.fundings.filter(source=source).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Ce financeur est déjà indiqué pour cette action : modifiez son montant."))
        return source


class OutputForm(forms.Form):
    people_reached = forms.IntegerField(label=_("Personnes touchées"), min_value=0, max_value=1_000_000, initial=0)
    pupils_reached = forms.IntegerField(label=_("Élèves touchés"), min_value=0, max_value=1_000_000, initial=0)
    documents_produced = forms.IntegerField(
        label=_("Documents produits (guides, affiches, supports)"), min_value=0, max_value=1_000_000, initial=0
    )
    notes = forms.CharField(label=_("Commentaire"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for value, label in Profession.choices:
            self.fields[f"trained_{value}"] = forms.IntegerField(
                label=_("Professionnels formés : %(profession)s") % {"profession": label}, min_value=0, max_value=100_000, required=False
            )

    def trained(self):
        return {value: self.cleaned_data.get(f"trained_{value}") or 0 for value in Profession.values}


class ActionFilterForm(forms.Form):
    """The table's filters: each one optional; an unknown value is refused with a French message, never ignored."""

    plan = forms.ModelChoiceField(label=_("Plan"), queryset=ActionPlan.objects.all(), required=False, empty_label=_("Tous"))
    axis = forms.ChoiceField(label=_("Axe"), choices=[("", _("Tous")), *Axis.choices], required=False)
    status = forms.ChoiceField(label=_("État"), choices=[("", _("Tous")), *ActionStatus.choices], required=False)
    kind = forms.ChoiceField(label=_("Type"), choices=[("", _("Tous")), *ActionKind.choices], required=False)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.partners(), required=False, empty_label=_("Toutes")
    )
    commune = forms.ModelChoiceField(
        label=_("Commune"),
        queryset=Commune.objects.filter(arrondissement__isnull=False).only("insee_code", "name"),
        required=False,
        empty_label=_("Toutes"),
    )
    audience = forms.ChoiceField(label=_("Public"), choices=[("", _("Tous")), *ActionAudience.choices], required=False)


TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class CycleForm(forms.ModelForm):
    class Meta:
        model = TrainingCycle
        fields = ["title", "organiser", "action", "starts_on", "ends_on", "objectives", "audience", "registration_open"]
        widgets = {"starts_on": DATE_WIDGET, "ends_on": DATE_WIDGET, "objectives": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, organiser=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fixed_organiser = organiser
        if organiser is not None:
            del self.fields["organiser"]
        else:
            self.fields["organiser"].queryset = Organisation.objects.all()
        self.fields["action"].queryset = Action.objects.filter(kind="training")
        self.fields["action"].required = False

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("La fin du cycle précède son début."))
        elif self.instance.pk and starts_on and ends_on:
            outside = self.instance.sessions.exclude(date__range=(starts_on, ends_on))
            if outside.exists():
                self.add_error(
                    "starts_on",
                    _("Des sessions du cycle tomberaient hors de ces dates (%(dates)s) : déplacez-les d'abord.")
                    % {"dates": ", ".join(s.date.strftime("%d/%m/%Y") for s in outside)},
                )
        return data

    def save(self, commit=True):
        if self.fixed_organiser is not None:
            self.instance.organiser = self.fixed_organiser
        return super().save(commit)


class SessionForm(forms.ModelForm):
    class Meta:
        model = TrainingSession
        fields = ["date", "starts_at", "ends_at", "place", "trainer", "objectives", "capacity"]
        widgets = {"date": DATE_WIDGET, "starts_at": TIME_WIDGET, "ends_at": TIME_WIDGET, "objectives": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, cycle, **kwargs):
        super().__init__(*args, **kwargs)
        self.cycle = cycle
        self.fields["capacity"].max_value = 1000
        self.fields["capacity"].widget.attrs.update({"min": 1, "max": 1000})
        self.fields["capacity"].validators.append(_max_capacity)

    def clean_date(self):
        date = self.cleaned_data["date"]
        if not self.cycle.starts_on <= date <= self.cycle.ends_on:
            raise forms.ValidationError(
                _("La session doit avoir lieu pendant le cycle, du %(start)s au %(end)s.")
                % {"start": self.cycle.starts_on.strftime("%d/%m/%Y"), "end": self.cycle.ends_on.strftime("%d/%m/%Y")}
            )
        return date

    def clean_capacity(self):
        capacity = self.cleaned_data["capacity"]
        confirmed = self.cycle.registrations.filter(status="confirmed").count() if self.cycle.pk else 0
        if capacity is not None and capacity < confirmed:
            raise forms.ValidationError(
                _("%(n)s personnes sont déjà inscrites au cycle : au moins %(n)s places.") % {"n": confirmed}, code="below_registrations"
            )
        return capacity

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("L'heure de fin doit suivre l'heure de début."))
        return data


def _max_capacity(value):
    if value is not None and (value < 1 or value > 1000):
        raise forms.ValidationError(_("Entre 1 et 1 000 places."))


class AttendanceForm(forms.Form):
    def __init__(self, *args, registrations, present_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"] = forms.MultipleChoiceField(
            label=_("Présent·es"),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            choices=[(str(r.pk), f"{r.user.get_full_name() or r.user.email} ({r.organisation})") for r in registrations],
            initial=[str(pk) for pk in present_ids],
        )

    def present_ids(self):
        return {int(pk) for pk in self.cleaned_data["present"]}


class EvaluationForm(forms.ModelForm):
    class Meta:
        model = Evaluation
        fields = ["overall", "objectives_met", "usefulness", "network_knowledge", "recommend", "comment"]
        widgets = {
            "overall": forms.RadioSelect,
            "objectives_met": forms.RadioSelect,
            "usefulness": forms.RadioSelect,
            "network_knowledge": forms.RadioSelect,
            "comment": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"comment": _("Sans nom de personne : le bilan du cycle reprend les commentaires tels quels.")}

    recommend = forms.TypedChoiceField(
        label=_("Recommanderiez-vous cette formation ?"),
        choices=[("oui", _("Oui")), ("non", _("Non"))],
        coerce=lambda value: value == "oui",
        widget=forms.RadioSelect,
    )


class SchoolSessionForm(forms.ModelForm):
    class Meta:
        model = SchoolSession
        fields = ["date", "school", "commune", "class_level", "pupils", "theme", "organisation", "action"]
        widgets = {"date": DATE_WIDGET}

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fixed_organisation = organisation
        if organisation is not None:
            del self.fields["organisation"]
        else:
            self.fields["organisation"].queryset = Organisation.objects.partners()
        self.fields["commune"].queryset = Commune.objects.filter(arrondissement__isnull=False).only("insee_code", "name")
        self.fields["action"].queryset = Action.objects.filter(kind="school_session")
        self.fields["pupils"].max_value = 1000
        self.fields["pupils"].widget.attrs.update({"min": 1, "max": 1000})
        self.fields["pupils"].validators.append(_pupils_range)

    def save(self, commit=True):
        if self.fixed_organisation is not None:
            self.instance.organisation = self.fixed_organisation
        return super().save(commit)


def _pupils_range(value):
    if value is not None and not 1 <= value <= 1000:
        raise forms.ValidationError(_("Entre 1 et 1 000 élèves."))


class SchoolFilterForm(forms.Form):
    year = forms.RegexField(
        label=_("Année scolaire"),
        regex=r"^\d{4}-\d{4}$",
        required=False,
        error_messages={"invalid": _("Année scolaire attendue sous la forme 2025-2026.")},
    )
    commune = forms.ModelChoiceField(
        label=_("Commune"),
        queryset=Commune.objects.filter(arrondissement__isnull=False).only("insee_code", "name"),
        required=False,
        empty_label=_("Toutes"),
    )
    theme = forms.ChoiceField(label=_("Thème"), choices=[("", _("Tous")), *SchoolTheme.choices], required=False)


class WorkingGroupForm(forms.ModelForm):
    class Meta:
        model = WorkingGroup
        fields = ["name", "purpose", "convener", "action", "members"]
        widgets = {"members": forms.CheckboxSelectMultiple, "purpose": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, fixed_convener=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fixed_convener = fixed_convener
        if fixed_convener is not None:
            del self.fields["convener"]
        else:
            self.fields["convener"].queryset = Organisation.objects.partners()
        self.fields["action"].queryset = Action.objects.all()
        self.fields["members"].queryset = (
            Membership.objects.active().select_related("user", "organisation").order_by("organisation__name", "user__last_name")
        )
        self.fields["members"].label_from_instance = lambda m: f"{m.user.get_full_name() or m.user.email} ({m.organisation})"

    def save(self, commit=True):
        if self.fixed_convener is not None:
            self.instance.convener = self.fixed_convener
        return super().save(commit)


class GroupMeetingForm(forms.ModelForm):
    class Meta:
        model = GroupMeeting
        fields = ["date", "place", "agenda", "minutes", "decisions"]
        widgets = {
            "date": DATE_WIDGET,
            "agenda": forms.Textarea(attrs={"rows": 4}),
            "minutes": forms.Textarea(attrs={"rows": 6}),
            "decisions": forms.Textarea(attrs={"rows": 3}),
        }


class GroupTaskForm(forms.ModelForm):
    class Meta:
        model = GroupTask
        fields = ["title", "owner", "due_on", "meeting", "done_on"]
        widgets = {"due_on": DATE_WIDGET, "done_on": DATE_WIDGET}
        error_messages = {"owner": {"required": _("Une tâche sans responsable n'est pas suivie : choisissez un membre du groupe.")}}

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = group.members.filter(is_active=True).select_related("user", "organisation")
        self.fields["owner"].label_from_instance = lambda m: f"{m.user.get_full_name() or m.user.email} ({m.organisation})"
        self.fields["owner"].empty_label = _("— choisir —")
        self.fields["meeting"].queryset = group.meetings.all()
        self.fields["meeting"].required = False
