"""Every page and API read that shows a person writes exactly one journal entry naming what was read.

A new URL must be listed here, either with the entry it writes or among the pages that show nobody: the URLs are
listed through every include and every sub-router of the API (tests.casework.urlwalk)."""

import datetime

import pytest
from django.test import Client

from accounts.models import ApiToken
from audit.models import Action, Entry
from casework.models import Enrolment, PersonRole, Programme, ReferralStatus
from tests.casework import urlwalk
from tests.casework.conftest import people
from tests.casework.factories import ReferralFactory

pytestmark = pytest.mark.django_db

SITUATION, PERSON, REFERRAL, ENROLMENT = "casework.Situation", "casework.Person", "casework.Referral", "casework.Enrolment"

# URL name -> (path from the objects, action, target type, target id from the objects)
PAGES = {
    "caseload": (lambda o: "/suivi/", Action.VIEW, SITUATION, lambda o: "caseload"),
    "situation_detail": (lambda o: f"/suivi/{o['situation'].pk}/", Action.VIEW, SITUATION, lambda o: o["situation"].pk),
    "situation_edit": (lambda o: f"/suivi/{o['situation'].pk}/modifier/", Action.VIEW, SITUATION, lambda o: o["situation"].pk),
    "event_add": (lambda o: f"/suivi/{o['situation'].pk}/evenements/", Action.VIEW, SITUATION, lambda o: o["situation"].pk),
    "referral_create": (lambda o: f"/suivi/{o['situation'].pk}/orienter/", Action.VIEW, SITUATION, lambda o: o["situation"].pk),
    "enrolment_add": (lambda o: f"/suivi/{o['situation'].pk}/programmes/", Action.VIEW, SITUATION, lambda o: o["situation"].pk),
    "enrolment_exit": (
        lambda o: f"/suivi/inscriptions/{o['enrolment'].pk}/sortie/",
        Action.VIEW,
        ENROLMENT,
        lambda o: o["enrolment"].pk,
    ),
    "person_edit": (lambda o: f"/suivi/personnes/{o['victim'].pk}/modifier/", Action.VIEW, PERSON, lambda o: o["victim"].pk),
    "person_export_json": (lambda o: f"/suivi/personnes/{o['victim'].pk}/export.json", Action.EXPORT, PERSON, lambda o: o["victim"].pk),
    "person_export_pdf": (lambda o: f"/suivi/personnes/{o['victim'].pk}/export.pdf", Action.EXPORT, PERSON, lambda o: o["victim"].pk),
    "inbox": (lambda o: "/suivi/orientations/recues/", Action.VIEW, REFERRAL, lambda o: "inbox"),
    "outbox": (lambda o: "/suivi/orientations/envoyees/", Action.VIEW, REFERRAL, lambda o: "outbox"),
    "referral_detail": (lambda o: f"/suivi/orientations/{o['referral'].pk}/", Action.VIEW, REFERRAL, lambda o: o["referral"].pk),
}
# GET pages that show no person (an empty form, the housing places, the danger grid).
SHOW_NOBODY = {"situation_create", "housing", "person_add", "assessment_add", "perpetrator_link_declare"}
POST_ONLY = {"committee_share", "referral_answer", "referral_first_contact", "referral_withdraw_consent", "perpetrator_link_lift"}

API = {
    "/situations": (lambda o: "/api/suivi/situations", SITUATION, lambda o: "api:list"),
    "/situations/{situation_id}": (lambda o: f"/api/suivi/situations/{o['situation'].pk}", SITUATION, lambda o: o["situation"].pk),
    "/orientations/recues": (lambda o: "/api/suivi/orientations/recues", REFERRAL, lambda o: "api:inbox"),
    "/orientations/envoyees": (lambda o: "/api/suivi/orientations/envoyees", REFERRAL, lambda o: "api:outbox"),
    "/orientations/{referral_id}": (lambda o: f"/api/suivi/orientations/{o['referral'].pk}", REFERRAL, lambda o: o["referral"].pk),
}
API_SHOW_NOBODY = {"/statistiques/programmes/{code}"}


def test_every_get_page_and_endpoint_is_classified():
    names = set(urlwalk.pages("suivi/", "casework"))
    classified = set(PAGES) | SHOW_NOBODY | POST_ONLY
    assert names == classified, f"missing: {names - classified}, stale: {classified - names}"
    reads = {path for _method, path in urlwalk.api_operations("api/suivi/", methods={"GET"})}
    classified = set(API) | API_SHOW_NOBODY
    assert reads == classified, f"missing: {reads - classified}, stale: {classified - reads}"


@pytest.fixture
def objects(situation, member, other_organisation):
    victim = people(situation, PersonRole.VICTIM)
    enrolment = Enrolment.objects.create(
        programme=Programme.builtin("air"),
        person=victim,
        situation=situation,
        organisation=situation.organisation,
        entered_on=datetime.date(2026, 1, 10),
        employment_at_entry="unemployed",
        housing_at_entry="stable",
    )
    referral = ReferralFactory(person=victim, receiver=other_organisation, status=ReferralStatus.ACCEPTED, sent_by=member.user)
    return {"situation": situation, "victim": victim, "enrolment": enrolment, "referral": referral}


def _new_entries(before):
    return list(Entry.objects.filter(seq__gt=before).order_by("seq"))


def _last_seq():
    last = Entry.objects.order_by("-seq").first()
    return last.seq if last else 0


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_showing_a_person_journals_one_read_of_it(name, member_client, objects):
    path, action, target_type, target_id = PAGES[name]
    before = _last_seq()
    response = member_client.get(path(objects))
    assert response.status_code == 200
    entries = _new_entries(before)
    assert [(e.action, e.target_type, e.target_id) for e in entries] == [(action, target_type, str(target_id(objects)))]


@pytest.mark.parametrize("path_template", sorted(API))
def test_api_read_showing_a_person_journals_one_read_of_it(path_template, member, objects):
    path, target_type, target_id = API[path_template]
    _token, key = ApiToken.issue(member, "journal")
    before = _last_seq()
    response = Client(HTTP_AUTHORIZATION=f"Bearer {key}").get(path(objects))
    assert response.status_code == 200
    entries = _new_entries(before)
    assert [(e.action, e.target_type, e.target_id) for e in entries] == [(Action.VIEW, target_type, str(target_id(objects)))]
