"""The notification pages: each member reads her own, for the organisation she acts for; the header's count shows to
a fully verified session only; every route has its personas."""

import pytest
from django.test import Client
from django.urls import reverse

from notifications import events
from notifications.models import Notification
from tests.accounts.factories import MembershipFactory, totp_device

pytestmark = pytest.mark.django_db


def _notify(organisation, n=1):
    return events.committee_action_assigned(organisation=organisation, url=f"/suivi/?n={n}", key=f"committee_action:{n}")


# url name: (expected for the org admin, a practitioner of the same organisation, one of another, an anonymous visitor)
MATRIX = {
    "notifications:list": ("get", 200, 200, 200, 302),
    "notifications:preferences": ("get", 200, 200, 200, 302),
    "notifications:mark_all_read": ("get", 405, 405, 405, 302),
    "notifications:open": ("get", 405, 405, 405, 302),
}


def test_every_route_has_an_entry():
    from tests.casework.urlwalk import walk

    names = {route.key for route in walk() if route.name and route.name.startswith("notifications:")}
    assert names == set(MATRIX)


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_personas(name, org_admin_client, member_client, other_client, anonymous_client, member, organisation):
    kwargs = {"pk": _notify(organisation)[0].pk} if name == "notifications:open" else {}
    _method, *expected = MATRIX[name]
    url = reverse(name, kwargs=kwargs)
    got = [c.get(url).status_code for c in (org_admin_client, member_client, other_client, anonymous_client)]
    assert got == expected


def test_the_list_shows_her_notifications_and_the_header_counts_them(member, member_client, organisation, other_client):
    _notify(organisation, 1)
    _notify(organisation, 2)
    page = member_client.get("/notifications/").text
    assert page.count("Le comité de suivi a confié une action à votre organisation.") == 2
    assert '<span class="count">2<span class="visually-hidden"> non lue(s)</span></span>' in page
    other = other_client.get("/notifications/").text
    assert "Le comité de suivi a confié" not in other and 'class="count"' not in other


def test_opening_a_notification_marks_it_read_and_follows_its_link(member, member_client, organisation):
    notification = next(n for n in _notify(organisation) if n.membership_id == member.pk)
    response = member_client.post(f"/notifications/{notification.pk}/ouvrir/")
    assert response.status_code == 302 and response["Location"] == "/suivi/?n=1"
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert 'class="count"' not in member_client.get("/notifications/").text


def test_another_members_notification_is_a_404(member, organisation, other_client, org_admin_client, org_admin):
    notification = next(n for n in _notify(organisation) if n.membership_id == member.pk)
    assert other_client.post(f"/notifications/{notification.pk}/ouvrir/").status_code == 404
    # Even a colleague of the same organisation: a notification is its member's.
    assert org_admin_client.post(f"/notifications/{notification.pk}/ouvrir/").status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_read(member, member_client, organisation, org_admin):
    _notify(organisation, 1)
    _notify(organisation, 2)
    assert member_client.post("/notifications/tout-lu/").status_code == 302
    assert not Notification.objects.filter(membership=member, read_at__isnull=True).exists()
    assert Notification.objects.filter(membership=org_admin, read_at__isnull=True).count() == 2


def test_a_password_only_session_sees_no_count(member, organisation):
    """Before the second factor, nothing of the professional area shows: not even how many notifications wait."""
    _notify(organisation)
    totp_device(member.user)
    client = Client()
    client.force_login(member.user)
    page = client.get("/").text
    assert "Notifications" not in page and 'class="count"' not in page
    assert client.get("/notifications/").status_code == 302


def test_a_member_of_two_organisations_reads_each_ones_notifications_in_its_name(member, organisation, other_organisation):
    from tests.conftest import verified_client

    second = MembershipFactory(user=member.user, organisation=other_organisation)
    _notify(organisation, 1)
    _notify(other_organisation, 2)
    as_first = verified_client(member.user, member).get("/notifications/").text
    as_second = verified_client(member.user, second).get("/notifications/").text
    assert "/suivi/?n=1" not in as_first  # links are posted, not shown: the count tells
    assert as_first.count("Le comité de suivi a confié") == 1 and as_second.count("Le comité de suivi a confié") == 1
