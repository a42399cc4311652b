"""The pages that list (a meeting's agenda, the actions, a call's applications) read in a number of queries that does
not grow with what they list."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from casework.models import DangerLevel
from committee import actions
from committee.models import Basis, Reason
from tests.casework.factories import SituationFactory

pytestmark = pytest.mark.django_db


def _count(client, url):
    client.get(url)  # the session's first request reads more (its device, its membership): not what is measured
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _add_items(member, coordinator, meeting, organisation, other_organisation, n):
    for _ in range(n):
        situation = SituationFactory(organisation=organisation, danger_level=DangerLevel.HIGH)
        item = actions.put_forward(membership=member, meeting=meeting, situation=situation, reason=Reason.HIGH_DANGER, basis=Basis.CONSENT)
        actions.add_decision(membership=coordinator, item=item, text="Décision de démonstration")
        actions.add_action(
            membership=coordinator,
            item=item,
            description="Action",
            owner=other_organisation,
            due_on=timezone.localdate() + datetime.timedelta(days=9),
        )


def test_the_agenda_and_the_actions_read_in_constant_queries(
    coordinator_client, other_client, member, coordinator, meeting, organisation, other_organisation
):
    _add_items(member, coordinator, meeting, organisation, other_organisation, 2)
    pages = [
        (coordinator_client, f"/reseau/comite/seances/{meeting.pk}/"),
        (other_client, f"/reseau/comite/seances/{meeting.pk}/"),
        (other_client, "/reseau/comite/actions/"),
    ]
    before = [_count(client, url) for client, url in pages]
    _add_items(member, coordinator, meeting, organisation, other_organisation, 6)
    after = [_count(client, url) for client, url in pages]
    assert after == before
