"""« The perpetrator's side »: what the organisation that accompanies a household's perpetrator could do to learn where
the victim lives, scripted against the real pages and API (issue 10). Every test drives the views as that organisation
would; `leaks()` reads everything it can read and names each secret of the victim's organisation it finds.

The household: Alpha (victims' association) follows Zélie, her child and the man, in Quiévrechain. Before Gamma
(perpetrators' association) had anything to do with him, Zélie consented to share everything with Gamma, contacts
included (the issue's 14 demo households). Then Gamma comes to accompany him: from then on, nothing of hers."""

import datetime
import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import ApiToken, Audience, Role, Team
from audit.models import Entry
from casework.models import PerpetratorLink, Person, PersonRole, RiskAssessment, Situation
from tests.accounts.factories import MembershipFactory
from tests.casework.factories import EventFactory, PersonFactory, ReferralFactory, SituationFactory
from tests.conftest import verified_client

pytestmark = pytest.mark.django_db

COMMUNE_CODE, COMMUNE_NAME = "59484", "Quiévrechain"
VICTIM = {
    "first_name": "Zélie",
    "last_name": "Cachée-Fictive",
    "birth_date": datetime.date(1990, 5, 5),
    "address": "9 allée des Secrets (fictive)",
    "phone": "+33 6 55 44 33 22",
    "email": "zelie.cachee@exemple.test",
    "safe_hours": "seulement le mardi matin (fictif)",
    "via_third_party": "par sa mère, au 03 27 00 00 01 (fictif)",
    "notes": "Note sur Zélie : elle dort chez sa mère (fictif)",
}
CHILD_ADDRESS = "14 rue de l'Enfant caché (fictive)"
HOUSEHOLD_NOTES = "Notes du foyer : déménagement prévu (fictif)"
ASSESSMENT_REASON = "Elle se cache chez sa mère, rue des Tilleuls (fictif)"
REFERRAL_REASON = "Motif : elle est hébergée au foyer des Lilas (fictif)"
STAY_NOTE = "Hébergée en urgence au foyer des Lilas (fictif)"
MAN = {"first_name": "Gaston", "last_name": "Violent-Fictif", "birth_date": datetime.date(1980, 3, 4)}
SECRETS = [
    VICTIM["address"],
    VICTIM["phone"],
    "06 55 44 33 22",
    VICTIM["email"],
    VICTIM["safe_hours"],
    VICTIM["via_third_party"],
    VICTIM["notes"],
    CHILD_ADDRESS,
    HOUSEHOLD_NOTES,
    ASSESSMENT_REASON,
    REFERRAL_REASON,
    STAY_NOTE,
    COMMUNE_NAME,
    "Quiévrechain",
    COMMUNE_CODE,
]


@pytest.fixture
def household(territory, organisation, member):
    """Alpha's file: Zélie, her child, the man; an assessment with its reason, a stay with its note."""
    situation = SituationFactory(organisation=organisation, side="victim", commune_id=COMMUNE_CODE, notes=HOUSEHOLD_NOTES)
    victim = PersonFactory(situation=situation, role=PersonRole.VICTIM, sex="F", **VICTIM)
    man = PersonFactory(situation=situation, role=PersonRole.PERPETRATOR, sex="M", address="1 rue de l'Auteur (fictive)", **MAN)
    PersonFactory(situation=situation, role=PersonRole.CHILD, first_name="Lou", last_name="Cachée-Fictive", address=CHILD_ADDRESS)
    EventFactory(
        situation=situation,
        person=victim,
        kind="housing",
        date=datetime.date(2026, 2, 3),
        end_date=datetime.date(2026, 2, 20),
        notes=STAY_NOTE,
    )
    EventFactory(situation=situation, person=man, kind="complaint", date=datetime.date(2026, 2, 1))
    from casework import risk

    grid = risk.default_grid()
    RiskAssessment.objects.create(
        situation=situation,
        grid=grid,
        score=3,
        computed_level="standard",
        level="high",
        raised_reason=ASSESSMENT_REASON,
        assessed_on=datetime.date(2026, 2, 2),
        organisation=organisation,
        assessor=member.user,
    )
    return situation, victim, man


@pytest.fixture
def shared_before(household, perpetrator_org, member):
    """Zélie consented, before Gamma had anything to do with the man, to share everything with it: accepted."""
    _situation, victim, _man = household
    return ReferralFactory(
        person=victim,
        receiver=perpetrator_org,
        status="accepted",
        sent_by=member.user,
        reason=REFERRAL_REASON,
        consent__items=["identity", "contact", "household", "timeline", "assessment", "notes"],
    )


@pytest.fixture
def gamma_api(perpetrator_member):
    _token, key = ApiToken.issue(perpetrator_member, "attaque")
    return Client(headers={"Authorization": f"Bearer {key}"})


def _found(text, secrets=SECRETS):
    return sorted({secret for secret in secrets if secret in text})


def leaks(client, api, situation, referral, *, extra=()):
    """Every page and answer Gamma can ask about the household, and the secrets of Alpha's found in each."""
    found = {}
    pages = [
        f"/suivi/{situation.pk}/",
        f"/suivi/orientations/{referral.pk}/",
        "/suivi/orientations/recues/",
        f"/suivi/?q={VICTIM['first_name']}+{VICTIM['last_name']}",
        f"/suivi/?q={MAN['last_name']}",
        "/suivi/",
        *extra,
    ]
    for url in pages:
        html = client.get(url).content.decode()
        if hits := _found(html):
            found[url] = hits
    # The commune filter must not select her household.
    for value in (COMMUNE_CODE, COMMUNE_NAME):
        html = client.get("/suivi/", {"commune": value}).content.decode()
        if situation.reference in html:
            found[f"/suivi/?commune={value}"] = [situation.reference]
    answers = [
        "/api/suivi/situations",
        f"/api/suivi/situations?q={VICTIM['last_name']}",
        f"/api/suivi/situations/{situation.pk}",
        "/api/suivi/orientations/recues",
        f"/api/suivi/orientations/{referral.pk}",
    ]
    for url in answers:
        response = api.get(url)
        text = json.dumps(response.json(), ensure_ascii=False) if response.status_code == 200 else response.content.decode()
        hits = _found(text)
        # The API names communes by their code: a household's « commune » is hers.
        if f'"commune": "{COMMUNE_CODE}"' in text:
            hits.append("commune (code)")
        if hits:
            found[url] = hits
    return found


def _new_own_file(client, *, side="perpetrator", **identity):
    person = {**MAN, **identity}
    data = {
        "side": side,
        "opened_on": "2026-03-01",
        "commune": "59606",
        "relationship": "",
        "children_count": "0",
        "notes": "",
        "person-role": "perpetrator",
        "person-first_name": person["first_name"],
        "person-last_name": person["last_name"],
        "person-birth_date": person["birth_date"].isoformat(),
        "person-sex": "M",
    }
    response = client.post("/suivi/nouvelle/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return Situation.objects.get(pk=int(response["Location"].strip("/").split("/")[-1]))


def _refer_the_man(member_client, situation, man, receiver):
    response = member_client.post(
        f"/suivi/{situation.pk}/orienter/",
        {
            "person": man.pk,
            "receiver": receiver.pk,
            "reason": "Stage de responsabilisation (fictif)",
            "legal_basis": "judicial",
            "items": ["identity", "timeline"],
            "given_on": "2026-03-01",
            "method": "na",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    return man.referrals.latest("pk")


def _edit_situation(client, situation, **changes):
    situation.refresh_from_db()
    data = {
        "status": situation.status,
        "closed_on": "",
        "side": situation.side,
        "opened_on": situation.opened_on.isoformat(),
        "commune": situation.commune_id or "",
        "relationship": situation.relationship,
        "children_count": str(situation.children_count),
        "notes": situation.notes,
        "version": str(situation.version),
        **changes,
    }
    response = client.post(f"/suivi/{situation.pk}/modifier/", data)
    assert response.status_code == 302, response.content.decode()[:3000]


def _edit_person(client, person, **changes):
    person.refresh_from_db()
    data = {
        "role": person.role,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "birth_date": person.birth_date.isoformat() if person.birth_date else "",
        "sex": person.sex,
        "address": person.address,
        "phone": person.phone,
        "email": person.email,
        "safe_hours": person.safe_hours,
        "via_third_party": person.via_third_party,
        "notes": person.notes,
        "version": str(person.version),
        **changes,
    }
    response = client.post(f"/suivi/personnes/{person.pk}/modifier/", data)
    assert response.status_code == 302, response.content.decode()[:3000]


# --- Finding 1: the perpetrator's organisation lifts the protection itself -----------------------------------------


def test_before_gamma_follows_him_it_reads_what_she_consented_to(household, shared_before, perpetrator_client, gamma_api):
    """The baseline: the consent covered her contacts, and Gamma is nobody's side yet."""
    situation, _victim, _man = household
    html = perpetrator_client.get(f"/suivi/{situation.pk}/").content.decode()
    assert VICTIM["address"] in html and COMMUNE_NAME in html


def _becomes_his_side(way, household, perpetrator_client, member_client, perpetrator_org):
    situation, _victim, man = household
    if way == "own_file":
        return _new_own_file(perpetrator_client), None
    return None, _refer_the_man(member_client, situation, man, perpetrator_org)


ATTACKS = ["nothing", "own_file_to_victim_side", "birth_date_one_day_off", "name_respelled", "own_file_closed", "referral_refused"]


@pytest.mark.parametrize("way", ["own_file", "referral"])
@pytest.mark.parametrize("attack", ATTACKS)
def test_nothing_the_perpetrators_side_edits_brings_her_whereabouts_back(
    way, attack, household, shared_before, perpetrator_client, member_client, perpetrator_org, gamma_api
):
    situation, _victim, _man = household
    own, his_referral = _becomes_his_side(way, household, perpetrator_client, member_client, perpetrator_org)
    assert leaks(perpetrator_client, gamma_api, situation, shared_before) == {}
    if attack != "nothing" and own is None:
        own = _new_own_file(perpetrator_client) if attack != "referral_refused" else None
    if attack == "own_file_to_victim_side":
        _edit_situation(perpetrator_client, own, side="victim")
    elif attack == "birth_date_one_day_off":
        _edit_person(perpetrator_client, own.people.get(), birth_date="1980-03-05")
    elif attack == "name_respelled":
        _edit_person(perpetrator_client, own.people.get(), first_name="GASTON", last_name="Violent Fictif")
    elif attack == "own_file_closed":
        _edit_situation(perpetrator_client, own, status="closed", closed_on="2026-03-02")
    elif attack == "referral_refused":
        if his_referral is None:
            his_referral = _refer_the_man(member_client, situation, household[2], perpetrator_org)
        response = gamma_api.post(
            f"/api/suivi/orientations/{his_referral.pk}/reponse",
            {"decision": "refuse", "refusal_reason": "Pas pour nous (fictif)"},
            content_type="application/json",
        )
        assert response.status_code == 200, response.content
    assert leaks(perpetrator_client, gamma_api, situation, shared_before) == {}, attack


def test_a_file_opened_on_the_victims_side_by_a_perpetrators_association_still_counts(
    household, shared_before, perpetrator_client, gamma_api
):
    """Gamma accompanies perpetrators (the platform's setting, which it does not control): a file it opens with the man
    in it is on his side, whatever side it declares."""
    situation, _victim, _man = household
    _new_own_file(perpetrator_client, side="victim")
    assert leaks(perpetrator_client, gamma_api, situation, shared_before) == {}


def test_spelling_and_typing_variants_of_his_identity_are_recognised(household, shared_before, perpetrator_client, gamma_api):
    """Opened from the start under a variant (a day off, accents and hyphen lost, names swapped)."""
    situation, _victim, _man = household
    _new_own_file(perpetrator_client, first_name="VIOLENT FICTIF", last_name="gaston", birth_date=datetime.date(1980, 3, 5))
    assert leaks(perpetrator_client, gamma_api, situation, shared_before) == {}


def test_only_the_victims_side_lifts_a_link_with_a_reason_journaled(
    household, shared_before, perpetrator_client, member_client, perpetrator_org, gamma_api
):
    situation, _victim, man = household
    _refer_the_man(member_client, situation, man, perpetrator_org)
    link = PerpetratorLink.objects.get(situation=situation, organisation=perpetrator_org)
    # Gamma cannot lift it: the page does not exist for it.
    assert perpetrator_client.post(f"/suivi/liens-auteur/{link.pk}/lever/", {"reason": "Je veux voir"}).status_code == 404
    # Alpha sees it on the household's page, with the means to lift it; without a reason nothing happens.
    page = member_client.get(f"/suivi/{situation.pk}/").content.decode()
    assert "Organisations qui accompagnent l'auteur" in page and str(perpetrator_org) in page
    member_client.post(f"/suivi/liens-auteur/{link.pk}/lever/", {"reason": "  "})
    link.refresh_from_db()
    assert link.lifted_at is None
    member_client.post(f"/suivi/liens-auteur/{link.pk}/lever/", {"reason": "Erreur de saisie (fictif)"})
    link.refresh_from_db()
    assert link.lifted_at is not None and link.lift_reason == "Erreur de saisie (fictif)"
    assert Entry.objects.filter(target_type="casework.PerpetratorLink", target_id=str(link.pk), action="update").exists()


def test_the_victims_organisation_is_told_when_a_link_is_recorded(household, shared_before, perpetrator_client, member_client):
    situation, _victim, _man = household
    _new_own_file(perpetrator_client)
    page = member_client.get(f"/suivi/{situation.pk}/").content.decode()
    section = page.split('id="perpetrator-links"')[1].split("</section>")[0]
    assert "Association Gamma" in section and "dossier de l&#x27;organisation sur l&#x27;auteur" in section


# --- Finding 4: the duplicate warning ------------------------------------------------------------------------------


def _duplicates_named(client, api, *, side, role, identity):
    """What the page and the API say when Gamma enters this identity: the names of organisations they give."""
    data = {
        "side": side,
        "opened_on": "2026-03-01",
        "commune": "",
        "relationship": "",
        "children_count": "0",
        "notes": "",
        "person-role": role,
        "person-first_name": identity["first_name"],
        "person-last_name": identity["last_name"],
        "person-birth_date": identity["birth_date"].isoformat(),
        "person-sex": "F" if role == "victim" else "M",
    }
    html = client.post("/suivi/nouvelle/", data, follow=True).content.decode()
    body = {
        "side": side,
        "opened_on": "2026-03-01",
        "person": {
            "role": role,
            "first_name": identity["first_name"],
            "last_name": identity["last_name"],
            "birth_date": identity["birth_date"].isoformat(),
        },
    }
    answer = api.post("/api/suivi/situations", body, content_type="application/json").json()
    return html, answer.get("possible_duplicates")


@pytest.mark.parametrize("side", ["victim", "perpetrator"])
def test_the_duplicate_check_never_tells_his_side_who_follows_her(household, perpetrator_client, gamma_api, side):
    _new_own_file(perpetrator_client)
    html, duplicates = _duplicates_named(
        perpetrator_client, gamma_api, side=side, role="victim", identity={k: VICTIM[k] for k in ("first_name", "last_name", "birth_date")}
    )
    assert "Association Alpha" not in html
    assert duplicates == []


def test_entering_his_identity_never_names_the_victims_organisation(household, perpetrator_client, gamma_api):
    html, duplicates = _duplicates_named(perpetrator_client, gamma_api, side="victim", role="perpetrator", identity=MAN)
    assert "Association Alpha" not in html
    assert duplicates == []


def test_adding_her_to_his_file_tells_nothing(household, perpetrator_client):
    own = _new_own_file(perpetrator_client)
    data = {
        "role": "victim",
        "first_name": VICTIM["first_name"],
        "last_name": VICTIM["last_name"],
        "birth_date": VICTIM["birth_date"].isoformat(),
        "sex": "F",
    }
    data.update(dict.fromkeys(("address", "phone", "email", "safe_hours", "via_third_party", "notes"), ""))
    html = perpetrator_client.post(f"/suivi/{own.pk}/personnes/ajouter/?role=victim", data, follow=True).content.decode()
    assert "Association Alpha" not in html


def test_a_victims_organisation_is_still_told_who_else_follows_her(household, other_client):
    """The check still does its job for the victims' side: Bêta (victims) learns that Alpha knows her."""
    data = {
        "side": "victim",
        "opened_on": "2026-03-01",
        "commune": "",
        "relationship": "",
        "children_count": "0",
        "notes": "",
        "person-role": "victim",
        "person-first_name": VICTIM["first_name"],
        "person-last_name": VICTIM["last_name"],
        "person-birth_date": VICTIM["birth_date"].isoformat(),
        "person-sex": "F",
    }
    html = other_client.post("/suivi/nouvelle/", data, follow=True).content.decode()
    assert "Association Alpha" in html


# --- Finding 6: free text, and the sender warned ------------------------------------------------------------------


def test_the_referral_form_warns_the_sender_and_names_his_organisations(household, perpetrator_client, member_client, perpetrator_org):
    situation, _victim, _man = household
    page = member_client.get(f"/suivi/{situation.pk}/orienter/").content.decode()
    assert 'id="reason-warning"' in page and "Association Gamma" not in page.split('id="reason-warning"')[1].split("</div>")[0]
    _new_own_file(perpetrator_client)
    page = member_client.get(f"/suivi/{situation.pk}/orienter/").content.decode()
    warning = page.split('id="reason-warning"')[1].split("</div>")[0]
    assert "Association Gamma" in warning


def test_his_own_referrals_reason_reaches_his_organisation(household, perpetrator_client, member_client, perpetrator_org):
    """The reason of the man's referral is what Gamma needs to take him on (the sender was warned)."""
    situation, _victim, man = household
    referral = _refer_the_man(member_client, situation, man, perpetrator_org)
    html = perpetrator_client.get(f"/suivi/orientations/{referral.pk}/").content.decode()
    assert "Stage de responsabilisation (fictif)" in html


# --- Finding 7: the man's right-of-access export ------------------------------------------------------------------


def test_his_export_holds_only_what_is_about_him(household, member_client, other_organisation, member):
    situation, victim, man = household
    ReferralFactory(person=victim, receiver=other_organisation, sent_by=member.user, reason=REFERRAL_REASON)
    EventFactory(situation=situation, person=man, kind="interview", date=datetime.date(2026, 2, 5), organisation=other_organisation)
    data = json.loads(member_client.get(f"/suivi/personnes/{man.pk}/export.json").content)
    text = json.dumps(data, ensure_ascii=False)
    assert _found(text) == []
    assert "Association Bêta" not in text  # who else recorded something about him
    assert {e["kind"] for e in data["events"]} == {"Plainte", "Entretien"}  # his events only, not her stay
    pdf = member_client.get(f"/suivi/personnes/{man.pk}/export.pdf").content
    assert pdf.startswith(b"%PDF")


# --- Finding 8: teams inside one organisation ---------------------------------------------------------------------


@pytest.fixture
def teams(organisation):
    organisation.accompanies = Audience.BOTH
    organisation.save()
    victims = Team.objects.create(organisation=organisation, name="Aide aux victimes", accompanies=Audience.VICTIMS)
    perpetrators = Team.objects.create(organisation=organisation, name="Socio-judiciaire", accompanies=Audience.PERPETRATORS)
    return victims, perpetrators


@pytest.mark.parametrize("household_team", ["victims", None])
def test_a_perpetrators_team_of_the_same_organisation_reads_nothing_of_hers(household, organisation, teams, household_team):
    situation, _victim, _man = household
    victims, perpetrators = teams
    situation.team = victims if household_team == "victims" else None
    situation.save()
    his_practitioner = MembershipFactory(organisation=organisation, role=Role.PRACTITIONER, team=perpetrators)
    her_practitioner = MembershipFactory(organisation=organisation, role=Role.PRACTITIONER, team=victims)
    admin_without_team = MembershipFactory(organisation=organisation, role=Role.ORG_ADMIN)
    his = verified_client(his_practitioner.user, his_practitioner)
    own = _new_own_file(his)
    assert own.team == perpetrators
    assert PerpetratorLink.objects.filter(situation=situation, organisation=organisation, team=perpetrators).exists()
    response = his.get(f"/suivi/{situation.pk}/")
    if household_team == "victims":
        assert response.status_code == 404  # need-to-know: another team's file
    else:
        assert response.status_code == 200 and _found(response.content.decode()) == []
        assert his.get(f"/suivi/{situation.pk}/modifier/").status_code == 403
    hers = verified_client(her_practitioner.user, her_practitioner).get(f"/suivi/{situation.pk}/").content.decode()
    assert VICTIM["address"] in hers and COMMUNE_NAME in hers
    # Anyone in the organisation without a team may be anyone in it: read as its perpetrators' team would.
    admin = verified_client(admin_without_team.user, admin_without_team).get(f"/suivi/{situation.pk}/").content.decode()
    assert _found(admin) == []


def test_a_referral_of_him_to_an_organisation_with_teams_links_its_perpetrators_team(household, member_client, other_organisation):
    situation, _victim, man = household
    victims = Team.objects.create(organisation=other_organisation, name="Victimes", accompanies=Audience.VICTIMS)
    perpetrators = Team.objects.create(organisation=other_organisation, name="Auteurs", accompanies=Audience.PERPETRATORS)
    _refer_the_man(member_client, situation, man, other_organisation)
    linked = set(PerpetratorLink.objects.filter(situation=situation, organisation=other_organisation).values_list("team_id", flat=True))
    assert linked == {perpetrators.pk} and victims.pk not in linked


# --- Finding 9: a name search does the same work whether the name exists elsewhere or not ---------------------------


def _queries_for(client, path):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return [q["sql"] for q in queries.captured_queries]


@pytest.mark.parametrize("path", ["/suivi/?q={}", "/api/suivi/situations?q={}"])
def test_a_name_search_asks_the_same_queries_whether_the_name_exists_elsewhere(household, other_client, other_member, path):
    """Same statements, same number, for a name nowhere, a name in a file Bob's organisation may not see, and a name in
    a file shared with it without the identity."""
    _situation, victim, _man = household
    api = other_client
    if path.startswith("/api/"):
        _token, key = ApiToken.issue(other_member, "chrono")
        api = Client(headers={"Authorization": f"Bearer {key}"})
    api.get(path.format("Echauffementfictif"))  # the first request touches the session or the token: not measured
    # Two words, as « Cachée-Fictive »: the statements' shapes follow the number of words searched, not what exists.
    nowhere = _queries_for(api, path.format("Inconnue-Fictive"))
    elsewhere = _queries_for(api, path.format(VICTIM["last_name"]))
    ReferralFactory(person=victim, receiver=other_member.organisation, status="accepted", consent__items=["timeline"])
    shared_without_name = _queries_for(api, path.format(VICTIM["last_name"]))

    def shape(statements):
        # Identifiers and literals differ; the statements' shapes must not.
        import re

        return [re.sub(r"\d+|'[^']*'|%s", "?", sql) for sql in statements]

    assert len(nowhere) == len(elsewhere) == len(shared_without_name)
    assert shape(nowhere) == shape(elsewhere)
    assert Person.objects.filter(last_name_index=victim.last_name_index).exists()


def test_her_identity_recorded_on_a_perpetrators_side_elsewhere_is_not_named_to_his_side(
    household, organisation, perpetrator_client, gamma_api
):
    """Found by the state machine: another file records her identity as a perpetrator's (a team that accompanies
    perpetrators). Gamma, his side on her household, types her identity: nothing at all is said of it."""
    perpetrators = Team.objects.create(organisation=organisation, name="Auteurs", accompanies=Audience.PERPETRATORS)
    elsewhere = SituationFactory(organisation=organisation, team=perpetrators, side="perpetrator")
    PersonFactory(situation=elsewhere, role=PersonRole.PERPETRATOR, **{k: VICTIM[k] for k in ("first_name", "last_name", "birth_date")})
    _new_own_file(perpetrator_client)
    html, duplicates = _duplicates_named(
        perpetrator_client,
        gamma_api,
        side="victim",
        role="child",
        identity={k: VICTIM[k] for k in ("first_name", "last_name", "birth_date")},
    )
    assert "Association Alpha" not in html
    assert duplicates == []


def test_the_organisations_that_recorded_her_events_are_not_named_to_his_side(
    household, shared_before, perpetrator_client, gamma_api, other_organisation, member_client, perpetrator_org
):
    """A shelter's or a victims' service's name may say where she is: an event another partner recorded on her
    household shows as « Organisation partenaire » to the perpetrator's side (page and API)."""
    situation, victim, man = household
    other_organisation.name = "Foyer des Lilas de Quarouble (fictif)"
    other_organisation.save()
    EventFactory(situation=situation, person=victim, kind="interview", date=datetime.date(2026, 2, 6), organisation=other_organisation)
    _refer_the_man(member_client, situation, man, perpetrator_org)
    html = perpetrator_client.get(f"/suivi/{situation.pk}/").content.decode()
    assert "Foyer des Lilas" not in html and "Organisation partenaire" in html
    events = gamma_api.get(f"/api/suivi/situations/{situation.pk}").json()["events"]
    assert None in {e["organisation"] for e in events} and "Foyer des Lilas de Quarouble (fictif)" not in {
        e["organisation"] for e in events
    }
