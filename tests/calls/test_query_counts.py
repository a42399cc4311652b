"""A call's page and an application's read in a number of queries that does not grow with the applications and reviews."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from calls import actions
from tests.calls.conftest import make_application

pytestmark = pytest.mark.django_db


def _count(client, url):
    client.get(url)  # the session's first request reads more (its device, its membership): not what is measured
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _add(call, organisation, reviewer, n):
    for index in range(n):
        application = make_application(call, organisation, title=f"Projet {index} {call.applications.count()}")
        actions.save_review(
            membership=reviewer, application=application, recommendation="fund", comment="", scores=dict.fromkeys(call.criteria.all(), 3)
        )


def test_the_call_page_reads_in_constant_queries(coordinator_client, call, organisation, reviewer):
    _add(call, organisation, reviewer, 2)
    before = _count(coordinator_client, f"/reseau/appels/{call.pk}/")
    _add(call, organisation, reviewer, 8)
    assert _count(coordinator_client, f"/reseau/appels/{call.pk}/") == before
