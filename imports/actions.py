"""The import's steps: upload (the file stored encrypted, its headers read), mapping (remembered for the
organisation) with its dry run, commit (or queue, for a large file), cancellation. Each step journaled."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from audit.journal import record
from audit.models import Action
from imports import checking, storage, writing
from imports.fields import guess, plain
from imports.models import ColumnMapping, FileFormat, ImportJob, ImportStatus


@transaction.atomic
def upload(*, membership, kind, uploaded, file_format, team=None, side="", request=None):
    job = ImportJob.objects.create(
        organisation=membership.organisation,
        created_by=membership.user,
        membership=membership,
        kind=kind,
        team=team,
        side=side if kind == "casework" else "",
        filename=uploaded.name or "",
        file_format=file_format,
    )
    job.size = storage.store(job, uploaded)
    if file_format == FileFormat.CSV:
        job.encoding = storage.detect_encoding(job)
        job.delimiter = storage.detect_delimiter(job, job.encoding)
    job.headers = storage.header_and_width(job)
    remembered = ColumnMapping.objects.filter(organisation=membership.organisation, kind=kind).values_list("columns", flat=True).first()
    job.mapping = guess(kind, job.headers, remembered)
    job.save()
    record(
        Action.CREATE, membership=membership, target=job, request=request, detail={"kind": kind, "format": file_format, "size": job.size}
    )
    return job


@transaction.atomic
def map_and_check(*, membership, job, mapping, request=None):
    job.mapping = mapping
    report = checking.dry_run(job)
    job.report = report.as_json()
    job.status = ImportStatus.INVALID if report.problem_count else ImportStatus.CHECKED
    job.save(update_fields=["mapping", "report", "status"])
    columns = {plain(header): mapping.get(str(i), "") for i, header in enumerate(job.headers) if header}
    ColumnMapping.objects.update_or_create(organisation=membership.organisation, kind=job.kind, defaults={"columns": columns})
    record(
        Action.UPDATE,
        membership=membership,
        target=job,
        request=request,
        detail={"dry_run": True, "rows": report.rows, "problems": report.problem_count},
    )
    return report


def commit(*, membership, job, request=None):
    """Import now (small files) or queue it for `process_imports` (large ones); returns the job."""
    if job.status != ImportStatus.CHECKED:
        return job
    if job.report.get("rows", 0) > settings.IMPORT_SYNC_MAX_ROWS:
        with transaction.atomic():
            ImportJob.objects.filter(pk=job.pk, status=ImportStatus.CHECKED).update(status=ImportStatus.QUEUED)
            record(Action.UPDATE, membership=membership, target=job, request=request, detail={"queued": True})
        job.refresh_from_db()
        return job
    return writing.run(job.pk)


@transaction.atomic
def cancel(*, membership, job, request=None):
    if job.status in (ImportStatus.RUNNING, ImportStatus.DONE):
        return job
    job.chunks.all().delete()
    job.status = ImportStatus.CANCELLED
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "finished_at"])
    record(Action.DELETE, membership=membership, target=job, request=request, detail={"cancelled": True})
    return job
