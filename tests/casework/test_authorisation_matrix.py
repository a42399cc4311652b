"""Every URL and API endpoint of the shared follow-up, for every persona, answers exactly what is expected; what
accepts a POST is also sent a valid one by every persona, and those refused must have written nothing.

The URLs are listed through every include (tests.casework.urlwalk): adding a page or an endpoint anywhere under
/suivi/ or /api/suivi/ without adding its rows here makes `test_every_url_has_an_entry` fail."""

import datetime
import json
import types

import pytest
from django.apps import apps
from django.test import Client
from django.urls import include, path
from django.utils import timezone
from ninja import NinjaAPI, Router

from accounts.models import ApiToken, Role
from casework.models import CommitteeShare, Enrolment, PerpetratorLink, PersonRole, Programme
from tests.accounts.factories import MembershipFactory, OrganisationFactory
from tests.casework import urlwalk
from tests.casework.conftest import people
from tests.casework.factories import ReferralFactory
from tests.casework.test_assessment import answers

# same_org: Alice, who follows the situation; other_org: Bob, unrelated; perpetrator: Gamma, which accepted the
# perpetrator's referral; coordinator: no committee share; committee: a coordinator while the situation is shared
# with the committee; pending: Delta, to which the victim was referred, before it answers (its referral is the one
# the referral pages are asked about); anonymous: nobody logged in.
PERSONAS = ["same_org", "other_org", "perpetrator", "coordinator", "committee", "pending", "anonymous"]


def _statuses(same, other, perpetrator, coordinator, committee, pending, anonymous=302):
    return dict(zip(PERSONAS, (same, other, perpetrator, coordinator, committee, pending, anonymous), strict=True))


# URL name -> (method, path from the objects, data, expected status by persona)
PAGES = {
    "caseload": ("get", lambda o: "/suivi/", None, _statuses(200, 200, 200, 200, 200, 200)),
    "situation_create": ("get", lambda o: "/suivi/nouvelle/", None, _statuses(200, 200, 200, 403, 403, 200)),
    "housing": ("get", lambda o: "/suivi/hebergement/", None, _statuses(200, 200, 200, 403, 403, 200)),
    "situation_detail": ("get", lambda o: f"/suivi/{o['situation'].pk}/", None, _statuses(200, 404, 200, 404, 200, 404)),
    "situation_edit": ("get", lambda o: f"/suivi/{o['situation'].pk}/modifier/", None, _statuses(200, 404, 403, 404, 403, 404)),
    "person_add": ("get", lambda o: f"/suivi/{o['situation'].pk}/personnes/ajouter/", None, _statuses(200, 404, 403, 404, 403, 404)),
    "event_add": ("get", lambda o: f"/suivi/{o['situation'].pk}/evenements/", None, _statuses(200, 404, 200, 404, 403, 404)),
    "assessment_add": ("get", lambda o: f"/suivi/{o['situation'].pk}/evaluation/", None, _statuses(200, 404, 403, 404, 403, 404)),
    "referral_create": ("get", lambda o: f"/suivi/{o['situation'].pk}/orienter/", None, _statuses(200, 404, 403, 404, 403, 404)),
    "enrolment_add": ("get", lambda o: f"/suivi/{o['situation'].pk}/programmes/", None, _statuses(200, 404, 403, 404, 403, 404)),
    "committee_share": ("post", lambda o: f"/suivi/{o['situation'].pk}/comite/", {}, _statuses(302, 404, 403, 404, 403, 404)),
    "perpetrator_link_declare": (
        "get",
        lambda o: f"/suivi/{o['situation'].pk}/auteur-accompagne-par/",
        None,
        _statuses(200, 404, 403, 404, 403, 404),
    ),
    # Only the victim's side lifts a link; the linked organisation (Gamma) is not even told the page exists.
    "perpetrator_link_lift": ("post", lambda o: f"/suivi/liens-auteur/{o['link'].pk}/lever/", {}, _statuses(302, 404, 404, 404, 404, 404)),
    "person_edit": ("get", lambda o: f"/suivi/personnes/{o['victim'].pk}/modifier/", None, _statuses(200, 404, 403, 404, 403, 404)),
    "person_export_json": (
        "get",
        lambda o: f"/suivi/personnes/{o['victim'].pk}/export.json",
        None,
        _statuses(200, 404, 404, 404, 404, 404),
    ),
    "person_export_pdf": ("get", lambda o: f"/suivi/personnes/{o['victim'].pk}/export.pdf", None, _statuses(200, 404, 404, 404, 404, 404)),
    # Enrolments are shown to the organisation that follows the situation only: a receiver is not told one exists.
    "enrolment_exit": ("get", lambda o: f"/suivi/inscriptions/{o['enrolment'].pk}/sortie/", None, _statuses(200, 404, 404, 404, 404, 404)),
    "inbox": ("get", lambda o: "/suivi/orientations/recues/", None, _statuses(200, 200, 200, 403, 403, 200)),
    "outbox": ("get", lambda o: "/suivi/orientations/envoyees/", None, _statuses(200, 200, 200, 403, 403, 200)),
    "referral_detail": ("get", lambda o: f"/suivi/orientations/{o['referral'].pk}/", None, _statuses(200, 404, 200, 404, 404, 200)),
    "referral_answer": (
        "post",
        lambda o: f"/suivi/orientations/{o['referral'].pk}/repondre/",
        {"decision": "accept"},
        _statuses(403, 404, 409, 404, 404, 302),  # 409: answered already, and the page says so
    ),
    "referral_first_contact": (
        "post",
        lambda o: f"/suivi/orientations/{o['referral'].pk}/premier-contact/",
        {},
        _statuses(403, 404, 422, 404, 404, 403),
    ),
    "referral_withdraw_consent": (
        "post",
        lambda o: f"/suivi/orientations/{o['referral'].pk}/retrait-consentement/",
        {},
        _statuses(422, 404, 403, 404, 404, 403),
    ),
}


def _today(days=0):
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def _situation_form(o):
    situation = o["situation"]
    return {
        "status": "open",
        "closed_on": "",
        "side": "victim",
        "opened_on": situation.opened_on.isoformat(),
        "commune": "",
        "relationship": "",
        "children_count": str(situation.children_count),
        "notes": "Modifiée par la matrice (fictif)",
        "version": str(situation.version),
    }


def _person_form(o):
    victim = o["victim"]
    return {
        "role": "victim",
        "first_name": victim.first_name,
        "last_name": victim.last_name,
        "birth_date": victim.birth_date.isoformat(),
        "sex": "F",
        "address": victim.address,
        "phone": "",
        "email": "",
        "safe_hours": "le matin (fictif)",
        "via_third_party": "",
        "notes": "",
        "version": str(victim.version),
    }


def _enrolment_form(o):
    return {
        "programme": Programme.builtin("perpetrators").pk,
        "person": people(o["situation"], PersonRole.PERPETRATOR).pk,
        "entered_on": "2026-02-01",
        "employment_at_entry": "unemployed",
        "housing_at_entry": "stable",
    }


# A valid POST to every page that accepts one: URL name -> (path from the objects, data from the objects, expected
# status by persona). A 302 (but the anonymous one's, to the login page) is the page saving: something was written.
# Any other answer must leave the shared follow-up's tables as they were (test_post_answers_as_expected).
POSTS = {
    "situation_create": (
        lambda o: "/suivi/nouvelle/",
        lambda o: {
            "side": "victim",
            "opened_on": "2026-03-01",
            "commune": "",
            "relationship": "",
            "children_count": "0",
            "notes": "",
            "person-role": "victim",
            "person-first_name": "Matrice",
            "person-last_name": "Créationfictive",
            "person-sex": "F",
        },
        _statuses(302, 302, 302, 403, 403, 302),
    ),
    "situation_edit": (lambda o: f"/suivi/{o['situation'].pk}/modifier/", _situation_form, _statuses(302, 404, 403, 404, 403, 404)),
    "person_add": (
        lambda o: f"/suivi/{o['situation'].pk}/personnes/ajouter/",
        lambda o: {"role": "child", "first_name": "Matrice", "last_name": "Enfantfictif", "sex": "X"},
        _statuses(302, 404, 403, 404, 403, 404),
    ),
    "person_edit": (lambda o: f"/suivi/personnes/{o['victim'].pk}/modifier/", _person_form, _statuses(302, 404, 403, 404, 403, 404)),
    "event_add": (
        lambda o: f"/suivi/{o['situation'].pk}/evenements/",
        lambda o: {"kind": "interview", "date": "2026-03-02"},
        _statuses(302, 404, 302, 404, 403, 404),
    ),
    "assessment_add": (
        lambda o: f"/suivi/{o['situation'].pk}/evaluation/",
        lambda o: answers("separation"),
        _statuses(302, 404, 403, 404, 403, 404),
    ),
    "referral_create": (
        lambda o: f"/suivi/{o['situation'].pk}/orienter/",
        lambda o: {
            "person": o["victim"].pk,
            "receiver": o["other_org"].pk,
            "reason": "Motif fictif de la matrice",
            "legal_basis": "consent",
            "items": ["identity"],
            "given_on": "2026-03-01",
            "method": "oral",
        },
        _statuses(302, 404, 403, 404, 403, 404),
    ),
    "enrolment_add": (lambda o: f"/suivi/{o['situation'].pk}/programmes/", _enrolment_form, _statuses(302, 404, 403, 404, 403, 404)),
    "committee_share": (
        lambda o: f"/suivi/{o['situation'].pk}/comite/",
        lambda o: {"until": _today(30), "reason": "Matrice (fictif)"},
        _statuses(302, 404, 403, 404, 403, 404),
    ),
    "perpetrator_link_declare": (
        lambda o: f"/suivi/{o['situation'].pk}/auteur-accompagne-par/",
        lambda o: {"organisation": o["other_org"].pk},
        _statuses(302, 404, 403, 404, 403, 404),
    ),
    "perpetrator_link_lift": (
        lambda o: f"/suivi/liens-auteur/{o['link'].pk}/lever/",
        lambda o: {"reason": "Homonyme (matrice, fictif)"},
        _statuses(302, 404, 404, 404, 404, 404),
    ),
    "enrolment_exit": (
        lambda o: f"/suivi/inscriptions/{o['enrolment'].pk}/sortie/",
        lambda o: {"exited_on": "2026-03-01", "outcome": "positive", "employment_at_exit": "training", "housing_at_exit": "stable"},
        _statuses(302, 404, 404, 404, 404, 404),
    ),
    # The perpetrator's referral (accepted by Gamma) for every persona but `pending`, asked about Delta's, still to answer.
    "referral_answer": (
        lambda o: f"/suivi/orientations/{o['referral'].pk}/repondre/",
        lambda o: {"decision": "accept"},
        _statuses(403, 404, 409, 404, 404, 302),  # 409: answered already, and the page says so
    ),
    "referral_first_contact": (
        lambda o: f"/suivi/orientations/{o['referral'].pk}/premier-contact/",
        lambda o: {"first_contact_on": _today()},
        _statuses(403, 404, 302, 404, 404, 403),
    ),
    "referral_withdraw_consent": (
        lambda o: f"/suivi/orientations/{o['referral'].pk}/retrait-consentement/",
        lambda o: {"withdrawn_on": _today(), "confirm": "on"},
        _statuses(302, 404, 403, 404, 404, 403),
    ),
}
# Pages that only read: a POST to them must write nothing (they answer it as a GET, or refuse the method).
GET_ONLY = {
    "caseload",
    "housing",
    "situation_detail",
    "person_export_json",
    "person_export_pdf",
    "inbox",
    "outbox",
    "referral_detail",
}


def _api_statuses(same, other, perpetrator, coordinator, committee, pending, anonymous=401):
    return _statuses(same, other, perpetrator, coordinator, committee, pending, anonymous)


def _new_situation(o):
    return {"opened_on": "2026-03-01", "person": {"role": "victim", "first_name": "Api", "last_name": "Fictive", "sex": "F"}}


# (method, path template as in the router) -> (path from the objects, body, expected status by persona)
API = {
    ("GET", "/situations"): (lambda o: "/api/suivi/situations", None, _api_statuses(200, 200, 200, 200, 200, 200)),
    ("POST", "/situations"): (lambda o: "/api/suivi/situations", _new_situation, _api_statuses(201, 201, 201, 403, 403, 201)),
    ("GET", "/situations/{situation_id}"): (
        lambda o: f"/api/suivi/situations/{o['situation'].pk}",
        None,
        _api_statuses(200, 404, 200, 404, 200, 404),
    ),
    ("POST", "/situations/{situation_id}/evenements"): (
        lambda o: f"/api/suivi/situations/{o['situation'].pk}/evenements",
        lambda o: {"kind": "interview", "date": "2026-03-02"},
        _api_statuses(201, 404, 201, 404, 403, 404),
    ),
    ("POST", "/situations/{situation_id}/orientations"): (
        lambda o: f"/api/suivi/situations/{o['situation'].pk}/orientations",
        lambda o: {
            "person": o["victim"].pk,
            "receiver": o["other_org"].pk,
            "reason": "Motif fictif",
            "items": ["identity"],
            "given_on": "2026-03-01",
            "method": "oral",
        },
        _api_statuses(201, 404, 403, 404, 403, 404),
    ),
    ("GET", "/orientations/recues"): (lambda o: "/api/suivi/orientations/recues", None, _api_statuses(200, 200, 200, 403, 403, 200)),
    ("GET", "/orientations/envoyees"): (lambda o: "/api/suivi/orientations/envoyees", None, _api_statuses(200, 200, 200, 403, 403, 200)),
    ("GET", "/orientations/{referral_id}"): (
        lambda o: f"/api/suivi/orientations/{o['referral'].pk}",
        None,
        _api_statuses(200, 404, 200, 404, 404, 200),
    ),
    ("POST", "/orientations/{referral_id}/reponse"): (
        lambda o: f"/api/suivi/orientations/{o['referral'].pk}/reponse",
        lambda o: {"decision": "accept"},
        _api_statuses(403, 404, 409, 404, 404, 200),
    ),
    ("POST", "/orientations/{referral_id}/retrait-consentement"): (
        lambda o: f"/api/suivi/orientations/{o['referral'].pk}/retrait-consentement",
        lambda o: {"withdrawn_on": timezone.localdate().isoformat(), "confirm": False},
        _api_statuses(422, 404, 403, 404, 404, 403),
    ),
    ("GET", "/statistiques/programmes/{code}"): (
        lambda o: "/api/suivi/statistiques/programmes/air?year=2022",
        None,
        _api_statuses(200, 200, 200, 200, 200, 200),
    ),
}


def test_every_url_has_an_entry():
    names = set(urlwalk.pages("suivi/", "casework"))
    assert names == set(PAGES), f"missing: {names - set(PAGES)}, stale: {set(PAGES) - names}"
    assert not set(POSTS) & GET_ONLY
    classified = set(POSTS) | GET_ONLY
    assert names == classified, f"neither POST nor GET only: {names - classified}, stale: {classified - names}"
    operations = urlwalk.api_operations("api/suivi/")
    assert operations == set(API), f"missing: {operations - set(API)}, stale: {set(API) - operations}"


def _throwaway(name, **attributes):
    module = types.ModuleType(name)
    module.__dict__.update(attributes)
    return module


def test_the_walk_finds_a_route_nested_in_includes():
    """A throwaway URLconf, not the project's: a page two includes deep (one of them namespaced) is listed, with
    its full route and its namespaced name; so is a page inside an include that has no namespace."""
    deepest = _throwaway("urlwalk_deepest", urlpatterns=[path("<int:pk>/cachee/", lambda request, pk: None, name="hidden")])
    inner = _throwaway(
        "urlwalk_inner",
        app_name="inner",
        urlpatterns=[
            path("liste/", lambda request: None, name="listing"),
            path("profond/", include(deepest)),
        ],
    )
    root = [path("", lambda request: None, name="home"), path("suivi/", include(inner))]
    routes = {route.key: route.route for route in urlwalk.walk(root)}
    assert routes == {"home": "", "inner:listing": "suivi/liste/", "inner:hidden": "suivi/profond/<int:pk>/cachee/"}
    assert set(urlwalk.pages("suivi/", "inner", root)) == {"listing", "hidden"}
    unnamed = [path("suivi/", include([path("sans-nom/", lambda request: None)]))]
    assert set(urlwalk.pages("suivi/", "inner", unnamed)) == {"<sans nom : suivi/sans-nom/>"}


def test_the_walk_finds_an_api_operation_of_a_sub_router():
    """A throwaway API: an operation of a router mounted in the app's router is listed as (method, path)."""
    sub = Router()
    sub.post("/{item_id}/fermer", url_name="close")(lambda request, item_id: None)
    app_router = Router()
    app_router.get("/items", url_name="items")(lambda request: None)
    app_router.add_router("/sous", sub)
    api = NinjaAPI(urls_namespace="urlwalk_throwaway")
    api.add_router("/suivi/", app_router)
    root = [path("api/", api.urls)]
    assert urlwalk.api_operations("api/suivi/", root) == {("GET", "/items"), ("POST", "/sous/{item_id}/fermer")}
    assert urlwalk.api_operations("api/suivi/", root, methods={"GET"}) == {("GET", "/items")}


@pytest.fixture
def pending_member(db):
    return MembershipFactory(organisation=OrganisationFactory(name="Association Delta (fictive)"), role=Role.PRACTITIONER)


@pytest.fixture
def objects(situation, perpetrator_referral, other_organisation, member, pending_member):
    programme = Programme.builtin("air")
    enrolment = Enrolment.objects.create(
        programme=programme,
        person=people(situation, PersonRole.PERPETRATOR),
        situation=situation,
        organisation=situation.organisation,
        entered_on=datetime.date(2026, 1, 10),
        employment_at_entry="unemployed",
        housing_at_entry="stable",
    )
    return {
        "situation": situation,
        "victim": people(situation, PersonRole.VICTIM),
        "referral": perpetrator_referral,
        "pending_referral": ReferralFactory(
            person=people(situation, PersonRole.VICTIM), receiver=pending_member.organisation, sent_by=member.user
        ),
        "enrolment": enrolment,
        "other_org": other_organisation,
        # Gamma accompanies the perpetrator since his referral was sent to it.
        "link": PerpetratorLink.objects.get(situation=situation, organisation=perpetrator_referral.receiver),
    }


def _as(persona, objects):
    """The objects as the persona is asked about them; the committee persona's situation is shared with the committee."""
    if persona == "committee":
        CommitteeShare.objects.create(situation=objects["situation"], until=timezone.localdate() + datetime.timedelta(days=30))
    if persona == "pending":
        return {**objects, "referral": objects["pending_referral"]}
    return objects


@pytest.fixture
def persona_memberships(member, other_member, perpetrator_member, coordinator, pending_member):
    return {
        "same_org": member,
        "other_org": other_member,
        "perpetrator": perpetrator_member,
        "coordinator": coordinator,
        "committee": coordinator,
        "pending": pending_member,
    }


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_answers_as_expected(name, persona, objects, persona_memberships):
    method, path, data, expected = PAGES[name]
    objects = _as(persona, objects)
    client = _client_as(persona, persona_memberships)
    response = getattr(client, method)(path(objects), data or {})
    assert response.status_code == expected[persona], f"{name} as {persona}: {response.status_code}"
    if persona == "anonymous":
        assert "/comptes/connexion/" in response["Location"]


def _casework_rows():
    """Every row of the shared follow-up's tables, as read back: what a refused request must leave as it was (the
    journal, in another app, may note the attempt)."""
    return {
        model._meta.label: list(model.objects.order_by("pk").values())
        for model in apps.get_app_config("casework").get_models(include_auto_created=True)
    }


def _client_as(persona, persona_memberships):
    from tests.conftest import verified_client

    return Client() if persona == "anonymous" else verified_client(persona_memberships[persona].user, persona_memberships[persona])


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(POSTS))
def test_post_answers_as_expected(name, persona, objects, persona_memberships):
    path, data, expected = POSTS[name]
    objects = _as(persona, objects)
    client = _client_as(persona, persona_memberships)
    body = data(objects)
    before = _casework_rows()
    response = client.post(path(objects), body)
    assert response.status_code == expected[persona], f"POST {name} as {persona}: {response.status_code}"
    saved = persona != "anonymous" and expected[persona] == 302
    if persona == "anonymous":
        assert "/comptes/connexion/" in response["Location"]
    elif saved:
        assert "/comptes/connexion/" not in response["Location"]
    after = _casework_rows()
    if saved:
        assert after != before, f"POST {name} as {persona} answered {response.status_code} but saved nothing"
    else:
        changed = sorted(label for label in before if before[label] != after[label])
        assert not changed, f"POST {name} as {persona} was refused ({response.status_code}) yet wrote to {changed}"


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(GET_ONLY))
def test_post_to_a_page_that_only_reads_writes_nothing(name, persona, objects, persona_memberships):
    method, path, _data, expected = PAGES[name]
    assert method == "get"
    objects = _as(persona, objects)
    client = _client_as(persona, persona_memberships)
    before = _casework_rows()
    response = client.post(path(objects), {"notes": "Écriture refusée (fictif)", "decision": "accept"})
    assert response.status_code in (expected[persona], 405), f"POST {name} as {persona}: {response.status_code}"
    assert _casework_rows() == before


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("operation", sorted(API), ids=lambda op: f"{op[0]} {op[1]}")
def test_api_answers_as_expected(operation, persona, objects, persona_memberships):
    path, body, expected = API[operation]
    objects = _as(persona, objects)
    headers = {}
    if persona != "anonymous":
        _token, key = ApiToken.issue(persona_memberships[persona], "matrice")
        headers["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    client = Client()
    before = _casework_rows()
    if operation[0] == "GET":
        response = client.get(path(objects), **headers)
    else:
        response = client.post(path(objects), data=json.dumps(body(objects)), content_type="application/json", **headers)
    assert response.status_code == expected[persona], f"{operation} as {persona}: {response.status_code} {response.content[:300]}"
    after = _casework_rows()
    if operation[0] == "POST" and expected[persona] in (200, 201):
        assert after != before, f"{operation} as {persona} answered {response.status_code} but saved nothing"
    else:
        changed = sorted(label for label in before if before[label] != after[label])
        assert not changed, f"{operation} as {persona} answered {response.status_code} yet wrote to {changed}"
