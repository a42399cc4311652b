"""Reads of a member's notifications and preferences (her own, for the organisation she acts for)."""

from notifications.models import DEFAULT_DELIVERY, Kind, Notification, Preference


def unread_count(membership):
    return Notification.objects.for_membership(membership).unread().count()


def page_of(membership, limit=50):
    return list(Notification.objects.for_membership(membership).order_by("-created_at", "-pk")[:limit])


def preferences_of(user):
    chosen = dict(Preference.objects.filter(user=user).values_list("kind", "delivery"))
    return {kind.value: chosen.get(kind.value, DEFAULT_DELIVERY[kind]) for kind in Kind}
