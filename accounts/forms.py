import threading

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _
from django_otp import match_token

from accounts.models import ORG_ADMIN_GRANTABLE_ROLES, Membership, Organisation, User
from territory.models import Commune


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(label=_("Adresse e-mail"), widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}))
    error_messages = {
        # The same message whether the email exists or not.
        "invalid_login": _("Adresse e-mail ou mot de passe incorrect. Après plusieurs échecs, le compte est temporairement bloqué."),
        "inactive": _("Adresse e-mail ou mot de passe incorrect. Après plusieurs échecs, le compte est temporairement bloqué."),
    }


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code de vérification"),
        help_text=_("Le code à 6 chiffres affiché par votre application d'authentification, ou un code de secours."),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        self.device = None
        super().__init__(*args, **kwargs)

    def clean_token(self):
        token = self.cleaned_data["token"].replace(" ", "")
        device = match_token(self.user, token)
        if device is None:
            # Shown after the field's label (« Code de vérification : incorrect ou expiré. … »): not repeated.
            raise forms.ValidationError(
                _("incorrect ou expiré. Saisissez le code affiché maintenant par l'application, ou un code de secours pas encore utilisé.")
            )
        self.device = device
        return token


class ConfirmTotpForm(forms.Form):
    token = forms.CharField(
        label=_("Code affiché par l'application"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, device, *args, **kwargs):
        self.device = device
        super().__init__(*args, **kwargs)

    def clean_token(self):
        token = self.cleaned_data["token"].strip()
        if not token.isdigit() or not self.device.verify_token(token):
            raise forms.ValidationError(_("Ce code ne correspond pas. Vérifiez l'heure de votre téléphone et saisissez le code actuel."))
        return token


class MemberForm(forms.Form):
    email = forms.EmailField(label=_("Adresse e-mail"))
    first_name = forms.CharField(label=_("Prénom"), max_length=150)
    last_name = forms.CharField(label=_("Nom"), max_length=150)
    role = forms.ChoiceField(label=_("Rôle"), choices=ORG_ADMIN_GRANTABLE_ROLES)

    def __init__(self, organisation, *args, **kwargs):
        self.organisation = organisation
        super().__init__(*args, **kwargs)

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        if Membership.objects.filter(organisation=self.organisation, user__email__iexact=email).exists():
            raise forms.ValidationError(_("Cette personne est déjà membre de l'organisation."))
        return email


class MembershipChangeForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["role", "team", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Her organisation's teams only; without teams, the field is not offered (nothing to choose).
        teams = self.instance.organisation.teams.all()
        if teams.exists():
            self.fields["team"].queryset = teams
            self.fields["team"].empty_label = _("— aucune : toutes les situations de l'organisation —")
        else:
            del self.fields["team"]
        # A network role given by the technical administration stays visible but cannot be given here.
        choices = list(ORG_ADMIN_GRANTABLE_ROLES)
        if self.instance.role not in dict(choices):
            choices.append((self.instance.role, self.instance.get_role_display()))
        self.fields["role"].choices = choices

    def clean_role(self):
        role = self.cleaned_data["role"]
        if role != self.instance.role and role not in dict(ORG_ADMIN_GRANTABLE_ROLES):
            raise forms.ValidationError(_("Ce rôle est attribué par l'administration technique du réseau."))
        return role


class OrganisationForm(forms.ModelForm):
    website = forms.URLField(label=_("Site internet"), required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = ["short_name", "siret", "email", "website", "communes"]
        widgets = {"communes": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["communes"].queryset = Commune.objects.select_related("epci").order_by("name")
        self.fields["communes"].help_text = _("Les communes où votre organisation intervient (pour le guide et l'orientation).")


class ResetForm(PasswordResetForm):
    """Also reaches invited members who never chose a password (their link may have expired), and sends
    outside the request: the answer takes the same time whether the email has an account or not."""

    def get_users(self, email):
        return User.objects.filter(email__iexact=email, is_active=True)

    def send_mail(self, *args, **kwargs):
        send = super().send_mail
        if settings.EMAIL_IN_BACKGROUND:
            threading.Thread(target=send, args=args, kwargs=kwargs, daemon=True).start()
        else:
            send(*args, **kwargs)


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("Nom du jeton"), max_length=100, help_text=_("Par exemple : logiciel métier de l'association."))


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name"]
