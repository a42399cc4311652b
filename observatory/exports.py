"""Downloads of a table: CSV (semicolon, UTF-8 with BOM, as French spreadsheets open it) and XLSX (openpyxl)."""

import csv
import io

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

SUPPRESSED_MARK = "secret"


def _cell(value):
    if value is None:
        return SUPPRESSED_MARK
    if isinstance(value, float):
        return str(value).replace(".", ",")
    return value


def _safe(value):
    # A spreadsheet would run a cell starting with =, +, - or @ as a formula (labels come from the data).
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def csv_response(filename, headers, records, *, notes=()):
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(headers)
    for record in records:
        writer.writerow([_safe(_cell(v)) for v in record])
    for note in notes:
        writer.writerow([note])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(filename, title, headers, records, *, notes=()):
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append([_safe(h) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for record in records:
        sheet.append([_safe(SUPPRESSED_MARK if v is None else v) for v in record])
    for note in notes:
        sheet.append([note])
    for column in sheet.columns:
        sheet.column_dimensions[column[0].column_letter].width = min(50, max(10, *(len(str(c.value or "")) for c in column)))
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
