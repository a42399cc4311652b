"""Forms of the action plan: validation in French, every error names its field (the form template prefixes it)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from network.models import (
    Action,
    ActionAudience,
    ActionKind,
    ActionPlan,
    ActionStatus,
    Axis,
    Funding,
    Milestone,
    Profession,
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
