"""A funded project feeds the network's action plan: the decision creates the plan's action (lead: the association,
funding: the call's funder), and the project's final report becomes that action's outputs (network.actions)."""

from decimal import Decimal

from network import actions as network_actions
from network.models import Action, ActionAudience, ActionKind, ActionPlan, ActionStatus, Axis, Funding, FundingSource

# The application's audience -> the plan's axis, kind of action and audience.
BY_AUDIENCE = {
    "victims": (Axis.VICTIMS, ActionKind.SERVICE, ActionAudience.VICTIMS),
    "children": (Axis.VICTIMS, ActionKind.SERVICE, ActionAudience.VICTIMS),
    "perpetrators": (Axis.PERPETRATORS, ActionKind.SERVICE, ActionAudience.PERPETRATORS),
    "young": (Axis.PREVENTION, ActionKind.SCHOOL_SESSION, ActionAudience.PUPILS),
    "professionals": (Axis.TRAINING, ActionKind.TRAINING, ActionAudience.PROFESSIONALS),
    "public": (Axis.PREVENTION, ActionKind.CAMPAIGN, ActionAudience.PUBLIC),
}


def plan_for(day):
    return ActionPlan.objects.filter(starts_on__lte=day, ends_on__gte=day).order_by("-starts_on").first()


def feed_plan(award):
    """The plan's action for a funded application (None when no plan covers the decision's date)."""
    application = award.application
    plan = plan_for(award.decided_on)
    if plan is None:
        return None
    axis, kind, audience = BY_AUDIENCE.get(application.audience, (Axis.PREVENTION, ActionKind.EVENT, ActionAudience.PUBLIC))
    starts = application.starts_on or award.decided_on
    ends = application.ends_on if application.ends_on and application.ends_on >= starts else max(starts, plan.ends_on)
    action = Action.objects.create(
        plan=plan,
        axis=axis,
        kind=kind,
        title=application.title[:200],
        description=f"Projet financé par l'appel « {application.call.title} » ({application.reference}).",
        lead=application.organisation,
        audience=audience,
        starts_on=starts,
        ends_on=ends,
        status=ActionStatus.PLANNED,
        budget=Decimal(application.budget_total),
    )
    action.communes.set(application.communes.all())
    source = FundingSource.CISPD if "CISPD" in application.call.funder.upper() else FundingSource.OTHER
    Funding.objects.create(action=action, source=source, amount=Decimal(award.amount))
    return action


def report_to_plan(report, membership):
    """The final report's outputs become the plan action's outputs; the action is done."""
    action = report.application.plan_action
    if action is None:
        return None
    network_actions.report_outputs(
        action,
        data={
            "people_reached": report.people_reached,
            "pupils_reached": report.pupils_reached,
            "documents_produced": report.documents_produced,
            "notes": report.summary[:4000],
        },
        trained={"other": report.professionals_trained},
        membership=membership,
    )
    Action.objects.filter(pk=action.pk).update(status=ActionStatus.DONE)
    return action
