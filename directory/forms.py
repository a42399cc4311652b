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
