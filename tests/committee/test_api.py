"""The committee's JSON API reads through the same gate as the pages."""

import pytest

from accounts.models import ApiToken
from tests.committee.conftest import WHEREABOUTS

pytestmark = pytest.mark.django_db


def _get(client, membership, url):
    return client.get(url, HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(membership, 'test')[1]}")


def test_the_agenda_through_the_api(
    client, meeting, item, recorded, member, other_member, perpetrator_member, coordinator, analyst, situation
):
    url = f"/api/reseau/comite/seances/{meeting.pk}"
    owner = _get(client, member, url).json()["agenda"][0]
    assert owner["situation"] == situation.reference and owner["decisions"] == [WHEREABOUTS]
    restricted = _get(client, other_member, url).json()["agenda"][0]
    assert restricted["restricted"] and "situation" not in restricted and restricted["decisions"] == []
    assert [a["owner"] for a in restricted["actions"]] == [str(recorded["other"].owner)]
    gamma = _get(client, perpetrator_member, url).text
    assert "Tilleuls" not in gamma and "Denain" not in gamma and "Rappeler" in gamma
    assert _get(client, analyst, url).status_code == 404
    assert len(_get(client, coordinator, "/api/reseau/comite/actions").json()) == 2
    assert [a["id"] for a in _get(client, other_member, "/api/reseau/comite/actions").json()] == [recorded["other"].pk]
    assert _get(client, analyst, "/api/reseau/comite/actions").status_code == 404
    assert [m["id"] for m in _get(client, other_member, "/api/reseau/comite/seances").json()] == [meeting.pk]
