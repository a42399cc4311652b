"""Every form of the shared follow-up, fuzzed (issue 11): creation, edition, people, events, assessment, referral and
its answers, programmes, the committee share, perpetrator links, the caseload's filters. Whatever is posted, never a
server error; a refusal writes nothing in the follow-up's tables."""

import datetime

import pytest
from django.apps import apps

from casework import risk
from casework.models import EventKind, HousingPlace, PersonRole, Programme
from tests.casework.conftest import people
from tests.casework.factories import HousingPlaceFactory, ReferralFactory
from tests.fuzz import fuzz, several, text, values

pytestmark = pytest.mark.django_db
WATCHED = [m for m in apps.get_app_config("casework").get_models() if m._meta.model_name != "personnamekey"]
DATES = values("2026-03-01", "2026-02-30", "01/03/2026", "2099-01-01", "1899-12-31", "")
ROLES = values(*PersonRole.values)
PERSON = {
    "first_name": text,
    "last_name": text,
    "birth_date": DATES,
    "sex": values("F", "M", "X"),
    "address": text,
    "phone": values("06 12 34 56 78", "+33612345678", "0327", "abc"),
    "email": values("a@exemple.test", "pas un e-mail"),
    "phone_ok": values("on"),
    "voicemail_ok": values("on"),
    "safe_hours": text,
    "via_third_party": text,
    "notes": text,
}


def test_situation_creation_never_fails(member_client, territory):
    fields = {
        "side": values("victim", "perpetrator"),
        "opened_on": DATES,
        "commune": values("59606", "Valenciennes", "Saint Amand", "99999"),
        "relationship": values("married", "pacs", "former"),
        "children_count": values("0", "3", "-1", "21", "deux"),
        "notes": text,
        "person-role": ROLES,
        **{f"person-{name}": strategy for name, strategy in PERSON.items()},
    }
    fuzz(lambda data: member_client.post("/suivi/nouvelle/", data), fields, WATCHED)


def test_situation_and_person_edits_never_fail(member_client, situation):
    victim = people(situation, PersonRole.VICTIM)
    fields = {
        "status": values("open", "closed"),
        "closed_on": DATES,
        "referent": values("1", "999", "x"),
        "side": values("victim", "perpetrator"),
        "opened_on": DATES,
        "commune": text,
        "relationship": values("married"),
        "children_count": values("0", "-3"),
        "notes": text,
        "version": values("1", "2", "x"),
    }
    fuzz(lambda data: member_client.post(f"/suivi/{situation.pk}/modifier/", data), fields, WATCHED, examples=15)
    fuzz(
        lambda data: member_client.post(f"/suivi/personnes/{victim.pk}/modifier/", data),
        {"role": ROLES, "version": values("1", "x"), **PERSON},
        WATCHED,
        examples=15,
    )
    fuzz(
        lambda data: member_client.post(f"/suivi/{situation.pk}/personnes/ajouter/", data), {"role": ROLES, **PERSON}, WATCHED, examples=15
    )


def test_events_never_fail(member_client, situation):
    place = HousingPlaceFactory(capacity=1)
    fields = {
        "kind": values(*EventKind.values),
        "date": DATES,
        "end_date": DATES,
        "person": values(*[str(p.pk) for p in situation.people.all()], "0"),
        "hearing_outcome": values("conviction", "not_held"),
        "housing_place": values(str(place.pk), "0"),
        "notes": text,
    }
    fuzz(lambda data: member_client.post(f"/suivi/{situation.pk}/evenements/", data), fields, WATCHED)
    fuzz(lambda data: member_client.post(f"/suivi/{situation.pk}/evenements/", data, HTTP_HX_REQUEST="true"), fields, WATCHED, examples=10)
    assert HousingPlace.objects.count() == 1


def test_the_assessment_never_fails(member_client, situation):
    risk.current_grid()  # the grid is created on its first use, not by a refused form
    fields = {f"q_{code}": values("yes", "no", "unknown", "on") for code, *_rest in risk.DEFAULT_QUESTIONS}
    fields.update({"assessed_on": DATES, "raise_to": values("", "elevated", "high", "standard"), "raised_reason": text})
    fuzz(lambda data: member_client.post(f"/suivi/{situation.pk}/evaluation/", data), fields, WATCHED)


def test_referrals_and_their_answers_never_fail(member_client, other_client, situation, other_organisation, member):
    victim = people(situation, PersonRole.VICTIM)
    fields = {
        "person": values(str(victim.pk), "0"),
        "receiver": values(str(other_organisation.pk), str(member.organisation_id), "0"),
        "service": values("", "0", "1"),
        "reason": text,
        "legal_basis": values("consent", "judicial"),
        "items": several("identity", "contact", "household", "timeline", "assessment", "notes"),
        "given_on": DATES,
        "method": values("oral", "written", "na"),
    }
    fuzz(lambda data: member_client.post(f"/suivi/{situation.pk}/orienter/", data), fields, WATCHED)
    referral = ReferralFactory(person=victim, receiver=other_organisation, sent_by=member.user)
    fuzz(
        lambda data: other_client.post(f"/suivi/orientations/{referral.pk}/repondre/", data),
        {"decision": values("accept", "refuse"), "refusal_reason": text},
        WATCHED,
        examples=10,
    )
    fuzz(
        lambda data: member_client.post(f"/suivi/orientations/{referral.pk}/retrait-consentement/", data),
        {"withdrawn_on": DATES, "confirm": values("on")},
        WATCHED,
        examples=10,
    )


def test_programmes_committee_and_links_never_fail(member_client, situation, other_organisation):
    perpetrator = people(situation, PersonRole.PERPETRATOR)
    fields = {
        "programme": values(str(Programme.builtin("air").pk), str(Programme.builtin("perpetrators").pk), "0"),
        "person": values(str(perpetrator.pk), "0"),
        "entered_on": DATES,
        "employment_at_entry": values("employed", "unemployed"),
        "housing_at_entry": values("stable"),
        "care_at_entry": values("on"),
        "has_children": values("on"),
    }
    fuzz(lambda data: member_client.post(f"/suivi/{situation.pk}/programmes/", data), fields, WATCHED, examples=15)
    fuzz(
        lambda data: member_client.post(f"/suivi/{situation.pk}/comite/", data),
        {"until": values((datetime.date.today() + datetime.timedelta(days=9)).isoformat(), "2020-01-01"), "reason": text},
        WATCHED,
        examples=10,
    )
    fuzz(
        lambda data: member_client.post(f"/suivi/{situation.pk}/auteur-accompagne-par/", data),
        {"organisation": values(str(other_organisation.pk), "0"), "team": values("0", "1")},
        WATCHED,
        examples=10,
    )


def test_the_caseload_filters_never_fail(member_client, situation):
    fields = {
        "q": text,
        "mine": values("on"),
        "status": values("open", "closed"),
        "level": values("high", "elevated"),
        "programme": values("1", "x"),
        "commune": text,
        "expiring": values("on"),
        "page": values("1", "2", "0", "-1", "999999999999"),
    }
    fuzz(lambda data: member_client.get("/suivi/", data), fields, WATCHED, accepted=(200,))
