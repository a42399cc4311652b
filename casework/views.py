"""Pages of the shared follow-up: caseload, situation and its timeline, referrals, assessments, programmes, exports.

Every view reaches its objects through casework.access and journals what it reads or writes."""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Audience, Role
from audit.journal import record
from audit.models import Action
from casework import access, actions, export, links, risk
from casework.crypto import blind_index
from casework.forms import (
    AnswerForm,
    AssessmentForm,
    CaseloadFilterForm,
    CommitteeShareForm,
    DeclareLinkForm,
    EnrolmentForm,
    EventForm,
    ExitForm,
    FirstContactForm,
    NewSituationForm,
    PersonForm,
    ReferralForm,
    SituationEditForm,
    WithdrawConsentForm,
    initial_for_situation,
)
from casework.models import (
    CommitteeShare,
    DangerLevel,
    Enrolment,
    Event,
    EventKind,
    HousingPlace,
    PerpetratorLink,
    Person,
    PersonRole,
    Programme,
    ProgrammeCode,
    Referral,
    ReferralStatus,
    ShareItem,
    Side,
    Situation,
    Status,
)

PAGE_SIZE = 25


def _membership(request):
    membership = getattr(request, "membership", None)
    if membership is None:
        raise Http404
    return membership


def _require_nominative(membership):
    if not membership.sees_nominative_data:
        raise PermissionDenied(_("Votre rôle ne permet pas de consulter ou de modifier des dossiers nominatifs."))


def _people_of(situation):
    return list(situation.people.order_by("pk"))


def _primary(people, side):
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
LEVEL_BADGES = {"high": "badge badge-danger", "elevated": "badge badge-warn", "standard": "badge badge-ok"}


def matching_situation_ids(query, membership):
    """Exact search by name through the blind indexes: « Dupont », « Marie Dupont » or « Dupont Marie ». The
    organisation's own situations, and those of others where the gate shows it the name found (access.names_found_in)."""
    words = query.split()
    hashes = {blind_index(query)}
    if len(words) >= 2:
        hashes.add(blind_index(" ".join(words[1:] + words[:1])))
    hashes.discard("")
    # Only the situations this membership may open are searched, in the same statement: a name that exists in another
    # organisation's file costs the search no extra work, so its time tells nothing (names_found_in does the same).
    rows = (
        Person.objects.filter(Q(last_name_index__in=hashes) | Q(full_name_index__in=hashes))
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


class CappedPaginator(Paginator):
    """Counting every visible situation costs a scan; past CAP the page says « more than CAP », filters narrow it."""

    CAP = 1000

    def __init__(self, *args, at_least=0, **kwargs):
        super().__init__(*args, **kwargs)
        self.at_least = at_least  # a count known to be reached (the organisation's own situations, unfiltered)

    @cached_property
    def count(self):
        if self.at_least > self.CAP:
            return self.at_least
        if isinstance(self.object_list, list):
            return len(self.object_list)
        return self.object_list[: self.CAP + 1].count()

    @property
    def capped(self):
        return self.count > self.CAP


def _filter_fields(form):
    """The caseload's filters as plain data: the template writes them without Django's widget templates, which cost
    more than the list itself."""
    fields = []
    for bound in form:
        value = bound.value()
        entry = {"name": bound.name, "id": bound.id_for_label, "label": bound.label, "errors": bound.errors, "kind": bound.widget_type}
        if bound.widget_type == "select":
            current = "" if value is None else str(value)
            entry["options"] = [(str(v), label, str(v) == current) for v, label in bound.field.choices]
        elif bound.widget_type == "checkbox":
            entry["checked"] = bool(value)
        else:
            entry["value"] = "" if value is None else str(value)
            entry["maxlength"] = getattr(bound.field, "max_length", None)
        fields.append(entry)
    return fields


def caseload(request):
    membership = _membership(request)
    form = CaseloadFilterForm(request.GET or None)
    today = timezone.localdate()
    situations = Situation.objects.visible_to(membership)
    filters = {}
    # Read once for the side list, the badges and the filter; an analyst, who sees no situation, reads none.
    coordinator = membership.role == Role.COORDINATOR
    measures = ExpiringMeasures(membership, today) if membership.sees_nominative_data or coordinator else None
    if form.is_valid():
        data = form.cleaned_data
        filters = {k: v for k, v in data.items() if v}
        if data["status"]:
            situations = situations.filter(status=data["status"])
        if data["level"]:
            # The level of a shared situation is part of its assessment: filtering on it would disclose it. A committee's
            # share includes the assessment: a coordinator filters on it.
            situations = situations.filter(danger_level=data["level"])
            if not coordinator:
                situations = situations.filter(organisation_id=membership.organisation_id)
        if data["programme"]:
            # Enrolments are shown to the owning organisation only: filtering shared situations on them would disclose them.
            situations = situations.filter(
                pk__in=Enrolment.objects.filter(programme=data["programme"]).values("situation_id"),
                organisation_id=membership.organisation_id,
            )
        if data["commune"]:
            # Where the victim lives: never a way for the perpetrator's side to select her household.
            situations = situations.filter(commune_id=data["commune"].pk).exclude(pk__in=access.linked_situations(membership))
        # Both filters select few situations: their ids are read first (through an index), so that the
        # main query walks the primary key instead of the whole ordering index.
        if data["expiring"]:
            situations = situations.filter(measures.situation_filter()) if measures is not None else situations.none()
        if data["q"]:
            situations = situations.filter(pk__in=matching_situation_ids(data["q"], membership))
    # The page's ids first (an index scan, no join), then its rows. A filter that chose few situations has them
    # ordered and counted in that one query rather than scanned twice.
    ordered = situations.order_by("-updated_at", "-pk").values_list("pk", flat=True)
    if filters.get("expiring") or filters.get("q"):
        ordered = list(ordered[:MAX_FILTER_IDS])
    at_least = 0
    if not filters and membership.sees_nominative_data:
        # Unfiltered, the organisation's own situations are all visible: when they alone pass the cap, the organisation
        # index says so without testing what was shared with it on every row.
        at_least = Situation.objects.filter(organisation_id=membership.organisation_id)[: CappedPaginator.CAP + 1].count()
    page = CappedPaginator(ordered, PAGE_SIZE, at_least=at_least).get_page(request.GET.get("page"))
    page_ids = list(page.object_list)
    loaded = (
        Situation.objects.filter(pk__in=page_ids)
        .defer("notes")
        # What a row shows of the organisation and the commune: their names, not two more objects per row.
        .annotate(owner_name=F("organisation__name"), owner_short_name=F("organisation__short_name"), commune_name=F("commune__name"))
        .in_bulk()
    )
    listed = access.attach_gate([loaded[pk] for pk in page_ids if pk in loaded], membership)
    # Roles only: names are read next, for the one person each row shows (decrypting every member of every household costs more).
    people_by = access.listed_people(page_ids)
    rows, chosen = [], []
    for situation in listed:
        situation_access = access.access_for(situation, membership)
        people = situation_access.visible_people(people_by.get(situation.pk, []))
        chosen.append((situation, situation_access, _primary(people, situation.side)))
    badges = expiring_badges(listed, [a for _s, a, _p in chosen], measures, today)
    named = [primary.pk for _situation, situation_access, primary in chosen if primary and situation_access.shows_identity(primary)]
    names = {
        pk: (first, last) for pk, first, last in Person.objects.filter(pk__in=named).order_by().values_list("pk", "first_name", "last_name")
    }
    for situation, situation_access, primary in chosen:
        if primary is not None:
            primary.first_name, primary.last_name = names.get(primary.pk, ("", ""))
        situation.has_expiring = situation.pk in badges
        rows.append(
            {
                "situation": situation,
                # Written here rather than by template tags, 25 times a page.
                "url": reverse("casework:situation_detail", args=[situation.pk]),
                "level_class": LEVEL_BADGES.get(situation.danger_level, "muted"),
                "level_label": situation.get_danger_level_display() if situation.danger_level else _("non évalué"),
                "status_label": situation.get_status_display(),
                "updated": timezone.localtime(situation.updated_at).strftime("%d/%m/%Y"),
                "primary": situation_access.person_summary(primary) if primary else None,
                "is_owner": situation_access.is_owner,
                "shared_by": situation.owner_short_name or situation.owner_name,  # as str(Organisation)
                "shows_assessment": situation_access.shows_assessment,
                "shows_commune": situation_access.shows_commune(),
            }
        )
    expiring = measures.side_list() if measures is not None else []
    record(
        Action.VIEW if not filters.get("q") else Action.SEARCH,
        membership=membership,
        target_type="casework.Situation",
        target_id="caseload",
        request=request,
        detail={"situations": [row["situation"].pk for row in rows], "filters": sorted(filters)},
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "casework/caseload.html",
        {
            "form": form,
            "filter_fields": _filter_fields(form),
            "page": page,
            "rows": rows,
            "expiring": expiring,
            "places": housing_occupancy(today) if membership.sees_nominative_data else [],
            "can_create": access.can_create(membership),
            "querystring": query.urlencode(),
            "inbox_pending": access.referrals_received(membership).filter(status=ReferralStatus.SENT).count(),
            "committee_flags": committee_flags(today) if coordinator else None,
        },
    )


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


def _timeline_context(request, situation, situation_access, people, event_form=None):
    events = (
        situation.events.select_related("organisation", "author", "person", "housing_place").order_by("-date", "-pk")
        if situation_access
        else Event.objects.none()
    )
    events = situation_access.visible_events(events)
    if event_form is None and situation_access.can_add_event:
        event_form = EventForm(situation=situation, people=people, initial={"date": timezone.localdate()})
    return {
        "situation": situation,
        "access": situation_access,
        "events": events,
        "event_form": event_form,
        "people_ids": [p.pk for p in people],
    }


def situation_detail(request, pk):
    membership = _membership(request)
    situation, situation_access = access.get_situation_or_404(membership, pk)
    people = situation_access.visible_people(_people_of(situation))
    people_views = [situation_access.person_view(p) for p in people]
    assessments = list(situation.assessments.select_related("assessor", "organisation")) if situation_access.shows("assessment") else []
    for assessment in assessments:
        assessment.shown_reason = situation_access.assessment_reason(assessment)
    enrolments = list(situation.enrolments.select_related("programme", "person")) if situation_access.is_owner else []
    if situation_access.is_owner:
        referrals = list(situation.referrals.select_related("receiver", "person", "consent"))
    else:
        referrals = list(access.referrals_received(membership, situation.referrals.select_related("receiver", "consent")))
    context = _timeline_context(request, situation, situation_access, people)
    context.update(
        {
            "people": people_views,
            "assessments": assessments,
            "enrolments": enrolments,
            "referrals": referrals,
            "committee_form": CommitteeShareForm() if situation_access.can_edit else None,
            "duplicates": request.session.pop(f"cw_duplicates_{situation.pk}", []),
            "links_panel": _links_panel(situation, situation_access),
        }
    )
    record(Action.VIEW, membership=membership, target=situation, request=request, detail={"people": [p.pk for p in people]})
    return render(request, "casework/situation_detail.html", context)


def _links_panel(situation, situation_access):
    """For the organisation that follows the household (and is not on the perpetrator's side): who accompanies the
    perpetrator, since when, with the means to lift a link or declare one."""
    if not situation_access.is_owner or situation_access.is_linked():
        return None
    links = list(situation.perpetrator_links.select_related("organisation", "team"))
    return {
        "active": [link for link in links if link.lifted_at is None],
        "lifted": [link for link in links if link.lifted_at is not None],
        "may_lift": situation_access.can_edit,
        "may_declare": situation_access.can_edit,
    }


def perpetrator_link_declare(request, pk):
    """The victim's organisation declares which partner accompanies the perpetrator, when no referral nor file says it."""
    membership = _membership(request)
    situation, situation_access = access.get_situation_or_404(membership, pk)
    if not situation_access.can_edit:
        raise PermissionDenied
    form = DeclareLinkForm(request.POST or None, membership=membership)
    if request.method == "POST" and form.is_valid():
        actions.declare_perpetrator_link(
            membership=membership,
            situation=situation,
            organisation=form.cleaned_data["organisation"],
            team=form.cleaned_data.get("team"),
            request=request,
        )
        messages.success(
            request,
            _("%(org)s est enregistrée comme accompagnant l'auteur : elle ne voit plus les coordonnées de la victime ni des enfants.")
            % {"org": form.cleaned_data["organisation"]},
        )
        return redirect("casework:situation_detail", pk=situation.pk)
    return render(
        request,
        "casework/form_page.html",
        {
            "form": form,
            "situation": situation,
            "title": _("Déclarer une organisation qui accompagne l'auteur"),
            "intro": _(
                "L'organisation déclarée ne verra plus, sur cette situation ni sur aucune autre où figure le même auteur, les "
                "coordonnées de la victime et des enfants, la commune du foyer, ni ce que les autres ont écrit sur eux. "
                "Seule votre organisation pourra lever ce lien."
            ),
            "submit": _("Déclarer"),
        },
        status=422 if request.method == "POST" else 200,
    )


@require_POST
def perpetrator_link_lift(request, pk):
    membership = _membership(request)
    link = PerpetratorLink.objects.filter(pk=pk).select_related("situation").first()
    if link is None:
        raise Http404
    situation, situation_access = access.get_situation_or_404(membership, link.situation_id)
    if not situation_access.is_owner or not actions.may_lift(link, membership):
        raise Http404
    reason = (request.POST.get("reason") or "").strip()
    if not reason:
        messages.error(request, _("Motif de la levée : indiquez pourquoi ce lien est levé (par exemple, un homonyme)."))
    elif len(reason) > 1000:
        messages.error(request, _("Motif de la levée : 1 000 caractères au plus."))
    else:
        try:
            actions.lift_perpetrator_link(link=link, reason=reason, membership=membership, request=request)
        except actions.Conflict as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request, _("Lien levé : %(org)s lit de nouveau ce que le consentement lui partage.") % {"org": link.organisation}
            )
    return redirect("casework:situation_detail", pk=situation.pk)


def situation_create(request):
    membership = _membership(request)
    _require_nominative(membership)
    form = NewSituationForm(request.POST or None, initial={"opened_on": timezone.localdate(), "side": Side.VICTIM})
    person_form = PersonForm(
        request.POST or None,
        prefix="person",
        initial={"role": PersonRole.VICTIM},
        perpetrator_side=request.POST.get("side") == Side.PERPETRATOR or membership.accompanies == Audience.PERPETRATORS,
    )
    if request.method == "POST" and form.is_valid() and person_form.is_valid():
        person_data = {k: v for k, v in person_form.cleaned_data.items() if k != "version"}
        situation, person = actions.create_situation(
            membership=membership, request=request, situation_data=form.cleaned_data, person_data=person_data
        )
        _warn_duplicates(request, membership, person)
        messages.success(request, _("Situation %(ref)s créée.") % {"ref": situation.reference})
        return redirect("casework:situation_detail", pk=situation.pk)
    return render(
        request,
        "casework/situation_form.html",
        {"form": form, "person_form": person_form, "title": _("Nouvelle situation"), "situation": None},
    )


def _warn_duplicates(request, membership, person):
    duplicates = actions.possible_duplicates(person, membership)
    record(Action.SEARCH, membership=membership, target=person, request=request, detail={"duplicate_check": len(duplicates)})
    if duplicates:
        request.session[f"cw_duplicates_{person.situation_id}"] = duplicates
        names = ", ".join(d["organisation"] for d in duplicates)
        messages.warning(
            request,
            _("Un dossier concernant peut-être la même personne existe chez : %(orgs)s. Rapprochez-vous de cette organisation.")
            % {"orgs": names},
        )


def situation_edit(request, pk):
    membership = _membership(request)
    situation, situation_access = access.get_situation_or_404(membership, pk)
    if not situation_access.can_edit:
        raise PermissionDenied
    form = SituationEditForm(request.POST or None, initial=initial_for_situation(situation), situation=situation)
    current = None
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            actions.update_situation(
                membership=membership, situation=situation, data=data, version=form.cleaned_data["version"], request=request
            )
        except actions.ConcurrentEdit as exc:
            form.add_error(None, exc.message)
            current = exc.current
        else:
            messages.success(request, _("Situation enregistrée."))
            return redirect("casework:situation_detail", pk=situation.pk)
    record(Action.VIEW, membership=membership, target=situation, request=request, detail={"form": "situation"})
    return render(
        request,
        "casework/situation_form.html",
        {
            "form": form,
            "person_form": None,
            "title": _("Modifier la situation %(ref)s") % {"ref": situation.reference},
            "situation": situation,
            "current": current,
        },
    )


def person_add(request, pk):
    membership = _membership(request)
    situation, situation_access = access.get_situation_or_404(membership, pk)
    if not situation_access.can_edit:
        raise PermissionDenied
    role = request.GET.get("role") or request.POST.get("role") or PersonRole.CHILD
    hide_contact = situation_access.perpetrator_side and role in (PersonRole.VICTIM, PersonRole.CHILD)
    form = PersonForm(
        request.POST or None, initial={"role": role}, hide_contact=hide_contact, perpetrator_side=situation_access.perpetrator_side
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        person = actions.add_person(membership=membership, situation=situation, data=data, request=request)
        _warn_duplicates(request, membership, person)
        messages.success(request, _("Personne ajoutée."))
        return redirect("casework:situation_detail", pk=situation.pk)
    return render(
        request, "casework/person_form.html", {"form": form, "situation": situation, "title": _("Ajouter une personne"), "current": None}
    )


def person_edit(request, pk):
    membership = _membership(request)
    person = Person.objects.visible_to(membership).filter(pk=pk).first()
    if person is None:
        raise Http404
    situation, situation_access = access.get_situation_or_404(membership, person.situation_id)
    if not situation_access.shows_person(person):
        raise Http404  # a member of the household the gate does not show: not even its existence
    if not situation_access.can_edit:
        raise PermissionDenied
    hide_contact = situation_access.perpetrator_side and person.role in (PersonRole.VICTIM, PersonRole.CHILD)
    form = PersonForm(request.POST or None, instance=person, hide_contact=hide_contact, perpetrator_side=situation_access.perpetrator_side)
    current = None
    identity_before = person.identity_index
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            actions.update_person(
                membership=membership, person=person, data=data, version=form.cleaned_data.get("version") or 0, request=request
            )
        except actions.ConcurrentEdit as exc:
            form.add_error(None, exc.message)
            current = situation_access.person_view(exc.current)
        else:
            messages.success(request, _("Fiche enregistrée."))
            if person.identity_index != identity_before:  # a name or a birth date completed or corrected
                _warn_duplicates(request, membership, person)
            return redirect("casework:situation_detail", pk=situation.pk)
    record(Action.VIEW, membership=membership, target=person, request=request, detail={"form": True})
    return render(
        request, "casework/person_form.html", {"form": form, "situation": situation, "title": _("Modifier la fiche"), "current": current}
    )


def event_add(request, pk):
    membership = _membership(request)
    situation, situation_access = access.get_situation_or_404(membership, pk)
    if not situation_access.can_add_event:
        raise PermissionDenied
    people = situation_access.visible_people(_people_of(situation))
    form = EventForm(request.POST or None, situation=situation, people=people)
    if request.method == "POST" and form.is_valid():
        try:
            actions.add_event(membership=membership, situation=situation, data=form.cleaned_data, request=request)
        except actions.Conflict as exc:
            form.add_error(exc.field, str(exc))
        else:
            if not request.htmx:
                messages.success(request, _("Événement ajouté au parcours."))
                return redirect("casework:situation_detail", pk=situation.pk)
            form = None
    template = "casework/_timeline.html" if request.htmx else "casework/event_form.html"
    context = _timeline_context(request, situation, situation_access, people, event_form=form)
    context["added"] = request.method == "POST" and form is None
    status = 422 if request.method == "POST" and form is not None and request.htmx else 200
    record(
        Action.VIEW, membership=membership, target=situation, request=request, detail={"form": "event", "people": [p.pk for p in people]}
    )
    return render(request, template, context, status=status)


def assessment_add(request, pk):
    membership = _membership(request)
    situation, situation_access = access.get_situation_or_404(membership, pk)
    if not situation_access.can_edit:
        raise PermissionDenied
    grid = risk.current_grid()
    questions = list(grid.questions.all())
    form = AssessmentForm(request.POST or None, questions=questions, initial={"assessed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        assessment = actions.record_assessment(
            membership=membership,
            situation=situation,
            grid=grid,
            answers=form.answers(),
            assessed_on=form.cleaned_data["assessed_on"],
            raise_to=form.cleaned_data["raise_to"],
            raised_reason=form.cleaned_data["raised_reason"],
            request=request,
        )
        messages.success(
            request,
            _("Évaluation enregistrée : score %(score)s, niveau %(level)s.")
            % {"score": assessment.score, "level": assessment.get_level_display()},
        )
        if assessment.level == DangerLevel.HIGH:
            messages.warning(request, _("Danger grave : la situation est signalée au comité de suivi."))
        return redirect("casework:situation_detail", pk=situation.pk)
    return render(request, "casework/assessment_form.html", {"form": form, "situation": situation, "grid": grid})


def referral_create(request, pk):
    membership = _membership(request)
    situation, situation_access = access.get_situation_or_404(membership, pk)
    if not situation_access.can_refer:
        raise PermissionDenied
    people = _people_of(situation)
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
    membership = _membership(request)
    _require_nominative(membership)
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
        "answer_form": None,
        "contact_form": None,
        "withdraw_form": None,
    }
    context.update(forms)
    return render(request, "casework/referral_detail.html", context, status=status)


def referral_detail(request, pk):
    membership = _membership(request)
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
    membership = _membership(request)
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
    membership = _membership(request)
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
    membership = _membership(request)
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


def enrolment_add(request, pk):
    membership = _membership(request)
    situation, situation_access = access.get_situation_or_404(membership, pk)
    if not situation_access.can_edit:
        raise PermissionDenied
    for code in ProgrammeCode.values:
        Programme.builtin(code)
    people = _people_of(situation)
    form = EnrolmentForm(request.POST or None, people=people, initial={"entered_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        actions.enrol(membership=membership, situation=situation, data=form.cleaned_data, request=request)
        messages.success(request, _("Inscription enregistrée."))
        return redirect("casework:situation_detail", pk=situation.pk)
    record(
        Action.VIEW,
        membership=membership,
        target=situation,
        request=request,
        detail={"form": "enrolment", "people": [p.pk for p in people]},
    )
    return render(
        request,
        "casework/form_page.html",
        {"form": form, "situation": situation, "title": _("Inscrire dans un programme"), "submit": _("Inscrire")},
    )


def enrolment_exit(request, pk):
    membership = _membership(request)
    enrolment = (
        Enrolment.objects.filter(pk=pk, situation__in=Situation.objects.visible_to(membership).values("pk"))
        .select_related("programme")
        .first()
    )
    if enrolment is None:
        raise Http404
    situation, situation_access = access.get_situation_or_404(membership, enrolment.situation_id)
    if not situation_access.is_owner:
        raise Http404  # enrolments are shown to the organisation that follows the situation only
    if not situation_access.can_edit:
        raise PermissionDenied
    form = ExitForm(request.POST or None, enrolment=enrolment, initial={"exited_on": timezone.localdate()})
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            actions.exit_enrolment(membership=membership, enrolment=enrolment, data=form.cleaned_data, request=request)
        except actions.Conflict as exc:
            form.add_error(exc.field, str(exc))
            status = 409
        else:
            messages.success(request, _("Sortie enregistrée."))
            return redirect("casework:situation_detail", pk=situation.pk)
    record(
        Action.VIEW,
        membership=membership,
        target=enrolment,
        request=request,
        detail={"form": "exit", "situation": situation.pk, "person": enrolment.person_id},
    )
    return render(
        request,
        "casework/form_page.html",
        {
            "form": form,
            "situation": situation,
            "title": _("Sortie du programme : %(p)s") % {"p": enrolment.programme},
            "submit": _("Enregistrer"),
        },
        status=status,
    )


@require_POST
def committee_share(request, pk):
    membership = _membership(request)
    situation, situation_access = access.get_situation_or_404(membership, pk)
    if not situation_access.can_edit:
        raise PermissionDenied
    form = CommitteeShareForm(request.POST)
    if form.is_valid():
        actions.share_with_committee(
            membership=membership,
            situation=situation,
            until=form.cleaned_data["until"],
            reason=form.cleaned_data["reason"],
            request=request,
        )
        messages.success(request, _("Situation partagée avec le comité de suivi."))
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label} : {error}")
    return redirect("casework:situation_detail", pk=situation.pk)


def _person_for_export(request, pk):
    membership = _membership(request)
    person = Person.objects.visible_to(membership).filter(pk=pk).first()
    if person is None:
        raise Http404
    _situation, situation_access = access.get_situation_or_404(membership, person.situation_id)
    if not situation_access.is_owner or not membership.sees_nominative_data:
        raise Http404
    return membership, person, situation_access


def person_export_json(request, pk):
    membership, person, situation_access = _person_for_export(request, pk)
    data = export.person_data(person, situation_access)
    record(Action.EXPORT, membership=membership, target=person, request=request, detail={"format": "json"})
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2, default=export.json_default), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="personne-{person.pk}.json"'
    return response


def person_export_pdf(request, pk):
    membership, person, situation_access = _person_for_export(request, pk)
    data = export.person_data(person, situation_access)
    pdf = export.person_pdf(data, request=request)
    record(Action.EXPORT, membership=membership, target=person, request=request, detail={"format": "pdf"})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="personne-{person.pk}.pdf"'
    return response


def housing(request):
    membership = _membership(request)
    _require_nominative(membership)
    return render(request, "casework/housing.html", {"places": housing_occupancy()})


def situation_url(situation):
    return reverse("casework:situation_detail", args=[situation.pk])
