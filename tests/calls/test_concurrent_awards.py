"""Two awards at the same moment on PostgreSQL: the database's trigger locks the call's row, so the second sees the
first once committed and is refused; the awarded total stays within the envelope. Skipped on SQLite, whose writes are
serialised by the database itself (its trigger is tested in test_calls)."""

import threading

import pytest
from django.db import IntegrityError, connection, connections, transaction

from calls.models import Award

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only: concurrent transactions"),
]


def test_two_concurrent_awards_cannot_exceed_the_envelope(call, organisation, other_organisation):
    from tests.calls.conftest import make_application

    first = make_application(call, organisation, requested=12_000, budget=15_000)
    second = make_application(call, other_organisation, title="Second projet (fictif)", requested=12_000, budget=15_000)
    first_inserted = threading.Event()
    outcomes = {}

    def award_first():
        try:
            with transaction.atomic():
                Award.objects.create(application=first, call=call, outcome="funded", amount=12_000)
                first_inserted.set()
                # Keep the transaction open while the second tries: without the trigger's lock, the second would not
                # see this uncommitted award and both would pass.
                threading.Event().wait(1.0)
            outcomes["first"] = "ok"
        except IntegrityError:
            outcomes["first"] = "refused"
        finally:
            first_inserted.set()
            connections.close_all()

    def award_second():
        first_inserted.wait(5)
        try:
            with transaction.atomic():
                Award.objects.create(application=second, call=call, outcome="funded", amount=12_000)
            outcomes["second"] = "ok"
        except IntegrityError:
            outcomes["second"] = "refused"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=award_first), threading.Thread(target=award_second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert outcomes == {"first": "ok", "second": "refused"}
    assert sum(Award.objects.filter(call=call).values_list("amount", flat=True)) == 12_000


def test_two_concurrent_decisions_through_the_application_code(call, organisation, other_organisation, coordinator):
    """The same race through calls.actions.decide (the pages' path): one award, one French refusal."""
    from calls import actions
    from tests.calls.conftest import make_application

    applications = [
        make_application(call, organisation, requested=15_000, budget=15_000),
        make_application(call, other_organisation, title="Second projet (fictif)", requested=15_000, budget=15_000),
    ]
    barrier = threading.Barrier(2)
    outcomes = []

    def decide(application):
        barrier.wait(5)
        try:
            actions.decide(membership=coordinator, application=application, outcome="funded", amount=15_000)
            outcomes.append("ok")
        except actions.EnvelopeExceeded:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=decide, args=(a,)) for a in applications]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert sorted(outcomes) == ["ok", "refused"]
    assert sum(Award.objects.filter(call=call).values_list("amount", flat=True)) == 15_000
