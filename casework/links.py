"""Recognising that an organisation accompanies a household's perpetrator, and recording it once and for all.

A `PerpetratorLink` says: this organisation (or this team of it) accompanies the perpetrator of the household followed
in this situation. casework.access reads it and nothing else to hide the victim's and the children's contacts, commune
and the free text about them. It is recorded when it is recognised:

- a file of the organisation accompanies him (its side is the perpetrator's, or the organisation or team accompanies
  perpetrators by the platform's own setting) and he appears in the household: the same man, recognised by the
  phonetic key of his name (words in any order, accents and hyphens ignored, spelling variants folded) and a birth
  date close to the other (one day off, a typo in one of day, month or year), or no birth date on either side;
- his referral is sent to it (whatever its answer, later);
- he is enrolled in a programme by it, or by a programme it carries;
- it is declared, by the victim's organisation or the perpetrator's.

A link recognised for a household is carried to every other household where the same man appears. Nothing the
perpetrator's side can edit afterwards (a side, a name, a birth date, an answer, a closing) removes it; only the
victim's organisation, or a platform administrator, lifts it (casework.actions.lift_perpetrator_link), with a reason,
journaled. A link the victim's side lifted is not recognised again from the same files (it said: not the same man); a
new referral, enrolment or declaration records it again."""

import contextlib
import contextvars
import datetime

from django.db.models import Q
from django.utils import timezone

from accounts.models import Audience
from audit.journal import record
from audit.models import Action
from casework.models import LinkSource, PerpetratorLink, Person, PersonRole, Side
from notifications import events as notify

PERPETRATOR_AUDIENCES = (Audience.PERPETRATORS,)

# Who is acting (user, request), for the journal entries of links recognised while saving (casework.actions sets it).
# The models recognise links on every save, whoever saves them (a page, the API, an import, a command): no path forgets.
_ACTING = contextvars.ContextVar("casework_link_actor", default=(None, None))


@contextlib.contextmanager
def acting(user, request=None):
    token = _ACTING.set((user, request))
    try:
        yield
    finally:
        _ACTING.reset(token)


def _actor(by, request):
    if by is None and request is None:
        return _ACTING.get()
    return by, request


def accompanies_him(situation):
    """Whether the organisation (or team) that follows this situation accompanies its perpetrator: by the side it
    chose, or by the platform's setting of whom it accompanies (which the organisation does not control)."""
    if situation.side == Side.PERPETRATOR:
        return True
    if situation.team_id is not None:
        return situation.team.accompanies in PERPETRATOR_AUDIENCES
    return situation.organisation.accompanies in PERPETRATOR_AUDIENCES


def close_birth_dates(first, second):
    """The same birth date give or take what a typing error changes: a month apart at most, or two of day, month and
    year alike. Unknown on either side: close (a namesake is protected, not exposed)."""
    if first is None or second is None:
        return True
    if abs((first - second).days) <= 31:
        return True
    return sum((first.day == second.day, first.month == second.month, first.year == second.year)) >= 2


def same_man(person):
    """The perpetrators of other situations recognised as this person (none when he has no name: anonymised)."""
    if not person.phonetic_index:
        return []
    candidates = (
        Person.objects.filter(phonetic_index=person.phonetic_index, role=PersonRole.PERPETRATOR, situation__anonymised_at__isnull=True)
        .exclude(pk=person.pk)
        .exclude(situation_id=person.situation_id)
        .select_related("situation__organisation", "situation__team")
    )
    return [c for c in candidates if close_birth_dates(c.birth_date, person.birth_date)]


def _perpetrator_teams(organisation):
    """The teams of an organisation that accompany perpetrators; [None] (the whole organisation) when it has no such
    team. A referral or a declaration names the organisation: its perpetrators' team is the one concerned."""
    teams = [t for t in organisation.teams.all() if t.accompanies in (Audience.PERPETRATORS, Audience.BOTH)]
    return teams or [None]


def ensure_link(household, organisation, team, source, *, by=None, recognised=True, request=None):
    """Record that `organisation` (`team`) accompanies the perpetrator of `household`, unless it is already recorded.
    Returns the new link or None. Within one organisation, only a team other than the file's own is linked (an
    organisation without teams keeps reading its own files). `recognised`: found from the files, not declared nor sent:
    then a link the victim's side lifted is not recorded again."""
    if household.anonymised_at is not None:
        return None
    by, request = _actor(by, request)
    team_id = team.pk if team is not None else None
    if household.organisation_id == organisation.pk and (team_id is None or team_id == household.team_id):
        return None
    existing = PerpetratorLink.objects.filter(situation=household, organisation=organisation)
    if existing.active().filter(Q(team__isnull=True) | Q(team_id=team_id)).exists():
        return None
    if recognised and existing.filter(team_id=team_id, lifted_at__isnull=False, source=LinkSource.OWN_FILE).exists():
        return None
    link = PerpetratorLink.objects.create(situation=household, organisation=organisation, team=team, source=source, created_by=by)
    record(
        Action.CREATE,
        actor=by,
        target=link,
        request=request,
        detail={"situation": household.pk, "organisation": organisation.pk, "team": team_id, "source": source},
    )
    # The victim's organisation is told (never the linked one, and without naming it): notifications.events.
    notify.perpetrator_link_recorded(link)
    return link


def recognise(person, *, by=None, request=None):
    """After a perpetrator was recorded or changed (or his file's side): record the links his files and the files of the
    same man elsewhere make, both ways, and carry every link to every household where he appears."""
    if person.role != PersonRole.PERPETRATOR or person.situation.anonymised_at is not None:
        return []
    by, request = _actor(by, request)
    situation = person.situation
    others = same_man(person)
    created = []

    def add(household, organisation, team, source):
        link = ensure_link(household, organisation, team, source, by=by, request=request)
        if link is not None:
            created.append(link)

    if accompanies_him(situation):
        for other in others:
            add(other.situation, situation.organisation, situation.team, LinkSource.OWN_FILE)
    here = list(PerpetratorLink.objects.active().filter(situation=situation).select_related("organisation", "team"))
    for other in others:
        if accompanies_him(other.situation):
            add(situation, other.situation.organisation, other.situation.team, LinkSource.OWN_FILE)
        for link in PerpetratorLink.objects.active().filter(situation=other.situation).select_related("organisation", "team"):
            add(situation, link.organisation, link.team, link.source)
        for link in here:
            add(other.situation, link.organisation, link.team, link.source)
    return created


def recognise_situation(situation, *, by=None, request=None):
    """After a situation's side changed, or it was created: every perpetrator in it."""
    created = []
    for person in situation.people.filter(role=PersonRole.PERPETRATOR).select_related("situation__organisation", "situation__team"):
        created += recognise(person, by=by, request=request)
    return created


def link_organisation(household, person, organisation, source, *, team=None, by=None, request=None):
    """The organisation accompanies this perpetrator from now on (his referral sent to it, his enrolment, a
    declaration): linked on his household and on every household where he appears."""
    by, request = _actor(by, request)
    teams = [team] if team is not None else _perpetrator_teams(organisation)
    created = []
    for each in teams:
        link = ensure_link(household, organisation, each, source, by=by, recognised=False, request=request)
        if link is not None:
            created.append(link)
    if person is not None and person.role == PersonRole.PERPETRATOR:
        for other in same_man(person):
            for each in teams:
                link = ensure_link(other.situation, organisation, each, source, by=by, recognised=False, request=request)
                if link is not None:
                    created.append(link)
    return created


def covering_situation_ids(membership, situation_ids=None):
    """The situations (among `situation_ids`, or a query of all) on which this membership is the perpetrator's side."""
    links = PerpetratorLink.objects.covering(membership)
    if situation_ids is not None:
        links = links.filter(situation_id__in=list(situation_ids))
    return links.values("situation_id")


def organisations_accompanying(situation):
    """The names of the organisations (and teams) that accompany this household's perpetrator, for its own organisation."""
    links = PerpetratorLink.objects.active().filter(situation=situation).select_related("organisation", "team")
    return sorted({f"{link.organisation} ({link.team.name})" if link.team_id else str(link.organisation) for link in links})


def recent(situation, days=None):
    links = PerpetratorLink.objects.active().filter(situation=situation).select_related("organisation", "team")
    if days is not None:
        links = links.filter(created_at__gte=timezone.now() - datetime.timedelta(days=days))
    return list(links)


def recognise_all():
    """Recognise every link the files imply (after a bulk load that skipped the models' saves: the demo, an import).
    Returns how many links were recorded."""
    count = 0
    people = Person.objects.filter(role=PersonRole.PERPETRATOR, situation__anonymised_at__isnull=True).exclude(phonetic_index="")
    for person in people.select_related("situation__organisation", "situation__team").iterator(chunk_size=500):
        count += len(recognise(person))
    from casework.models import Enrolment, Referral

    for referral in Referral.objects.filter(person__role=PersonRole.PERPETRATOR).select_related("situation", "person", "receiver"):
        count += len(link_organisation(referral.situation, referral.person, referral.receiver, LinkSource.REFERRAL))
    for enrolment in Enrolment.objects.filter(person__role=PersonRole.PERPETRATOR).select_related(
        "situation", "person", "organisation", "programme__organisation"
    ):
        count += len(link_organisation(enrolment.situation, enrolment.person, enrolment.organisation, LinkSource.ENROLMENT))
        carrier = enrolment.programme.organisation
        if carrier is not None and carrier.pk != enrolment.organisation_id:
            count += len(link_organisation(enrolment.situation, enrolment.person, carrier, LinkSource.ENROLMENT))
    return count
