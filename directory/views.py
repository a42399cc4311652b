"""Pages of the guide. Public pages set no cookie and load nothing from elsewhere; their titles stay neutral."""

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from directory import access, caching
from directory.calendar import service_calendar
from directory.forms import SearchForm
from directory.models import Helpline, Service
from directory.presenters import present_helpline, present_service
from directory.questions import BY_SLUG, NEED_OF_CATEGORY, QUESTIONS
from directory.search import _closures_by_service, find_commune, kept_with_index, search, search_words
from directory.taxonomy import Category

PAGE_SIZE = 10


def is_professional(request):
    return access.is_professional(request)


def _helplines(emergency_only=False, need=None, commune=None, now=None):
    """The lines a person here may call (national ones, local ones serving `commune` or the territory), for one need
    page when `need` is given."""
    now = now or timezone.now()
    lines = Helpline.objects.published().serving(commune)
    if emergency_only:
        lines = lines.filter(is_emergency=True)
    return [present_helpline(line, now) for line in lines if need is None or need in (line.needs or [])]


def _open_first(lines):
    """Lines open now first (24/7 lines included), then the others in their order, each with its status."""
    return sorted(lines, key=lambda line: line["status"]["open"] is not True)


@login_not_required
def home(request):
    return render(
        request,
        "directory/home.html",
        {"questions": QUESTIONS, "form": SearchForm(), "emergency_lines": _helplines(emergency_only=True)},
    )


@login_not_required
def question(request, slug):
    """A need page: the national lines that answer it, then the services of its category on the territory (before any
    commune is typed), and the search to find those near a commune. The professional's page helps decide where to
    orient a person."""
    found = BY_SLUG.get(slug)
    if found is None:
        raise Http404
    initial = {"categorie": found.category, "public": found.audience, "ouvert": found.open_now}
    now = timezone.now()
    context = {"question": found, "form": SearchForm(initial=initial), "lines": _helplines(need=found.slug, now=now)}
    if found.slug == "professionnel":
        context["orientation"] = _orientation(now)
        context["has_training"] = Service.objects.published().filter(category_links__category=Category.TRAINING).exists()
    else:
        local, remote, _more = search(category=found.category or None, audience=found.audience or None, limit=6, remote_limit=3)
        closures = _closures_by_service({r.service.pk for r in local + remote})
        context["local"] = _cards(
            present_service(r.service, professional=False, location=r.location, closures=closures.get(r.service.pk, []), now=now)
            for r in local
        )
        context["remote"] = _cards(
            present_service(r.service, professional=False, closures=closures.get(r.service.pk, []), now=now) for r in remote
        )
        context["all_url"] = reverse("directory:results") + "?" + urlencode({"categorie": found.category})
    return render(request, "directory/question.html", context)


def _orientation(now):
    """The professional's orientation table: each situation with its categories (linked to the search) and numbers."""
    from directory.questions import ORIENTATION

    labels = dict(Category.choices)
    lines = {line.number: line for line in Helpline.objects.published().serving()}
    rows = []
    for row in ORIENTATION:
        rows.append(
            {
                "situation": row.situation,
                "advice": row.advice,
                "categories": [
                    {"label": labels[code], "url": reverse("directory:results") + "?" + urlencode({"categorie": code})}
                    for code in row.categories
                ],
                "lines": [present_helpline(lines[number], now) for number in row.numbers if number in lines],
            }
        )
    return rows


@login_not_required
def results(request):
    """Cached for a minute for anonymous visitors (see directory.caching); computed for professionals."""
    if request.user.is_authenticated:
        return _results(request)
    key = caching.page_key(request)
    content = cache.get(key)
    if content is not None:
        return HttpResponse(content)
    response = _results(request)
    if response.status_code == 200:
        cache.set(key, response.content, caching.seconds_left_in_minute())
    return response


def _results(request):
    form = SearchForm(request.GET or None)
    context = {
        "form": form,
        "local": [],
        "remote": [],
        "commune": None,
        "suggestions": [],
        "problem": "",
        "has_more": False,
        "next_url": "",
        "category_label": "",
        "alternatives": [],
        "all_words": True,
    }
    if not request.GET or not form.is_valid():
        context["problem"] = "empty" if not request.GET else "invalid"
        return render(request, "directory/results.html", context, status=200 if not request.GET else 400)
    data = form.cleaned_data
    if form.is_empty():
        context["problem"] = "empty"
        return render(request, "directory/results.html", context)
    commune = None
    if data["commune"]:
        match = find_commune(data["commune"])
        if match.commune is None:
            context["problem"] = "commune"
            params = {k: v for k, v in request.GET.items() if k not in ("commune", "page")}
            context["suggestions"] = [
                {"name": c.name, "postal_codes": ", ".join(c.postal_codes or []), "url": "?" + urlencode({**params, "commune": c.name})}
                for c in match.suggestions
            ]
            return render(request, "directory/results.html", context)
        commune = match.commune
        params = {k: v for k, v in request.GET.items() if k not in ("commune", "page")}
        context["alternatives"] = [{"name": c.name, "url": "?" + urlencode({**params, "commune": c.name})} for c in match.suggestions]
    page = data.get("page") or 1
    now = timezone.now()
    membership = access.professional_membership(request)
    # Confidential fields (a shelter's address) for the members who read them (directory.access), journaled.
    professional = access.reads_confidential(membership)
    local, remote, has_more, all_words = search_words(
        category=data["categorie"] or None,
        audience=data["public"] or None,
        commune=commune,
        text=data["texte"],
        open_now=data["ouvert"],
        moment=now,
        limit=PAGE_SIZE,
        offset=(page - 1) * PAGE_SIZE,
        fresh=request.user.is_authenticated,
    )
    closures = _closures_by_service({r.service.pk for r in local + remote})
    context.update(
        {
            "commune": commune,
            "category_label": dict(Category.choices).get(data["categorie"], ""),
            "local": _cards(
                present_service(
                    r.service,
                    professional=professional,
                    location=r.location,
                    closures=closures.get(r.service.pk, []),
                    now=now,
                    distance=r.distance,
                )
                for r in local
            ),
            "remote": _remote_cards(request, remote, professional=professional, closures=closures, now=now),
            "has_more": has_more,
            "lines": [],
            "next_openings": [],
            "all_words": all_words,
            "next_url": "?" + urlencode({**{k: v for k, v in request.GET.items() if k != "page"}, "page": page + 1}),
        }
    )
    if professional:
        shown = {r.service.pk: access.confidential_fields(r.service, [r.location.place] if r.location else []) for r in local}
        shown.update({r.service.pk: access.confidential_fields(r.service, []) for r in remote})
        access.journal_confidential(request, membership, shown)
    if not local and page == 1 and (data["ouvert"] or not remote):
        # Nothing here (or nothing open now): the lines that answer this need, those open now first, and when the
        # nearest places open next.
        need = NEED_OF_CATEGORY.get(data["categorie"]) if data["categorie"] else None
        lines = _helplines(need=need, commune=commune, now=now) if need else _helplines(emergency_only=True, commune=commune, now=now)
        context["lines"] = _open_first(lines)
        if data["ouvert"]:
            context["next_openings"] = _next_openings(data, commune, now, professional=professional, request=request, membership=membership)
    return render(request, "directory/results.html", context)


def _next_openings(data, commune, now, *, professional, request, membership, count=5):
    """The nearest places of the search, closed now, with when each opens next: the soonest first."""
    from directory import hours as hours_module
    from directory.search import overrides_for

    nearest, _remote, _more = search(
        category=data["categorie"] or None,
        audience=data["public"] or None,
        commune=commune,
        text=data["texte"],
        limit=3 * count,
        include_remote=False,
        fresh=professional,
    )
    closures = _closures_by_service({r.service.pk for r in nearest})
    timed = []
    for result in nearest:
        own = closures.get(result.service.pk, [])
        occurrence = hours_module.next_opening(result.location.schedule(), now, overrides_for(own, result.location))
        if occurrence is not None:
            timed.append((occurrence.start, result.distance or 0, result, own))
    timed.sort(key=lambda item: (item[0], item[1]))
    if professional:
        shown = {r.service.pk: access.confidential_fields(r.service, [r.location.place]) for _start, _distance, r, _own in timed[:count]}
        access.journal_confidential(request, membership, shown)
    return _cards(
        present_service(r.service, professional=professional, location=r.location, closures=own, now=now, distance=r.distance)
        for _start, _distance, r, own in timed[:count]
    )


def _cards(presented):
    """The presented services with what their result card writes, computed here rather than by a template tag on
    each card ({% url %} alone costs about 0.1 ms): link, distance in words, status class, number to call."""
    cards = list(presented)
    for card in cards:
        card["url"] = reverse("directory:service", args=[card["id"]])
        distance = card["distance_km"]
        # « à 0,0 km » says nothing (the same commune, or a confidential address measured from the commune's centre).
        card["distance_label"] = "" if distance is None or distance < 0.05 else _("à %(d)s km") % {"d": formats.number_format(distance, 1)}
        card["status_class"] = {True: "status-open", False: "status-closed"}.get(card["status"]["open"], "")
        card["call"] = card["phone"] or (card["place"]["phone"] if card["place"] else None)
    return cards


def _remote_cards(request, remote, *, professional, closures, now):
    """The remote services' cards. For anonymous visitors they are kept for the minute with the search index: the
    same few on every page of a category whatever the commune, and what a card says changes only with the guide's
    data or the minute (hours are given to the minute), as for the anonymous page cache. A logged-in person's
    cards are always computed, never taken from or put in what is kept."""

    def present(service):
        return present_service(service, professional=professional, closures=closures.get(service.pk, []), now=now)

    if request.user.is_authenticated:
        return _cards(present(r.service) for r in remote)
    kept = kept_with_index("remote-cards").setdefault((now.replace(second=0, microsecond=0), get_language()), {})
    for card in _cards(present(r.service) for r in remote if r.service.pk not in kept):
        kept[card["id"]] = card
    return [kept[r.service.pk] for r in remote]


def _optional_url(name, *args):
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def _referral_url(request, service):
    if not is_professional(request):
        return ""
    try:
        return reverse("casework:referral_new") + "?" + urlencode({"service": service.pk})
    except NoReverseMatch:
        return ""


@login_not_required
def service_detail(request, pk):
    membership = access.professional_membership(request)
    service = get_object_or_404(Service.objects.visible_to(membership).select_related("organisation"), pk=pk)
    professional = membership is not None
    confidential = access.reads_confidential(membership)
    if confidential:
        places = [loc.place for loc in service.locations.select_related("place")]
        access.journal_confidential(request, membership, {service.pk: access.confidential_fields(service, places)})
    return render(
        request,
        "directory/service.html",
        {
            "service": present_service(service, professional=confidential, full=True),
            "professional": professional,
            "referral_url": _referral_url(request, service),
            "edit_url": _optional_url("directory:pro_service_edit", service.pk)
            if membership and membership.organisation_id == service.organisation_id
            else "",
            "ical_url": _optional_url("directory:service_ical", service.pk) if service.is_published and _has_dates(service) else "",
        },
    )


def _has_dates(service):
    """Whether the iCalendar feed would hold any date: not for a 24/7 service or one without hours."""
    schedules = [location.schedule() for location in service.locations.all()] or [service.schedule()]
    return any(not schedule.empty and not schedule.always_open for schedule in schedules)


@login_not_required
def helplines(request):
    now = timezone.now()
    lines = _helplines(now=now)
    # The territory's own lines: its remote services with a public number (a partner's listening line).
    remote = Service.objects.published().filter(is_remote=True).exclude(phone="").select_related("organisation").order_by("name")
    return render(
        request,
        "directory/helplines.html",
        {
            "national": [line for line in lines if line["scope"] == "national"],
            "local": [line for line in lines if line["scope"] == "local"],
            "territory_services": _cards(
                card for card in (present_service(service, professional=False, now=now) for service in remote) if card["phone"]
            ),
        },
    )


@login_not_required
def erase_traces(request):
    return render(request, "directory/erase_traces.html")


@login_not_required
def service_ical(request, pk):
    service = get_object_or_404(Service.objects.published().select_related("organisation"), pk=pk)
    response = HttpResponse(service_calendar(service, host=request.get_host().split(":")[0]), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="permanences-{service.pk}.ics"'
    return response


@login_not_required
def print_index(request):
    from directory.printing import territory_choices

    return render(request, "directory/print_index.html", {"territories": territory_choices(), "selected": "", "commune": ""})


@login_not_required
def print_pdf(request, kind):
    from directory.printing import UnknownTerritory, render_guide, territory_choices

    if kind not in ("victimes", "professionnels"):
        raise Http404
    territory = request.GET.get("territoire", "")
    typed = request.GET.get("commune", "").strip()[:80]
    error = ""
    suggestions = []
    if typed:
        # A commune typed in the form (name, postal code, INSEE code) takes the place of the list's choice.
        match = find_commune(typed)
        if match.commune is None:
            error = "commune"
            suggestions = [c.name for c in match.suggestions]
        else:
            territory = f"commune:{match.commune.insee_code}"
    pdf = None
    if not error:
        key = "directory-pdf:" + _guide_version(kind, territory)
        pdf = cache.get(key)
        if pdf is None:
            try:
                pdf = render_guide(kind, territory)
            except UnknownTerritory:
                error = "territory"
            else:
                cache.set(key, pdf, 600)
    if error:
        context = {"territories": territory_choices(), "error": error, "suggestions": suggestions, "selected": territory, "commune": typed}
        return render(request, "directory/print_index.html", context, status=400)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="guide-{kind}.pdf"'
    return response


def _guide_version(*parts):
    """A cache key that changes with any change to what the printed guides show."""
    import hashlib

    from directory.models import Closure

    latest = Service.objects.order_by("-updated_at").values_list("updated_at", flat=True).first()
    state = (
        *parts,
        timezone.localdate(),
        Service.objects.published().count(),
        latest,
        Helpline.objects.count(),
        Closure.objects.order_by("-pk").values_list("pk", flat=True).first(),
    )
    return hashlib.sha256(repr(state).encode()).hexdigest()
