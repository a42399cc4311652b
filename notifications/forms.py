from django import forms
from django.utils.translation import gettext_lazy as _

from notifications.models import Delivery, Kind


class PreferencesForm(forms.Form):
    """One choice per kind of notification: e-mail at once, in the daily summary, or on the platform only."""

    def __init__(self, *args, current=None, **kwargs):
        super().__init__(*args, **kwargs)
        current = current or {}
        for kind in Kind:
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label,
                choices=Delivery.choices,
                initial=current.get(kind.value),
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Choisissez comment être prévenu·e pour « %(kind)s ».") % {"kind": kind.label},
                    "invalid_choice": _("Choix inconnu pour « %(kind)s » : choisissez l'une des trois façons proposées.")
                    % {"kind": kind.label},
                },
            )
