"""Forms of the calls for projects. Every error is in French and names its field."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Membership
from calls.models import MAX_AMOUNT, Application, CallForProjects, Criterion, FinalReport, Outcome, Recommendation
from calls.territory_check import call_communes, organisation_in_territory
from territory.models import Epci

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
DOCUMENT_TYPES = {
    ".pdf": "application/pdf",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}


def _no_nul(value):
    if isinstance(value, str) and "\x00" in value:
        raise forms.ValidationError(_("Le texte contient un caractère invalide."), code="nul")
    return value


class NoNulMixin:
    def clean(self):
        data = super().clean()
        for name, value in list(data.items()):
            if isinstance(value, str) and "\x00" in value:
                self.add_error(name, _("Le texte contient un caractère invalide."))
        return data


class CallForm(NoNulMixin, forms.ModelForm):
    class Meta:
        model = CallForProjects
        fields = ["title", "year", "funder", "description", "envelope", "opens_on", "closes_on", "decision_on", "epcis"]
        widgets = {
            "opens_on": DATE_WIDGET,
            "closes_on": DATE_WIDGET,
            "decision_on": DATE_WIDGET,
            "epcis": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["epcis"].queryset = Epci.objects.all()
        self.fields["year"].min_value = 2000
        self.fields["year"].widget.attrs.update(min=2000, max=2100)
        self.fields["envelope"].widget.attrs.update(min=1, max=MAX_AMOUNT)

    def clean_year(self):
        value = self.cleaned_data["year"]
        if not 2000 <= value <= 2100:
            raise forms.ValidationError(_("Indiquez une année entre 2000 et 2100."), code="range")
        return value

    def clean_envelope(self):
        value = self.cleaned_data["envelope"]
        if not 1 <= value <= MAX_AMOUNT:
            raise forms.ValidationError(_("L'enveloppe doit être comprise entre 1 € et 10 000 000 €."), code="range")
        return value

    def clean(self):
        data = super().clean()
        opens, closes, decision = data.get("opens_on"), data.get("closes_on"), data.get("decision_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", _("La date limite de dépôt doit suivre l'ouverture des candidatures."))
        if closes and decision and decision < closes:
            self.add_error("decision_on", _("Les décisions suivent la date limite de dépôt."))
        return data


class CriterionForm(NoNulMixin, forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ["label", "max_score"]

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.call = call

    def clean_max_score(self):
        value = self.cleaned_data["max_score"]
        if not 1 <= value <= 100:
            raise forms.ValidationError(_("La note maximale est comprise entre 1 et 100."), code="range")
        return value

    def clean_label(self):
        value = self.cleaned_data["label"].strip()
        if Criterion.objects.filter(call=self.call, label__iexact=value).exists():
            raise forms.ValidationError(_("Ce critère existe déjà dans la grille."), code="duplicate")
        return value


class MembershipChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, membership):
        return f"{membership.user.get_full_name() or membership.user.email} ({membership.organisation})"


class ReviewerForm(forms.Form):
    membership = MembershipChoiceField(label=_("Membre du comité de sélection"), queryset=Membership.objects.none())

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = (
            Membership.objects.active()
            .filter(organisation__is_partner=True)
            .exclude(pk__in=call.reviewers.values("pk"))
            .select_related("user", "organisation")
        )


class ApplicationForm(NoNulMixin, forms.ModelForm):
    class Meta:
        model = Application
        fields = ["title", "summary", "audience", "communes", "budget_total", "requested_amount", "starts_on", "ends_on"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 6}),
            "starts_on": DATE_WIDGET,
            "ends_on": DATE_WIDGET,
            "communes": forms.SelectMultiple(attrs={"size": 8}),
        }
        help_texts = {"communes": _("Les communes du territoire de l'appel où l'action aura lieu.")}

    def __init__(self, *args, call, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.call, self.organisation = call, organisation
        self.fields["communes"].queryset = call_communes(call).order_by("name")
        for name in ("budget_total", "requested_amount"):
            self.fields[name].widget.attrs.update(min=1, max=MAX_AMOUNT)

    def clean_budget_total(self):
        value = self.cleaned_data["budget_total"]
        if not 1 <= value <= MAX_AMOUNT:
            raise forms.ValidationError(_("Le budget doit être compris entre 1 € et 10 000 000 €."), code="range")
        return value

    def clean_requested_amount(self):
        value = self.cleaned_data["requested_amount"]
        if value < 1:
            raise forms.ValidationError(_("Le montant demandé doit être d'au moins 1 €."), code="range")
        if value > self.call.envelope:
            raise forms.ValidationError(
                _("Le montant demandé dépasse l'enveloppe de l'appel (%(envelope)s €).") % {"envelope": self.call.envelope}, code="envelope"
            )
        return value

    def clean(self):
        data = super().clean()
        budget, requested = data.get("budget_total"), data.get("requested_amount")
        if budget and requested and requested > budget:
            self.add_error("requested_amount", _("Le montant demandé ne peut pas dépasser le budget total du projet."))
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("La fin du projet doit suivre son début."))
        if not organisation_in_territory(self.organisation, self.call):
            raise forms.ValidationError(
                _(
                    "Organisation : %(org)s n'intervient sur aucune commune du territoire de l'appel ; seules les associations "
                    "du territoire peuvent candidater."
                )
                % {"org": self.organisation},
                code="territory",
            )
        return data


class DocumentForm(forms.Form):
    file = forms.FileField(label=_("Pièce jointe (PDF, ODT, ODS, DOCX, XLSX, PNG ou JPEG ; 5 Mo au plus)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
        extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
        if extension not in DOCUMENT_TYPES:
            raise forms.ValidationError(_("Ce type de fichier n'est pas accepté."), code="type")
        if upload.size > MAX_DOCUMENT_BYTES:
            raise forms.ValidationError(_("Le fichier dépasse 5 Mo."), code="size")
        if "\x00" in name or len(name) > 200:
            raise forms.ValidationError(_("Le nom du fichier n'est pas valide."), code="name")
        upload.clean_name = name
        upload.clean_type = DOCUMENT_TYPES[extension]
        return upload


class ReviewForm(NoNulMixin, forms.Form):
    recommendation = forms.ChoiceField(label=_("Recommandation"), choices=Recommendation.choices)
    comment = forms.CharField(label=_("Commentaire"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        fields = {}
        for criterion in self.criteria:
            fields[f"score_{criterion.pk}"] = forms.IntegerField(
                label=_("%(label)s (sur %(max)s)") % {"label": criterion.label, "max": criterion.max_score},
                min_value=0,
                max_value=criterion.max_score,
                error_messages={
                    "min_value": _("La note est au moins 0."),
                    "max_value": _("La note est au plus %(limit_value)s."),
                },
            )
        self.fields = {**fields, **self.fields}

    def scores(self):
        return {criterion: self.cleaned_data[f"score_{criterion.pk}"] for criterion in self.criteria}


class AwardForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Décision"), choices=Outcome.choices)
    amount = forms.IntegerField(label=_("Montant accordé (€)"), min_value=0, max_value=MAX_AMOUNT, required=False)

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        self.application = application

    def clean(self):
        data = super().clean()
        outcome, amount = data.get("outcome"), data.get("amount")
        if outcome == Outcome.FUNDED:
            if not amount:
                self.add_error("amount", _("Indiquez le montant accordé (au moins 1 €)."))
            elif amount > self.application.requested_amount:
                self.add_error(
                    "amount",
                    _("Le montant accordé dépasse le montant demandé (%(requested)s €).")
                    % {"requested": self.application.requested_amount},
                )
        elif outcome == Outcome.REJECTED:
            data["amount"] = 0
        return data


class FinalReportForm(NoNulMixin, forms.ModelForm):
    class Meta:
        model = FinalReport
        fields = ["summary", "spent_amount", "people_reached", "professionals_trained", "pupils_reached", "documents_produced"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 5})}

    def clean(self):
        data = super().clean()
        for name in ("spent_amount", "people_reached", "professionals_trained", "pupils_reached", "documents_produced"):
            value = data.get(name)
            if value is not None and value > MAX_AMOUNT:
                self.add_error(name, _("Valeur trop grande."))
        return data
