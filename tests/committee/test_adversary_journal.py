"""Adversary: the committee's actions page shows, for each action, the situation's reference and what is to be done
for that household (« Accompagner la victime au foyer des Tilleuls de Denain »): a read of a situation's data like the
meeting's page, journaled like it (who, which situations), so that a curious insider's reading leaves a trace."""

import pytest

from audit.models import Action, Entry

pytestmark = pytest.mark.django_db


def test_reading_the_actions_page_is_journaled_with_its_situations(other_client, other_member, recorded, situation):
    before = Entry.objects.count()
    response = other_client.get("/reseau/comite/actions/")
    assert response.status_code == 200 and "Tilleuls" in response.content.decode()
    entries = list(Entry.objects.order_by("pk")[before:])
    assert [(e.action, e.actor_id) for e in entries] == [(Action.VIEW, other_member.user_id)]
    assert entries[0].detail["situations"] == [situation.pk]
