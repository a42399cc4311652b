"""Demo of the committee: a meeting held two months ago and the next one in two weeks, each with situations put
forward by the organisations that follow them (with consent or a legal basis), decisions and actions; one situation
comes back at the second meeting (repeat) and the first meeting's outstanding actions are reviewed at the second.
No text names anyone. Idempotent: nothing is added once a meeting exists."""

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import Membership, Role
from casework.models import CommitteeShare, DangerLevel, Situation, Status
from committee import actions
from committee.models import ActionStatus, Basis, CommitteeAction, Meeting, Reason

ATTENDING = ["vm", "parquet", "sousprefecture", "departement", "ajar", "cidff", "lapose", "isc_police"]
FIRST_DECISIONS = [
    "Demande d'un téléphone grave danger au parquet.",
    "Évaluation du danger à refaire avant la prochaine séance.",
    "Point de vigilance partagé avec le commissariat : passages répétés au domicile signalés.",
]
FIRST_ACTIONS = [
    ("Instruire la demande de téléphone grave danger", "parquet", 10, ActionStatus.DONE),
    ("Proposer un accompagnement juridique (ordonnance de protection)", "cidff", 20, ActionStatus.OPEN),
    ("Rappeler à l'auteur les obligations de son contrôle judiciaire", "lapose", 15, ActionStatus.OPEN),
    ("Signaler toute nouvelle intervention au domicile à la coordination", "isc_police", -5, ActionStatus.OPEN),
]
SECOND_DECISIONS = ["Situation revue : les mesures de protection sont à renforcer.", "Orientation vers un hébergement à étudier."]
SECOND_ACTIONS = [
    ("Étudier une mise à l'abri avec le Département", "departement", 30),
    ("Organiser une évaluation partagée du danger", "ajar", 21),
]


def _owner_membership(situation):
    return (
        Membership.objects.active()
        .filter(organisation_id=situation.organisation_id, role__in=[Role.PRACTITIONER, Role.ORG_ADMIN])
        .filter(team__isnull=True)
        .first()
        or Membership.objects.active().filter(organisation_id=situation.organisation_id, team__accompanies="victims").first()
    )


def _candidates(limit):
    shared = CommitteeShare.objects.values("situation_id")
    situations = (
        Situation.objects.filter(pk__in=shared, danger_level=DangerLevel.HIGH, status=Status.OPEN, anonymised_at__isnull=True)
        .select_related("organisation")
        .order_by("pk")
    )
    found = []
    for situation in situations:
        membership = _owner_membership(situation)
        if membership is not None:
            found.append((situation, membership))
        if len(found) == limit:
            break
    return found


@transaction.atomic
def load(rng, context):
    organisations = context.get("organisations") or {}
    if not organisations or Meeting.objects.exists():
        return
    coordinator = Membership.objects.active().filter(role=Role.COORDINATOR).first()
    candidates = _candidates(4)
    if coordinator is None or len(candidates) < 3:
        return
    today = timezone.localdate()
    attendees = [organisations[key] for key in ATTENDING if key in organisations]
    first = actions.create_meeting(
        membership=coordinator,
        data={
            "date": today - datetime.timedelta(days=60),
            "place": "Valenciennes Métropole, salle du conseil",
            "held": True,
            "attendees": attendees,
        },
    )
    items = []
    for (situation, membership), reason, basis in zip(
        candidates[:3],
        [Reason.HIGH_DANGER, Reason.HIGH_DANGER, Reason.JUDGEMENT],
        [Basis.CONSENT, Basis.DANGER, Basis.CONSENT],
        strict=True,
    ):
        items.append(actions.put_forward(membership=membership, meeting=first, situation=situation, reason=reason, basis=basis))
    for item, text in zip(items, FIRST_DECISIONS, strict=True):
        actions.add_decision(membership=coordinator, item=item, text=text)
    for index, (text, owner, due_days, status) in enumerate(FIRST_ACTIONS):
        action = actions.add_action(
            membership=coordinator,
            item=items[index % len(items)],
            description=text,
            owner=organisations[owner],
            due_on=first.date + datetime.timedelta(days=due_days + 60),
        )
        if status != ActionStatus.OPEN:
            actions.review_action(membership=coordinator, action=action, status=status, note="Réalisée avant l'échéance.")
    # Overdue: due before today and still open.
    CommitteeAction.objects.filter(description=FIRST_ACTIONS[3][0]).update(due_on=today - datetime.timedelta(days=5))
    second = actions.create_meeting(
        membership=coordinator,
        data={"date": today + datetime.timedelta(days=14), "place": "Sous-préfecture de Valenciennes", "attendees": attendees},
    )
    # The first meeting's first situation comes back (repeat), with a new one.
    again = [candidates[0], candidates[3] if len(candidates) > 3 else candidates[1]]
    second_items = [
        actions.put_forward(membership=membership, meeting=second, situation=situation, reason=Reason.HIGH_DANGER, basis=Basis.DANGER)
        for situation, membership in again
    ]
    for item, text in zip(second_items, SECOND_DECISIONS, strict=True):
        actions.add_decision(membership=coordinator, item=item, text=text)
    for item, (text, owner, due_days) in zip(second_items, SECOND_ACTIONS, strict=True):
        actions.add_action(
            membership=coordinator,
            item=item,
            description=text,
            owner=organisations[owner],
            due_on=second.date + datetime.timedelta(days=due_days),
        )
    stdout = context.get("stdout")
    if stdout is not None:
        repeats = sum(1 for item in second_items if item.repeat)
        stdout.write(f"  comité : 2 séances, {CommitteeAction.objects.count()} actions, {repeats} situation répétée")
