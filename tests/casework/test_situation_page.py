from audit.models import Action, Entry
from casework.models import PersonRole
from tests.casework.conftest import people, shows_phone


def test_owner_sees_everything_and_read_is_journaled(member_client, situation):
    response = member_client.get(f"/suivi/{situation.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Zélie Fictive-Martin" in html
    assert "12 rue Imaginaire" in html
    assert "Contact sans risque" in html
    assert Entry.objects.filter(action=Action.VIEW, target_type="casework.Situation", target_id=str(situation.pk)).exists()


def test_other_organisation_gets_404(other_client, situation):
    assert other_client.get(f"/suivi/{situation.pk}/").status_code == 404


def test_anonymous_is_redirected_to_login(anonymous_client, situation):
    response = anonymous_client.get(f"/suivi/{situation.pk}/")
    assert response.status_code == 302
    assert "/comptes/connexion/" in response["Location"]


def test_perpetrator_practitioner_never_sees_victim_contacts(perpetrator_client, situation, perpetrator_referral):
    response = perpetrator_client.get(f"/suivi/{situation.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    victim = people(situation, PersonRole.VICTIM)
    assert "Gaston Fictif-Martin" in html
    assert "06 98 76 54 32" in html  # the perpetrator's own phone was shared, written the French way
    assert victim.address not in html
    assert not shows_phone(html, victim.phone)
    assert victim.email not in html
    assert "12 rue Imaginaire" not in html


def test_coordinator_without_committee_share_gets_404(coordinator_client, situation):
    assert coordinator_client.get(f"/suivi/{situation.pk}/").status_code == 404


def test_coordinator_reads_a_committee_share_without_contacts(coordinator_client, member_client, situation):
    response = member_client.post(f"/suivi/{situation.pk}/comite/", {"until": "2099-12-31", "reason": "Comité du mois"})
    assert response.status_code == 302
    html = coordinator_client.get(f"/suivi/{situation.pk}/").content.decode()
    victim = people(situation, PersonRole.VICTIM)
    assert victim.last_name in html
    assert victim.address not in html and not shows_phone(html, victim.phone)
    assert "Ajouter un événement" not in html  # read-only
    assert coordinator_client.post(f"/suivi/{situation.pk}/evenements/", {"kind": "interview", "date": "2026-03-01"}).status_code == 403


def test_committee_share_in_the_past_is_refused(member_client, situation):
    response = member_client.post(f"/suivi/{situation.pk}/comite/", {"until": "2001-01-01"}, follow=True)
    assert "Partagé jusqu&#x27;au : La date doit être aujourd&#x27;hui ou plus tard." in response.content.decode()


def test_perpetrator_practitioner_gets_no_victim_contact_through_the_api(perpetrator_member, situation, perpetrator_referral):
    from django.test import Client

    from accounts.models import ApiToken

    _token, key = ApiToken.issue(perpetrator_member, "test")
    data = Client(HTTP_AUTHORIZATION=f"Bearer {key}").get(f"/api/suivi/situations/{situation.pk}").json()
    by_role = {p["role"]: p for p in data["people"]}
    assert "address" not in by_role["victim"] and "phone" not in by_role["victim"]
    assert "address" not in by_role["child"]
    assert by_role["perpetrator"]["phone"] == "+33 6 98 76 54 32"


def test_perpetrator_side_owner_records_no_victim_contact(member_client, situation):
    situation.side = "perpetrator"
    situation.save()
    html = member_client.get(f"/suivi/{situation.pk}/personnes/ajouter/?role=victim").content.decode()
    assert 'name="address"' not in html and 'name="phone"' not in html
    html = member_client.get(f"/suivi/{situation.pk}/").content.decode()
    assert people(situation, PersonRole.VICTIM).address not in html


def test_event_notes_reach_a_receiver_only_when_the_notes_were_shared(member, other_organisation, other_client, situation):
    """The timeline was shared, not the notes: the receiver reads the events, not what was written on them (an
    orientation's note names where the victim was sent). Its own events' notes it always reads."""
    from casework.models import ReferralStatus
    from tests.casework.factories import EventFactory, ReferralFactory

    victim = people(situation, PersonRole.VICTIM)
    EventFactory(situation=situation, organisation=situation.organisation, kind="interview", notes="NOTE-DU-SUIVI-FICTIVE")
    EventFactory(situation=situation, organisation=other_organisation, kind="interview", notes="NOTE-DU-RECEVEUR-FICTIVE")
    referral = ReferralFactory(person=victim, receiver=other_organisation, status=ReferralStatus.ACCEPTED, consent__items=["timeline"])
    html = other_client.get(f"/suivi/{situation.pk}/").content.decode()
    assert "Entretien" in html
    assert "NOTE-DU-SUIVI-FICTIVE" not in html
    assert "NOTE-DU-RECEVEUR-FICTIVE" in html
    referral.consent.items = ["timeline", "notes"]
    referral.consent.save()
    assert "NOTE-DU-SUIVI-FICTIVE" in other_client.get(f"/suivi/{situation.pk}/").content.decode()


def test_a_household_member_the_receiver_cannot_see_answers_404_not_403(member, other_organisation, other_client, situation):
    """403 would confirm that the perpetrator exists in the file; the victim, whom it sees but may not edit, is 403."""
    from casework.models import ReferralStatus
    from tests.casework.factories import ReferralFactory

    victim, perpetrator = people(situation, PersonRole.VICTIM), people(situation, PersonRole.PERPETRATOR)
    ReferralFactory(person=victim, receiver=other_organisation, status=ReferralStatus.ACCEPTED, consent__items=["identity"])
    assert other_client.get(f"/suivi/personnes/{perpetrator.pk}/modifier/").status_code == 404
    assert other_client.get(f"/suivi/personnes/{victim.pk}/modifier/").status_code == 403


def test_wherever_a_victims_contact_shows_her_safe_contact_instructions_show_beside_it(
    member, member_client, other_organisation, other_member, other_client, situation
):
    """The situation page, the referral page, the API (situation, list, referral) and the export: a phone number never
    travels without « how and when it is safe to call »."""
    import json

    from django.test import Client

    from accounts.models import ApiToken
    from casework.models import ReferralStatus
    from tests.casework.factories import ReferralFactory

    victim = people(situation, PersonRole.VICTIM)
    victim.phone_ok, victim.voicemail_ok, victim.via_third_party = False, False, "par sa voisine, fictive"
    victim.save()
    referral = ReferralFactory(
        person=victim, receiver=other_organisation, status=ReferralStatus.ACCEPTED, consent__items=["identity", "contact"]
    )
    for client, url in (
        (member_client, f"/suivi/{situation.pk}/"),
        (other_client, f"/suivi/{situation.pk}/"),
        (other_client, f"/suivi/orientations/{referral.pk}/"),
    ):
        html = client.get(url).content.decode()
        assert "12 rue Imaginaire" in html, url
        contact = html.split("Contact sans risque")[1][:600]
        assert "NE PAS APPELER" in contact and "pas de message vocal" in contact, url
        assert "en semaine de 9 h à 11 h" in contact and "par sa voisine, fictive" in contact, url
    _token, key = ApiToken.issue(other_member, "test")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    detail = api.get(f"/api/suivi/situations/{situation.pk}").json()
    listed = next(s for s in api.get("/api/suivi/situations").json()["items"] if s["id"] == situation.pk)["primary_person"]
    referred = api.get(f"/api/suivi/orientations/{referral.pk}").json()["person"]
    shown = next(p for p in detail["people"] if p["id"] == victim.pk)
    exported = json.loads(member_client.get(f"/suivi/personnes/{victim.pk}/export.json").content)["person"]
    for data in (shown, listed, referred, exported):
        if "phone" in data:
            assert (data["phone_ok"], data["voicemail_ok"], data["safe_hours"], data["via_third_party"]) == (
                False,
                False,
                "en semaine de 9 h à 11 h",
                "par sa voisine, fictive",
            )
    assert "phone" in shown and "phone" in listed and "phone" in referred and "phone" in exported
