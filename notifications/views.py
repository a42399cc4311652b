"""The member's notifications: the list, opening one (marks it read), marking all read, and her preferences."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from notifications import actions, queries
from notifications.forms import PreferencesForm
from notifications.models import Notification


def _membership(request):
    membership = getattr(request, "membership", None)
    if membership is None:
        raise Http404
    return membership


@require_http_methods(["GET"])
def notification_list(request):
    membership = _membership(request)
    return render(request, "notifications/list.html", {"notifications": queries.page_of(membership)})


@require_POST
def notification_open(request, pk):
    membership = _membership(request)
    notification = Notification.objects.for_membership(membership).filter(pk=pk).first()
    if notification is None:
        raise Http404
    actions.mark_read(membership, notification.pk)
    if not url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None) or not notification.url.startswith("/"):
        return redirect("notifications:list")
    return redirect(notification.url)


@require_POST
def mark_all_read(request):
    membership = _membership(request)
    count = actions.mark_read(membership)
    messages.success(request, _("%(n)s notification(s) marquée(s) comme lue(s).") % {"n": count})
    return redirect("notifications:list")


@require_http_methods(["GET", "POST"])
def preferences(request):
    _membership(request)
    current = queries.preferences_of(request.user)
    form = PreferencesForm(request.POST or None, current=current)
    if request.method == "POST":
        if form.is_valid():
            actions.save_preferences(request.user, form.cleaned_data)
            messages.success(request, _("Vos préférences de notification sont enregistrées."))
            return redirect("notifications:preferences")
        return render(request, "notifications/preferences.html", {"form": form}, status=422)
    return render(request, "notifications/preferences.html", {"form": form})
