"""The public API other apps call when something happens that a member must know. Call these inside the transaction
of the change (casework.actions, directory.actions…): the notification and its e-mail are written with the change, or
not at all.

Each text is fixed per kind and says nothing of the people followed, nor of another organisation's part in a household:
a link to the page, which shows what its gate allows. Every function returns the notifications it created."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from notifications import recipients
from notifications.delivery import notify
from notifications.models import Kind

TEXTS = {
    "referral_received": _("Une nouvelle orientation a été adressée à votre organisation. Elle attend une réponse."),
    "referral_accepted": _("Une orientation envoyée par votre organisation a été acceptée."),
    "referral_refused": _("Une orientation envoyée par votre organisation a été refusée."),
    "measure_ending": _(
        "Une mesure de protection prend fin dans les 15 jours, dans une situation suivie par votre organisation. "
        "Vérifiez si elle doit être renouvelée ou relayée."
    ),
    "flagged_owner": _(
        "Une situation suivie par votre organisation a été évaluée en danger grave : elle est signalée au comité de suivi. "
        "Pensez à la partager avec le comité."
    ),
    "flagged_coordinator": _("Une nouvelle situation évaluée en danger grave est signalée au comité de suivi."),
    "committee_share": _("Une situation a été partagée avec le comité de suivi : vous pouvez la consulter."),
    "committee_action": _("Le comité de suivi a confié une action à votre organisation."),
    "group_task": _("Une tâche d'un groupe de travail du réseau vous a été confiée."),
    "perpetrator_link": _(
        "Une organisation qui accompagne l'auteur a été identifiée pour une situation suivie par votre organisation. "
        "Elle ne verra ni les coordonnées ni le lieu de vie de la victime et des enfants."
    ),
    "directory_stale": _(
        "Une fiche de votre organisation dans le guide n'a pas été vérifiée depuis plus de six mois. "
        "Vérifiez-la ou proposez une mise à jour."
    ),
    "directory_review": _("Une modification d'une fiche du guide attend votre relecture."),
    "directory_import": _("Des services du guide importés d'un tableur par une organisation attendent votre relecture."),
}


def referral_received(referral):
    return notify(
        recipients.organisation_members(referral.receiver_id),
        Kind.REFERRAL_RECEIVED,
        TEXTS["referral_received"],
        url=reverse("casework:referral_detail", args=[referral.pk]),
        key=f"referral_received:{referral.pk}",
    )


def referral_answered(referral):
    situation = referral.situation
    if situation.organisation_id == referral.sender_id:
        members = recipients.situation_members(situation)
    else:
        members = recipients.organisation_members(referral.sender_id)
    text = TEXTS["referral_accepted"] if referral.status == "accepted" else TEXTS["referral_refused"]
    return notify(
        members,
        Kind.REFERRAL_ANSWERED,
        text,
        url=reverse("casework:referral_detail", args=[referral.pk]),
        key=f"referral_answered:{referral.pk}",
    )


def measure_ending(event):
    """A protective measure (casework.models.MEASURE_KINDS) ends within 15 days: once per measure and end date."""
    return notify(
        recipients.situation_members(event.situation),
        Kind.MEASURE_ENDING,
        TEXTS["measure_ending"],
        url=reverse("casework:situation_detail", args=[event.situation_id]),
        key=f"measure_ending:{event.pk}:{event.end_date.isoformat() if event.end_date else ''}",
    )


def situation_flagged_for_committee(situation):
    """Its organisation is asked to bring it to the committee; the coordinators learn that one more is flagged (they
    read it only once shared: their link is the caseload's counts per organisation)."""
    created = notify(
        recipients.situation_members(situation),
        Kind.COMMITTEE_FLAG,
        TEXTS["flagged_owner"],
        url=reverse("casework:situation_detail", args=[situation.pk]),
        key=f"committee_flag:{situation.pk}",
    )
    created += notify(
        recipients.coordinators(),
        Kind.COMMITTEE_FLAG,
        TEXTS["flagged_coordinator"],
        url=reverse("casework:caseload"),
        key=f"committee_flag:{situation.pk}",
    )
    return created


def situation_shared_with_committee(share):
    return notify(
        recipients.coordinators(),
        Kind.COMMITTEE_SHARE,
        TEXTS["committee_share"],
        url=reverse("casework:situation_detail", args=[share.situation_id]),
        key=f"committee_share:{share.pk}",
    )


def committee_action_assigned(action=None, *, organisation, url, key=""):
    """A committee (network app) gives an action to an organisation: its members are told, with a link to the action.
    `key` (default: the action's label and pk) keeps a second call from notifying twice."""
    if not key and action is not None:
        key = f"committee_action:{action._meta.label_lower}:{action.pk}"
    organisation_id = getattr(organisation, "pk", organisation)
    return notify(recipients.organisation_members(organisation_id), Kind.COMMITTEE_ACTION, TEXTS["committee_action"], url=url, key=key)


def working_group_task_assigned(task):
    """A working group (network app) gives a task to one of its members: she is told, with a link to the group."""
    return notify(
        [task.owner],
        Kind.GROUP_TASK,
        TEXTS["group_task"],
        url=reverse("network:group_detail", args=[task.group_id]),
        key=f"group_task:{task.pk}",
    )


def perpetrator_link_recorded(link):
    """An organisation was recognised as accompanying a household's perpetrator: the victim's organisation (the members
    who may open the situation, its team's when it has one) is told, never the linked organisation, and the text does
    not name it (the situation's page says what the victim's organisation may read)."""
    return notify(
        recipients.situation_members(link.situation),
        Kind.PERPETRATOR_LINK,
        TEXTS["perpetrator_link"],
        url=reverse("casework:situation_detail", args=[link.situation_id]),
        key=f"perpetrator_link:{link.pk}",
    )


def directory_entry_stale(service):
    """Once per service and verification date: a new reminder only after it was verified and went stale again."""
    verified = service.last_verified_at.isoformat() if service.last_verified_at else "never"
    return notify(
        recipients.organisation_admins(service.organisation_id),
        Kind.DIRECTORY_STALE,
        TEXTS["directory_stale"],
        url=reverse("directory:pro_home"),
        key=f"directory_stale:{service.pk}:{verified}",
    )


def directory_change_awaits_review(change):
    return notify(
        recipients.coordinators(),
        Kind.DIRECTORY_REVIEW,
        TEXTS["directory_review"],
        url=reverse("directory:review_detail", args=[change.pk]),
        key=f"directory_review:{change.pk}",
    )


def directory_changes_imported(job, count):
    """A spreadsheet brought several services at once: the coordinators are told once, sent to the review queue."""
    return notify(
        recipients.coordinators(),
        Kind.DIRECTORY_REVIEW,
        TEXTS["directory_import"],
        url=reverse("directory:review_queue"),
        key=f"directory_import:{job.pk}",
    )
