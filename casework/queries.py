"""Queries of the shared follow-up's pages and API: the caseload's expiring measures and badges, the housing places' occupancy,
the search by name, the committee's counts. They read through casework.access; views only call them."""

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from casework import access
from casework.crypto import blind_index
from casework.models import (
    CommitteeShare,
    Event,
    EventKind,
    HousingPlace,
    Person,
    PersonNameKey,
    PersonRole,
    ShareItem,
    Side,
    Situation,
    Status,
)


def people_of(situation):
    return list(situation.people.order_by("pk"))


def primary_person(people, side):
    wanted = PersonRole.PERPETRATOR if side == Side.PERPETRATOR else PersonRole.VICTIM
    for person in people:
        if person.role == wanted:
            return person
    return people[0] if people else None


class ExpiringMeasures:
    """Measures ending within 15 days, read once for the caseload's side list, its badges and its « expiring »
    filter: those of the organisation's own situations and those it recorded on others' (events carry their
    situation's owner: one scan of the (kind, end date) index, no join); the gate is asked about the others only."""

    def __init__(self, membership, today):
        self.membership = membership
        org = membership.organisation_id
        self.events = Event.objects.expiring(days=15, today=today).order_by()
        if not membership.sees_nominative_data:
            # A coordinator: the committee's shares cover the timeline, so every measure of a shared situation shows.
            self.committee = Situation.objects.visible_to(membership).values("pk")
            self.own = []
            self.recorded = list(
                self.events.filter(situation_id__in=self.committee).values_list("pk", "situation_id", "kind", "end_date", "owner_id")
            )
            self.marked = {r[1] for r in self.recorded}
            return
        rows = list(
            self.events.filter(Q(owner_id=org) | Q(organisation_id=org)).values_list("pk", "situation_id", "kind", "end_date", "owner_id")
        )
        self.own = [r for r in rows if r[4] == org]
        # Measures the organisation recorded on a situation another one follows: shown if that situation is visible.
        recorded = {r[1] for r in rows if r[4] != org}
        visible = set(Situation.objects.visible_to(membership).filter(pk__in=recorded).values_list("pk", flat=True)) if recorded else set()
        self.recorded = [r for r in rows if r[4] != org and r[1] in visible]
        # Situations whose expiring measures this organisation reads whatever was shared: its own, and those it recorded.
        self.marked = {r[1] for r in self.own} | {r[1] for r in self.recorded}

    def side_list(self, limit=20):
        """The soonest measures, as the side list writes them."""
        rows = sorted(self.own + self.recorded, key=lambda r: (r[3], r[0]))[:limit]
        kinds = dict(EventKind.choices)
        return [
            {
                "url": reverse("casework:situation_detail", args=[situation_id]),
                "reference": Situation.reference_of(situation_id),
                "kind": kinds.get(kind, kind),
                "end": end_date.strftime("%d/%m/%Y"),
            }
            for _pk, situation_id, kind, end_date, _owner in rows
        ]

    def situation_filter(self):
        """A Q over Situation: those with a measure ending within 15 days that this membership's timeline shows (any
        measure on its own situations; on a situation shared with it, those it recorded, or any if the timeline was
        shared). A subquery, so that the ids are not sent back and forth."""
        if not self.membership.sees_nominative_data:
            return Q(pk__in=self.events.filter(situation_id__in=self.committee).values("situation_id"))
        org = self.membership.organisation_id
        shared = access.timeline_shared_in(self.membership, self.events.exclude(owner_id=org).values("situation_id"))
        events = self.events.filter(Q(owner_id=org) | Q(organisation_id=org) | Q(situation_id__in=shared))
        return Q(pk__in=events.values("situation_id"))


def expiring_badges(listed, accesses, measures, today):
    """The situations of a page that show a « measure expiring » badge: those whose expiring measures the organisation
    reads anyway (`measures.marked`), and those whose shared timeline holds one (asked only about these rows)."""
    marked = measures.marked if measures is not None else set()
    timeline = [s.pk for s, a in zip(listed, accesses, strict=True) if s.pk not in marked and a.shows(ShareItem.TIMELINE)]
    if timeline:
        marked = marked | set(
            Event.objects.expiring(days=15, today=today).filter(situation_id__in=timeline).values_list("situation_id", flat=True)
        )
    return marked


def housing_occupancy(today=None):
    """Each place with its manager and current occupancy."""
    today = today or timezone.localdate()
    # A stay in a place always has an end date (EventForm), so the (place, end date) index answers this.
    current = (
        Event.objects.filter(housing_place=OuterRef("pk"), end_date__gte=today, date__lte=today)
        .order_by()
        .values("housing_place")
        .annotate(n=Count("pk"))
        .values("n")
    )
    places = list(HousingPlace.objects.select_related("organisation").annotate(occupied=Coalesce(Subquery(current), 0)).order_by("name"))
    for place in places:
        place.free = max(place.capacity - place.occupied, 0)
    return places


MAX_FILTER_IDS = 5000


def matching_situation_ids(query, membership):
    """Search by name through keyed blind indexes, never a name in clear: the exact name (« Dupont », « Marie Dupont »,
    « Dupont Marie ») or, forgiving case, accents, hyphens, word order and common spelling variants, every word of the
    query by its phonetic key (« dupond marie » finds « Marie Dupont-Lefèvre »). The organisation's own situations,
    and those of others where the gate shows it the name found (access.names_found_in)."""
    words = query.split()
    hashes = {blind_index(query)}
    if len(words) >= 2:
        hashes.add(blind_index(" ".join(words[1:] + words[:1])))
    hashes.discard("")
    keys = PersonNameKey.keys_of(query)
    matches = Q(last_name_index__in=hashes) | Q(full_name_index__in=hashes)
    if keys:
        # The people whose name has every word of the query (by its phonetic key).
        phonetic = (
            PersonNameKey.objects.filter(key__in=keys)
            .values("person_id")
            .annotate(words=Count("key", distinct=True))
            .filter(words=len(keys))
            .values("person_id")
        )
        matches |= Q(pk__in=phonetic)
    # Only the situations this membership may open are searched, in the same statement: a name that exists in another
    # organisation's file costs the search no extra work, so its time tells nothing (names_found_in does the same).
    rows = (
        Person.objects.filter(matches)
        .filter(situation__in=Situation.objects.visible_to(membership).values("pk"))
        .order_by()
        .values_list("situation__organisation_id", *access.ROLE_FIELDS)[:MAX_FILTER_IDS]
    )
    own, elsewhere = set(), {}
    for organisation_id, *person in rows:
        if organisation_id == membership.organisation_id and membership.sees_nominative_data:
            own.add(person[1])
        else:
            elsewhere.setdefault(person[1], []).append(access.ListedPerson(*person))
    return list(own | access.names_found_in(membership, elsewhere))


def search_filter(query, membership):
    return Q(pk__in=matching_situation_ids(query, membership))


def committee_flags(today):
    """For the network's coordinators: per organisation, how many open situations a high danger level flagged for the
    committee, and how many of them the organisation has shared with it. Counts only, nothing nominative: the
    coordinator asks the organisation to bring the others to the next committee."""
    live = CommitteeShare.objects.filter(situation_id=OuterRef("pk"), until__gte=today)
    rows = (
        Situation.objects.filter(flagged_for_committee=True, status=Status.OPEN, anonymised_at__isnull=True)
        .annotate(shared=Exists(live))
        .order_by()
        .values_list("organisation_id", "organisation__short_name", "organisation__name", "shared")
    )
    counts = {}
    for organisation_id, short_name, name, shared in rows:
        entry = counts.setdefault(organisation_id, {"organisation": short_name or name, "flagged": 0, "shared": 0})
        entry["flagged"] += 1
        entry["shared"] += bool(shared)
    return sorted(counts.values(), key=lambda e: (-(e["flagged"] - e["shared"]), e["organisation"]))
