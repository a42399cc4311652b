"""The dashboard's filters: a period of whole years, a territory (commune, EPCI or arrondissement), an organisation, a
programme, and the dimensions an indicator is cut by. Every error is in French and names the filter."""

from django import forms
from django.utils.translation import gettext_lazy as _

from observatory import queries, sources
from observatory.indicators import DIMENSION_LABELS

TERRITORY_KINDS = {"commune": "Commune", "epci": "EPCI", "arrondissement": "Arrondissement"}


def territory_choices():
    from territory.models import Arrondissement, Commune, Epci

    arrondissements = list(Arrondissement.objects.filter(communes__isnull=False).distinct().values_list("code", "name"))
    epcis = list(Epci.objects.filter(communes__isnull=False).distinct().order_by("name").values_list("siren", "name"))
    communes = list(Commune.objects.order_by("name").values_list("insee_code", "name"))
    return [
        {"label": "Arrondissements", "options": [(f"arrondissement:{code}", name) for code, name in arrondissements]},
        {"label": "EPCI", "options": [(f"epci:{code}", name) for code, name in epcis]},
        {"label": "Communes", "options": [(f"commune:{code}", f"{name} ({code})") for code, name in communes]},
    ]


def resolve_territory(value):
    """("epci", "200017606") for "epci:200017606"; None for an unknown kind or code."""
    from territory.models import Arrondissement, Commune, Epci

    kind, _sep, code = (value or "").partition(":")
    model = {"commune": (Commune, "insee_code"), "epci": (Epci, "siren"), "arrondissement": (Arrondissement, "code")}.get(kind)
    if model is None or not code or len(code) > 12 or not model[0].objects.filter(**{model[1]: code}).exists():
        return None
    return kind, code


class FilterForm(forms.Form):
    year_from = forms.IntegerField(label=_("Depuis l'année"), required=False)
    year_to = forms.IntegerField(label=_("Jusqu'à l'année"), required=False)
    territory = forms.CharField(label=_("Territoire"), required=False, max_length=40)
    organisation = forms.IntegerField(label=_("Organisation"), required=False)
    programme = forms.ChoiceField(
        label=_("Programme"), required=False, choices=[("", "Tous les programmes"), *sources.CHOICE_LABELS["programme"].items()]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        default = queries.default_scope()
        self.fields["year_from"].widget.attrs.update({"min": queries.FIRST_YEAR, "max": queries.current_year()})
        self.fields["year_to"].widget.attrs.update({"min": queries.FIRST_YEAR, "max": queries.current_year()})
        self.fields["year_from"].initial = default.year_from
        self.fields["year_to"].initial = default.year_to
        for name in ("year_from", "year_to", "organisation"):
            self.fields[name].error_messages["invalid"] = (
                _("Saisissez une année en chiffres, par exemple 2024.") if name != "organisation" else _("Organisation inconnue.")
            )

    def organisation_choices(self):
        from accounts.models import Organisation

        return [
            ("", "Toutes les organisations"),
            *(
                (str(pk), str(short or name))
                for pk, name, short in Organisation.objects.filter(is_partner=True).values_list("pk", "name", "short_name")
            ),
        ]

    def clean_year_from(self):
        return self._year("year_from")

    def clean_year_to(self):
        return self._year("year_to")

    def _year(self, name):
        year = self.cleaned_data.get(name)
        if year is not None and not queries.year_is_valid(year):
            raise forms.ValidationError(
                _("Année impossible : choisissez une année entre %(first)s et %(last)s.")
                % {"first": queries.FIRST_YEAR, "last": queries.current_year()}
            )
        return year

    def clean_territory(self):
        value = self.cleaned_data.get("territory", "")
        if not value:
            return None
        resolved = resolve_territory(value)
        if resolved is None:
            raise forms.ValidationError(
                _("Territoire inconnu : « %(value)s ». Choisissez une commune, un EPCI ou un arrondissement de la liste.")
                % {"value": value[:40]}
            )
        return resolved

    def clean_organisation(self):
        from accounts.models import Organisation

        pk = self.cleaned_data.get("organisation")
        if pk is not None and (not 0 < pk < 2**31 or not Organisation.objects.filter(pk=pk).exists()):
            raise forms.ValidationError(_("Organisation inconnue."))
        return pk

    def clean(self):
        data = super().clean()
        first, last = data.get("year_from"), data.get("year_to")
        if first is not None and last is not None and first > last:
            self.add_error(
                "year_to",
                _("La période est impossible : l'année de fin (%(last)s) précède l'année de début (%(first)s).")
                % {"first": first, "last": last},
            )
        return data

    def scope(self):
        """The filters as a Scope (defaults where a filter is absent or wrong)."""
        default = queries.default_scope()
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        first = data.get("year_from") or default.year_from
        last = data.get("year_to") or max(first, default.year_to)
        territory = data.get("territory")
        where = {territory[0]: territory[1]} if territory else {}
        return sources.Scope(first, last, organisation=data.get("organisation"), programme=data.get("programme") or None, **where)

    def errors_named(self):
        """[(label, message)] for the page's error summary."""
        return [
            (self.fields[name].label if name in self.fields else "", message)
            for name, messages in self.errors.items()
            for message in messages
        ]


def parse_dims(value, indicator):
    """The dimensions asked (comma-separated codes), checked against the indicator's; (dims, error)."""
    if not value:
        return (["year"] if "year" in indicator.dimensions else list(indicator.dimensions[:1])), None
    dims = [d.strip() for d in value.split(",") if d.strip()][:3]
    unknown = [d for d in dims if d not in indicator.dimensions]
    if unknown or len(set(dims)) != len(dims):
        allowed = ", ".join(f"{d} ({DIMENSION_LABELS[d]})" for d in indicator.dimensions)
        return (
            None,
            f"Dimension inconnue ou répétée pour cet indicateur : « {', '.join(unknown) or value[:40]} ». Dimensions possibles : {allowed}.",
        )
    return dims, None
