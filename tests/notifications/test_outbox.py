"""The outbox: a refusal or a time-out of the mail server keeps the message, retried later with back-off; two workers
never send the same message; a deactivated member gets nothing; the outbox never keeps an address."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from notifications import delivery, events
from notifications.models import OutboxMessage, OutboxStatus
from tests.notifications.backends import FlakyBackend

pytestmark = pytest.mark.django_db

FLAKY = "tests.notifications.backends.FlakyBackend"


@pytest.fixture
def flaky(settings):
    settings.EMAIL_BACKEND = FLAKY
    FlakyBackend.failures = 0
    FlakyBackend.error = "refused"
    yield FlakyBackend
    FlakyBackend.failures = 0


def _one_message(organisation):
    events.committee_action_assigned(organisation=organisation, url="/reseau/actions/1/", key="committee_action:1")
    return OutboxMessage.objects.get()


@pytest.mark.parametrize("error", ["refused", "timeout"])
def test_a_failed_send_stays_in_the_outbox_and_is_retried_with_back_off(flaky, error, member, organisation):
    flaky.failures, flaky.error = 2, error
    message = _one_message(organisation)
    call_command("send_notifications", verbosity=0)
    message.refresh_from_db()
    assert message.status == OutboxStatus.PENDING and message.attempts == 1 and mail.outbox == []
    first_delay = message.next_attempt_at - timezone.now()
    assert datetime.timedelta(seconds=50) < first_delay <= datetime.timedelta(minutes=1)
    assert message.claimed_until is None
    # Not due yet: the next minute's run does not hammer the server.
    assert delivery.send_due() == (0, 0, 0)
    later = timezone.now() + datetime.timedelta(minutes=2)
    assert delivery.send_due(now=later) == (0, 1, 0)
    message.refresh_from_db()
    assert message.attempts == 2
    assert message.next_attempt_at - timezone.now() > datetime.timedelta(minutes=1, seconds=50)  # doubled
    assert delivery.send_due(now=timezone.now() + datetime.timedelta(minutes=10)) == (1, 0, 0)
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT and message.sent_at is not None
    assert [m.to for m in mail.outbox] == [[member.user.email]]


def test_the_outbox_keeps_the_kind_of_failure_never_the_address(flaky, member, organisation):
    flaky.failures = 1
    message = _one_message(organisation)
    delivery.send_due()
    message.refresh_from_db()
    assert message.last_error == "SMTPRecipientsRefused"
    assert "@" not in message.last_error


def test_back_off_grows_and_stops_growing_at_six_hours():
    delays = [delivery.delay_after(n) for n in range(1, 15)]
    assert delays[:4] == [datetime.timedelta(minutes=m) for m in (1, 2, 4, 8)]
    assert max(delays) == datetime.timedelta(hours=6) and delays == sorted(delays)


def test_a_message_never_leaves_the_outbox_after_many_failures(flaky, member, organisation):
    flaky.failures = 40
    message = _one_message(organisation)
    now = timezone.now()
    for _ in range(25):
        now += datetime.timedelta(hours=7)
        delivery.send_due(now=now)
    message.refresh_from_db()
    assert message.status == OutboxStatus.PENDING and message.attempts == 25


def test_a_claimed_message_is_not_claimed_again_until_its_lease_ends(member, organisation):
    message = _one_message(organisation)
    _token, first = delivery.claim()
    _token, second = delivery.claim()
    assert first == [message.pk] and second == []
    # The first worker died mid-send: once its lease is over, another worker sends it.
    _token, third = delivery.claim(now=timezone.now() + delivery.LEASE + datetime.timedelta(seconds=1))
    assert third == [message.pk]


def test_a_worker_whose_lease_was_taken_over_does_not_overwrite_the_result(member, organisation):
    message = _one_message(organisation)
    token, _ids = delivery.claim()
    other, _ids = delivery.claim(now=timezone.now() + delivery.LEASE + datetime.timedelta(seconds=1))
    assert token != other
    OutboxMessage.objects.filter(pk=message.pk, claim_token=token).update(status=OutboxStatus.SENT)
    message.refresh_from_db()
    assert message.status == OutboxStatus.PENDING  # the first worker's claim is no longer its own


def test_a_member_deactivated_before_the_send_gets_nothing(member, organisation):
    message = _one_message(organisation)
    member.is_active = False
    member.save()
    assert delivery.send_due() == (0, 0, 1)
    message.refresh_from_db()
    assert message.status == OutboxStatus.CANCELLED and mail.outbox == []


def test_the_command_reports_what_it_did(member, organisation, capsys):
    _one_message(organisation)
    call_command("send_notifications")
    assert "1 envoyé(s)" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_never_claim_the_same_message(member, organisation):
    """PostgreSQL: SELECT … FOR UPDATE SKIP LOCKED, two workers in two connections at the same moment."""
    import threading

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("concurrent connections: PostgreSQL (SQLite's writers take the database in turn)")
    for n in range(40):
        events.committee_action_assigned(organisation=organisation, url="/reseau/actions/", key=f"committee_action:{n}")
    barrier, claimed = threading.Barrier(2), []

    def worker():
        try:
            barrier.wait()
            claimed.append(delivery.claim(limit=25)[1])
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    first, second = claimed
    assert not set(first) & set(second)
    assert len(first) + len(second) == OutboxMessage.objects.count() == 40
