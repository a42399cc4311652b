"""Per-user preferences (e-mail at once, daily summary, platform only) and the daily summary."""

import pytest
from django.core import mail
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notifications import delivery, events
from notifications.models import Delivery, Kind, Notification, OutboxMessage, Preference
from tests.conftest import verified_client

pytestmark = pytest.mark.django_db


def _action(organisation, n):
    return events.committee_action_assigned(organisation=organisation, url=f"/reseau/actions/{n}/", key=f"committee_action:{n}")


def test_a_member_who_chose_the_platform_only_gets_no_email(member, organisation):
    Preference.objects.create(user=member.user, kind=Kind.COMMITTEE_ACTION, delivery=Delivery.IN_APP)
    _action(organisation, 1)
    assert Notification.objects.filter(membership=member).count() == 1
    assert not OutboxMessage.objects.exists()
    call_command("notify_due", verbosity=0)
    assert not OutboxMessage.objects.exists()


def test_the_daily_summary_counts_unread_notifications_once(member, organisation, org_admin):
    Preference.objects.create(user=member.user, kind=Kind.COMMITTEE_ACTION, delivery=Delivery.DIGEST)
    for n in range(3):
        _action(organisation, n)
    Notification.objects.filter(membership=member, key="committee_action:2").update(read_at="2026-01-01T00:00:00Z")
    # The admin kept the default (at once): three e-mails for her, none for the member yet.
    assert OutboxMessage.objects.filter(membership=org_admin).count() == 3
    assert not OutboxMessage.objects.filter(membership=member).exists()
    call_command("notify_due", verbosity=0)
    call_command("notify_due", verbosity=0)
    digest = OutboxMessage.objects.get(membership=member)
    assert "2 notification(s)" in digest.subject
    assert f"{Kind.COMMITTEE_ACTION.label} : 2" in digest.body
    delivery.send_due()
    assert sum(m.to == [member.user.email] for m in mail.outbox) == 1
    # Nothing new since: no summary tomorrow.
    call_command("notify_due", verbosity=0)
    assert OutboxMessage.objects.filter(membership=member).count() == 1


def test_the_preferences_page_saves_a_choice_per_kind(member, member_client):
    page = member_client.get("/notifications/preferences/")
    assert page.status_code == 200 and str(Kind.REFERRAL_RECEIVED.label) in page.text
    data = {kind.value: Delivery.IMMEDIATE for kind in Kind}
    data[Kind.REFERRAL_RECEIVED] = Delivery.DIGEST
    assert member_client.post("/notifications/preferences/", data).status_code == 302
    assert Preference.objects.get(user=member.user, kind=Kind.REFERRAL_RECEIVED).delivery == Delivery.DIGEST
    assert Preference.objects.filter(user=member.user).count() == len(Kind)


def test_a_bad_choice_names_the_kind_and_writes_nothing(member, member_client):
    data = {kind.value: Delivery.IMMEDIATE for kind in Kind}
    data[Kind.MEASURE_ENDING] = "pigeon"
    response = member_client.post("/notifications/preferences/", data)
    assert response.status_code == 422
    assert "Mesure de protection qui prend fin dans les 15 jours" in response.text and "Choix inconnu" in response.text
    assert not Preference.objects.exists()


PREF_FIELDS = [kind.value for kind in Kind] + ["other"]
VALUES = st.one_of(st.sampled_from([*Delivery.values, ""]), st.text(max_size=20))


@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.dictionaries(st.sampled_from(PREF_FIELDS), VALUES))
def test_the_preferences_form_never_fails_and_a_refusal_writes_nothing(member, data):
    client = verified_client(member.user, member)
    before = list(Preference.objects.order_by("pk").values_list("kind", "delivery"))
    response = client.post("/notifications/preferences/", {k: v.replace("\x00", "") for k, v in data.items()})
    assert response.status_code in (302, 422)
    if response.status_code == 422:
        assert list(Preference.objects.order_by("pk").values_list("kind", "delivery")) == before
    else:
        assert set(Preference.objects.filter(user=member.user).values_list("delivery", flat=True)) <= set(Delivery.values)
