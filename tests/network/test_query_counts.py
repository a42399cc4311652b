"""The plan's list pages read a fixed number of queries, whatever the number of actions (no query per row)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from network.models import ActionOutput, Funding, Milestone
from tests.accounts.factories import OrganisationFactory
from tests.network.factories import ActionFactory

pytestmark = pytest.mark.django_db


def add_actions(network, n):
    for i in range(n):
        action = ActionFactory(plan=network["plan"], lead=network["lead"] if i % 2 else network["other"])
        action.partners.add(OrganisationFactory())
        Milestone.objects.create(action=action, title="Jalon", due_on=action.starts_on)
        Funding.objects.create(action=action, source="fipd", amount=10)
        ActionOutput.objects.create(action=action, people_reached=i)


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", ["/reseau/plan/", "/reseau/plan/qui-fait-quoi/", "/reseau/plan/frise/", "/reseau/plan/export.xlsx"])
def test_no_query_per_action(network, clients, url):
    client = clients["practitioner"]
    add_actions(network, 2)
    queries_for(client, url)  # the first request of a session also touches it
    few = queries_for(client, url)
    add_actions(network, 12)
    assert queries_for(client, url) == few
