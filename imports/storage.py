"""The uploaded file, encrypted in chunks, and its rows read back as a stream (CSV in any of the usual encodings, XLSX
read by openpyxl in read-only mode). Nothing holds more than a chunk of a CSV file, or the compressed XLSX file, in
memory; rows are yielded one at a time."""

import codecs
import csv
import io
import re
import zipfile
from xml.etree.ElementTree import iterparse

from casework.crypto import fernet
from imports.models import FileFormat, ImportChunk

CHUNK_SIZE = 1024 * 1024
SAMPLE = 64 * 1024


class UnreadableFile(ValueError):
    """A file that is neither a CSV nor an XLSX we can read: the message says why, in French."""


def store(job, uploaded):
    """Write the uploaded file into the job's encrypted chunks; returns its size."""
    size = 0
    for index, piece in enumerate(_pieces(uploaded)):
        ImportChunk.objects.create(job=job, index=index, data=fernet().encrypt(piece))
        size += len(piece)
    return size


def _pieces(uploaded):
    buffer = b""
    for part in uploaded.chunks(CHUNK_SIZE):
        buffer += part
        while len(buffer) >= CHUNK_SIZE:
            yield buffer[:CHUNK_SIZE]
            buffer = buffer[CHUNK_SIZE:]
    if buffer:
        yield buffer


def chunks(job):
    ids = list(ImportChunk.objects.filter(job=job).order_by("index").values_list("pk", flat=True))
    for pk in ids:
        token = ImportChunk.objects.filter(pk=pk).values_list("data", flat=True).get()
        yield fernet().decrypt(bytes(token))


class _ChunkStream(io.RawIOBase):
    def __init__(self, pieces):
        self._pieces = iter(pieces)
        self._current = b""

    def readable(self):
        return True

    def readinto(self, target):
        while not self._current:
            try:
                self._current = next(self._pieces)
            except StopIteration:
                return 0
        size = min(len(target), len(self._current))
        target[:size] = self._current[:size]
        self._current = self._current[size:]
        return size


def detect_encoding(job):
    """UTF-8 (with or without BOM) when the whole file decodes as such, else Windows-1252 (Excel's « CSV » in France),
    else Latin-1 (which decodes anything)."""
    for encoding in ("utf-8-sig", "cp1252"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            for piece in chunks(job):
                decoder.decode(piece)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    return "latin-1"


def detect_delimiter(job, encoding):
    first = next(chunks(job), b"")[:SAMPLE].decode(encoding, errors="replace")
    lines = first.splitlines()[:20]
    counts = {d: min((line.count(d) for line in lines if line.strip()), default=0) for d in (";", ",", "\t", "|")}
    best = max(counts, key=lambda d: (counts[d], d == ";"))
    return best if counts[best] else ";"


def sniff_format(name, first_bytes):
    if first_bytes[:4] == b"PK\x03\x04":
        return FileFormat.XLSX
    if name.lower().endswith((".xlsx", ".xlsm")):
        raise UnreadableFile("Ce fichier porte l'extension .xlsx mais n'est pas un classeur Excel lisible.")
    if name.lower().endswith((".xls", ".ods", ".numbers")):
        raise UnreadableFile("Format non pris en charge : enregistrez le tableur au format .xlsx ou .csv.")
    if b"\x00" in first_bytes[:4096]:
        raise UnreadableFile("Ce fichier n'est ni un CSV ni un classeur .xlsx (contenu binaire).")
    return FileFormat.CSV


def _xlsx_file(job):
    # openpyxl reads a zip, which needs to seek: the compressed file is held in memory (never written in clear).
    return io.BytesIO(b"".join(chunks(job)))


def _open_workbook(data):
    from openpyxl import load_workbook

    try:
        return load_workbook(data, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds of errors for a damaged file
        raise UnreadableFile("Ce classeur .xlsx est illisible ou endommagé. Enregistrez-le à nouveau depuis votre tableur.") from exc


CELL = re.compile(r"^([A-Z]+)(\d+)$")


def column_index(letters):
    index = 0
    for char in letters:
        index = index * 26 + ord(char) - 64
    return index - 1


def column_letter(index):
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def merged_ranges(data, sheet_path):
    """The merged ranges of the sheet (read-only mode does not give them): [(first col, first row, last col, last row)]."""
    ranges = []
    with zipfile.ZipFile(data) as archive, archive.open(sheet_path) as source:
        # The standard parser, as openpyxl itself uses without defusedxml: no external entity is resolved, and expat
        # (2.4+) refuses entity amplification.
        for _event, element in iterparse(source):  # noqa: S314
            if element.tag.endswith("}mergeCell"):
                ref = element.get("ref", "")
                if ":" in ref:
                    start, end = ref.split(":")
                    a, b = CELL.match(start), CELL.match(end)
                    if a and b:
                        ranges.append((column_index(a[1]), int(a[2]), column_index(b[1]), int(b[2])))
            if not element.tag.endswith("}mergeCells"):
                element.clear()
    return ranges


def rows(job):
    """Yield (row number in the file, [cell values]) for every row, the header row included (number 1). Values are
    str, or date/datetime/int/float for an XLSX cell; empty cells are ""."""
    if job.file_format == FileFormat.XLSX:
        data = _xlsx_file(job)
        workbook = _open_workbook(data)
        try:
            sheet = workbook.worksheets[0]
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                yield number, ["" if v is None else v for v in values]
        finally:
            workbook.close()
        return
    text = io.TextIOWrapper(io.BufferedReader(_ChunkStream(chunks(job)), CHUNK_SIZE), encoding=job.encoding or "utf-8-sig", newline="")
    reader = csv.reader(text, delimiter=job.delimiter or ";")
    number = 0
    try:
        for values in reader:
            number += 1
            yield number, [v.strip() if isinstance(v, str) else v for v in values]
    except csv.Error as exc:
        raise UnreadableFile(f"Ligne {number + 1} : le fichier CSV est mal formé ({exc}).") from exc


def xlsx_merged(job):
    if job.file_format != FileFormat.XLSX:
        return []
    data = _xlsx_file(job)
    workbook = _open_workbook(data)
    try:
        path = workbook.worksheets[0]._worksheet_path
    finally:
        workbook.close()
    return merged_ranges(data, path)


def header_and_width(job):
    for _number, values in rows(job):
        while values and values[-1] == "":
            values = values[:-1]
        return [str(v).strip() for v in values]
    return []
