"""The owner of a situation sees that it is shared with the committee, until when, and can end the share (before, the
page showed the share form again with no status)."""

import datetime

import pytest
from django.utils import timezone

from casework.models import CommitteeShare

pytestmark = pytest.mark.django_db


def test_the_owner_sees_the_share_and_ends_it(member_client, coordinator_client, situation):
    page = member_client.get(f"/suivi/{situation.pk}/").text
    assert "n'est pas partagée avec le comité" in page and "Partager avec le comité" in page
    until = timezone.localdate() + datetime.timedelta(days=20)
    response = member_client.post(f"/suivi/{situation.pk}/comite/", {"until": until.isoformat(), "reason": "Comité de mars (fictif)"})
    assert response.status_code == 302
    page = member_client.get(f"/suivi/{situation.pk}/").text
    assert f"jusqu'au {until:%d/%m/%Y} inclus" in page
    assert "Mettre fin au partage" in page and 'name="until"' not in page
    assert coordinator_client.get(f"/suivi/{situation.pk}/").status_code == 200
    response = member_client.post(f"/suivi/{situation.pk}/comite/", {"end": "1"})
    assert response.status_code == 302
    assert coordinator_client.get(f"/suivi/{situation.pk}/").status_code == 404
    assert CommitteeShare.objects.get().until == timezone.localdate() - datetime.timedelta(days=1)
    page = member_client.get(f"/suivi/{situation.pk}/").text
    assert "n'est pas partagée avec le comité" in page


def test_another_organisation_cannot_end_the_share(other_client, member, situation):
    until = timezone.localdate() + datetime.timedelta(days=20)
    CommitteeShare.objects.create(situation=situation, shared_by=member.user, until=until)
    assert other_client.post(f"/suivi/{situation.pk}/comite/", {"end": "1"}).status_code == 404
    assert CommitteeShare.objects.get().until == until
