"""A member's changes: reading notifications, choosing how she is told."""

from django.db import transaction
from django.utils import timezone

from notifications.models import Notification, Preference


def mark_read(membership, notification_id=None):
    """Mark one notification (or all) of this membership as read; returns how many changed."""
    rows = Notification.objects.for_membership(membership).unread()
    if notification_id is not None:
        rows = rows.filter(pk=notification_id)
    return rows.update(read_at=timezone.now())


@transaction.atomic
def save_preferences(user, choices):
    for kind, delivery in choices.items():
        Preference.objects.update_or_create(user=user, kind=kind, defaults={"delivery": delivery})
