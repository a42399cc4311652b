"""Referrals: consent or legal basis required, inbox and outbox, the receiver sees only what the consent covers."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import Action, Entry
from casework.models import PersonRole, Referral, ReferralStatus
from tests.casework.conftest import people, shows_phone
from tests.casework.factories import PersonFactory, ReferralFactory, SituationFactory

pytestmark = pytest.mark.django_db


def _refer(client, situation, person, receiver, items=("identity",), **extra):
    data = {
        "person": person.pk,
        "receiver": receiver.pk,
        "reason": "Accompagnement juridique (motif fictif)",
        "legal_basis": "consent",
        "items": list(items),
        "given_on": "2026-03-01",
        "method": "oral",
    }
    data.update(extra)
    return client.post(f"/suivi/{situation.pk}/orienter/", data)


def test_referral_without_consent_items_is_refused(member_client, situation, other_organisation):
    response = _refer(member_client, situation, people(situation, PersonRole.VICTIM), other_organisation, items=())
    assert response.status_code == 200
    assert "Informations que la personne accepte de partager : Une orientation exige un consentement" in response.content.decode()
    assert not Referral.objects.exists()


def test_consent_needs_a_method(member_client, situation, other_organisation):
    response = _refer(member_client, situation, people(situation, PersonRole.VICTIM), other_organisation, method="na")
    assert "Consentement recueilli : Indiquez comment le consentement a été recueilli." in response.content.decode()
    assert not Referral.objects.exists()


def test_receiver_sees_only_what_the_consent_covers(member_client, other_client, situation, other_organisation):
    victim = people(situation, PersonRole.VICTIM)
    response = _refer(member_client, situation, victim, other_organisation, items=("identity",))
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert Entry.objects.filter(action=Action.SHARE, target_type="casework.Referral", target_id=str(referral.pk)).exists()
    inbox = other_client.get("/suivi/orientations/recues/").content.decode()
    assert referral.reference in inbox
    assert victim.last_name in inbox
    # Before acceptance the situation itself stays closed to the receiver.
    assert other_client.get(f"/suivi/{situation.pk}/").status_code == 404
    other_client.post(f"/suivi/orientations/{referral.pk}/repondre/", {"decision": "accept"})
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED and referral.answered_at is not None
    html = other_client.get(f"/suivi/{situation.pk}/").content.decode()
    assert victim.last_name in html
    assert victim.address not in html  # contacts were not shared
    assert not shows_phone(html, victim.phone)
    assert "Gaston" not in html  # nor the household
    assert "Lou" not in html
    # The sender sees the outcome.
    outbox = member_client.get("/suivi/orientations/envoyees/").content.decode()
    assert "Acceptée" in outbox


def test_identity_not_shared_hides_the_name(member_client, other_client, situation, other_organisation):
    victim = people(situation, PersonRole.VICTIM)
    _refer(member_client, situation, victim, other_organisation, items=("timeline",))
    referral = Referral.objects.get()
    html = other_client.get(f"/suivi/orientations/{referral.pk}/").content.decode()
    assert victim.last_name not in html
    assert "Identité non partagée" in html


def test_refusal_needs_a_reason_and_the_sender_sees_it(member_client, other_client, situation, other_organisation):
    _refer(member_client, situation, people(situation, PersonRole.VICTIM), other_organisation)
    referral = Referral.objects.get()
    response = other_client.post(f"/suivi/orientations/{referral.pk}/repondre/", {"decision": "refuse", "refusal_reason": ""})
    assert response.status_code == 422
    assert "Motif du refus : Indiquez le motif du refus." in response.content.decode()
    other_client.post(f"/suivi/orientations/{referral.pk}/repondre/", {"decision": "refuse", "refusal_reason": "Hors territoire"})
    html = member_client.get(f"/suivi/orientations/{referral.pk}/").content.decode()
    assert "Refusée" in html and "Hors territoire" in html
    # After a refusal the receiver no longer reads the shared content.
    html = other_client.get(f"/suivi/orientations/{referral.pk}/").content.decode()
    assert people(situation, PersonRole.VICTIM).last_name not in html


def test_sender_cannot_answer_its_own_referral(member_client, situation, other_organisation):
    _refer(member_client, situation, people(situation, PersonRole.VICTIM), other_organisation)
    referral = Referral.objects.get()
    assert member_client.post(f"/suivi/orientations/{referral.pk}/repondre/", {"decision": "accept"}).status_code == 403


def test_first_contact_is_recorded_and_cannot_precede_sending(member_client, other_client, situation, other_organisation):
    _refer(member_client, situation, people(situation, PersonRole.VICTIM), other_organisation)
    referral = Referral.objects.get()
    other_client.post(f"/suivi/orientations/{referral.pk}/repondre/", {"decision": "accept"})
    response = other_client.post(f"/suivi/orientations/{referral.pk}/premier-contact/", {"first_contact_on": "2020-01-01"})
    assert response.status_code == 422
    assert "Date du premier contact : Le premier contact ne peut pas précéder" in response.content.decode()


def test_third_organisation_sees_nothing(situation, other_organisation, member_client):
    from accounts.models import Role
    from tests.accounts.factories import MembershipFactory, OrganisationFactory
    from tests.conftest import verified_client

    _refer(member_client, situation, people(situation, PersonRole.VICTIM), other_organisation)
    referral = Referral.objects.get()
    third = MembershipFactory(organisation=OrganisationFactory(name="Tierce fictive"), role=Role.PRACTITIONER)
    client = verified_client(third.user, third)
    assert client.get(f"/suivi/orientations/{referral.pk}/").status_code == 404
    assert client.get(f"/suivi/{situation.pk}/").status_code == 404
    assert referral.reference not in client.get("/suivi/orientations/recues/").content.decode()


def test_inbox_query_count_does_not_grow(other_client, organisation, other_organisation):
    def add(n):
        for _ in range(n):
            situation = SituationFactory(organisation=organisation)
            ReferralFactory(person=PersonFactory(situation=situation), receiver=other_organisation)

    add(2)
    other_client.get("/suivi/orientations/recues/")
    with CaptureQueriesContext(connection) as few:
        other_client.get("/suivi/orientations/recues/")
    add(15)
    with CaptureQueriesContext(connection) as many:
        other_client.get("/suivi/orientations/recues/")
    assert len(many.captured_queries) == len(few.captured_queries)


def test_situation_page_query_count_does_not_grow_with_events(member_client, situation):
    from tests.casework.factories import EventFactory

    EventFactory(situation=situation)
    member_client.get(f"/suivi/{situation.pk}/")
    with CaptureQueriesContext(connection) as few:
        member_client.get(f"/suivi/{situation.pk}/")
    for _ in range(12):
        EventFactory(situation=situation, person=situation.people.first())
    with CaptureQueriesContext(connection) as many:
        member_client.get(f"/suivi/{situation.pk}/")
    assert len(many.captured_queries) == len(few.captured_queries)


def test_referral_to_a_service_of_the_guide_must_belong_to_the_receiver(member_client, situation, other_organisation):
    from directory.models import Service
    from tests.accounts.factories import OrganisationFactory

    elsewhere = OrganisationFactory(name="Structure tierce (fictive)")
    service = Service.objects.create(organisation=elsewhere, name="Permanence juridique fictive", is_published=True)
    response = _refer(member_client, situation, people(situation, PersonRole.VICTIM), other_organisation, service=service.pk)
    assert (
        "Service du guide (facultatif) : Ce service n&#x27;appartient pas à l&#x27;organisation destinataire." in response.content.decode()
    )
    good = Service.objects.create(organisation=other_organisation, name="Accueil fictif", is_published=True)
    assert _refer(member_client, situation, people(situation, PersonRole.VICTIM), other_organisation, service=good.pk).status_code == 302
    assert Referral.objects.get().service == good


def test_the_perpetrators_organisation_never_reads_the_victims_contacts_in_a_referral(
    member, member_client, perpetrator_member, perpetrator_client, situation, perpetrator_referral, perpetrator_org
):
    """Gamma follows the perpetrator; the victim is then referred to it too, contacts ticked: the form refuses, naming
    the field; a referral that carries them anyway (recorded before Gamma took the perpetrator) shows none."""
    from django.test import Client

    from accounts.models import ApiToken

    victim = people(situation, PersonRole.VICTIM)
    response = _refer(member_client, situation, victim, perpetrator_org, items=("identity", "contact"))
    assert response.status_code == 200
    assert "Informations que la personne accepte de partager : Association Gamma" in response.content.decode()
    assert "accompagne l&#x27;auteur des violences" in response.content.decode()
    assert Referral.objects.count() == 1
    referral = ReferralFactory(person=victim, receiver=perpetrator_org, sent_by=member.user, consent__items=["identity", "contact"])
    for accepted in (False, True):
        html = perpetrator_client.get(f"/suivi/orientations/{referral.pk}/").content.decode()
        assert victim.last_name in html
        assert victim.address not in html and not shows_phone(html, victim.phone) and victim.email not in html
        _token, key = ApiToken.issue(perpetrator_member, "test")
        api = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
        inbox = [d for d in api.get("/api/suivi/orientations/recues").json() if d["id"] == referral.pk]
        for data in (api.get(f"/api/suivi/orientations/{referral.pk}").json(), *inbox):
            assert data["person"]["last_name"] == victim.last_name
            assert "address" not in data["person"] and "phone" not in data["person"]
        if not accepted:
            perpetrator_client.post(f"/suivi/orientations/{referral.pk}/repondre/", {"decision": "accept"})
    assert victim.address not in perpetrator_client.get(f"/suivi/{situation.pk}/").content.decode()


def test_a_perpetrator_side_sender_reads_no_victim_contact_in_its_referral(member_client, situation, other_organisation):
    situation.side = "perpetrator"
    situation.save()
    victim = people(situation, PersonRole.VICTIM)
    referral = ReferralFactory(person=victim, receiver=other_organisation)
    html = member_client.get(f"/suivi/orientations/{referral.pk}/").content.decode()
    assert victim.last_name in html
    assert victim.address not in html and not shows_phone(html, victim.phone)


def test_a_pending_perpetrator_referral_already_hides_the_victims_contacts(member, other_organisation, other_client, situation):
    """The receiver accepted the victim with her contacts, then the perpetrator is referred to it as well: from the
    moment that referral is sent, before any answer, the receiver is the perpetrator's and reads no victim contact."""
    victim, perpetrator = people(situation, PersonRole.VICTIM), people(situation, PersonRole.PERPETRATOR)
    ReferralFactory(person=victim, receiver=other_organisation, status=ReferralStatus.ACCEPTED, consent__items=["identity", "contact"])
    html = other_client.get(f"/suivi/{situation.pk}/").content.decode()
    assert victim.address in html  # the victim's organisation reads what she agreed to share
    ReferralFactory(person=perpetrator, receiver=other_organisation, status=ReferralStatus.SENT, consent__items=["identity"])
    html = other_client.get(f"/suivi/{situation.pk}/").content.decode()
    assert victim.last_name in html
    assert victim.address not in html and not shows_phone(html, victim.phone)


def _followed_in_its_own_file(organisation, perpetrator, birth_date):
    """The organisation follows a man of the perpetrator's name, born on `birth_date`, in a perpetrator-side file of its own."""
    own = SituationFactory(organisation=organisation, side="perpetrator")
    PersonFactory(
        situation=own,
        role=PersonRole.PERPETRATOR,
        first_name=perpetrator.first_name,
        last_name=perpetrator.last_name,
        birth_date=birth_date,
    )


def test_an_organisation_following_the_perpetrator_in_its_own_file_reads_no_victim_contact(
    member, member_client, other_organisation, other_member, other_client, situation
):
    """The receiver follows the same man (same name and birth date) in a perpetrator-side file of its own: a referral
    of the victim with her contacts is refused, and one recorded anyway shows none, on the page and in the API."""
    from django.test import Client

    from accounts.models import ApiToken

    victim, perpetrator = people(situation, PersonRole.VICTIM), people(situation, PersonRole.PERPETRATOR)
    _followed_in_its_own_file(other_organisation, perpetrator, perpetrator.birth_date)
    response = _refer(member_client, situation, victim, other_organisation, items=("identity", "contact"))
    assert response.status_code == 200 and "accompagne l&#x27;auteur des violences" in response.content.decode()
    assert not Referral.objects.exists()
    ReferralFactory(person=victim, receiver=other_organisation, status=ReferralStatus.ACCEPTED, consent__items=["identity", "contact"])
    html = other_client.get(f"/suivi/{situation.pk}/").content.decode()
    assert victim.last_name in html
    assert victim.address not in html and not shows_phone(html, victim.phone)
    _token, key = ApiToken.issue(other_member, "test")
    data = Client(HTTP_AUTHORIZATION=f"Bearer {key}").get(f"/api/suivi/situations/{situation.pk}").json()
    shown = next(p for p in data["people"] if p["id"] == victim.pk)
    assert shown["last_name"] == victim.last_name and "address" not in shown and "phone" not in shown


def test_a_namesake_with_another_birth_date_is_not_the_perpetrator(member_client, other_organisation, situation):
    victim, perpetrator = people(situation, PersonRole.VICTIM), people(situation, PersonRole.PERPETRATOR)
    assert perpetrator.birth_date is not None
    born = perpetrator.birth_date
    # Another day, month and year: not a typing error of his birth date (one of them alike would be).
    _followed_in_its_own_file(other_organisation, perpetrator, datetime.date(born.year - 7, born.month % 12 + 1, min(born.day, 27) + 1))
    assert _refer(member_client, situation, victim, other_organisation, items=("identity", "contact")).status_code == 302


def test_a_refused_answer_is_journaled_like_the_page_it_shows(member, other_organisation, other_member, other_client, situation):
    """A refusal without its reason sends the page back with the person on it: that reading is journaled too."""
    victim = people(situation, PersonRole.VICTIM)
    referral = ReferralFactory(person=victim, receiver=other_organisation, consent__items=["identity", "contact"])
    before = Entry.objects.filter(action=Action.VIEW, target_type="casework.Referral", target_id=str(referral.pk)).count()
    response = other_client.post(f"/suivi/orientations/{referral.pk}/repondre/", {"decision": "refuse"})
    assert response.status_code == 422 and victim.last_name in response.content.decode()
    entries = Entry.objects.filter(action=Action.VIEW, target_type="casework.Referral", target_id=str(referral.pk))
    assert entries.count() == before + 1
    assert entries.order_by("-seq").first().organisation_id == other_organisation.pk


def test_the_perpetrators_organisation_never_reads_the_victims_notes(
    member, perpetrator_member, perpetrator_client, situation, perpetrator_referral, perpetrator_org
):
    """The perpetrator's referral shares everything, notes included: his organisation reads his notes and its own
    events' notes, never the victim's notes nor what the victim's organisation wrote on its events (where she was sent)."""
    from django.test import Client

    from accounts.models import ApiToken
    from tests.casework.factories import EventFactory

    victim, perpetrator = people(situation, PersonRole.VICTIM), people(situation, PersonRole.PERPETRATOR)
    victim.notes, perpetrator.notes = "NOTE-VICTIME-FICTIVE hébergée chez sa sœur", "NOTE-AUTEUR-FICTIVE"
    victim.save()
    perpetrator.save()
    EventFactory(situation=situation, kind="orientation", notes="NOTE-EVENEMENT-VICTIME orientée vers un CHRS")
    EventFactory(situation=situation, organisation=perpetrator_org, kind="interview", notes="NOTE-EVENEMENT-AUTEUR")
    html = perpetrator_client.get(f"/suivi/{situation.pk}/").content.decode()
    assert "NOTE-AUTEUR-FICTIVE" in html and "NOTE-EVENEMENT-AUTEUR" in html
    assert "NOTE-VICTIME" not in html and "NOTE-EVENEMENT-VICTIME" not in html
    _token, key = ApiToken.issue(perpetrator_member, "test")
    data = Client(HTTP_AUTHORIZATION=f"Bearer {key}").get(f"/api/suivi/situations/{situation.pk}").content.decode()
    assert "NOTE-VICTIME" not in data
    victim_referral = ReferralFactory(person=victim, receiver=perpetrator_org, consent__items=["identity", "notes"])
    assert "NOTE-VICTIME" not in perpetrator_client.get(f"/suivi/orientations/{victim_referral.pk}/").content.decode()


def test_answering_a_referral_a_colleague_answered_meanwhile_says_so(member, other_organisation, other_member, other_client, situation):
    from tests.accounts.factories import MembershipFactory
    from tests.conftest import verified_client

    referral = ReferralFactory(person=people(situation, PersonRole.VICTIM), receiver=other_organisation, consent__items=["identity"])
    colleague = MembershipFactory(organisation=other_organisation)
    colleague_client = verified_client(colleague.user, colleague)
    url = f"/suivi/orientations/{referral.pk}/repondre/"
    assert other_client.post(url, {"decision": "accept"}).status_code == 302
    response = colleague_client.post(url, {"decision": "refuse", "refusal_reason": "Hors territoire (fictif)"})
    assert response.status_code == 409
    assert "Cette orientation a déjà reçu une réponse (statut : Acceptée)." in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED and referral.refusal_reason == ""
