import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from audit.models import Action, Entry
from casework.models import CommitteeShare, Person, PersonRole, Referral, Situation
from tests.casework.conftest import people
from tests.casework.factories import EventFactory, PersonFactory, ReferralFactory, SituationFactory

pytestmark = pytest.mark.django_db


def test_json_export_holds_everything_and_is_journaled(member_client, situation):
    victim = people(situation, PersonRole.VICTIM)
    EventFactory(situation=situation, person=victim, notes="Note d'événement fictive")
    response = member_client.get(f"/suivi/personnes/{victim.pk}/export.json")
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["person"]["last_name"] == victim.last_name
    assert data["person"]["address"] == victim.address
    assert data["events"][0]["notes"] == "Note d'événement fictive"
    assert Entry.objects.filter(action=Action.EXPORT, target_id=str(victim.pk)).exists()


def test_pdf_export_is_a_pdf(member_client, situation):
    victim = people(situation, PersonRole.VICTIM)
    response = member_client.get(f"/suivi/personnes/{victim.pk}/export.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_export_is_refused_to_others_and_to_receivers(other_client, perpetrator_client, perpetrator_referral, situation):
    victim = people(situation, PersonRole.VICTIM)
    assert other_client.get(f"/suivi/personnes/{victim.pk}/export.json").status_code == 404
    assert perpetrator_client.get(f"/suivi/personnes/{victim.pk}/export.json").status_code == 404


def test_export_command_writes_json_and_pdf(situation, tmp_path):
    victim = people(situation, PersonRole.VICTIM)
    out = io.StringIO()
    call_command("export_person", str(victim.pk), stdout=out)
    assert json.loads(out.getvalue())["person"]["first_name"] == victim.first_name
    target = tmp_path / "export.pdf"
    call_command("export_person", str(victim.pk), "--format", "pdf", "--output", str(target), stdout=io.StringIO())
    assert target.read_bytes().startswith(b"%PDF")
    with pytest.raises(CommandError):
        call_command("export_person", "999999", stdout=io.StringIO())


def test_retention_anonymises_only_situations_closed_long_ago(organisation):
    old = SituationFactory(organisation=organisation, status="closed", closed_on=datetime.date(2019, 1, 1), notes="Vieille note")
    old_person = PersonFactory(situation=old, first_name="Anciennefictive", phone="+33 6 11 11 11 11")
    EventFactory(situation=old, notes="Vieil événement")
    refused = ReferralFactory(person=old_person, status="refused", refusal_reason="Refus nominatif fictif")
    share = CommitteeShare.objects.create(situation=old, until=datetime.date(2019, 6, 1), reason="Motif nominatif fictif")
    recent = SituationFactory(organisation=organisation, status="closed", closed_on=datetime.date.today() - datetime.timedelta(days=10))
    PersonFactory(situation=recent, first_name="Recentefictive")
    still_open = SituationFactory(organisation=organisation)
    PersonFactory(situation=still_open, first_name="Ouvertefictive")
    out = io.StringIO()
    call_command("apply_retention", "--days", "365", stdout=out)
    assert f"{old.reference} close le 01/01/2019 : anonymisée" in out.getvalue()
    assert "1 situation(s) anonymisée(s)" in out.getvalue()
    person = Person.objects.get(situation=old)
    assert person.first_name == "[anonymisé]" and person.phone == "" and person.birth_date is None
    assert person.sex and person.age_band  # statistics survive
    assert Situation.objects.get(pk=old.pk).anonymised_at is not None
    assert old.events.get().notes == ""
    assert Referral.objects.get(pk=refused.pk).refusal_reason == ""
    assert CommitteeShare.objects.get(pk=share.pk).reason == ""
    assert Person.objects.get(situation=recent).first_name == "Recentefictive"
    assert Person.objects.get(situation=still_open).first_name == "Ouvertefictive"
    assert Entry.objects.filter(action=Action.ANONYMISE, target_id=str(old.pk)).exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT last_name_index, identity_index FROM casework_person WHERE situation_id = %s", [old.pk])
        assert cursor.fetchone() == ("", "")


def test_retention_dry_run_changes_nothing_and_refuses_absurd_periods(organisation):
    old = SituationFactory(organisation=organisation, status="closed", closed_on=datetime.date(2019, 1, 1))
    PersonFactory(situation=old, first_name="Anciennefictive")
    call_command("apply_retention", "--days", "365", "--dry-run", stdout=io.StringIO())
    assert Person.objects.get(situation=old).first_name == "Anciennefictive"
    with pytest.raises(CommandError):
        call_command("apply_retention", "--days", "3", stdout=io.StringIO())


def test_the_perpetrators_export_holds_no_household_note_of_the_victims_file(member_client, situation):
    """Right of access of the perpetrator on a victim's file: his data, not the notes written about her."""
    situation.notes = "Mme est hébergée chez sa sœur, 5 rue Secrète (fictif)"
    situation.save()
    perpetrator = people(situation, PersonRole.PERPETRATOR)
    EventFactory(situation=situation, notes="Départ du domicile vers un lieu tenu secret (fictif)")
    EventFactory(situation=situation, person=perpetrator, notes="Convocation de l'auteur (fictif)")
    for url in (f"/suivi/personnes/{perpetrator.pk}/export.json", f"/suivi/personnes/{perpetrator.pk}/export.pdf"):
        assert member_client.get(url).status_code == 200
    content = member_client.get(f"/suivi/personnes/{perpetrator.pk}/export.json").content.decode()
    assert "Rue Secrète".lower() not in content.lower() and "lieu tenu secret" not in content
    assert "Convocation de l'auteur" in content
    victim = json.loads(member_client.get(f"/suivi/personnes/{people(situation, PersonRole.VICTIM).pk}/export.json").content)
    assert victim["situation"]["notes"] == situation.notes


def test_the_pdf_export_writes_dates_the_french_way_in_paris_time(member_client, situation):
    """Issue 11, point 18: « 29/11/2026 à 21 h 05 », never « 2026-11-29T20:05:39+00:00 »."""
    import re
    import subprocess

    victim = people(situation, PersonRole.VICTIM)
    EventFactory(situation=situation, person=victim, kind="complaint", date=datetime.date(2026, 2, 1))
    pdf = member_client.get(f"/suivi/personnes/{victim.pk}/export.pdf").content
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "01/02/2026" in text and "2026-02-01" not in text
    assert not re.search(r"\d{4}-\d{2}-\d{2}T", text)
    assert re.search(r"Document établi le \d{2}/\d{2}/\d{4} à \d{2} h \d{2}", text)
