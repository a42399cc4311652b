"""What a practitioner meets on her pages (issue 11, points 13 to 16): the referral form narrows the guide's services,
the household's composition reaches the receiver it was shared with, a referent and « mes situations », a search by
name that forgives spelling, one duplicate warning, and a coordinator told what she actually sees."""

import datetime
import json

import pytest

from audit.models import Action, Entry
from casework.models import PersonRole, Situation
from tests.accounts.factories import MembershipFactory
from tests.casework.conftest import people
from tests.casework.factories import PersonFactory, ReferralFactory, SituationFactory
from tests.conftest import verified_client
from tests.directory.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def test_the_referral_forms_services_tell_their_organisation(member_client, situation, other_organisation, territory):
    service = ServiceFactory(organisation=other_organisation, name="Permanence fictive de Bêta")
    html = member_client.get(f"/suivi/{situation.pk}/orienter/").content.decode()
    assert f'value="{service.pk}" data-organisation="{other_organisation.pk}"' in html
    assert "casework/referral.js" in html


@pytest.mark.parametrize("shared", [True, False])
def test_the_households_composition_reaches_the_receiver_it_was_shared_with(situation, other_organisation, other_client, member, shared):
    situation.relationship = "pacs"
    situation.children_count = 2
    situation.save()
    items = ["identity", "household"] if shared else ["identity"]
    referral = ReferralFactory(
        person=people(situation, PersonRole.VICTIM),
        receiver=other_organisation,
        status="accepted",
        sent_by=member.user,
        consent__items=items,
    )
    page = other_client.get(f"/suivi/orientations/{referral.pk}/").content.decode()
    situation_page = other_client.get(f"/suivi/{situation.pk}/").content.decode()
    for html in (page, situation_page):
        assert ("Partenaire de PACS" in html) is shared
    assert ("2 enfants" in page) is shared


def test_a_new_situation_has_its_creator_as_referent_and_mes_situations_filters(member_client, member, organisation, territory):
    response = member_client.post(
        "/suivi/nouvelle/",
        {
            "side": "victim",
            "opened_on": "2026-03-01",
            "commune": "",
            "relationship": "",
            "children_count": "0",
            "notes": "",
            "person-role": "victim",
            "person-first_name": "Référente",
            "person-last_name": "Fictive",
            "person-sex": "F",
        },
    )
    mine = Situation.objects.get(pk=int(response["Location"].strip("/").split("/")[-1]))
    assert mine.referent == member.user
    colleague = MembershipFactory(organisation=organisation)
    theirs = SituationFactory(organisation=organisation, referent=colleague.user)
    html = member_client.get("/suivi/", {"mine": "on"}).content.decode()
    assert mine.reference in html and theirs.reference not in html
    html = member_client.get("/suivi/").content.decode()
    assert "référent·e : Prénom" in html


def test_the_referent_is_chosen_among_the_organisations_members(member_client, member, other_member, situation):
    colleague = MembershipFactory(organisation=member.organisation)
    url = f"/suivi/{situation.pk}/modifier/"
    html = member_client.get(url).content.decode()
    assert colleague.user.email in html or colleague.user.get_full_name() in html
    assert other_member.user.get_full_name() not in html

    def post(referent):
        situation.refresh_from_db()
        return member_client.post(
            url,
            {
                "status": "open",
                "closed_on": "",
                "referent": referent,
                "side": "victim",
                "opened_on": situation.opened_on.isoformat(),
                "commune": "",
                "relationship": "",
                "children_count": "1",
                "notes": "",
                "version": str(situation.version),
            },
        )

    assert post(other_member.user.pk).status_code == 200  # another organisation's: refused, naming the field
    assert post(colleague.user.pk).status_code == 302
    situation.refresh_from_db()
    assert situation.referent == colleague.user


@pytest.mark.parametrize(
    "typed",
    ["dupond", "DUPONT", "Dupont Lefèvre", "lefebvre", "marie dupond", "Dupond-Lefevre Marie"],
)
def test_a_name_search_forgives_case_accents_hyphens_and_spelling(member_client, organisation, typed):
    situation = SituationFactory(organisation=organisation)
    PersonFactory(situation=situation, first_name="Marie", last_name="Dupont-Lefèvre")
    other = SituationFactory(organisation=organisation)
    PersonFactory(situation=other, first_name="Jeanne", last_name="Martin")
    html = member_client.get("/suivi/", {"q": typed}).content.decode()
    assert situation.reference in html and other.reference not in html
    entry = Entry.objects.filter(action=Action.SEARCH, target_id="caseload").latest("seq")
    assert typed not in json.dumps(entry.detail, ensure_ascii=False)  # the name searched is never journaled


def test_a_different_name_is_not_found(member_client, organisation):
    situation = SituationFactory(organisation=organisation)
    PersonFactory(situation=situation, first_name="Marie", last_name="Dupont")
    for typed in ("Dumont", "Dupin", "Martine"):
        assert situation.reference not in member_client.get("/suivi/", {"q": typed}).content.decode()


def test_the_api_search_forgives_too(member, organisation):
    from django.test import Client

    from accounts.models import ApiToken

    situation = SituationFactory(organisation=organisation)
    PersonFactory(situation=situation, first_name="Marie", last_name="Dupont-Lefèvre", birth_date=datetime.date(1990, 1, 1))
    _token, key = ApiToken.issue(member, "t")
    body = Client(headers={"Authorization": f"Bearer {key}"}).get("/api/suivi/situations", {"q": "dupond"}).json()
    assert [item["id"] for item in body["items"]] == [situation.pk]


def test_the_coordinator_is_told_what_she_sees(coordinator_client, analyst_client):
    html = coordinator_client.get("/suivi/").content.decode()
    assert "partagées avec le comité de suivi" in html and "aucune donnée nominative" not in html
    html = analyst_client.get("/suivi/").content.decode()
    assert "aucune situation" in html


def test_no_jargon_and_labels_for_everyone(member_client, situation):
    html = member_client.get("/suivi/nouvelle/").content.decode()
    assert "index aveugle" not in html and "Peut être appelée" not in html
    assert "Appel téléphonique possible sans risque" in html


def test_another_organisations_member_is_refused_as_referent_by_the_api_too(member, organisation, other_member):
    """The edit form is the only way to set a referent; its queryset is the organisation's members."""
    from casework.forms import referent_choices

    situation = SituationFactory(organisation=organisation)
    assert member.user in referent_choices(situation) and other_member.user not in referent_choices(situation)


def test_a_teams_situation_offers_its_teams_members_as_referent(organisation):
    from accounts.models import Audience, Team
    from casework.forms import referent_choices

    victims = Team.objects.create(organisation=organisation, name="V", accompanies=Audience.VICTIMS)
    perpetrators = Team.objects.create(organisation=organisation, name="A", accompanies=Audience.PERPETRATORS)
    hers = MembershipFactory(organisation=organisation, team=victims)
    his = MembershipFactory(organisation=organisation, team=perpetrators)
    situation = SituationFactory(organisation=organisation, team=victims)
    choices = set(referent_choices(situation))
    assert hers.user in choices and his.user not in choices
    assert verified_client(his.user, his).get(f"/suivi/{situation.pk}/").status_code == 404
