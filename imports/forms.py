from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from casework.models import Side
from imports.fields import IGNORE, fields_for
from imports.models import ImportKind
from imports.storage import UnreadableFile, sniff_format


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Que contient le tableur ?"),
        choices=ImportKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez ce que contient le tableur."), "invalid_choice": _("Choix inconnu.")},
    )
    team = forms.ChoiceField(
        label=_("Équipe qui suivra ces situations"),
        required=False,
        help_text=_("Seuls les membres de cette équipe (et ceux sans équipe) les verront."),
    )
    side = forms.ChoiceField(
        label=_("Ces dossiers accompagnent"),
        choices=Side.choices,
        initial=Side.VICTIM,
        required=False,
        error_messages={"invalid_choice": _("Choix inconnu.")},
    )
    file = forms.FileField(
        label=_("Fichier (CSV ou XLSX)"),
        help_text=_("Première ligne : les en-têtes des colonnes. Une feuille par fichier (la première est lue)."),
        error_messages={"required": _("Choisissez le fichier à importer."), "empty": _("Ce fichier est vide.")},
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.teams = {str(t.pk): t for t in organisation.teams.all()}
        self.fields["team"].choices = [("", _("— aucune : toute l'organisation —"))] + [(pk, t.name) for pk, t in self.teams.items()]
        self.fields["team"].error_messages["invalid_choice"] = _("Équipe inconnue : choisissez l'une des équipes de votre organisation.")
        if not self.teams:
            del self.fields["team"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        first = upload.read(8192)
        upload.seek(0)
        try:
            self.file_format = sniff_format(upload.name or "", first)
        except UnreadableFile as exc:
            raise forms.ValidationError(str(exc)) from exc
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(_("Fichier trop volumineux (%(mb)s Mo au plus).") % {"mb": settings.IMPORT_MAX_BYTES // 2**20})
        return upload

    def clean(self):
        data = super().clean()
        if data.get("kind") == ImportKind.CASEWORK and self.teams and not data.get("team"):
            # In an organisation with teams, situations of no team are read by all of them (its perpetrators' team too).
            self.add_error("team", _("Choisissez l'équipe qui suivra ces situations : votre organisation a plusieurs équipes."))
        return data

    @property
    def chosen_team(self):
        return self.teams.get(self.cleaned_data.get("team") or "")


class MappingForm(forms.Form):
    """One choice per column of the file: the field it holds, or « ignorer ». A field goes to one column at most."""

    def __init__(self, *args, job, initial_mapping, **kwargs):
        super().__init__(*args, **kwargs)
        from imports.storage import column_letter

        self.job = job
        self.targets = fields_for(job.kind)
        choices = [(IGNORE, _("— ignorer cette colonne —"))] + [(f.key, f.label) for f in self.targets]
        for index, header in enumerate(job.headers):
            label = _("Colonne %(letter)s : « %(header)s »") % {"letter": column_letter(index), "header": header or _("sans en-tête")}
            self.fields[f"col_{index}"] = forms.ChoiceField(
                label=label,
                choices=choices,
                required=False,
                initial=initial_mapping.get(str(index), IGNORE),
                error_messages={"invalid_choice": _("Champ inconnu : choisissez l'un des champs proposés, ou « ignorer ».")},
            )

    def clean(self):
        data = super().clean()
        labels = {f.key: f.label for f in self.targets}
        used = {}
        for name, value in list(data.items()):
            if not value:
                continue
            if value in used:
                self.add_error(
                    name,
                    _("« %(field)s » est déjà associé à une autre colonne (%(other)s).")
                    % {"field": labels[value], "other": self.fields[used[value]].label},
                )
            else:
                used[value] = name
        chosen = set(used)
        if self.job.kind == "casework":
            if not ({"victim_last_name", "victim_first_name"} <= chosen or {"perpetrator_last_name", "perpetrator_first_name"} <= chosen):
                raise forms.ValidationError(_("Associez au moins les colonnes du nom et du prénom de la victime (ou de l'auteur)."))
        elif self.job.kind == "actions":
            missing = {"title", "axis", "kind", "starts_on", "ends_on"} - chosen
            if missing:
                raise forms.ValidationError(_("Associez les colonnes de l'intitulé, de l'axe, du type, du début et de la fin de l'action."))
        elif "name" not in chosen:
            raise forms.ValidationError(_("Associez la colonne du nom du service."))
        return data

    def mapping(self):
        return {name.removeprefix("col_"): value or IGNORE for name, value in self.cleaned_data.items()}
