"""The one gate of the shared follow-up: who may see which situation, and which part of it.

- Practitioners and organisation admins see their organisation's situations in full, and the situations
  referred to their organisation (once accepted) only as far as the consent covers. A withdrawn consent
  covers nothing: the receiver keeps the referral's metadata and the events it recorded itself.
- An organisation (or a team of it) that accompanies the household's perpetrator (a `PerpetratorLink`, recorded once
  by casework.links and lifted only by the victim's side) never sees the victim's or the children's contacts, the
  household's commune, the places and stays that locate them, nor the free text written by others about them,
  whatever was consented to. The rule reads the links only, never the side, names, birth dates or answers the
  perpetrator's side can edit.
- Inside an organisation with teams, a member with a team sees the situations of her team and those of no team.
- Coordinators see, read-only and without contact details, the situations a committee share covers;
  analysts never see a situation (they read aggregates from casework.stats).

Every view, export and API endpoint asks this module; an object one may not see answers 404."""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, prefetch_related_objects
from django.http import Http404
from django.utils import timezone

from accounts.models import Role
from casework.models import (
    CommitteeShare,
    EventKind,
    PerpetratorLink,
    Person,
    PersonRole,
    Referral,
    ReferralStatus,
    ShareItem,
    Side,
    Situation,
)

NOTHING = Q(pk__in=[])


def attach_gate(situations, membership):
    """Load, for a list of situations, what access_for() reads of them, in two queries at most: the perpetrator links
    that cover this membership, and the referrals its organisation accepted on the situations it does not own (its
    own need none), or a coordinator's committee shares. Returns the list."""
    situations = list(situations)
    if membership is not None and membership.sees_nominative_data:
        linked = linked_in(membership, [s.pk for s in situations]) if situations else set()
        for situation in situations:
            situation.gate_linked = situation.pk in linked
        others = [s.pk for s in situations if s.organisation_id != membership.organisation_id]
        received = {}
        if others:
            for referral in (
                Referral.objects.filter(situation_id__in=others, receiver_id=membership.organisation_id, status=ReferralStatus.ACCEPTED)
                .select_related("consent", "person")
                .only(*GATE_REFERRAL_FIELDS)
                .order_by()
            ):
                received.setdefault(referral.situation_id, []).append(referral)
        for situation in situations:
            situation.gate_referrals = received.get(situation.pk, [])
    else:
        prefetch_related_objects(situations, Prefetch("committee_shares", queryset=CommitteeShare.objects.defer("reason")))
    return situations


GATE_REFERRAL_FIELDS = (
    "id",
    "situation_id",
    "receiver_id",
    "status",
    "person__id",
    "person__role",
    "consent__id",
    "consent__items",
    "consent__withdrawn_on",
)
# Fields a list shows of a person: names and role. Lists load only these, so they decrypt nothing else.
SUMMARY_FIELDS = ("id", "situation_id", "role", "first_name", "last_name", "sex", "age_band")
# The same without the names, for lists that decrypt only the one person each row shows.
ROLE_FIELDS = ("id", "situation_id", "role", "sex", "age_band")
ROLE_LABELS = dict(PersonRole.choices)


class ListedPerson:
    """A person as a list reads her (ROLE_FIELDS), without a model instance per member of every household; the name
    is set afterwards for the one person a row shows. The gate reads it as it reads a Person."""

    __slots__ = ("age_band", "first_name", "last_name", "pk", "role", "sex", "situation_id")

    def __init__(self, pk, situation_id, role, sex, age_band):
        self.pk, self.situation_id, self.role, self.sex, self.age_band = pk, situation_id, role, sex, age_band
        self.first_name = self.last_name = ""

    def get_role_display(self):
        return ROLE_LABELS.get(self.role, self.role)


def listed_people(situation_ids):
    """The people of these situations as lists read them: {situation id: [ListedPerson, …]} in the order they were added."""
    people = {}
    for row in Person.objects.filter(situation_id__in=situation_ids).order_by("pk").values_list(*ROLE_FIELDS):
        people.setdefault(row[1], []).append(ListedPerson(*row))
    return people


ALL_ITEMS = frozenset(ShareItem.values)
COMMITTEE_ITEMS = frozenset({ShareItem.IDENTITY, ShareItem.HOUSEHOLD, ShareItem.TIMELINE, ShareItem.ASSESSMENT})
# Referrals whose shared content the receiver may read (unless the consent was withdrawn).
LIVE_REFERRAL = (ReferralStatus.SENT, ReferralStatus.ACCEPTED)


def consented_items(referral):
    """What the referral's consent covers today: nothing once the person withdrew it."""
    consent = referral.consent
    return frozenset() if consent.withdrawn_on is not None else frozenset(consent.items)


def _active(membership):
    return membership is not None and membership.is_active and membership.user.is_active


def visible_situation_ids(membership):
    """A Q over Situation: the situations this membership may open."""
    if not _active(membership):
        return NOTHING
    if membership.sees_nominative_data:
        # A correlated EXISTS (probing the referral's situation index) rather than IN (subquery): PostgreSQL
        # would hash every referral the organisation ever received before returning the first row.
        received = Referral.objects.filter(
            situation_id=OuterRef("pk"), receiver_id=membership.organisation_id, status=ReferralStatus.ACCEPTED
        )
        own = Q(organisation_id=membership.organisation_id)
        if membership.team_id is not None:
            # Need-to-know inside the organisation: her team's situations, and those of no team.
            own &= Q(team__isnull=True) | Q(team_id=membership.team_id)
        return own | Q(Exists(received))
    if membership.role == Role.COORDINATOR:
        return Q(pk__in=CommitteeShare.objects.filter(until__gte=timezone.localdate()).values("situation_id"))
    return NOTHING


def can_create(membership):
    return _active(membership) and membership.sees_nominative_data


@dataclass
class SituationAccess:
    """What one membership may see and do on one situation."""

    situation: Situation
    membership: object
    is_owner: bool = False
    items: frozenset = frozenset()
    referred_person_ids: set = field(default_factory=set)
    # Whether a perpetrator link covers this membership on this situation (it is the perpetrator's side for this
    # household); None: not known yet, asked of the database the first time it matters (lists attach it: attach_gate).
    linked: bool | None = None
    committee: bool = False
    # A receiver whose every referral on this situation had its consent withdrawn: the latest withdrawal date.
    consent_withdrawn_on: object = None

    def is_linked(self):
        if self.linked is None and self.membership is None:
            self.linked = False  # the data controller's own reading (commands), on nobody's behalf
        if self.linked is None:
            self.linked = self.situation.pk in linked_in(self.membership, [self.situation.pk])
        return self.linked

    @property
    def perpetrator_side(self):
        """The perpetrator's side for this household: linked to it, or following it in a file on his side (where the
        victim's contacts are neither recorded nor shown). Lists decide it once per page (settle_perpetrator_side)."""
        return (self.is_owner and self.situation.side == Side.PERPETRATOR) or self.is_linked()

    @property
    def can_edit(self):
        return (
            self.is_owner
            and self.membership.sees_nominative_data
            and self.situation.anonymised_at is None
            # A team of the owning organisation that accompanies the perpetrator reads this file as his side does.
            and not self.is_linked()
        )

    @property
    def can_add_event(self):
        # After the withdrawal of the consent, the receiver keeps what it recorded but adds nothing more.
        return self.membership.sees_nominative_data and self.situation.anonymised_at is None and self.consent_withdrawn_on is None

    @property
    def can_refer(self):
        return self.can_edit

    def shows(self, item):
        return item in self.items

    def shows_person(self, person):
        if self.is_owner or self.committee:
            return True
        return person.pk in self.referred_person_ids or self.shows(ShareItem.HOUSEHOLD)

    def shows_identity(self, person):
        return self.shows_person(person) and self.shows(ShareItem.IDENTITY)

    def follows_perpetrator(self):
        return self.perpetrator_side

    def shows_contact(self, person):
        if self.committee:
            return False
        if not self.is_owner and not (person.pk in self.referred_person_ids and self.shows(ShareItem.CONTACT)):
            return False
        return not (person.role in (PersonRole.VICTIM, PersonRole.CHILD) and self.perpetrator_side)

    @property
    def shows_household_facts(self):
        """The relation between victim and author and the number of children: the household's composition, which the
        owner, the committee and a receiver to whom the household was shared read."""
        return self.is_owner or self.committee or self.shows(ShareItem.HOUSEHOLD)

    def shows_situation_notes(self):
        """The household's notes: its organisation's, not for a team of it that accompanies the perpetrator."""
        return self.is_owner and not self.is_linked()

    def shows_commune(self):
        """The household's commune is where the victim lives: location is contact data. The perpetrator's side never
        reads it (its own files on him excepted: there the commune is his, which it recorded)."""
        return not self.is_linked()

    @property
    def shows_assessment(self):
        return self.shows(ShareItem.ASSESSMENT)

    def shows_notes(self):
        return self.shows(ShareItem.NOTES)

    def writes_my_side(self, organisation_id):
        """Whether a text or an event recorded by `organisation_id` was written by this membership's side."""
        return organisation_id == self.membership.organisation_id and not (self.is_owner and self.is_linked())

    def shows_text(self, organisation_id, item=ShareItem.NOTES, *, addressed_about_perpetrator=False):
        """The one rule for free text on this situation (notes of events, assessment reasons, referral reasons):
        written by `organisation_id`, it may be read if it is this membership's own; on the perpetrator's side, nothing
        else but what was written to it about him (his referral's reason, whose sender was warned); otherwise the owner
        and the committee read it all, a receiver what the consent covers (`item`)."""
        if self.is_linked():
            return self.writes_my_side(organisation_id) or addressed_about_perpetrator
        if self.is_owner:
            return True
        if self.committee:
            return item == ShareItem.ASSESSMENT
        if organisation_id == self.membership.organisation_id:
            return True
        return self.shows(item) and not (item == ShareItem.NOTES and self.perpetrator_side)

    def assessment_reason(self, assessment):
        return assessment.raised_reason if self.shows_text(assessment.organisation_id, ShareItem.ASSESSMENT) else ""

    def referral_reason(self, referral):
        addressed = referral.receiver_id == self.membership.organisation_id and referral.person.role == PersonRole.PERPETRATOR
        if referral.sender_id == self.membership.organisation_id and not self.is_linked():
            return referral.reason
        return referral.reason if self.shows_text(referral.sender_id, ShareItem.NOTES, addressed_about_perpetrator=addressed) else ""

    def visible_people(self, people):
        return [p for p in people if self.shows_person(p)]

    def visible_events(self, events):
        """Receivers always see what their own organisation recorded; the rest only if the timeline was shared, and
        the notes written on it only if the notes were shared too (`shown_notes` on each event: what may be shown).
        The perpetrator's side reads no stay, no place and no note but its own: they locate the victim."""
        own = self.membership.organisation_id
        events = list(events) if self.shows(ShareItem.TIMELINE) else [e for e in events if e.organisation_id == own]
        if self.is_linked():
            events = [e for e in events if self.writes_my_side(e.organisation_id) or e.kind != EventKind.HOUSING]
        for event in events:
            mine = self.writes_my_side(event.organisation_id)
            event.shown_notes = event.notes if mine or self.shows_text(event.organisation_id) else ""
            event.shown_place = event.housing_place if (mine or not self.is_linked()) else None
            # Who recorded it, and her colleague: a shelter's or a victims' service's name may say where she is. The
            # perpetrator's side reads the names of its own organisation and of the household's only.
            named = mine or not self.is_linked() or event.organisation_id == self.situation.organisation_id
            event.shown_organisation = event.organisation if named else None
            event.shown_author = event.author if named else None
        return events

    def person_summary(self, person):
        """Role and, if shared, the name: what a list shows (no contact, no birth date)."""
        identity = self.shows_identity(person)
        return {
            "id": person.pk,
            "role": person.role,
            "role_label": person.get_role_display(),
            "first_name": person.first_name if identity else "",
            "last_name": person.last_name if identity else "",
        }

    def person_view(self, person):
        """A dict of what may be displayed or exported of one person; masked fields are absent."""
        data = {
            "id": person.pk,
            "role": person.role,
            "role_label": person.get_role_display(),
            "sex": person.sex,
            "age_band": person.age_band,
        }
        if self.shows_identity(person):
            data.update(first_name=person.first_name, last_name=person.last_name, birth_date=person.birth_date)
        else:
            data.update(first_name="", last_name="", birth_date=None)
        if self.shows_contact(person):
            data.update(
                address=person.address,
                phone=person.phone,
                email=person.email,
                phone_ok=person.phone_ok,
                voicemail_ok=person.voicemail_ok,
                safe_hours=person.safe_hours,
                via_third_party=person.via_third_party,
                contact_visible=True,
            )
        else:
            data.update(contact_visible=False)
        if self.shows_notes_of(person):
            data["notes"] = person.notes
        return data

    def shows_notes_of(self, person):
        """A person's notes: the owner's; for a receiver, those of the person the consent is hers, when she shared
        them, and never a victim's or a child's to the perpetrator's side."""
        protected = person.role in (PersonRole.VICTIM, PersonRole.CHILD) and self.perpetrator_side
        if self.is_owner:
            # Its own notes, even on a file on the perpetrator's side; not those of a team of its that accompanies him.
            return not (protected and self.is_linked())
        if not self.shows_notes() or person.pk not in self.referred_person_ids:
            return False
        return not protected


def _referrals_to(situation, membership):
    referrals = getattr(situation, "gate_referrals", None)  # attach_gate(): already this organisation's accepted ones
    if referrals is None:
        referrals = situation.referrals.all()
    return [r for r in referrals if r.receiver_id == membership.organisation_id and r.status == ReferralStatus.ACCEPTED]


def access_for(situation, membership):
    """The access of `membership` to a situation already fetched through visible_to(); raises Http404 if none."""
    if not _active(membership):
        raise Http404
    if membership.sees_nominative_data:
        is_owner = situation.organisation_id == membership.organisation_id
        # An organisation never refers to itself (ReferralForm): on its own situations it reads every item.
        received = [] if is_owner else _referrals_to(situation, membership)
        if not is_owner and not received:
            raise Http404
        items = set(ALL_ITEMS) if is_owner else set()
        referred = set()
        # The perpetrator links that cover this membership: attached to lists (attach_gate), else asked when needed.
        linked = getattr(situation, "gate_linked", None)
        withdrawn = []
        for referral in received:
            if referral.consent.withdrawn_on is not None:
                withdrawn.append(referral.consent.withdrawn_on)
                continue
            items.update(consented_items(referral))
            referred.add(referral.person_id)
        withdrawn_on = max(withdrawn) if not is_owner and withdrawn and len(withdrawn) == len(received) else None
        return SituationAccess(situation, membership, is_owner, frozenset(items), referred, linked, consent_withdrawn_on=withdrawn_on)
    today = timezone.localdate()
    if membership.role == Role.COORDINATOR and any(share.until >= today for share in situation.committee_shares.all()):
        return SituationAccess(situation, membership, items=COMMITTEE_ITEMS, linked=False, committee=True)
    raise Http404


def names_found_in(membership, matches):
    """The situations, among `matches` ({situation id: [ListedPerson, …]}: people found by name in situations this
    membership may open but its organisation does not own), where it reads the name of one of these people. A search by
    name tells no more than the situation's page: a name the consent did not share finds nothing.

    The same queries run whether `matches` is empty or not (the sentinel id matches nothing): the time a search takes
    does not tell whether a name exists in a file shared without the identity."""
    ids = list(matches) or [0]
    situations = (
        Situation.objects.visible_to(membership).filter(pk__in=ids).only("id", "organisation_id", "team_id", "side", "anonymised_at")
    )
    found = set()
    situations = list(situations)
    attach_gate(situations or [Situation(pk=0, organisation_id=0)], membership)
    for situation in situations:
        situation_access = access_for(situation, membership)
        if any(situation_access.shows_identity(person) for person in matches[situation.pk]):
            found.add(situation.pk)
    return found


def settle_perpetrator_side(pairs, membership):
    """For a list that shows contacts ([(situation, its SituationAccess)]): the links covering this membership, asked
    once for the whole list rather than once per row (lists built with attach_gate have them already)."""
    unknown = {situation.pk for situation, situation_access in pairs if situation_access.linked is None}
    if not unknown:
        return
    linked = linked_in(membership, unknown)
    for situation, situation_access in pairs:
        if situation_access.linked is None:
            situation_access.linked = situation.pk in linked


def linked_in(membership, situation_ids):
    """The situations, among `situation_ids`, on which a perpetrator link covers this membership (casework.links)."""
    ids = list(situation_ids)
    if not ids:
        return set()
    return set(PerpetratorLink.objects.covering(membership).filter(situation_id__in=ids).values_list("situation_id", flat=True))


def linked_situations(membership):
    """A query of the situations on which a perpetrator link covers this membership (for filters)."""
    return PerpetratorLink.objects.covering(membership).values("situation_id")


def organisation_linked_in(organisation_id, situation_ids):
    """The situations, among `situation_ids`, on which any part of this organisation accompanies the perpetrator: what
    a sender asks before sharing with it (protective: one of its teams is enough)."""
    ids = list(situation_ids)
    if not ids:
        return set()
    return set(
        PerpetratorLink.objects.active()
        .filter(organisation_id=organisation_id, situation_id__in=ids)
        .values_list("situation_id", flat=True)
    )


def situation_queryset(membership):
    return Situation.objects.visible_to(membership).select_related("organisation", "commune")


def get_situation_or_404(membership, pk, *, for_update=False):
    qs = situation_queryset(membership)
    if for_update:
        qs = qs.select_for_update(of=("self",))
    situation = qs.filter(pk=pk).first()
    if situation is None:
        raise Http404
    attach_gate([situation], membership)
    return situation, access_for(situation, membership)


def referrals_received(membership, qs=None):
    qs = qs if qs is not None else Referral.objects.all()
    if not _active(membership) or not membership.sees_nominative_data:
        return qs.none()
    return qs.filter(receiver_id=membership.organisation_id)


def referrals_sent(membership, qs=None):
    qs = qs if qs is not None else Referral.objects.all()
    if not _active(membership) or not membership.sees_nominative_data:
        return qs.none()
    return qs.filter(sender_id=membership.organisation_id)


def timeline_shared_in(membership, situation_ids):
    """The situations, among `situation_ids` (of other organisations; a list or a query of ids), whose timeline a
    consent still in force shares with this membership's organisation."""
    if not _active(membership) or not membership.sees_nominative_data:
        return set()
    if not isinstance(situation_ids, QuerySet):
        situation_ids = list(situation_ids)
    # Consent items are a JSON list: checked here rather than with a lookup SQLite and PostgreSQL spell differently
    # (a withdrawn consent covers nothing: excluded above).
    shared = (
        Referral.objects.filter(
            situation_id__in=situation_ids,
            receiver_id=membership.organisation_id,
            status=ReferralStatus.ACCEPTED,
            consent__withdrawn_on__isnull=True,
        )
        .order_by()
        .values_list("situation_id", "consent__items")
    )
    return {situation_id for situation_id, items in shared if ShareItem.TIMELINE in items}


@dataclass
class ReferralAccess:
    referral: Referral
    membership: object
    is_receiver: bool
    is_sender: bool
    # Whether this organisation accompanies the perpetrator of the referral's situation; computed when needed.
    follows_perpetrator: bool | None = None

    @property
    def consent_withdrawn(self):
        return self.referral.consent.withdrawn_on is not None

    @property
    def can_answer(self):
        return self.is_receiver and self.referral.status == ReferralStatus.SENT and not self.consent_withdrawn

    @property
    def may_record_first_contact(self):
        """The receiver of an accepted referral whose consent stands (a second recording is then refused by
        actions.record_first_contact, with its reason)."""
        return self.is_receiver and self.referral.status == ReferralStatus.ACCEPTED and not self.consent_withdrawn

    @property
    def can_record_first_contact(self):
        """The form is offered until the first contact is recorded."""
        return self.may_record_first_contact and self.referral.first_contact_on is None

    @property
    def can_withdraw_consent(self):
        """The sending organisation, which follows the situation, records that the person withdrew her consent."""
        referral = self.referral
        return (
            self.is_sender
            and self.membership.sees_nominative_data
            and referral.situation.organisation_id == self.membership.organisation_id
            and referral.status in LIVE_REFERRAL
            and not self.consent_withdrawn
        )

    @property
    def shows_content(self):
        return self.is_sender or (self.referral.status in LIVE_REFERRAL and not self.consent_withdrawn)

    def _follows_perpetrator(self):
        if self.follows_perpetrator is None:
            referral = self.referral
            linked = referral.situation_id in linked_in(self.membership, [referral.situation_id])
            if self.is_sender:
                # The sender is the situation's owner: it is the perpetrator's side when it accompanies him.
                self.follows_perpetrator = referral.situation.side == Side.PERPETRATOR or linked
            else:
                # The receiver of the perpetrator (linked when his referral was sent), even when the victim is referred
                # to it as well.
                self.follows_perpetrator = referral.person.role == PersonRole.PERPETRATOR or linked
        return self.follows_perpetrator

    def household(self):
        """The household's composition, when the consent shares it: relation between victim and author, children."""
        if not (self.is_sender or (self.shows_content and ShareItem.HOUSEHOLD in consented_items(self.referral))):
            return None
        situation = self.referral.situation
        return {
            "relationship": situation.relationship,
            "relationship_label": situation.get_relationship_display() if situation.relationship else "",
            "children_count": situation.children_count,
        }

    def reason(self):
        """The referral's reason: the sender's own text; for a receiver on the perpetrator's side, only the reason of
        his own referral (the sender was warned), never that of a referral of the victim or a child."""
        referral = self.referral
        if self.is_sender:
            return referral.reason
        if not self.shows_content:
            return ""
        if referral.person.role in (PersonRole.VICTIM, PersonRole.CHILD) and self._follows_perpetrator():
            return ""
        return referral.reason

    def person_view(self, *, contacts=True):
        """What the receiver may read of the referred person: the consent's items, never a victim's contacts for a
        perpetrator's organisation. Lists pass contacts=False (they show no contact and ask nothing more)."""
        person = self.referral.person
        items = set(ALL_ITEMS) if self.is_sender else set(consented_items(self.referral))
        if not self.shows_content:
            items = set()
        if not contacts:
            items.discard(ShareItem.CONTACT)
        protected = person.role in (PersonRole.VICTIM, PersonRole.CHILD)
        view = SituationAccess(
            self.referral.situation,
            self.membership,
            is_owner=False,
            items=frozenset(items),
            referred_person_ids={person.pk},
            linked=bool(protected and items & {ShareItem.CONTACT, ShareItem.NOTES} and self._follows_perpetrator()),
        )
        return view


def get_referral_or_404(membership, pk):
    if not _active(membership) or not membership.sees_nominative_data:
        raise Http404
    org = membership.organisation_id
    referral = (
        Referral.objects.filter(Q(receiver_id=org) | Q(sender_id=org), pk=pk)
        .select_related("situation", "person", "consent", "sender", "receiver", "service", "sent_by", "answered_by")
        .first()
    )
    if referral is None:
        raise Http404
    return referral, ReferralAccess(referral, membership, referral.receiver_id == org, referral.sender_id == org)
