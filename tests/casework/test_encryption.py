"""Identifying fields are encrypted at rest, searched through a keyed blind index, and the keys rotate."""

import datetime
import io

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import override_settings

from casework import crypto, risk
from casework.models import CommitteeShare, Consent, Event, Person, Referral, RiskAssessment, Situation
from tests.casework.factories import EventFactory, PersonFactory, ReferralFactory, SituationFactory

pytestmark = pytest.mark.django_db

NAME = "Philomène"
SURNAME = "Raw-Fictivetest"
PHONE = "+33 6 55 44 33 22"
ADDRESS = "77 allée Introuvable"
NOTE = "Note confidentielle fictive"
REFUSAL = "Refus motivé confidentiel fictif"
COMMITTEE = "Motif de comité confidentiel fictif"
RAISED = "Jugement professionnel confidentiel fictif"


def _raw_dump():
    """Every text value of every casework table, read with SQL, bypassing the ORM's decryption."""
    values = []
    with connection.cursor() as cursor:
        for model in (Situation, Person, Event, Consent, Referral, CommitteeShare, RiskAssessment):
            table = model._meta.db_table
            cursor.execute(f"SELECT * FROM {table}")
            for row in cursor.fetchall():
                values += [str(v) for v in row if v is not None]
    return "\n".join(values)


def test_raw_database_holds_no_plaintext_name_phone_address_or_note(organisation):
    situation = SituationFactory(organisation=organisation, notes=NOTE)
    person = PersonFactory(
        situation=situation,
        first_name=NAME,
        last_name=SURNAME,
        phone=PHONE,
        address=ADDRESS,
        email="philo@exemple.test",
        notes=NOTE,
        birth_date=datetime.date(1979, 3, 14),
        safe_hours="le jeudi fictif entre midi et deux",
        via_third_party="par sa cousine Ophélie-Fictive",
    )
    EventFactory(situation=situation, person=person, notes=NOTE)
    referral = ReferralFactory(person=person, reason=NOTE, status="refused", refusal_reason=REFUSAL)
    share = CommitteeShare.objects.create(situation=situation, until=datetime.date(2026, 12, 31), reason=COMMITTEE)
    assessment = RiskAssessment.objects.create(
        situation=situation,
        grid=risk.default_grid(),
        score=3,
        computed_level="standard",
        level="elevated",
        raised_reason=RAISED,
        assessed_on=datetime.date(2026, 3, 1),
        organisation=organisation,
    )
    raw = _raw_dump()
    secrets = (
        NAME,
        SURNAME,
        SURNAME.lower(),
        PHONE,
        "55 44 33 22",
        ADDRESS,
        "philo@exemple.test",
        NOTE,
        "1979-03-14",
        "jeudi fictif",
        "Ophélie",
    )
    for secret in (*secrets, REFUSAL, COMMITTEE, RAISED):
        assert secret not in raw, secret
    assert "fernet:" in raw
    # The ORM still reads them back.
    again = Person.objects.get(pk=person.pk)
    assert (again.first_name, again.last_name, again.phone, again.birth_date) == (NAME, SURNAME, PHONE, datetime.date(1979, 3, 14))
    assert Referral.objects.get(pk=referral.pk).refusal_reason == REFUSAL
    assert CommitteeShare.objects.get(pk=share.pk).reason == COMMITTEE
    assert RiskAssessment.objects.get(pk=assessment.pk).raised_reason == RAISED


def test_blind_index_normalises_accents_case_and_hyphens():
    assert crypto.blind_index("Dupont-Lefèvre") == crypto.blind_index("  dupont LEFEVRE ")
    assert crypto.blind_index("Dupont") != crypto.blind_index("Dupond")
    with override_settings(BLIND_INDEX_KEY="another-key-entirely-0123456789"):
        other = crypto.blind_index("Dupont")
    assert other != crypto.blind_index("Dupont")


def test_tampered_value_is_refused():
    token = crypto.encrypt("secret")
    with pytest.raises(ValueError):
        crypto.decrypt(token[:-4] + "AAAA")
    with pytest.raises(ValueError):
        crypto.decrypt("stored in clear")


def test_rotate_keys_reencrypts_with_the_new_key(settings, organisation):
    person = PersonFactory(situation=SituationFactory(organisation=organisation), first_name=NAME, birth_date=datetime.date(1990, 1, 1))
    old_keys = list(settings.FIELD_ENCRYPTION_KEYS)
    new_key = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new_key, *old_keys]
    out = io.StringIO()
    call_command("rotate_keys", stdout=out)
    assert "casework.Person : 1 ligne(s) rechiffrée(s)" in out.getvalue()
    settings.FIELD_ENCRYPTION_KEYS = [new_key]
    again = Person.objects.get(pk=person.pk)
    assert again.first_name == NAME
    assert again.birth_date == datetime.date(1990, 1, 1)
    settings.FIELD_ENCRYPTION_KEYS = old_keys
    with pytest.raises(ValueError):
        Person.objects.get(pk=person.pk)


def test_a_value_that_looks_like_a_token_is_encrypted_all_the_same(member_client, organisation):
    """Typed text starting with the storage prefix used to be written in clear, then every read of the row failed."""
    situation = SituationFactory(organisation=organisation)
    person = PersonFactory(situation=situation, notes="fernet:" + NOTE)
    assert "fernet:" + NOTE not in _raw_dump()
    assert Person.objects.get(pk=person.pk).notes == "fernet:" + NOTE
    assert member_client.get(f"/suivi/{situation.pk}/").status_code == 200


BEFORE = [("casework", "0004_remove_event_cw_event_place_date_and_more")]
AFTER = [("casework", "0005_encrypt_refusal_and_committee_reasons")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.mark.django_db(transaction=True)
def test_migration_encrypts_the_reasons_written_in_clear_before_it(organisation):
    """Rows written while the refusal and committee reasons were plain text: the migration encrypts them in place."""
    situation = SituationFactory(organisation=organisation)
    referral = ReferralFactory(person=PersonFactory(situation=situation), status="refused")
    empty = ReferralFactory(person=PersonFactory(situation=situation), status="refused")
    share = CommitteeShare.objects.create(situation=situation, until=datetime.date(2026, 12, 31))
    try:
        _migrate(BEFORE)
        with connection.cursor() as cursor:
            cursor.execute("UPDATE casework_referral SET refusal_reason = %s WHERE id = %s", [REFUSAL, referral.pk])
            cursor.execute("UPDATE casework_committeeshare SET reason = %s WHERE id = %s", [COMMITTEE, share.pk])
        _migrate(AFTER)
        raw = _raw_dump()
        assert REFUSAL not in raw and COMMITTEE not in raw
        assert Referral.objects.get(pk=referral.pk).refusal_reason == REFUSAL
        assert Referral.objects.get(pk=empty.pk).refusal_reason == ""
        assert CommitteeShare.objects.get(pk=share.pk).reason == COMMITTEE
        # Reversing gives the clear text back, and migrating again does not encrypt twice.
        _migrate(BEFORE)
        with connection.cursor() as cursor:
            cursor.execute("SELECT refusal_reason FROM casework_referral WHERE id = %s", [referral.pk])
            assert cursor.fetchone() == (REFUSAL,)
    finally:
        _migrate(AFTER)
        # Back to every app's latest migration: going back to 0004 unapplied the apps that depend on casework (the
        # committee, the calls…), and the transactional tests that follow on this worker need their tables.
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    assert Referral.objects.get(pk=referral.pk).refusal_reason == REFUSAL
