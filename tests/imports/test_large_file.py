"""100 000 rows (CSV; 20 000 for XLSX): the dry run reads them as a stream; memory stays bounded (measured with tracemalloc, the file itself
held outside the measure), far below what the rows would take held at once."""

import csv
import datetime
import io
import os
import tracemalloc

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from imports import actions, checking
from imports.models import FileFormat, ImportJob

pytestmark = pytest.mark.django_db

ROWS = int(os.environ.get("IMPORT_TEST_ROWS", "100000"))
HEADERS = ["Référence", "Nom", "Prénom", "Date de naissance", "Commune", "Événement", "Date", "Date de fin", "Observations"]


def _row(n):
    birth = datetime.date(1960, 1, 1) + datetime.timedelta(days=(n // 2) % 15000)
    return [
        f"G-{n // 2:06d}",
        f"Généré-Fictive{n // 2}",
        "Anne",
        birth.strftime("%d/%m/%Y"),
        "Valenciennes",
        "plainte" if n % 2 == 0 else "ordonnance de protection",
        "05/03/2021",
        "" if n % 2 == 0 else "05/09/2021",
        "Ligne générée pour l'essai de charge (fictif) " * 2,
    ]


# openpyxl writes and reads a workbook ten times slower than a CSV: the XLSX case runs on a fifth of the rows (the
# read is the same stream, row after row).
XLSX_ROWS = ROWS // 5


def _csv():
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(HEADERS)
    for n in range(ROWS):
        writer.writerow(_row(n))
    return buffer.getvalue().encode("utf-8")


def _xlsx():
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(HEADERS)
    for n in range(XLSX_ROWS):
        sheet.append(_row(n))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("file_format", [FileFormat.CSV, FileFormat.XLSX])
def test_a_large_file_is_checked_in_bounded_memory(territory, org_admin, file_format):
    content = _csv() if file_format == FileFormat.CSV else _xlsx()
    name = f"gros.{file_format}"
    job = actions.upload(membership=org_admin, kind="casework", uploaded=SimpleUploadedFile(name, content), file_format=file_format)
    job = ImportJob.objects.get(pk=job.pk)
    del content
    tracemalloc.start()
    try:
        report = checking.dry_run(job)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    rows = ROWS if file_format == FileFormat.CSV else XLSX_ROWS
    assert report.rows == rows and report.problem_count == 0, report.problems[:3]
    assert report.counts == {"situations": rows // 2, "people": rows // 2, "events": rows}
    # The rows held at once would take several hundred megabytes; the check holds a chunk of the file (the compressed
    # workbook for an XLSX), one row, and 64-bit keys of the references and victims seen.
    limit = 64 if file_format == FileFormat.CSV else 96
    assert peak < limit * 2**20, f"peak {peak / 2**20:.1f} MiB"
    print(f"\n{file_format}: {rows} rows, {job.size / 2**20:.1f} MiB file, dry-run peak {peak / 2**20:.1f} MiB")
