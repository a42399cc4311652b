"""Every URL and API endpoint of the shared follow-up, for every persona, answers exactly what is expected.

Adding a page or an endpoint without adding its row here makes `test_every_url_has_an_entry` fail."""

import datetime
import json

import pytest
from django.test import Client
from django.urls import URLPattern
from django.utils import timezone

from accounts.models import ApiToken, Role
from casework import urls as casework_urls
from casework.api import router
from casework.models import CommitteeShare, Enrolment, PersonRole, Programme
from tests.accounts.factories import MembershipFactory, OrganisationFactory
from tests.casework.conftest import people
from tests.casework.factories import ReferralFactory

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
    "person_edit": ("get", lambda o: f"/suivi/personnes/{o['victim'].pk}/modifier/", None, _statuses(200, 404, 403, 404, 403, 404)),
    "person_export_json": (
        "get",
        lambda o: f"/suivi/personnes/{o['victim'].pk}/export.json",
        None,
        _statuses(200, 404, 404, 404, 404, 404),
    ),
    "person_export_pdf": ("get", lambda o: f"/suivi/personnes/{o['victim'].pk}/export.pdf", None, _statuses(200, 404, 404, 404, 404, 404)),
    "enrolment_exit": ("get", lambda o: f"/suivi/inscriptions/{o['enrolment'].pk}/sortie/", None, _statuses(200, 404, 403, 404, 403, 404)),
    "inbox": ("get", lambda o: "/suivi/orientations/recues/", None, _statuses(200, 200, 200, 403, 403, 200)),
    "outbox": ("get", lambda o: "/suivi/orientations/envoyees/", None, _statuses(200, 200, 200, 403, 403, 200)),
    "referral_detail": ("get", lambda o: f"/suivi/orientations/{o['referral'].pk}/", None, _statuses(200, 404, 200, 404, 404, 200)),
    "referral_answer": (
        "post",
        lambda o: f"/suivi/orientations/{o['referral'].pk}/repondre/",
        {"decision": "accept"},
        _statuses(403, 404, 403, 404, 404, 302),
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
    names = {p.name for p in casework_urls.urlpatterns if isinstance(p, URLPattern)}
    assert names == set(PAGES), f"missing: {names - set(PAGES)}, stale: {set(PAGES) - names}"
    operations = {(method, path) for path, view in router.path_operations.items() for op in view.operations for method in op.methods}
    assert operations == set(API), f"missing: {operations - set(API)}, stale: {set(API) - operations}"


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
    from tests.conftest import verified_client

    method, path, data, expected = PAGES[name]
    objects = _as(persona, objects)
    client = Client() if persona == "anonymous" else verified_client(persona_memberships[persona].user, persona_memberships[persona])
    response = getattr(client, method)(path(objects), data or {})
    assert response.status_code == expected[persona], f"{name} as {persona}: {response.status_code}"
    if persona == "anonymous":
        assert "/comptes/connexion/" in response["Location"]


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
    if operation[0] == "GET":
        response = client.get(path(objects), **headers)
    else:
        response = client.post(path(objects), data=json.dumps(body(objects)), content_type="application/json", **headers)
    assert response.status_code == expected[persona], f"{operation} as {persona}: {response.status_code} {response.content[:300]}"
