"""The platform's administrator may lift a perpetrator link, with a reason, journaled; nothing else of it changes."""

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY

from audit.models import Entry
from casework.models import PerpetratorLink, PersonRole
from tests.accounts.factories import UserFactory, totp_device
from tests.casework.conftest import people

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(db):
    user = UserFactory(is_staff=True, is_superuser=True)
    device = totp_device(user)
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def link(situation, perpetrator_referral):
    return PerpetratorLink.objects.get(situation=situation, organisation=perpetrator_referral.receiver)


def test_a_perpetrators_referral_made_a_link(link, situation):
    assert link.source == "referral" and people(situation, PersonRole.PERPETRATOR)


def test_the_platform_admin_lifts_a_link_only_with_a_reason(admin_client, link):
    url = f"/admin-technique/casework/perpetratorlink/{link.pk}/change/"
    page = admin_client.get(url)
    assert page.status_code == 200
    response = admin_client.post(url, {"lift_reason": "", "lift": "on"})
    assert response.status_code == 200 and "Indiquez le motif" in response.content.decode()
    link.refresh_from_db()
    assert link.lifted_at is None
    response = admin_client.post(url, {"lift_reason": "Doublon créé par erreur (fictif)", "lift": "on"})
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.lifted_at is not None and link.lift_reason == "Doublon créé par erreur (fictif)"
    entry = Entry.objects.filter(target_type="casework.PerpetratorLink", target_id=str(link.pk)).latest("seq")
    assert entry.detail["by_admin"] is True


def test_links_cannot_be_added_or_deleted_in_the_admin(admin_client, link):
    assert admin_client.get("/admin-technique/casework/perpetratorlink/add/").status_code == 403
    assert admin_client.post(f"/admin-technique/casework/perpetratorlink/{link.pk}/delete/", {"post": "yes"}).status_code == 403
    assert PerpetratorLink.objects.filter(pk=link.pk).exists()
