"""The choice of a territory and an indicator; an unknown one is named in French, never a server error."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from officialstats.models import Indicator, Level, ReferenceArea

DEFAULT_INDICATOR = "coups-et-blessures-volontaires-intrafamiliaux"


def territory_choices():
    from territory.models import Arrondissement, Commune, Epci

    choices = []
    arrondissements = [(f"arrondissement:{a.code}", f"Arrondissement de {a.name}") for a in Arrondissement.objects.order_by("code")]
    if arrondissements:
        choices.append((_("Arrondissements"), arrondissements))
    epcis = [(f"epci:{e.siren}", e.name) for e in Epci.objects.order_by("name")]
    if epcis:
        choices.append((_("Intercommunalités (EPCI)"), epcis))
    departements = sorted(set(Commune.objects.values_list("departement_id", flat=True)))
    areas = ReferenceArea.objects.filter(level=Level.DEPARTEMENT, code__in=departements)
    if areas:
        choices.append((_("Départements"), [(f"departement:{a.code}", a.name) for a in areas]))
    communes = [(f"commune:{c.insee_code}", c.name) for c in Commune.objects.order_by("name")]
    if communes:
        choices.append((_("Communes"), communes))
    return choices


def default_territory():
    return f"arrondissement:{settings.TERRITORY_ARRONDISSEMENT}"


def indicator_choices():
    return [(i.code, f"{i.label} ({i.unit})" if i.unit else i.label) for i in Indicator.objects.filter(is_local=False).order_by("label")]


class StatisticsForm(forms.Form):
    territoire = forms.ChoiceField(label=_("Territoire"), error_messages={"invalid_choice": _("Territoire inconnu : « %(value)s ».")})
    indicateur = forms.ChoiceField(
        label=_("Indicateur (SSMSI)"), error_messages={"invalid_choice": _("Indicateur inconnu : « %(value)s ».")}
    )

    def __init__(self, data=None, **kwargs):
        data = data.copy() if data is not None else {}
        indicators = indicator_choices()
        data.setdefault("territoire", default_territory())
        if indicators:
            codes = [code for code, _label in indicators]
            data.setdefault("indicateur", DEFAULT_INDICATOR if DEFAULT_INDICATOR in codes else codes[0])
        super().__init__(data, **kwargs)
        self.fields["territoire"].choices = territory_choices()
        self.fields["indicateur"].choices = indicators


class ReportForm(forms.Form):
    territoire = forms.ChoiceField(label=_("Territoire"), error_messages={"invalid_choice": _("Territoire inconnu : « %(value)s ».")})
    annee = forms.IntegerField(
        label=_("Année"),
        min_value=2000,
        error_messages={
            "invalid": _("Saisissez une année en chiffres, par exemple 2025."),
            "min_value": _("Année trop ancienne (2000 au plus tôt)."),
        },
    )
    edition = forms.ChoiceField(
        label=_("Édition"),
        choices=[("pro", _("professionnelle (nombres exacts, à ne pas diffuser)")), ("public", _("publique (secret statistique)"))],
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Édition inconnue : « %(value)s ».")},
    )

    def __init__(self, data=None, **kwargs):
        from django.utils import timezone

        super().__init__(data, **kwargs)
        self.fields["territoire"].choices = territory_choices()
        self.fields["territoire"].initial = default_territory()
        self.fields["annee"].initial = timezone.localdate().year - 1
        self.fields["annee"].max_value = timezone.localdate().year
        self.fields["annee"].validators.append(_not_after_this_year)
        self.fields["edition"].initial = "pro"


def _not_after_this_year(value):
    from django.utils import timezone

    if value > timezone.localdate().year:
        raise forms.ValidationError(_("Année à venir : le diagnostic porte sur une année commencée."))
