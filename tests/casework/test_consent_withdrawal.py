"""Withdrawal of a consent: the sender records it on the referral page; from then on the gate lets the receiver
read nothing that was shared, only the referral's metadata and the events it recorded itself."""

import datetime
import json

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import ApiToken
from audit.models import Action, Entry
from casework import access, actions
from casework.models import PersonRole, Referral, ReferralStatus
from tests.casework.conftest import people
from tests.casework.factories import EventFactory, ReferralFactory

pytestmark = pytest.mark.django_db

ALL = ["identity", "contact", "household", "timeline", "assessment", "notes"]


@pytest.fixture
def referral(situation, other_organisation, member):
    """The victim referred to Bêta with everything shared, accepted."""
    return ReferralFactory(
        person=people(situation, PersonRole.VICTIM),
        receiver=other_organisation,
        status=ReferralStatus.ACCEPTED,
        sent_by=member.user,
        consent__items=ALL,
    )


@pytest.fixture
def events(situation, other_organisation):
    return {
        "owner": EventFactory(situation=situation, kind="complaint", notes="Plainte déposée (fictif)"),
        "receiver": EventFactory(
            situation=situation, kind="interview", organisation=other_organisation, notes="Entretien chez Bêta (fictif)"
        ),
    }


def _withdraw(client, referral, **data):
    payload = {"withdrawn_on": timezone.localdate().isoformat(), "confirm": "on"}
    payload.update(data)
    return client.post(f"/suivi/orientations/{referral.pk}/retrait-consentement/", payload)


def _situation(situation, membership):
    return access.get_situation_or_404(membership, situation.pk)[1]


def test_gate_gives_the_receiver_nothing_but_its_own_events_once_consent_is_withdrawn(situation, referral, events, member, other_member):
    before = _situation(situation, other_member)
    assert before.shows("identity") and len(before.visible_people(situation.people.all())) == 3
    assert access.timeline_shared_in(other_member, [situation.pk]) == {situation.pk}

    actions.withdraw_consent(membership=member, referral=referral, day=timezone.localdate())

    after = _situation(situation, other_member)
    assert after.items == frozenset()
    assert after.visible_people(situation.people.all()) == []
    assert after.visible_events(situation.events.all()) == [events["receiver"]]
    assert not after.shows_assessment and not after.shows_notes()
    assert not after.can_add_event
    assert after.consent_withdrawn_on == timezone.localdate()
    assert access.timeline_shared_in(other_member, [situation.pk]) == set()
    referral_access = access.get_referral_or_404(other_member, referral.pk)[1]
    assert not referral_access.shows_content and not referral_access.can_answer and not referral_access.can_record_first_contact
    assert referral_access.person_view().person_view(referral.person)["last_name"] == ""
    # The owner keeps everything.
    owner = _situation(situation, member)
    assert owner.is_owner and owner.items == access.ALL_ITEMS and owner.consent_withdrawn_on is None


def test_a_live_referral_keeps_what_it_shares_when_another_ones_consent_is_withdrawn(situation, referral, member, other_member):
    child = people(situation, PersonRole.CHILD)
    ReferralFactory(person=child, receiver=referral.receiver, status=ReferralStatus.ACCEPTED, consent__items=["identity"])
    actions.withdraw_consent(membership=member, referral=referral, day=timezone.localdate())
    situation_access = _situation(situation, other_member)
    assert situation_access.items == frozenset({"identity"})
    assert [p.pk for p in situation_access.visible_people(situation.people.all())] == [child.pk]
    assert situation_access.consent_withdrawn_on is None


def test_sender_records_the_withdrawal_from_the_referral_page(member_client, other_client, situation, referral, events):
    page = member_client.get(f"/suivi/orientations/{referral.pk}/").content.decode()
    assert "Enregistrer le retrait du consentement" in page
    assert "Enregistrer le retrait du consentement" not in other_client.get(f"/suivi/orientations/{referral.pk}/").content.decode()

    response = _withdraw(member_client, referral, confirm="")
    assert response.status_code == 422
    assert "Cochez cette case pour confirmer le retrait du consentement." in response.content.decode()
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = _withdraw(member_client, referral, withdrawn_on=tomorrow)
    assert "Date du retrait du consentement : La date ne peut pas être dans le futur." in response.content.decode()
    response = _withdraw(member_client, referral, withdrawn_on="2020-01-01")
    assert "Date du retrait du consentement : Le retrait ne peut pas précéder la date du consentement." in response.content.decode()
    referral.consent.refresh_from_db()
    assert referral.consent.withdrawn_on is None

    response = _withdraw(member_client, referral)
    assert response.status_code == 302
    referral.consent.refresh_from_db()
    assert referral.consent.withdrawn_on == timezone.localdate()
    entry = Entry.objects.get(action=Action.UPDATE, target_type="casework.Referral", target_id=str(referral.pk))
    assert entry.detail["consent_withdrawn_on"] == timezone.localdate().isoformat()
    follow = member_client.get(f"/suivi/orientations/{referral.pk}/").content.decode()
    assert "Retrait du consentement enregistré" in follow and "Retiré le" in follow
    assert "Enregistrer le retrait du consentement" not in follow
    # Recording it twice is refused.
    assert _withdraw(member_client, referral).status_code == 403


def test_receiver_sees_that_consent_was_withdrawn_and_nothing_it_had_received(member_client, other_client, situation, referral, events):
    victim = people(situation, PersonRole.VICTIM)
    assert victim.last_name in other_client.get(f"/suivi/{situation.pk}/").content.decode()
    _withdraw(member_client, referral)

    html = other_client.get(f"/suivi/orientations/{referral.pk}/").content.decode()
    assert "La personne a retiré son consentement" in html and "Retiré le" in html
    assert victim.last_name not in html and victim.address not in html and referral.reason not in html
    assert referral.reference in html  # the referral's metadata stays
    html = other_client.get(f"/suivi/{situation.pk}/").content.decode()
    assert "La personne a retiré son consentement le" in html
    for secret in (victim.last_name, "Gaston", "Lou", "Plainte déposée"):
        assert secret not in html, secret
    assert "Entretien chez Bêta" in html
    assert "Ajouter un événement" not in html
    assert other_client.post(f"/suivi/{situation.pk}/evenements/", {"kind": "interview", "date": "2026-03-02"}).status_code == 403
    assert victim.last_name not in other_client.get("/suivi/orientations/recues/").content.decode()
    assert victim.last_name not in other_client.get("/suivi/").content.decode()
    # The sender still sees everything, and the withdrawal on the situation page.
    html = member_client.get(f"/suivi/{situation.pk}/").content.decode()
    assert victim.last_name in html and "consentement retiré le" in html


def test_only_the_sender_may_record_a_withdrawal(other_client, perpetrator_client, situation, referral):
    assert _withdraw(other_client, referral).status_code == 403
    assert _withdraw(perpetrator_client, referral).status_code == 404
    referral.consent.refresh_from_db()
    assert referral.consent.withdrawn_on is None


def test_a_pending_referral_whose_consent_was_withdrawn_can_no_longer_be_answered(
    member, member_client, other_member, other_client, situation, other_organisation
):
    referral = ReferralFactory(person=people(situation, PersonRole.VICTIM), receiver=other_organisation, consent__items=ALL)
    assert _withdraw(member_client, referral).status_code == 302
    response = other_client.post(f"/suivi/orientations/{referral.pk}/repondre/", {"decision": "accept"})
    assert response.status_code == 409
    assert "La personne a retiré son consentement" in response.content.decode()
    with pytest.raises(actions.Conflict) as raised:
        actions.answer_referral(membership=other_member, referral=referral, accept=True)
    assert raised.value.field == "consent"
    assert Referral.objects.get(pk=referral.pk).status == ReferralStatus.SENT


def test_api_shows_the_receiver_the_withdrawal_and_nothing_shared(member, member_client, other_member, situation, referral, events):
    _token, key = ApiToken.issue(other_member, "test")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    victim = people(situation, PersonRole.VICTIM)
    assert api.get(f"/api/suivi/orientations/{referral.pk}").json()["person"]["last_name"] == victim.last_name
    _withdraw(member_client, referral)

    data = api.get(f"/api/suivi/orientations/{referral.pk}").json()
    assert data["consent_withdrawn_on"] == timezone.localdate().isoformat()
    assert data["person"] is None and data["reason"] is None
    inbox = api.get("/api/suivi/orientations/recues").json()
    assert [d["person"] for d in inbox if d["id"] == referral.pk] == [None]
    detail = api.get(f"/api/suivi/situations/{situation.pk}").json()
    assert detail["consent_withdrawn_on"] == timezone.localdate().isoformat()
    assert detail["people"] == [] and detail["primary_person"] is None and detail["assessments"] == []
    assert [e["kind"] for e in detail["events"]] == ["interview"]
    assert victim.last_name not in json.dumps(api.get("/api/suivi/situations").json())
    response = api.post(
        f"/api/suivi/situations/{situation.pk}/evenements",
        data=json.dumps({"kind": "interview", "date": "2026-03-02"}),
        content_type="application/json",
    )
    assert response.status_code == 403


def test_sender_records_the_withdrawal_through_the_api(member, other_member, situation, referral, events):
    _token, key = ApiToken.issue(member, "test")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    url = f"/api/suivi/orientations/{referral.pk}/retrait-consentement"
    today = timezone.localdate().isoformat()

    def post(client, **data):
        return client.post(url, json.dumps({"withdrawn_on": today, **data}), content_type="application/json")

    unconfirmed = post(api)
    assert unconfirmed.status_code == 422
    assert unconfirmed.json()["errors"][0]["field"] == "confirm"
    future = post(api, withdrawn_on=(timezone.localdate() + datetime.timedelta(days=3)).isoformat(), confirm=True)
    assert future.status_code == 422 and future.json()["errors"][0]["field"] == "withdrawn_on"
    _receiver_token, receiver_key = ApiToken.issue(other_member, "test")
    assert post(Client(HTTP_AUTHORIZATION=f"Bearer {receiver_key}"), confirm=True).status_code == 403
    referral.consent.refresh_from_db()
    assert referral.consent.withdrawn_on is None  # nothing written by the refused calls

    done = post(api, confirm=True)
    assert done.status_code == 200, done.content
    referral.consent.refresh_from_db()
    assert referral.consent.withdrawn_on == timezone.localdate()
    assert Entry.objects.filter(action=Action.UPDATE, target_id=str(referral.pk), detail__consent_withdrawn_on=today).exists()
    assert _situation(situation, other_member).shows("identity") is False
    again = post(api, confirm=True)
    assert again.status_code == 409 and again.json()["errors"][0]["field"] == "withdrawn_on"
