"""Every form of the guide, fuzzed (issue 11): the public search and printed guides, the service form with its hours
grid and places, the place and closure forms, the coordinator's review. Never a server error; a refusal writes
nothing."""

import pytest
from django.urls import reverse
from hypothesis import strategies as st

from accounts.models import Role
from directory.models import ChangeRequest, Closure, Place, Service, ServiceAtPlace, ServiceCategory
from directory.taxonomy import Accessibility, AccessMode, Audience, Category, Fee, Language
from tests.accounts.factories import MembershipFactory
from tests.conftest import verified_client
from tests.directory.factories import PlaceFactory, ServiceFactory
from tests.fuzz import fuzz, several, text, values

WATCHED = [Service, Place, ServiceAtPlace, ServiceCategory, Closure, ChangeRequest]
TIMES = st.one_of(st.sampled_from(["09:00", "12:00", "9h", "24:00", "00:00", "", "13:61"]), text)


def test_public_search_never_fails(client, guide):
    fields = {
        "commune": values("Denain", "59300", "59606", "Onaing-les-Bains", "St Amand"),
        "categorie": values(*Category.values),
        "public": values(*Audience.values),
        "texte": values("juristes", "lieu d'écoute", "!"),
        "ouvert": values("on", "1", "true"),
        "page": values("1", "2", "50", "51", "0"),
    }
    fuzz(lambda data: client.get(reverse("directory:results"), data), fields, WATCHED, accepted=(200, 400))
    fuzz(lambda data: client.get("/api/annuaire/services", data), fields, WATCHED, accepted=(200, 422))


def test_printed_guides_form_never_fails(client, guide):
    fields = {"territoire": values("arrondissement:596", "epci:245901160", "commune:59172", "epci:", "commune:x"), "commune": text}
    fuzz(
        lambda data: client.get(reverse("directory:print_pdf", args=["victimes"]), data), fields, WATCHED, examples=10, accepted=(200, 400)
    )


@pytest.fixture
def editor(territory, member):
    place = PlaceFactory(organisation=member.organisation)
    service = ServiceFactory(organisation=member.organisation, at=[place])
    return {"client": verified_client(member.user, member), "place": place, "service": service}


def _service_fields(place):
    fields = {
        "name": text,
        "summary": text,
        "description": text,
        "categories": several(*Category.values),
        "audiences": several(*Audience.values),
        "fee": values(*Fee.values),
        "fee_details": text,
        "access_modes": several(*AccessMode.values),
        "access_conditions": text,
        "languages": several(*Language.values),
        "is_remote": values("on"),
        "phone": values("03 27 00 00 00", "3919", "abc", "0327"),
        "email": values("contact@exemple.test"),
        "website": values("https://exemple.test/", "javascript:alert(1)"),
        "hours-rows": values("2", "3", "12", "13", "-1"),
        "hours-text": values("du lundi au vendredi 9h-17h", "2e et 4e mardi 9h-12h"),
        "hours-holidays": values("on"),
        "hours-always": values("on"),
        "hours-0-d0": values("on"),
        "hours-0-d4": values("on"),
        "hours-0-w2": values("on"),
        "hours-0-s0-from": TIMES,
        "hours-0-s0-to": TIMES,
        "hours-1-d5": values("on"),
        "hours-1-s1-from": TIMES,
        "hours-1-s1-to": TIMES,
        "hours_notes": text,
        "capacity": values("0", "12", "-3"),
        "available_places": values("0", "3", "40"),
        "confidential_fields": several("phone", "email", "capacity"),
        "lieux-TOTAL_FORMS": values("1", "2", "21", "x"),
        "lieux-INITIAL_FORMS": values("0"),
        "lieux-0-place": values(str(place.pk), "999999"),
        "lieux-0-hours": values("Tu[2,4] 09:00-12:00", "2e mardi 9h-12h"),
        "lieux-0-phone": values("03 27 00 00 00"),
        "lieux-0-notes": text,
    }
    return fields


def test_service_form_new_and_edit_never_fail(editor):
    client, place, service = editor["client"], editor["place"], editor["service"]
    fields = _service_fields(place)
    fuzz(lambda data: client.post(reverse("directory:pro_service_new"), data), fields, WATCHED)
    fuzz(lambda data: client.post(reverse("directory:pro_service_edit", args=[service.pk]), data), fields, WATCHED)


def test_place_and_closure_forms_never_fail(editor):
    client, place, service = editor["client"], editor["place"], editor["service"]
    place_fields = {
        "name": text,
        "address": text,
        "address_extra": text,
        "postal_code": values("59300", "593000"),
        "commune": values("59606", "00000", "x"),
        "latitude": values("50.35", "91", "x"),
        "longitude": values("3.52", "-181"),
        "phone": values("03 27 00 00 00", "0327"),
        "accessibility": values(*Accessibility.values),
        "access_notes": text,
        "confidential_fields": several("address", "phone"),
    }
    fuzz(lambda data: client.post(reverse("directory:pro_place_new"), data), place_fields, WATCHED)
    fuzz(lambda data: client.post(reverse("directory:pro_place_edit", args=[place.pk]), data), place_fields, WATCHED)
    closure_fields = {
        "start_date": values("2030-01-01", "2030-02-30", "01/02/2030"),
        "end_date": values("2030-01-05", "2029-12-31"),
        "hours": values("10h-12h", "10:00-12:00", "fermé", "9h"),
        "reason": text,
    }
    fuzz(lambda data: client.post(reverse("directory:pro_closures", args=[service.pk]), data), closure_fields, WATCHED)


def test_review_form_never_fails(territory, member):
    coordinator = MembershipFactory(role=Role.COORDINATOR)
    client = verified_client(coordinator.user, coordinator)
    service = ServiceFactory(organisation=member.organisation, is_published=False)
    change = ChangeRequest.objects.create(service=service, payload={"name": "Proposé", "categories": ["listening"]}, submitted_by=member)
    fields = {"decision": values("approve", "reject"), "comment": text}
    fuzz(
        lambda data: client.post(reverse("directory:review_detail", args=[change.pk]), data),
        fields,
        [Service, ServiceAtPlace, ServiceCategory, Closure],
        examples=15,
    )
