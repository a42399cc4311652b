"""The daily reminders (command `notify_due`): protective measures ending within 15 days, guide entries not verified
for six months, then the daily summaries. Each reminder is keyed on its object and date (notifications.events), so a
run repeated the same day, or after a crash, reminds nobody twice."""

from django.db import transaction
from django.utils import timezone

from notifications import events
from notifications.delivery import build_digests

MEASURE_NOTICE_DAYS = 15


def measures_ending(today=None):
    from casework.models import Event, Status

    today = today or timezone.localdate()
    ending = (
        Event.objects.expiring(days=MEASURE_NOTICE_DAYS, today=today)
        .filter(situation__status=Status.OPEN, situation__anonymised_at__isnull=True)
        .select_related("situation")
        .order_by("pk")
    )
    count = 0
    for event in ending.iterator(chunk_size=500):
        with transaction.atomic():
            count += len(events.measure_ending(event))
    return count


def stale_entries(today=None):
    from directory.models import Service

    count = 0
    for service in Service.objects.published().stale(today).order_by("pk").iterator(chunk_size=500):
        with transaction.atomic():
            count += len(events.directory_entry_stale(service))
    return count


def run(today=None):
    return {"measures": measures_ending(today), "guide": stale_entries(today), "digests": build_digests()}
