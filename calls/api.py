"""JSON API of the calls for projects (/api/reseau/appels/): the calls with their envelope, a call's applications as
the member may read them with their review summary, and the coordinator's decision on an application (the same form
and checks as the page: 422 naming the field, 409 when the envelope or an earlier decision stands in the way)."""

from django.http import Http404
from ninja import Router, Schema, Status
from pydantic import Field

from calls import access, queries
from calls import actions as call_actions
from calls.forms import AwardForm
from calls.models import CallForProjects
from casework.api import HttpError409, Id, _form_or_422
from maillage.apischema import from_form

router = Router(tags=["appels à projets"])


class _Conflict(Exception):
    """What stands in the way of a decision, and the field it concerns (answered 409 by casework's handler)."""

    def __init__(self, field, message):
        super().__init__(message)
        self.field = field


def _membership(request):
    membership = getattr(request, "membership", None)
    if membership is None or not access.active(membership):
        raise Http404
    return membership


@router.get("/", response=list[dict], summary="Appels à projets, avec leur enveloppe et le montant déjà accordé")
def calls(request):
    _membership(request)
    awarded = queries.awarded_by_call()
    return [
        {
            "id": c.pk,
            "title": c.title,
            "year": c.year,
            "funder": c.funder,
            "envelope": c.envelope,
            "awarded": awarded.get(c.pk, 0),
            "opens_on": c.opens_on,
            "closes_on": c.closes_on,
            "decision_on": c.decision_on,
        }
        for c in CallForProjects.objects.all()
    ]


@router.get(
    "/{call_id}", response=dict, summary="Un appel : sa grille et les dossiers que vous pouvez lire, avec la synthèse des évaluations"
)
def call_detail(request, call_id: Id):
    membership = _membership(request)
    call = access.get_call_or_404(membership, call_id)
    criteria = list(call.criteria.all())
    applications = list(access.applications_visible_to(membership).filter(call=call).select_related("organisation").order_by("pk"))
    with_summary = access.steers(membership) or access.reviews_call(membership, call)
    summaries = queries.summaries(applications, criteria) if with_summary else {}
    rows = []
    for application in applications:
        award = access.award_of(application)
        row = {
            "id": application.pk,
            "reference": application.reference,
            "title": application.title,
            "organisation": str(application.organisation),
            "audience": application.audience,
            "budget_total": application.budget_total,
            "requested_amount": application.requested_amount,
            "version": application.version,
            "decision": {"outcome": award.outcome, "amount": award.amount, "decided_on": award.decided_on} if award else None,
        }
        summary = summaries.get(application.pk)
        if summary is not None:
            row["reviews"] = {
                "count": len(summary.reviews),
                "totals": summary.totals,
                "average": summary.average,
                "max_total": summary.max_total,
                "outdated": summary.outdated,
                "criteria": [{"criterion": c.label, "average": avg} for c, avg in summary.criteria],
            }
        rows.append(row)
    return {
        "id": call.pk,
        "title": call.title,
        "envelope": call.envelope,
        "awarded": call_actions.awarded_total(call.pk),
        "criteria": [{"label": c.label, "max_score": c.max_score} for c in criteria],
        "applications": rows,
    }


class DecisionIn(Schema):
    outcome: str = from_form(AwardForm, "outcome")
    amount: int | None = Field(None, json_schema_extra={"description": "Montant accordé en euros (obligatoire si financé)."})


@router.post(
    "/dossiers/{application_id}/decision",
    response={201: dict},
    summary="Décider d'un dossier (coordination) : le total accordé ne dépasse jamais l'enveloppe",
    openapi_extra={"x-maillage-errors": ["409"]},
)
def decide(request, application_id: Id, payload: DecisionIn):
    membership = _membership(request)
    if not access.steers(membership):
        raise Http404
    application = access.get_application_or_404(membership, application_id)
    form = AwardForm({"outcome": payload.outcome, "amount": payload.amount}, application=application)
    _form_or_422((form, ""))
    try:
        award = call_actions.decide(
            membership=membership,
            application=application,
            outcome=form.cleaned_data["outcome"],
            amount=form.cleaned_data["amount"] or 0,
            request=request,
        )
    except call_actions.EnvelopeExceeded as exc:
        raise HttpError409(_Conflict("amount", f"Le montant accordé dépasse ce qui reste de l'enveloppe ({exc.remaining} €).")) from None
    except call_actions.AlreadyDecided:
        raise HttpError409(_Conflict("outcome", "Ce dossier a déjà sa décision.")) from None
    return Status(
        201,
        {
            "id": award.pk,
            "outcome": award.outcome,
            "amount": award.amount,
            "remaining": application.call.envelope - call_actions.awarded_total(application.call_id),
        },
    )
