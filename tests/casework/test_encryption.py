"""Identifying fields are encrypted at rest, searched through a keyed blind index, and the keys rotate."""

import datetime
import io

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from casework import crypto
from casework.models import Consent, Event, Person, Referral, Situation
from tests.casework.factories import EventFactory, PersonFactory, ReferralFactory, SituationFactory

pytestmark = pytest.mark.django_db

NAME = "Philomène"
SURNAME = "Raw-Fictivetest"
PHONE = "+33 6 55 44 33 22"
ADDRESS = "77 allée Introuvable"
NOTE = "Note confidentielle fictive"


def _raw_dump():
    """Every text value of every casework table, read with SQL, bypassing the ORM's decryption."""
    values = []
    with connection.cursor() as cursor:
        for model in (Situation, Person, Event, Consent, Referral):
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
    )
    EventFactory(situation=situation, person=person, notes=NOTE)
    ReferralFactory(person=person, reason=NOTE)
    raw = _raw_dump()
    for secret in (NAME, SURNAME, SURNAME.lower(), PHONE, "55 44 33 22", ADDRESS, "philo@exemple.test", NOTE, "1979-03-14"):
        assert secret not in raw, secret
    assert "fernet:" in raw
    # The ORM still reads them back.
    again = Person.objects.get(pk=person.pk)
    assert (again.first_name, again.last_name, again.phone, again.birth_date) == (NAME, SURNAME, PHONE, datetime.date(1979, 3, 14))


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
