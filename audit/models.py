"""The journal. Entries are chained by a keyed hash (HMAC with AUDIT_CHAIN_KEY) so that `verify_audit`
detects an edited, inserted or deleted entry, even by someone who can write to the database but does
not hold the key."""

import hashlib
import hmac
import json

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

GENESIS = "0" * 64


class Action(models.TextChoices):
    VIEW = "view", _("consultation")
    CREATE = "create", _("création")
    UPDATE = "update", _("modification")
    DELETE = "delete", _("suppression")
    EXPORT = "export", _("export")
    SEARCH = "search", _("recherche")
    SHARE = "share", _("partage")
    LOGIN = "login", _("connexion")
    LOGIN_FAILED = "login_failed", _("échec de connexion")
    LOGOUT = "logout", _("déconnexion")
    ADMIN = "admin", _("administration")
    ANONYMISE = "anonymise", _("anonymisation")


class AppendOnlyError(Exception):
    pass


class EntryQuerySet(models.QuerySet):
    def visible_to(self, membership):
        """Organisation admins read their organisation's entries; nobody else reads the journal in the interface."""
        if membership is None or not membership.is_org_admin:
            return self.none()
        return self.filter(organisation_id=membership.organisation_id)

    def update(self, **kwargs):
        raise AppendOnlyError("the audit journal is append-only")

    def delete(self):
        raise AppendOnlyError("the audit journal is append-only")


class ChainHead(models.Model):
    """One row that holds the last sequence number and hash: locked while an entry is appended,
    so that concurrent writers never fork the chain, and compared by `verify_audit` to detect
    the deletion of the newest entries. Its own MAC (keyed like the entries) means that rolling it
    back to an older entry, after deleting the newest ones, needs the key too. What no database-only
    check can detect (the whole journal and its head deleted) is caught by comparing with a head
    recorded outside the database: `verify_audit --expect SEQ:HASH`."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS)
    mac = models.CharField(max_length=64, blank=True)

    def __str__(self):
        return f"{self.seq}:{self.hash[:12]}"

    def compute_mac(self):
        return hmac.new(settings.AUDIT_CHAIN_KEY.encode(), f"head:{self.seq}:{self.hash}".encode(), hashlib.sha256).hexdigest()


class Entry(models.Model):
    seq = models.PositiveBigIntegerField(_("numéro"), unique=True)
    created_at = models.DateTimeField(_("date (UTC)"), db_index=True)
    # Plain values, not foreign keys: deleting a user or an organisation must not rewrite the journal.
    actor_id = models.BigIntegerField(_("utilisateur (identifiant)"), null=True, blank=True)
    actor_label = models.CharField(_("utilisateur"), max_length=254, blank=True)
    organisation_id = models.BigIntegerField(_("organisation (identifiant)"), null=True, blank=True, db_index=True)
    organisation_label = models.CharField(_("organisation"), max_length=200, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    target_type = models.CharField(_("type d'objet"), max_length=100, blank=True)
    target_id = models.CharField(_("objet"), max_length=64, blank=True)
    detail = models.JSONField(_("détail"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("adresse IP"), null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    objects = EntryQuerySet.as_manager()

    class Meta:
        ordering = ["-seq"]
        verbose_name = _("entrée du journal")
        verbose_name_plural = _("journal d'accès")
        indexes = [models.Index(fields=["target_type", "target_id"]), models.Index(fields=["organisation_id", "-seq"])]

    def __str__(self):
        return f"#{self.seq} {self.actor_label} {self.action} {self.target_type}:{self.target_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("the audit journal is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("the audit journal is append-only")

    def canonical(self) -> bytes:
        payload = {
            "seq": self.seq,
            "created_at": self.created_at.isoformat(),
            "actor_id": self.actor_id,
            "actor_label": self.actor_label,
            "organisation_id": self.organisation_id,
            "organisation_label": self.organisation_label,
            "action": self.action,
            "target_type": self.target_type,
            "target_id": self.target_id,
            "detail": self.detail,
            "ip_address": self.ip_address,
            "prev_hash": self.prev_hash,
        }
        return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()

    def compute_hash(self) -> str:
        return hmac.new(settings.AUDIT_CHAIN_KEY.encode(), self.canonical(), hashlib.sha256).hexdigest()
