"""The calendar page of every dated item, the organisation's secret iCalendar feeds (created and revoked by its admin
or the coordinator), and the feed itself, read by calendar clients without logging in."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from audit.journal import record
from audit.models import Action as JournalAction
from network import access, calendar
from network.models import CalendarFeed


def _manages_feeds(membership):
    return membership.is_org_admin or membership.is_coordinator


def calendar_page(request):
    membership = access.membership_or_404(request)
    today = timezone.localdate()
    items = calendar.items_for(
        membership.organisation,
        today - datetime.timedelta(days=31),
        today + datetime.timedelta(days=183),
        whole_network=access.steers(membership),
    )
    context = {
        "months": calendar.by_month(items),
        "kinds": calendar.KIND_LABELS,
        "manages_feeds": _manages_feeds(membership),
        "new_feed_url": None,
    }
    if context["manages_feeds"]:
        context["feeds"] = list(CalendarFeed.objects.filter(organisation=membership.organisation).usable())
        token = request.session.pop("network_new_feed", None)
        if token:
            context["new_feed_url"] = request.build_absolute_uri(f"/reseau/calendrier/abonnement/{token}.ics")
    return render(request, "network/calendar.html", context)


@require_POST
def feed_create(request):
    membership = access.membership_or_404(request)
    if not _manages_feeds(membership):
        raise Http404
    name = (request.POST.get("name") or "").strip()[:100] or _("Calendrier du réseau")
    feed, token = CalendarFeed.issue(membership.organisation, name, membership.user)
    record(JournalAction.CREATE, membership=membership, target=feed, request=request)
    request.session["network_new_feed"] = token  # shown once, on the next page
    messages.success(request, _("Adresse d'abonnement créée : copiez-la maintenant, elle ne sera plus affichée."))
    return redirect("network:calendar")


@require_POST
def feed_revoke(request, pk):
    membership = access.membership_or_404(request)
    if not _manages_feeds(membership):
        raise Http404
    feed = get_object_or_404(CalendarFeed.objects.usable(), pk=pk, organisation=membership.organisation)
    feed.revoked_at = timezone.now()
    feed.save(update_fields=["revoked_at"])
    record(JournalAction.UPDATE, membership=membership, target=feed, request=request, detail={"revoked": True})
    messages.success(request, _("Adresse d'abonnement révoquée : les agendas abonnés ne reçoivent plus rien."))
    return redirect("network:calendar")


@login_not_required
@require_GET
@never_cache
def feed(request, token):
    found = CalendarFeed.objects.usable().select_related("organisation").filter(token_hash=CalendarFeed.hash_token(token)).first()
    if found is None:
        raise Http404
    now = timezone.now()
    if found.last_used_at is None or (now - found.last_used_at).total_seconds() > 300:
        CalendarFeed.objects.filter(pk=found.pk).update(last_used_at=now)
    body = calendar.feed(found.organisation, host=request.get_host().split(":")[0], base_url=request.build_absolute_uri("/").rstrip("/"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="maillage-reseau.ics"'
    return response
