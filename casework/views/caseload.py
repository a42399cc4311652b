"""The caseload (the organisation's situations, filtered, paged) and the eviction housing places."""

from django.core.paginator import Paginator
from django.db.models import F
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from accounts.models import Role
from audit.journal import record
from audit.models import Action
from casework import access
from casework.forms import CaseloadFilterForm
from casework.models import Enrolment, Person, ReferralStatus, Situation
from casework.queries import (
    MAX_FILTER_IDS,
    ExpiringMeasures,
    committee_flags,
    expiring_badges,
    housing_occupancy,
    matching_situation_ids,
    primary_person,
)
from casework.views.common import PAGE_SIZE, membership_or_404, require_nominative

LEVEL_BADGES = {"high": "badge badge-danger", "elevated": "badge badge-warn", "standard": "badge badge-ok"}


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
        entry = {
            "name": bound.name,
            "id": bound.id_for_label,
            "label": bound.label,
            "errors": bound.errors,
            "kind": bound.widget_type,
            "help": bound.help_text,
        }
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
    membership = membership_or_404(request)
    form = CaseloadFilterForm(request.GET or None)
    if not membership.sees_nominative_data:
        # A coordinator follows no situation of her own and reads no enrolment: these filters would answer nothing.
        for name in ("mine", "programme"):
            del form.fields[name]
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
        if data.get("programme"):
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
        if data.get("mine"):
            situations = situations.filter(referent_id=membership.user.pk, organisation_id=membership.organisation_id)
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
        .annotate(
            owner_name=F("organisation__name"),
            owner_short_name=F("organisation__short_name"),
            commune_name=F("commune__name"),
            referent_first_name=F("referent__first_name"),
            referent_last_name=F("referent__last_name"),
        )
        .in_bulk()
    )
    listed = access.attach_gate([loaded[pk] for pk in page_ids if pk in loaded], membership)
    # Roles only: names are read next, for the one person each row shows (decrypting every member of every household costs more).
    people_by = access.listed_people(page_ids)
    rows, chosen = [], []
    for situation in listed:
        situation_access = access.access_for(situation, membership)
        people = situation_access.visible_people(people_by.get(situation.pk, []))
        chosen.append((situation, situation_access, primary_person(people, situation.side)))
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
                # Her own organisation's practitioner: shown on its own situations only.
                "referent": f"{situation.referent_first_name or ''} {situation.referent_last_name or ''}".strip()
                if situation_access.is_owner and situation.referent_id
                else "",
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


def housing(request):
    membership = membership_or_404(request)
    require_nominative(membership)
    return render(request, "casework/housing.html", {"places": housing_occupancy()})
