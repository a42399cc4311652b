"""Issue 11, point 23: no value breaks out of its line in the iCalendar feed, and the guide refuses control
characters in every text field (forms, model, import)."""

import json
import re

import pytest
from django.conf import settings as django_settings
from django.db import DataError, connection, transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from directory.calendar import service_calendar
from directory.exports import import_datainclusion
from directory.models import ChangeRequest, Closure, Place, Service
from tests.directory.factories import PlaceFactory, ServiceFactory
from tests.directory.test_pro_pages import _service_post

INJECTIONS = [
    "Nom\rATTENDEE:mailto:piege@exemple.test",  # a bare carriage return (the reported one)
    "Nom\nATTENDEE:mailto:piege@exemple.test",
    "Nom\r\nBEGIN:VEVENT\r\nSUMMARY:faux",
    "Nom\u2028X-INJECTE:1",
    "Nom\x0bX-INJECTE:1",
    "Nom\x00fin",
    "Nom;avec,des\\séparateurs:",
]


def _raw_lines(ics):
    """The content lines as a parser reads them: CRLF ends a line, a leading space continues the previous one."""
    assert re.search(rb"\r(?!\n)", ics) is None, "bare carriage return"
    assert re.search(rb"(?<!\r)\n", ics) is None, "bare line feed"
    unfolded = ics.replace(b"\r\n ", b"")
    return [line for line in unfolded.split(b"\r\n") if line]


def _property_names(ics):
    return [line.split(b":", 1)[0].split(b";", 1)[0] for line in _raw_lines(ics)]


@pytest.mark.parametrize("value", INJECTIONS)
def test_a_stored_value_cannot_break_out_of_its_line_in_the_feed(territory, value):
    place = PlaceFactory(commune_id="59606")
    service = ServiceFactory(at=[(place, "Tu 09:00-12:00")], hours="")
    if "\x00" in value and connection.vendor == "postgresql":
        # PostgreSQL itself refuses a NUL in a text: such a value can never be stored, hence never written in a feed.
        with pytest.raises(DataError), transaction.atomic():
            Service.objects.filter(pk=service.pk).update(name=value)
        return
    # Stored without the model's checks, as data written before them or by hand in the database would be.
    Service.objects.filter(pk=service.pk).update(name=value, phone="+33327000000")
    Place.objects.filter(pk=place.pk).update(name=value, address=value)
    service.refresh_from_db()
    ics = service_calendar(service, host="exemple.test\r\nX-HOTE:1")
    names = set(_property_names(ics))
    assert names <= {b"BEGIN", b"END", b"VERSION", b"PRODID", b"NAME", b"X-WR-CALNAME", b"X-WR-TIMEZONE"} | {
        b"UID",
        b"DTSTAMP",
        b"DTSTART",
        b"DTEND",
        b"SUMMARY",
        b"LOCATION",
        b"DESCRIPTION",
    }
    parsed = Calendar.from_ical(ics)
    assert len(parsed.subcomponents) == len([n for n in _property_names(ics) if n == b"BEGIN"]) - 1
    event = parsed.walk("VEVENT")[0]
    assert "\r" not in str(event["SUMMARY"]) and "\n" not in str(event["SUMMARY"])
    raw = {line.split(b":", 1)[0]: line.split(b":", 1)[1] for line in _raw_lines(ics)}
    assert raw[b"X-WR-CALNAME"] == raw[b"NAME"] == raw[b"SUMMARY"]


# PostgreSQL refuses a NUL in a text (a value that can never be stored, tested above); a lone surrogate is no character
# of UTF-8 and never arrives from a request (nor can either database encode it): any other character is drawn.
_ON_POSTGRESQL = "postgresql" in django_settings.DATABASES["default"]["ENGINE"]
_ANY_CHARACTER = st.characters(exclude_categories=["Cs"], exclude_characters="\x00" if _ON_POSTGRESQL else "")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(name=st.text(_ANY_CHARACTER, min_size=1, max_size=60), address=st.text(_ANY_CHARACTER, max_size=60))
def test_any_text_in_a_service_or_place_gives_a_well_formed_feed(territory, name, address):
    place = PlaceFactory(commune_id="59606")
    service = ServiceFactory(at=[(place, "Tu 09:00-12:00")], hours="")
    Service.objects.filter(pk=service.pk).update(name=name)
    Place.objects.filter(pk=place.pk).update(address=address)
    service.refresh_from_db()
    ics = service_calendar(service)
    allowed = {b"BEGIN", b"END", b"VERSION", b"PRODID", b"NAME", b"X-WR-CALNAME", b"X-WR-TIMEZONE"}
    allowed |= {b"UID", b"DTSTAMP", b"DTSTART", b"DTEND", b"SUMMARY", b"LOCATION", b"DESCRIPTION"}
    assert set(_property_names(ics)) <= allowed
    events = Calendar.from_ical(ics).walk("VEVENT")
    assert events

    def visible(text):
        return re.sub(r"[\x00-\x20\x7f-\x9f\u2028\u2029]|\s", "", text)

    for event in events:
        summary = str(event["SUMMARY"])
        assert not re.search(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]", summary)
        assert visible(summary) == visible(name)  # nothing visible lost or added


@pytest.mark.parametrize("value", ["Ligne\rsuite", "Ligne\nsuite", "Nul\x00", "Sépa\u2028rateur", "Tab\tulation", "Bip\x07"])
def test_service_place_and_closure_forms_refuse_control_characters_naming_the_field(territory, member, member_client, value):
    # Django refuses a null character itself, with its own French message.
    refused = "Le caractère nul n’est pas autorisé" if "\x00" in value else "Caractère invisible ou retour à la ligne interdit"
    response = member_client.post(reverse("directory:pro_service_new"), _service_post(name=value))
    assert response.status_code == 200
    assert f"Nom du service : {refused}" in response.content.decode()
    response = member_client.post(reverse("directory:pro_service_new"), _service_post(summary=value))
    assert f"En une phrase : {refused}" in response.content.decode()
    assert not ChangeRequest.objects.exists() and not Service.objects.exists()
    place_data = {"name": value, "commune": "59606", "accessibility": "unknown"}
    response = member_client.post(reverse("directory:pro_place_new"), place_data)
    assert response.status_code == 200 and refused in response.content.decode()
    assert not Place.objects.exists()
    service = ServiceFactory(organisation=member.organisation)
    closure = {"start_date": "2030-01-01", "end_date": "2030-01-02", "hours": "", "reason": value}
    response = member_client.post(reverse("directory:pro_closures", args=[service.pk]), closure)
    assert response.status_code == 200 and refused in response.content.decode()
    assert not Closure.objects.exists()


def test_multi_line_fields_keep_their_line_breaks_but_refuse_other_control_characters(territory, member, member_client):
    ok = member_client.post(reverse("directory:pro_service_new"), _service_post(description="Première ligne.\r\nDeuxième ligne."))
    assert ok.status_code == 302
    bad = member_client.post(reverse("directory:pro_service_new"), _service_post(name="Autre", description="Retour\rseul"))
    assert bad.status_code == 200 and "Description : Caractère invisible interdit" in bad.content.decode()


def test_import_refuses_control_characters_naming_the_line_and_field(territory, organisation):
    row = {
        "id": "1",
        "structure_id": "s1",
        "source": "test",
        "nom": "Écoute\rATTENDEE:x",
        "description": "Une description assez longue pour le schéma data·inclusion, qui en demande une.",
        "thematiques": ["famille--surmonter-conflits-separation-violence"],
        "code_insee": "59606",
        "adresse": "1 rue\u2028Fictive",
        "date_maj": "2026-01-01",
    }
    report = import_datainclusion(json.dumps([row]).encode(), organisation=organisation)
    assert not report.ok
    fields = {(e["line"], e["field"]) for e in report.errors}
    assert (1, "nom") in fields and (1, "adresse") in fields
    assert not Service.objects.exists()
