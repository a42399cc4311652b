"""A committee action given to an organisation (committee.actions.add_action) tells its members, without the action's
text (which may say where she is), with a link to its actions."""

import pytest
from django.core import mail

from notifications import delivery
from notifications.models import Kind, Notification
from tests.committee.conftest import (  # noqa: F401 (fixtures)
    WHEREABOUTS,
    item,
    meeting,
    perpetrator_referral,
    recorded,
)

pytestmark = pytest.mark.django_db


def test_an_action_assigned_by_the_committee_tells_the_owner_organisation(other_member, perpetrator_member, member, recorded):  # noqa: F811
    assert list(Notification.objects.filter(membership=other_member).values_list("kind", "url")) == [
        (Kind.COMMITTEE_ACTION, "/reseau/comite/actions/")
    ]
    assert list(Notification.objects.filter(membership=perpetrator_member, kind=Kind.COMMITTEE_ACTION).values_list("url", flat=True)) == [
        "/reseau/comite/actions/"
    ]
    assert not Notification.objects.filter(membership=member, kind=Kind.COMMITTEE_ACTION).exists()
    delivery.send_due()
    texts = [m.body for m in mail.outbox] + list(Notification.objects.values_list("title", flat=True))
    assert texts and not any("Tilleuls" in text or WHEREABOUTS in text for text in texts)
