from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from audit.labels import detail_label, target_label
from audit.models import Action, Entry


def journal(request):
    """Organisation admins read their organisation's entries; anyone else gets a 404."""
    membership = getattr(request, "membership", None)
    if membership is None or not membership.is_org_admin:
        raise Http404
    entries = Entry.objects.visible_to(membership)
    action = request.GET.get("action")
    if action in Action.values:
        entries = entries.filter(action=action)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    rows = [{"entry": entry, "target": target_label(entry), "detail": detail_label(entry)} for entry in page]
    return render(request, "audit/journal.html", {"page": page, "rows": rows, "actions": Action.choices, "current_action": action})
