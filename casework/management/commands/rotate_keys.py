"""Re-encrypt every encrypted field of the shared follow-up with the first key of FIELD_ENCRYPTION_KEYS.

Rotation: put the new key first in FIELD_ENCRYPTION_KEYS (keep the old one after it), run this command,
then remove the old key. Rows are rewritten in batches, each batch in its own transaction."""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from audit.journal import record
from audit.models import Action
from casework import crypto


def encrypted_fields(model):
    return [f for f in model._meta.concrete_fields if isinstance(f, crypto.EncryptedTextField | crypto.EncryptedDateField)]


class Command(BaseCommand):
    help = "Rechiffre les champs identifiants avec la première clé de FIELD_ENCRYPTION_KEYS (rotation des clés)."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=1000)

    def handle(self, *args, batch_size, **options):
        total = 0
        # Every app's encrypted fields (the committee's decisions and actions use casework's fields too).
        for model in apps.get_models():
            fields = encrypted_fields(model)
            if not fields:
                continue
            columns = [f.attname for f in fields]
            count = 0
            last_pk = 0
            while True:
                with transaction.atomic():
                    # values_list decrypts with any key; update() encrypts again with the first key.
                    rows = list(
                        model.objects.filter(pk__gt=last_pk).order_by("pk").select_for_update().values_list("pk", *columns)[:batch_size]
                    )
                    if not rows:
                        break
                    for row in rows:
                        pk, values = row[0], row[1:]
                        changes = {}
                        for field, value in zip(fields, values, strict=True):
                            if value in (None, ""):
                                continue
                            changes[field.attname] = value
                        if changes:
                            model.objects.filter(pk=pk).update(**changes)
                            count += 1
                    last_pk = rows[-1][0]
            total += count
            self.stdout.write(f"{model._meta.label} : {count} ligne(s) rechiffrée(s)")
        record(Action.ADMIN, target_type="casework", target_id="rotate_keys", detail={"rows": total})
        self.stdout.write(self.style.SUCCESS(f"Rotation terminée : {total} ligne(s)."))
