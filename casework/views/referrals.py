"""Referrals: the form, the inbox and the outbox, a referral's page and the answers on it (accept or refuse, first
contact, withdrawal of the consent)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.journal import record
from audit.models import Action
from casework import access, actions, links
from casework.forms import AnswerForm, FirstContactForm, ReferralForm, WithdrawConsentForm
from casework.models import Referral, ReferralStatus
from casework.queries import people_of
from casework.views.common import PAGE_SIZE, membership_or_404, require_nominative


def referral_create(request, pk):
    membership = membership_or_404(request)
    situation, situation_access = access.get_situation_or_404(membership, pk)
    if not situation_access.can_refer:
        raise PermissionDenied
    people = people_of(situation)
    form = ReferralForm(
        request.POST or None,
        situation=situation,
        people=people,
        membership=membership,
        perpetrator_side=situation_access.perpetrator_side,
        initial={"given_on": timezone.localdate(), "person": request.GET.get("person")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        referral = actions.create_referral(
            membership=membership,
            situation=situation,
            person=data["person"],
            receiver=data["receiver"],
            service=data.get("service"),
            reason=data["reason"],
            consent_data={
                "legal_basis": data["legal_basis"],
                "items": list(data["items"]),
                "given_on": data["given_on"],
                "method": data["method"],
            },
            request=request,
        )
        messages.success(request, _("Orientation %(ref)s envoyée à %(org)s.") % {"ref": referral.reference, "org": referral.receiver})
        return redirect("casework:situation_detail", pk=situation.pk)
    record(
        Action.VIEW, membership=membership, target=situation, request=request, detail={"form": "referral", "people": [p.pk for p in people]}
    )
    return render(
        request,
        "casework/referral_form.html",
        {"form": form, "situation": situation, "linked_organisations": links.organisations_accompanying(situation)},
    )


def _referral_list(request, box):
    membership = membership_or_404(request)
    require_nominative(membership)
    referrals = access.referrals_received(membership) if box == "inbox" else access.referrals_sent(membership)
    status = request.GET.get("status", "")
    if status in ReferralStatus.values:
        referrals = referrals.filter(status=status)
    referrals = (
        referrals.select_related("sender", "receiver", "person", "consent", "sent_by", "situation")
        .only(
            *[f.name for f in Referral._meta.concrete_fields if f.name not in ("reason", "refusal_reason")],
            *[f"person__{name}" for name in access.SUMMARY_FIELDS],
            "consent__items",
            "consent__withdrawn_on",
            "situation__id",
            "situation__side",
            "situation__anonymised_at",
            "sender__name",
            "sender__short_name",
            "receiver__name",
            "receiver__short_name",
            "sent_by__email",
            "sent_by__first_name",
            "sent_by__last_name",
        )
        .order_by("-sent_at", "-pk")
    )
    page = Paginator(referrals, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = []
    for referral in page.object_list:
        referral_access = access.ReferralAccess(referral, membership, box == "inbox", box == "outbox")
        rows.append({"referral": referral, "person": referral_access.person_view(contacts=False).person_summary(referral.person)})
    record(
        Action.VIEW,
        membership=membership,
        target_type="casework.Referral",
        target_id=box,
        request=request,
        detail={"referrals": [r["referral"].pk for r in rows]},
    )
    return render(
        request, "casework/referrals.html", {"box": box, "page": page, "rows": rows, "status": status, "statuses": ReferralStatus.choices}
    )


def inbox(request):
    return _referral_list(request, "inbox")


def outbox(request):
    return _referral_list(request, "outbox")


def _referral_page(request, referral, referral_access, status=200, **forms):
    """The referral's page, also when a form on it is sent back with its errors: every rendering shows the referred
    person, so every rendering is journaled."""
    record(Action.VIEW, membership=referral_access.membership, target=referral, request=request)
    view = referral_access.person_view()
    context = {
        "referral": referral,
        "ra": referral_access,
        "person": view.person_view(referral.person),
        "reason": referral_access.reason(),
        "household": referral_access.household(),
        "answer_form": None,
        "contact_form": None,
        "withdraw_form": None,
    }
    context.update(forms)
    return render(request, "casework/referral_detail.html", context, status=status)


def referral_detail(request, pk):
    membership = membership_or_404(request)
    referral, referral_access = access.get_referral_or_404(membership, pk)
    return _referral_page(
        request,
        referral,
        referral_access,
        answer_form=AnswerForm() if referral_access.can_answer else None,
        contact_form=FirstContactForm() if referral_access.can_record_first_contact else None,
        withdraw_form=(
            WithdrawConsentForm(consent=referral.consent, initial={"withdrawn_on": timezone.localdate()})
            if referral_access.can_withdraw_consent
            else None
        ),
    )


@require_POST
def referral_answer(request, pk):
    membership = membership_or_404(request)
    referral, referral_access = access.get_referral_or_404(membership, pk)
    conflict = actions.answer_conflict(referral) if referral_access.is_receiver else None
    if conflict is not None:  # answered meanwhile by a colleague, or the consent withdrawn: say why, as the API does
        messages.error(request, str(conflict))
        return _referral_page(request, referral, referral_access, status=409)
    if not referral_access.can_answer:
        raise PermissionDenied
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            actions.answer_referral(
                membership=membership,
                referral=referral,
                accept=form.cleaned_data["decision"] == "accept",
                refusal_reason=form.cleaned_data["refusal_reason"],
                request=request,
            )
        except ValueError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Réponse enregistrée."))
        return redirect("casework:referral_detail", pk=referral.pk)
    return _referral_page(request, referral, referral_access, status=422, answer_form=form)


@require_POST
def referral_first_contact(request, pk):
    membership = membership_or_404(request)
    referral, referral_access = access.get_referral_or_404(membership, pk)
    if not referral_access.may_record_first_contact:
        raise PermissionDenied
    form = FirstContactForm(request.POST, sent_on=timezone.localtime(referral.sent_at).date())
    if form.is_valid():
        try:
            actions.record_first_contact(
                membership=membership, referral=referral, day=form.cleaned_data["first_contact_on"], request=request
            )
        except actions.Conflict as exc:
            form.add_error(exc.field, str(exc))
            return _referral_page(request, referral, referral_access, status=409, contact_form=form)
        messages.success(request, _("Date du premier contact enregistrée."))
        return redirect("casework:referral_detail", pk=referral.pk)
    return _referral_page(request, referral, referral_access, status=422, contact_form=form)


@require_POST
def referral_withdraw_consent(request, pk):
    membership = membership_or_404(request)
    referral, referral_access = access.get_referral_or_404(membership, pk)
    if not referral_access.can_withdraw_consent:
        raise PermissionDenied
    form = WithdrawConsentForm(request.POST, consent=referral.consent)
    if form.is_valid():
        try:
            actions.withdraw_consent(membership=membership, referral=referral, day=form.cleaned_data["withdrawn_on"], request=request)
        except ValueError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("Retrait du consentement enregistré : %(org)s ne voit plus rien de ce qui avait été partagé.")
                % {"org": referral.receiver},
            )
        return redirect("casework:referral_detail", pk=referral.pk)
    return _referral_page(request, referral, referral_access, status=422, withdraw_form=form)
