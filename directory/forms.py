"""Forms of the guide: the public search (GET, works without JavaScript) and the professionals' editing forms."""

from django import forms
from django.utils.translation import gettext_lazy as _

from directory.taxonomy import Audience, Category


class SearchForm(forms.Form):
    commune = forms.CharField(
        label=_("Commune ou code postal"),
        required=False,
        max_length=80,
        widget=forms.TextInput(attrs={"autocomplete": "off", "placeholder": _("ex. Denain ou 59220"), "inputmode": "search"}),
    )
    categorie = forms.ChoiceField(label=_("Type d'aide"), required=False, choices=[("", _("Toutes les aides")), *Category.choices])
    public = forms.ChoiceField(label=_("Pour qui"), required=False, choices=[("", _("Tout public")), *Audience.choices])
    texte = forms.CharField(label=_("Mots-clés (facultatif)"), required=False, max_length=100)
    ouvert = forms.BooleanField(label=_("Ouvert maintenant"), required=False)
    page = forms.IntegerField(required=False, min_value=1, max_value=50, widget=forms.HiddenInput)

    def is_empty(self):
        data = self.cleaned_data
        return not (data.get("commune") or data.get("categorie") or data.get("texte") or data.get("public"))


# --- professionals ---------------------------------------------------------------------------------------------------

from directory import hours_fr  # noqa: E402
from directory.models import (  # noqa: E402
    PLACE_CONFIDENTIAL_FIELDS,
    SERVICE_CONFIDENTIAL_FIELDS,
    Closure,
    Place,
    Service,
    multi_line,
    normalise_phone,
    single_line,
)
from directory.taxonomy import AccessMode, Language  # noqa: E402
from directory.widgets import FrenchHoursTextField, HoursField  # noqa: E402


def clean_phone_value(value):
    """A phone number as stored (E.164, or the digits of a short number), or a French form error naming it."""
    value = (value or "").strip()
    if not value:
        return ""
    try:
        return normalise_phone(value)
    except ValueError as exc:
        raise forms.ValidationError(
            _("Numéro de téléphone invalide : « %(value)s » (par exemple 03 27 00 00 00, 06 12 34 56 78 ou 3919)."), params={"value": value}
        ) from exc


PAYLOAD_FIELDS = [
    "name",
    "summary",
    "description",
    "audiences",
    "fee",
    "fee_details",
    "access_modes",
    "access_conditions",
    "languages",
    "is_remote",
    "phone",
    "email",
    "website",
    "hours",
    "hours_notes",
    "capacity",
    "available_places",
    "confidential_fields",
]


class ServiceForm(forms.ModelForm):
    """What an organisation proposes for one of its services; it becomes public once the coordinator approves it."""

    categories = forms.MultipleChoiceField(label=_("Types d'aide"), choices=Category.choices, widget=forms.CheckboxSelectMultiple)
    audiences = forms.MultipleChoiceField(label=_("Publics"), choices=Audience.choices, widget=forms.CheckboxSelectMultiple)
    access_modes = forms.MultipleChoiceField(label=_("Comment y accéder"), choices=AccessMode.choices, widget=forms.CheckboxSelectMultiple)
    languages = forms.MultipleChoiceField(
        label=_("Langues parlées"), choices=Language.choices, widget=forms.CheckboxSelectMultiple, initial=["fr"]
    )
    website = forms.URLField(label=_("Site ou tchat"), required=False, assume_scheme="https")
    hours = HoursField(label=_("Horaires"), required=False)
    confidential_fields = forms.MultipleChoiceField(
        label=_("Réservé aux professionnels connectés"),
        choices=SERVICE_CONFIDENTIAL_FIELDS,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    # The form in short sections a person can finish one after the other (the hours and the places have their own).
    SECTIONS = [
        ("service", _("Le service"), ["name", "summary", "description", "categories"]),
        ("public", _("Pour qui"), ["audiences", "languages", "fee", "fee_details"]),
        ("access", _("Comment y accéder"), ["access_modes", "access_conditions", "is_remote", "phone", "email", "website"]),
        ("hours", _("Horaires"), ["hours", "hours_notes"]),
        ("capacity", _("Places et informations réservées"), ["capacity", "available_places", "confidential_fields"]),
    ]

    class Meta:
        model = Service
        fields = PAYLOAD_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 4}), "access_conditions": forms.Textarea(attrs={"rows": 3})}

    def sections(self):
        return [{"key": key, "title": title, "fields": [self[name] for name in names]} for key, title, names in self.SECTIONS]

    def clean_phone(self):
        return clean_phone_value(self.cleaned_data.get("phone", ""))

    def payload(self):
        data = {name: self.cleaned_data.get(name) for name in PAYLOAD_FIELDS}
        data["categories"] = sorted(self.cleaned_data["categories"])
        return data


class LocationForm(forms.Form):
    place = forms.ModelChoiceField(label=_("Lieu"), queryset=Place.objects.none(), required=False)
    hours = FrenchHoursTextField(
        label=_("Horaires à ce lieu"),
        required=False,
        max_length=500,
        help_text=_(
            "Vide : les horaires du service. Sinon en toutes lettres, par exemple « 2e et 4e mardi 9h-12h, fermé les jours fériés »."
        ),
        validators=[single_line],
    )
    phone = forms.CharField(label=_("Téléphone à ce lieu"), required=False, max_length=20, validators=[single_line])
    notes = forms.CharField(label=_("Précisions"), required=False, max_length=250, validators=[single_line])

    def __init__(self, *args, places=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = places if places is not None else Place.objects.none()

    def clean_phone(self):
        return clean_phone_value(self.cleaned_data.get("phone", ""))


class BaseLocationFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            place = form.cleaned_data.get("place") if hasattr(form, "cleaned_data") else None
            if place is None:
                continue
            if place.pk in seen:
                raise forms.ValidationError(_("Un même lieu est indiqué deux fois."))
            seen.add(place.pk)

    def payload(self):
        return [
            {
                "place": f.cleaned_data["place"].pk,
                "hours": f.cleaned_data["hours"],
                "phone": f.cleaned_data["phone"],
                "notes": f.cleaned_data["notes"],
            }
            for f in self.forms
            if getattr(f, "cleaned_data", None) and f.cleaned_data.get("place")
        ]


LocationFormSet = forms.formset_factory(LocationForm, formset=BaseLocationFormSet, extra=2, max_num=20)


class PlaceForm(forms.ModelForm):
    confidential_fields = forms.MultipleChoiceField(
        label=_("Réservé aux professionnels connectés"),
        choices=PLACE_CONFIDENTIAL_FIELDS,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Place
        fields = [
            "name",
            "address",
            "address_extra",
            "postal_code",
            "commune",
            "latitude",
            "longitude",
            "phone",
            "accessibility",
            "access_notes",
            "confidential_fields",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = self.fields["commune"].queryset.order_by("name")


class ClosureForm(forms.ModelForm):
    class Meta:
        model = Closure
        fields = ["start_date", "end_date", "hours", "reason"]
        widgets = {"start_date": forms.DateInput(attrs={"type": "date"}), "end_date": forms.DateInput(attrs={"type": "date"})}
        help_texts = {
            "hours": _("Vide : fermé ces jours-là. Sinon les heures d'ouverture, par exemple « 10h-12h » ou « 9h-12h et 14h-16h ».")
        }

    def clean_hours(self):
        value = (self.cleaned_data.get("hours") or "").strip()
        if not value:
            return ""
        try:
            # Times as people write them (« 9h-12h et 14h-16h »), kept as the closure's ranges (« 09:00-12:00,14:00-16:00 »).
            text = hours_fr.parse_french(f"tous les jours {value}")
        except hours_fr.FrenchHoursError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return text.removeprefix("Mo-Su ")


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("Commentaire pour l'organisation"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[multi_line],
    )
