"""Encryption at rest of identifying fields, and the keyed blind index used to search them.

Fields are encrypted with Fernet (AES-128-CBC + HMAC-SHA256, authenticated) through a MultiFernet built
from settings.FIELD_ENCRYPTION_KEYS: the first key encrypts, every key decrypts, so a new key is put first,
`rotate_keys` re-encrypts the rows, and the old key is then removed. Names are never searched in clear:
a blind index, HMAC-SHA256 keyed with BLIND_INDEX_KEY over the normalised name, is stored beside them."""

import datetime
import hashlib
import hmac
import re
import unicodedata
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

PREFIX = "fernet:"


@lru_cache(maxsize=4)
def _multifernet(keys):
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS is empty")
    return MultiFernet([Fernet(key.encode() if isinstance(key, str) else key) for key in keys])


def fernet():
    return _multifernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt(value: str) -> str:
    return PREFIX + fernet().encrypt(value.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    if not token.startswith(PREFIX):
        # Never silently hand back a value that was stored in clear.
        raise ValueError("value is not encrypted")
    try:
        return fernet().decrypt(token[len(PREFIX) :].encode("ascii")).decode("utf-8")
    except InvalidToken as exc:
        raise ValueError("cannot decrypt: unknown key or tampered value") from exc


def rotate(token: str) -> str:
    """Re-encrypt a stored token with the first key (MultiFernet.rotate keeps the original timestamp)."""
    return PREFIX + fernet().rotate(token[len(PREFIX) :].encode("ascii")).decode("ascii")


def normalise_name(value: str) -> str:
    """Lower case, accents removed, hyphens/apostrophes/spaces collapsed: « Dupont-Lefèvre » == « dupont lefevre »."""
    value = unicodedata.normalize("NFKD", value or "")
    value = "".join(ch for ch in value if not unicodedata.combining(ch)).lower()
    value = re.sub(r"[^a-z0-9]+", " ", value)
    return " ".join(value.split())


def blind_index(*parts) -> str:
    """Keyed HMAC-SHA256 of the normalised parts; '' when every part is empty (nothing to index)."""
    normalised = [normalise_name(str(p)) if not isinstance(p, datetime.date) else p.isoformat() for p in parts if p]
    if not any(normalised):
        return ""
    message = "|".join(normalised).encode("utf-8")
    return hmac.new(settings.BLIND_INDEX_KEY.encode("utf-8"), message, hashlib.sha256).hexdigest()


class EncryptedTextField(models.TextField):
    """A text stored as a Fernet token. The empty string stays empty (nothing to hide)."""

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        # Always encrypt: a typed value that merely looks like a token would otherwise be stored in clear, and
        # every later read of the row would fail. Nothing writes tokens directly (rotate_keys reads plaintext).
        return encrypt(str(value))

    def get_internal_type(self):
        return "TextField"


class EncryptedDateField(models.DateField):
    """A date stored as a Fernet token of its ISO form (a birth date is identifying)."""

    def get_internal_type(self):
        return "TextField"

    def db_type(self, connection):
        return models.TextField().db_type(connection)

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return None
        return datetime.date.fromisoformat(decrypt(value))

    def get_prep_value(self, value):
        value = self.to_python(value)
        if value is None:
            return None
        return encrypt(value.isoformat())

    def get_db_prep_value(self, value, connection, prepared=False):
        if not prepared:
            value = self.get_prep_value(value)
        return value
