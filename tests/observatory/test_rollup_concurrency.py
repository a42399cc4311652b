"""The summary under concurrent transactions on PostgreSQL: a write committed while a refresh computes is not lost
(only the changes read at the start are forgotten), and two refreshes at once are serialised (advisory lock) without
a duplicate cell. Skipped on SQLite, whose writes are serialised by the database itself (the state machine of
test_rollup covers the rest on both databases)."""

import datetime
import threading
from unittest import mock

import pytest
from django.db import connection, connections

from casework.models import Situation
from observatory import indicators, rollup, sources
from observatory.models import RollupChange

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only: concurrent transactions"),
]
SCOPE = sources.Scope(2026, 2026)


def figures():
    indicator = indicators.get("situations_opened")
    return rollup.read(indicator, SCOPE, ["year", "commune"]), indicator.run(SCOPE, ["year", "commune"])


def test_a_write_committed_during_a_refresh_is_taken_by_the_next(organisation, territory):
    Situation.objects.create(organisation=organisation, commune_id="59606", opened_on=datetime.date(2026, 2, 1))
    computing, written = threading.Event(), threading.Event()
    real_build = rollup._build
    errors = []

    def slow_build(scope, which):
        real_build(scope, which)
        computing.set()
        written.wait(10)  # the write below commits while this refresh has not finished

    def refresher():
        try:
            with mock.patch.object(rollup, "_build", slow_build):
                rollup.refresh()
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    def writer():
        try:
            computing.wait(10)
            Situation.objects.create(organisation=organisation, commune_id="59172", opened_on=datetime.date(2026, 3, 1))
        finally:
            written.set()
            connections.close_all()

    threads = [threading.Thread(target=refresher), threading.Thread(target=writer)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    assert set(RollupChange.objects.values_list("commune", flat=True)) == {"59172"}, "the late write stays in the log"
    summary, raw = figures()
    assert summary == raw == {(2026, "59606"): 1, (2026, "59172"): 1}


def test_two_refreshes_at_once_are_serialised(organisation, territory):
    rollup.refresh()
    for day in range(1, 6):
        Situation.objects.create(organisation=organisation, commune_id="59606", opened_on=datetime.date(2026, 4, day))
    barrier = threading.Barrier(2)
    done, errors = [], []

    def refresh():
        try:
            barrier.wait(5)
            done.append(rollup.refresh())
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=refresh) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == [] and len(done) == 2
    assert not RollupChange.objects.exists()
    summary, raw = figures()
    assert summary == raw == {(2026, "59606"): 5}
