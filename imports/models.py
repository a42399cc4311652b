"""Imports of existing spreadsheets (« reprise ») into the shared follow-up or the guide.

The uploaded file holds the people an organisation followed: it is kept only between its upload and its import (or its
cancellation), encrypted like the records it will become (casework.crypto), in chunks of at most a mebibyte that are read
one after the other. The column mapping chosen is remembered per organisation and kind of import."""

import json

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.crypto import EncryptedTextField, decrypt, encrypt


class EncryptedJSONField(EncryptedTextField):
    """A JSON document stored as a Fernet token: an import's report quotes the cells it refuses (a name, a birth date,
    a phone number), which are no less identifying than the spreadsheet they come from."""

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return {}
        return json.loads(decrypt(value))

    def to_python(self, value):
        if isinstance(value, str):
            return json.loads(value) if value else {}
        return value

    def get_prep_value(self, value):
        if value is None:
            return None
        return encrypt(json.dumps(value, ensure_ascii=False, default=str))


class ImportKind(models.TextChoices):
    CASEWORK = "casework", _("Suivi : situations, personnes et événements")
    DIRECTORY = "directory", _("Guide : services de votre organisation")
    ACTIONS = "actions", _("Réseau : actions de votre organisation au plan d'action")


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Fichier reçu : colonnes à associer")
    CHECKED = "checked", _("Vérifié : prêt à importer")
    INVALID = "invalid", _("Vérifié : erreurs à corriger")
    QUEUED = "queued", _("Import en file d'attente")
    RUNNING = "running", _("Import en cours")
    DONE = "done", _("Importé")
    FAILED = "failed", _("Échec : rien n'a été importé")
    CANCELLED = "cancelled", _("Annulé")


class FileFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "XLSX"


class ImportJob(models.Model):
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    membership = models.ForeignKey("accounts.Membership", on_delete=models.SET_NULL, null=True, related_name="+")
    kind = models.CharField(_("que voulez-vous importer ?"), max_length=12, choices=ImportKind.choices)
    # The part of the organisation that will follow the imported situations (need-to-know), and whom they accompany.
    team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    side = models.CharField(max_length=12, blank=True)
    # A file's name may carry a person's name (« suivi Mme X.xlsx »): encrypted too.
    filename = EncryptedTextField(blank=True)
    file_format = models.CharField(max_length=4, choices=FileFormat.choices)
    encoding = models.CharField(max_length=20, blank=True)
    delimiter = models.CharField(max_length=2, blank=True)
    size = models.PositiveIntegerField(default=0)
    headers = models.JSONField(default=list)
    mapping = models.JSONField(default=dict)  # column index (as text) → field
    status = models.CharField(max_length=10, choices=ImportStatus.choices, default=ImportStatus.UPLOADED)
    report = EncryptedJSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("reprise de tableur")

    def __str__(self):
        return f"Reprise n° {self.pk}"

    @property
    def has_file(self):
        return self.chunks.exists()


class ImportChunk(models.Model):
    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="chunks")
    index = models.PositiveIntegerField()
    data = models.BinaryField()  # a Fernet token of at most CHUNK_SIZE bytes of the file

    class Meta:
        ordering = ["job", "index"]
        constraints = [models.UniqueConstraint(fields=["job", "index"], name="imports_one_chunk_per_index")]

    def __str__(self):
        return f"morceau {self.index} de la reprise n° {self.job_id}"


class ColumnMapping(models.Model):
    """The last mapping an organisation chose for a kind of import: header (normalised) → field."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=ImportKind.choices)
    columns = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "kind"], name="imports_one_mapping_per_kind")]

    def __str__(self):
        return f"colonnes de {self.organisation} ({self.kind})"
