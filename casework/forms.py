"""Forms of the shared follow-up: validation in French, every error names its field."""

import phonenumbers
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.models import Membership, Organisation, Role, Team, User
from casework.access import organisation_linked_in
from casework.actions import exit_conflict
from casework.crypto import normalise_name
from casework.models import (
    EXIT_HEARING_OUTCOMES,
    HEARING_NOT_HELD,
    MEASURE_KINDS,
    ConsentMethod,
    DangerLevel,
    Employment,
    Enrolment,
    Event,
    EventKind,
    HearingOutcome,
    Housing,
    HousingPlace,
    LegalBasis,
    Outcome,
    Person,
    PersonRole,
    Programme,
    ProgrammeCode,
    Relationship,
    ShareItem,
    Side,
    Status,
)
from casework.risk import ANSWERS
from directory.models import Service
from territory.models import Commune

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _not_future(value, label):
    if value and value > timezone.localdate():
        raise forms.ValidationError(_("La date ne peut pas être dans le futur."), code="future")
    return value


class CommuneField(forms.CharField):
    """A commune by its INSEE code (5 characters, Corsica included) or by its name."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 100)
        kwargs.setdefault("label", _("Commune de résidence"))
        kwargs.setdefault("help_text", _("Nom de la commune, ou son code INSEE (par exemple 59606 pour Valenciennes)."))
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        value = value.strip()
        commune = Commune.objects.filter(insee_code=value.upper()).first() if len(value) == 5 else None
        if commune is None:
            # By name, whatever the case, the accents and the hyphens (« saint amand les eaux »).
            wanted = normalise_name(value)
            named = [c for c in Commune.objects.only("insee_code", "name") if normalise_name(c.name) == wanted]
            if len(named) == 1:
                commune = named[0]
            elif len(named) > 1:
                raise forms.ValidationError(
                    _("Plusieurs communes s'appellent « %(name)s » : indiquez son code INSEE (%(codes)s)."),
                    params={"name": value, "codes": ", ".join(c.insee_code for c in named)},
                    code="ambiguous_commune",
                )
        if commune is None:
            raise forms.ValidationError(
                _("Commune inconnue : « %(code)s ». Indiquez son nom ou son code INSEE."), params={"code": value}, code="unknown_commune"
            )
        return commune


class SituationForm(forms.Form):
    side = forms.ChoiceField(label=_("Votre organisation accompagne"), choices=Side.choices)
    opened_on = forms.DateField(label=_("Date d'ouverture"), widget=DATE_WIDGET)
    commune = CommuneField(required=False)
    relationship = forms.ChoiceField(label=_("Lien entre victime et auteur"), choices=[("", "—"), *Relationship.choices], required=False)
    children_count = forms.IntegerField(label=_("Nombre d'enfants"), min_value=0, max_value=20, initial=0)
    notes = forms.CharField(label=_("Notes (chiffrées)"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def clean_opened_on(self):
        return _not_future(self.cleaned_data.get("opened_on"), "opened_on")


class SituationEditForm(SituationForm):
    status = forms.ChoiceField(label=_("Statut"), choices=Status.choices)
    closed_on = forms.DateField(label=_("Date de clôture"), widget=DATE_WIDGET, required=False)
    referent = forms.ModelChoiceField(
        label=_("Référent·e de la situation"), queryset=User.objects.none(), required=False, empty_label=_("— personne —")
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    field_order = ["status", "closed_on", "referent", "side", "opened_on", "commune", "relationship", "children_count", "notes"]

    def __init__(self, *args, situation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.situation = situation
        if situation is not None:
            self.fields["referent"].queryset = referent_choices(situation)
            self.fields["referent"].label_from_instance = lambda user: user.get_full_name() or user.email

    def clean(self):
        data = super().clean()
        if self.situation is not None and data.get("side") == Side.PERPETRATOR and self.situation.side != Side.PERPETRATOR:
            # An organisation that accompanies the perpetrator never holds the victim's or children's contacts.
            protected = self.situation.people.filter(role__in=[PersonRole.VICTIM, PersonRole.CHILD])
            if any(p.address or p.phone or p.email or p.safe_hours or p.via_third_party for p in protected):
                self.add_error(
                    "side",
                    _(
                        "Cette situation contient les coordonnées d'une victime ou d'un enfant : une organisation qui "
                        "accompagne l'auteur ne peut pas les détenir. Effacez-les d'abord de la fiche de chaque personne."
                    ),
                )
        opened, closed = data.get("opened_on"), data.get("closed_on")
        if opened and closed and closed < opened:
            self.add_error("closed_on", _("La date de clôture ne peut pas précéder la date d'ouverture."))
        if closed and closed > timezone.localdate():
            self.add_error("closed_on", _("La date ne peut pas être dans le futur."))
        return data


def referent_choices(situation):
    """The practitioners and admins of the organisation that follows the situation who may open it (its team's, or
    those without a team)."""
    members = Membership.objects.active().filter(organisation_id=situation.organisation_id, role__in=[Role.PRACTITIONER, Role.ORG_ADMIN])
    if situation.team_id is not None:
        members = members.filter(Q(team__isnull=True) | Q(team_id=situation.team_id))
    return User.objects.filter(pk__in=members.values("user_id")).order_by("last_name", "first_name", "email")


def initial_for_situation(situation):
    return {
        "referent": situation.referent_id,
        "side": situation.side,
        "opened_on": situation.opened_on,
        "commune": situation.commune_id or "",
        "relationship": situation.relationship,
        "children_count": situation.children_count,
        "notes": situation.notes,
        "status": situation.status,
        "closed_on": situation.closed_on,
        "version": situation.version,
    }


PERSON_IDENTITY = ["role", "first_name", "last_name", "birth_date", "sex"]
PERSON_CONTACT = ["address", "phone", "email", "phone_ok", "voicemail_ok", "safe_hours", "via_third_party"]


class PersonForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Person
        fields = [*PERSON_IDENTITY, *PERSON_CONTACT, "notes"]
        widgets = {"birth_date": DATE_WIDGET, "notes": forms.Textarea(attrs={"rows": 3}), "address": forms.Textarea(attrs={"rows": 2})}
        labels = {"phone_ok": _("Appel téléphonique possible sans risque"), "voicemail_ok": _("Message vocal possible sans risque")}
        help_texts = {"safe_hours": _("Par exemple : en semaine entre 9 h et 11 h, jamais le week-end.")}

    def __init__(self, *args, hide_contact=False, perpetrator_side=False, **kwargs):
        super().__init__(*args, **kwargs)
        # Set when the organisation accompanies the perpetrator: it may not record a victim's or a child's contacts,
        # even where the role is chosen in the same form (creation page, API) and the fields cannot be hidden.
        self.perpetrator_side = perpetrator_side
        self.fields["first_name"].widget = forms.TextInput()
        self.fields["last_name"].widget = forms.TextInput()
        self.fields["safe_hours"].widget = forms.TextInput()
        self.fields["via_third_party"].widget = forms.TextInput()
        self.fields["phone"].widget = forms.TextInput(attrs={"type": "tel", "autocomplete": "off"})
        self.fields["email"].widget = forms.EmailInput(attrs={"autocomplete": "off"})
        self.fields["email"].validators.append(forms.EmailField().validators[0])
        if hide_contact:
            # A perpetrator's organisation never records nor reads the victim's contacts.
            for name in PERSON_CONTACT:
                self.fields.pop(name)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean_birth_date(self):
        value = self.cleaned_data.get("birth_date")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("La date de naissance ne peut pas être dans le futur."), code="future")
        if value and value.year < 1900:
            raise forms.ValidationError(_("Date de naissance invraisemblable."), code="too_old")
        return value

    def clean_phone(self):
        value = (self.cleaned_data.get("phone") or "").strip()
        if not value:
            return ""
        try:
            number = phonenumbers.parse(value, "FR")
        except phonenumbers.NumberParseException:
            number = None
        if number is None or not phonenumbers.is_valid_number(number):
            raise forms.ValidationError(_("Numéro de téléphone invalide."), code="invalid_phone")
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)

    def clean(self):
        data = super().clean()
        if data.get("voicemail_ok") and not data.get("phone_ok"):
            self.add_error("voicemail_ok", _("Un message vocal suppose que l'appel soit sans risque."))
        if self.perpetrator_side and data.get("role") in (PersonRole.VICTIM, PersonRole.CHILD):
            for name in PERSON_CONTACT:
                if name in self.fields and data.get(name):
                    self.add_error(
                        name,
                        _(
                            "Votre organisation accompagne l'auteur : elle n'enregistre ni les coordonnées ni les consignes "
                            "de contact de la victime ou des enfants. Laissez ce champ vide."
                        ),
                    )
        return data


class NewSituationForm(SituationForm):
    """The situation and its first person, in one page."""


class EventForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = ["kind", "date", "end_date", "person", "hearing_outcome", "housing_place", "notes"]
        widgets = {"date": DATE_WIDGET, "end_date": DATE_WIDGET, "notes": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "end_date": _(
                "Obligatoire pour une mesure (ordonnance de protection, TGD, bracelet, éviction, hébergement, contrôle judiciaire) : "
                "c'est elle qui fait signaler l'échéance."
            )
        }

    def __init__(self, *args, situation, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.situation = situation
        person = self.fields["person"]
        person.queryset = Person.objects.filter(pk__in=[p.pk for p in people])
        person.label_from_instance = lambda p: f"{p.full_name} ({p.get_role_display()})" if p.full_name else p.get_role_display()
        # The widget lists the people the page has already read (the queryset still validates what is posted):
        # otherwise each use of the choices reads and decrypts them again.
        person.widget.choices = [("", person.empty_label), *((p.pk, person.label_from_instance(p)) for p in people)]
        places = self.fields["housing_place"]
        places.queryset = HousingPlace.objects.all()
        places.widget.choices = list(places.choices)  # read once, not at each use by the widget
        self.fields["hearing_outcome"].choices = HearingOutcome.choices

    def clean_date(self):
        value = self.cleaned_data.get("date")
        if value and value > timezone.localdate() + timezone.timedelta(days=366):
            raise forms.ValidationError(_("Date trop lointaine."), code="too_far")
        return value

    def clean(self):
        data = super().clean()
        start, end, kind = data.get("date"), data.get("end_date"), data.get("kind")
        if start and end and end < start:
            self.add_error("end_date", _("La date de fin ne peut pas précéder la date de début."))
        if kind in MEASURE_KINDS and not end and "end_date" not in self.errors:
            # Without an end date a measure never shows as expiring on the caseload.
            self.add_error(
                "end_date",
                _(
                    "Obligatoire pour une mesure (%(kind)s) : indiquez la date de fin prévue, sans quoi son échéance ne sera jamais signalée."
                )
                % {"kind": EventKind(kind).label},
            )
        if kind == EventKind.HEARING and not data.get("hearing_outcome") and start and start <= timezone.localdate():
            self.add_error("hearing_outcome", _("Indiquez l'issue de l'audience."))
        if kind != EventKind.HEARING and data.get("hearing_outcome"):
            self.add_error("hearing_outcome", _("L'issue ne s'indique que pour une audience."))
        place = data.get("housing_place")
        if place is not None and kind != EventKind.HOUSING:
            self.add_error("housing_place", _("Un lieu d'hébergement ne s'indique que pour un hébergement."))
        if place is not None and kind == EventKind.HOUSING and start and end and end >= start:
            if (end - start).days > place.max_days:
                self.add_error("end_date", _("Ce lieu accueille %(days)s jours au plus.") % {"days": place.max_days})
            # Every day of the stay, not its first only: a stay that starts on a free day may run into one already full.
            full = place.first_full_day(start, end, exclude=self.instance.pk)
            if full is not None:
                self.add_error(
                    "housing_place",
                    _(
                        "Lieu complet le %(day)s (capacité : %(places)s), pendant le séjour demandé du %(start)s au %(end)s. "
                        "Choisissez d'autres dates ou un autre lieu."
                    )
                    % {
                        "day": full.strftime("%d/%m/%Y"),
                        "places": ngettext("%(n)s place", "%(n)s places", place.capacity) % {"n": place.capacity},
                        "start": start.strftime("%d/%m/%Y"),
                        "end": end.strftime("%d/%m/%Y"),
                    },
                )
        return data


class AssessmentForm(forms.Form):
    assessed_on = forms.DateField(label=_("Date de l'évaluation"), widget=DATE_WIDGET)
    raise_to = forms.ChoiceField(
        label=_("Jugement professionnel : relever le niveau à"),
        choices=[
            ("", _("— niveau calculé —")),
            (DangerLevel.ELEVATED, DangerLevel.ELEVATED.label),
            (DangerLevel.HIGH, DangerLevel.HIGH.label),
        ],
        required=False,
    )
    raised_reason = forms.CharField(label=_("Motif du relèvement"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for q in questions:
            self.fields[f"q_{q.code}"] = forms.ChoiceField(
                label=q.text,
                choices=ANSWERS,
                widget=forms.RadioSelect,
                error_messages={"required": _("Répondez « oui », « non » ou « ne sait pas »."), "invalid_choice": _("Réponse inconnue.")},
            )
            self.fields[f"q_{q.code}"].question = q
        self.order_fields([f"q_{q.code}" for q in questions] + ["assessed_on", "raise_to", "raised_reason"])

    def clean_assessed_on(self):
        value = self.cleaned_data.get("assessed_on")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("La date ne peut pas être dans le futur."), code="future")
        return value

    def clean(self):
        data = super().clean()
        if data.get("raise_to") and not (data.get("raised_reason") or "").strip():
            self.add_error("raised_reason", _("Motivez le relèvement du niveau."))
        return data

    def question_fields(self):
        return [self[f"q_{q.code}"] for q in self.questions]

    def other_fields(self):
        return [self[name] for name in ("assessed_on", "raise_to", "raised_reason")]

    def answers(self):
        return {q.code: self.cleaned_data.get(f"q_{q.code}") for q in self.questions}


class ServiceSelect(forms.Select):
    """The guide's services, each option telling its organisation (data-organisation): the page narrows the list to the
    chosen receiver as she chooses it (casework/referral.js); the form checks it anyway."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-organisation"] = str(instance.organisation_id)
        return option


class ReferralForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Personne orientée"), queryset=Person.objects.none())
    receiver = forms.ModelChoiceField(label=_("Organisation destinataire"), queryset=Organisation.objects.none())
    service = forms.ModelChoiceField(
        label=_("Service du guide (facultatif)"), queryset=Service.objects.none(), required=False, widget=ServiceSelect
    )
    reason = forms.CharField(label=_("Motif de l'orientation"), widget=forms.Textarea(attrs={"rows": 3}))
    legal_basis = forms.ChoiceField(label=_("Base du partage"), choices=LegalBasis.choices)
    items = forms.MultipleChoiceField(
        label=_("Informations que la personne accepte de partager"),
        choices=ShareItem.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    given_on = forms.DateField(label=_("Date du consentement"), widget=DATE_WIDGET)
    method = forms.ChoiceField(label=_("Consentement recueilli"), choices=ConsentMethod.choices)

    def __init__(self, *args, situation, people, membership, perpetrator_side=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.situation = situation
        self.perpetrator_side = perpetrator_side
        self.fields["person"].queryset = Person.objects.filter(pk__in=[p.pk for p in people])
        self.fields["person"].label_from_instance = lambda p: f"{p.full_name} ({p.get_role_display()})"
        self.fields["receiver"].queryset = Organisation.objects.partners().exclude(pk=membership.organisation_id)
        self.fields["service"].queryset = (
            Service.objects.published()
            .exclude(organisation_id=membership.organisation_id)
            .select_related("organisation")
            .order_by("organisation__name", "name")
        )
        self.fields["service"].label_from_instance = lambda s: f"{s.organisation} — {s.name}"

    def clean_given_on(self):
        value = self.cleaned_data.get("given_on")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("La date ne peut pas être dans le futur."), code="future")
        return value

    def clean(self):
        data = super().clean()
        basis, method, items = data.get("legal_basis"), data.get("method"), data.get("items") or []
        if not items:
            self.add_error(
                "items",
                _(
                    "Une orientation exige un consentement ou une base légale précisant ce qui est partagé : cochez au moins une information."
                ),
            )
        if basis == LegalBasis.CONSENT and method == ConsentMethod.NOT_APPLICABLE:
            self.add_error("method", _("Indiquez comment le consentement a été recueilli."))
        service, receiver = data.get("service"), data.get("receiver")
        if service is not None and receiver is not None and service.organisation_id != receiver.pk:
            self.add_error("service", _("Ce service n'appartient pas à l'organisation destinataire."))
        person = data.get("person")
        if (
            person is not None
            and self.perpetrator_side
            and person.role in (PersonRole.VICTIM, PersonRole.CHILD)
            and ShareItem.CONTACT in items
        ):
            self.add_error("items", _("Les coordonnées de la victime ne peuvent pas être partagées par l'organisation qui suit l'auteur."))
        elif (
            person is not None
            and receiver is not None
            and person.role in (PersonRole.VICTIM, PersonRole.CHILD)
            and ShareItem.CONTACT in items
            and self.situation.pk in organisation_linked_in(receiver.pk, [self.situation.pk])
        ):
            self.add_error(
                "items",
                _(
                    "%(org)s accompagne l'auteur des violences : les coordonnées de la victime et des enfants ne peuvent pas lui être "
                    "transmises. Décochez « Coordonnées »."
                )
                % {"org": receiver},
            )
        return data


class AnswerForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Réponse"), choices=[("accept", _("Accepter")), ("refuse", _("Refuser"))], widget=forms.RadioSelect
    )
    refusal_reason = forms.CharField(label=_("Motif du refus"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def clean(self):
        data = super().clean()
        if data.get("decision") == "refuse" and not (data.get("refusal_reason") or "").strip():
            self.add_error("refusal_reason", _("Indiquez le motif du refus."))
        return data


class FirstContactForm(forms.Form):
    first_contact_on = forms.DateField(label=_("Date du premier contact"), widget=DATE_WIDGET)

    def __init__(self, *args, sent_on=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.sent_on = sent_on

    def clean_first_contact_on(self):
        value = self.cleaned_data.get("first_contact_on")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("La date ne peut pas être dans le futur."), code="future")
        if value and self.sent_on and value < self.sent_on:
            raise forms.ValidationError(_("Le premier contact ne peut pas précéder l'envoi de l'orientation."), code="before_sent")
        return value


class WithdrawConsentForm(forms.Form):
    withdrawn_on = forms.DateField(label=_("Date du retrait du consentement"), widget=DATE_WIDGET)
    confirm = forms.BooleanField(
        label=_(
            "Je confirme que la personne a retiré son consentement : l'organisation destinataire ne verra plus rien "
            "de ce qui avait été partagé."
        ),
        error_messages={"required": _("Cochez cette case pour confirmer le retrait du consentement.")},
    )

    def __init__(self, *args, consent, **kwargs):
        super().__init__(*args, **kwargs)
        self.consent = consent

    def clean_withdrawn_on(self):
        value = self.cleaned_data.get("withdrawn_on")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("La date ne peut pas être dans le futur."), code="future")
        if value and value < self.consent.given_on:
            raise forms.ValidationError(_("Le retrait ne peut pas précéder la date du consentement."), code="before_given")
        return value


class EnrolmentForm(forms.Form):
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.all())
    person = forms.ModelChoiceField(label=_("Personne"), queryset=Person.objects.none())
    entered_on = forms.DateField(label=_("Date d'entrée"), widget=DATE_WIDGET)
    employment_at_entry = forms.ChoiceField(label=_("Emploi à l'entrée"), choices=Employment.choices)
    housing_at_entry = forms.ChoiceField(label=_("Logement à l'entrée"), choices=Housing.choices)
    care_at_entry = forms.BooleanField(label=_("Engagé dans un soin à l'entrée"), required=False)
    has_children = forms.BooleanField(label=_("A des enfants"), required=False)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(pk__in=[p.pk for p in people])
        self.fields["person"].label_from_instance = lambda p: f"{p.full_name} ({p.get_role_display()})"

    def clean_entered_on(self):
        value = self.cleaned_data.get("entered_on")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("La date ne peut pas être dans le futur."), code="future")
        return value


class ExitForm(forms.Form):
    """Exit from a programme: the same indicators as at entry (employment or training, housing, care, children), the
    outcome, and for the perpetrators' pathway the hearing's outcome (required: « not held yet » is an answer)."""

    exited_on = forms.DateField(label=_("Date de sortie"), widget=DATE_WIDGET)
    outcome = forms.ChoiceField(label=_("Issue"), choices=Outcome.choices)
    employment_at_exit = forms.ChoiceField(label=_("Emploi à la sortie"), choices=Employment.choices)
    housing_at_exit = forms.ChoiceField(label=_("Logement à la sortie"), choices=Housing.choices)
    care_at_exit = forms.BooleanField(label=_("Engagé dans un soin à la sortie"), required=False)
    has_children_at_exit = forms.BooleanField(label=_("A des enfants à la sortie"), required=False)
    hearing_outcome = forms.ChoiceField(
        label=_("Issue de l'audience correctionnelle"),
        choices=EXIT_HEARING_OUTCOMES,
        error_messages={
            "required": _(
                "Obligatoire pour le parcours auteurs : indiquez l'issue, ou « Audience pas encore tenue » si elle n'a pas eu lieu."
            )
        },
    )
    hearing_positive = forms.BooleanField(label=_("Sortie assimilée positive lors de l'audience"), required=False)

    HEARING_FIELDS = ("hearing_outcome", "hearing_positive")

    def __init__(self, *args, enrolment, **kwargs):
        super().__init__(*args, **kwargs)
        self.enrolment = enrolment
        self.fields["has_children_at_exit"].initial = enrolment.has_children
        # The hearing is that of the perpetrators' pathway: the other programmes (AIR) neither show nor record it.
        self.with_hearing = enrolment.programme.code == ProgrammeCode.PERPETRATORS
        if not self.with_hearing:
            for name in self.HEARING_FIELDS:
                del self.fields[name]

    def clean_exited_on(self):
        value = self.cleaned_data.get("exited_on")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("La date ne peut pas être dans le futur."), code="future")
        if value and value < self.enrolment.entered_on:
            raise forms.ValidationError(_("La date de sortie ne peut pas précéder la date d'entrée."), code="before_entry")
        return value

    def clean(self):
        data = super().clean()
        # Recorded meanwhile by someone else (read again: the page was opened before): refused, the input stays in the form.
        current = Enrolment.objects.filter(pk=self.enrolment.pk).first()
        conflict = exit_conflict(current) if current is not None else None
        if conflict is not None:
            self.add_error("exited_on", str(conflict))
        if self.with_hearing:
            if data.get("hearing_outcome") == HEARING_NOT_HELD and data.get("hearing_positive"):
                self.add_error(
                    "hearing_positive", _("L'audience n'a pas encore eu lieu : la sortie ne peut pas y avoir été assimilée positive.")
                )
            elif data.get("hearing_outcome") == HEARING_NOT_HELD:
                data["hearing_positive"] = None  # not known yet, not « negative »
        else:
            posted = [name for name in self.HEARING_FIELDS if self.data.get(name)]
            if posted:
                self.add_error(
                    None,
                    _("Issue de l'audience : ne s'indique que pour le parcours auteurs de violences conjugales, pas pour « %(p)s ».")
                    % {"p": self.enrolment.programme},
                )
            # Nothing about a hearing for these programmes: not « negative at the hearing » in the figures.
            data.update(hearing_outcome="", hearing_positive=None)
        return data


class CaseloadFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Nom"),
        required=False,
        max_length=200,
        help_text=_("Majuscules, accents, traits d'union et variantes d'orthographe courantes sont pardonnés (Dupond, Dupont)."),
    )
    mine = forms.BooleanField(label=_("Mes situations (dont je suis référent·e)"), required=False)
    status = forms.ChoiceField(label=_("Statut"), choices=[("", _("Tous")), *Status.choices], required=False)
    level = forms.ChoiceField(
        label=_("Niveau de danger"), choices=[("", _("Tous")), *[c for c in DangerLevel.choices if c[0]]], required=False
    )
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.all(), required=False, empty_label=_("Tous"))
    commune = CommuneField(label=_("Commune (nom ou code INSEE)"), required=False, help_text="")
    expiring = forms.BooleanField(label=_("Mesure expirant sous 15 jours"), required=False)


class DeclareLinkForm(forms.Form):
    """The victim's organisation declares which partner accompanies the perpetrator (when no referral or file says it)."""

    organisation = forms.ModelChoiceField(label=_("Organisation qui accompagne l'auteur"), queryset=Organisation.objects.none())
    team = forms.ModelChoiceField(
        label=_("Équipe (facultatif)"),
        queryset=Team.objects.none(),
        required=False,
        help_text=_("Sans équipe : toute l'organisation, ou son équipe qui accompagne les auteurs si elle en a une."),
    )

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.partners()
        self.fields["team"].queryset = Team.objects.select_related("organisation")

    def clean(self):
        data = super().clean()
        team, organisation = data.get("team"), data.get("organisation")
        if team is not None and organisation is not None and team.organisation_id != organisation.pk:
            self.add_error("team", _("Cette équipe n'appartient pas à l'organisation choisie."))
        return data


class CommitteeShareForm(forms.Form):
    until = forms.DateField(label=_("Partagé jusqu'au"), widget=DATE_WIDGET)
    reason = forms.CharField(label=_("Motif"), required=False)

    def clean_until(self):
        value = self.cleaned_data.get("until")
        if value and value < timezone.localdate():
            raise forms.ValidationError(_("La date doit être aujourd'hui ou plus tard."), code="past")
        return value
