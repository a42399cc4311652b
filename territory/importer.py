"""Reading the INSEE and DGCL reference files. Everything is parsed and checked first, then written in
one transaction: a bad file or an unknown code writes nothing."""

import csv
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from territory.models import Arrondissement, Commune, Departement, Epci


class TerritoryImportError(Exception):
    pass


@dataclass
class CommuneRow:
    insee_code: str
    name: str
    departement: str
    arrondissement: str | None
    population: int | None = None
    epci: str | None = None
    postal_codes: list = field(default_factory=list)
    latitude: float | None = None
    longitude: float | None = None


def _open_csv(path, delimiter, required):
    if not path.exists():
        raise TerritoryImportError(f"Fichier introuvable : {path}")
    handle = path.open(encoding="utf-8-sig", newline="")
    reader = csv.DictReader(handle, delimiter=delimiter)
    missing = [column for column in required if column not in (reader.fieldnames or [])]
    if missing:
        handle.close()
        raise TerritoryImportError(f"{path.name} : colonne(s) manquante(s) {', '.join(missing)} (en-tête lu : {reader.fieldnames})")
    return handle, reader


INSEE_RE = re.compile(r"^(\d{5}|2[AB]\d{3}|97\d{3})$")


def read_communes(data_dir: Path, *, departement=None, arrondissement=None):
    path = data_dir / "territory" / "communes.csv"
    handle, reader = _open_csv(path, ",", ["TYPECOM", "COM", "DEP", "ARR", "LIBELLE"])
    rows = {}
    with handle:
        for line, row in enumerate(reader, start=2):
            if row["TYPECOM"] != "COM":
                continue
            if departement and row["DEP"] != departement:
                continue
            if arrondissement and row["ARR"] != arrondissement:
                continue
            code = (row["COM"] or "").strip()
            if not INSEE_RE.match(code):
                raise TerritoryImportError(f"{path.name}, ligne {line} : code commune invalide {code!r}")
            if not row["LIBELLE"].strip():
                raise TerritoryImportError(f"{path.name}, ligne {line} : nom de commune vide pour {code}")
            if not row["DEP"].strip():
                raise TerritoryImportError(f"{path.name}, ligne {line} : département vide pour {code}")
            rows[code] = CommuneRow(code, row["LIBELLE"].strip(), row["DEP"].strip(), (row["ARR"] or "").strip() or None)
    return rows


def read_named(data_dir, filename, key):
    path = data_dir / "territory" / filename
    handle, reader = _open_csv(path, ",", [key, "LIBELLE"])
    with handle:
        return {row[key]: row for row in reader}


def read_populations(data_dir, communes):
    path = data_dir / "territory" / "donnees_communes.csv"
    handle, reader = _open_csv(path, ";", ["COM", "PMUN"])
    with handle:
        for line, row in enumerate(reader, start=2):
            commune = communes.get(row["COM"])
            if commune is None:
                continue
            try:
                commune.population = int(row["PMUN"])
            except ValueError as exc:
                raise TerritoryImportError(f"{path.name}, ligne {line} : population invalide {row['PMUN']!r} pour {row['COM']}") from exc


def read_epcis(data_dir, communes):
    import openpyxl

    path = data_dir / "territory" / "epcicom.xlsx"
    if not path.exists():
        raise TerritoryImportError(f"Fichier introuvable : {path}")
    try:
        workbook = openpyxl.load_workbook(path, read_only=True)
    except Exception as exc:  # openpyxl raises several unrelated types for a damaged file
        raise TerritoryImportError(f"{path.name} : ce n'est pas un classeur Excel lisible ({exc})") from exc
    sheet = workbook[workbook.sheetnames[0]]
    rows = sheet.iter_rows(values_only=True)
    header = [str(cell).strip() if cell is not None else "" for cell in next(rows)]
    needed = ["siren", "raison_sociale", "nature_juridique", "insee"]
    missing = [name for name in needed if name not in header]
    if missing:
        raise TerritoryImportError(f"{path.name} : colonne(s) manquante(s) {', '.join(missing)}")
    index = {name: header.index(name) for name in needed}
    epcis = {}
    for line, row in enumerate(rows, start=2):
        insee = str(row[index["insee"]] or "").strip()
        commune = communes.get(insee)
        if commune is None:
            continue
        siren = str(row[index["siren"]] or "").strip()
        if not re.match(r"^\d{9}$", siren):
            raise TerritoryImportError(f"{path.name}, ligne {line} : SIREN d'EPCI invalide {siren!r} pour la commune {insee}")
        epcis[siren] = (str(row[index["raison_sociale"]]).strip(), str(row[index["nature_juridique"]] or "").strip())
        commune.epci = siren
    workbook.close()
    return epcis


def read_postal_codes(data_dir, communes):
    path = data_dir / "territory" / "communes.json"
    if not path.exists():
        return
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise TerritoryImportError(f"{path.name}, ligne {exc.lineno} : JSON invalide ({exc.msg})") from exc
    for entry in entries:
        commune = communes.get(entry.get("code"))
        if commune is not None and entry.get("type", "commune-actuelle") == "commune-actuelle":
            commune.postal_codes = sorted(entry.get("codesPostaux") or [])


def _ring_centroid(ring):
    # Area-weighted centroid of a polygon ring (shoelace formula) in degrees; fine at a commune's scale.
    area = cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=False):
        cross = x1 * y2 - x2 * y1
        area += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    if area == 0:
        xs, ys = zip(*ring, strict=False)
        return sum(xs) / len(xs), sum(ys) / len(ys), 0.0
    return cx / (3 * area), cy / (3 * area), abs(area) / 2


def read_centres(data_dir, communes, departements):
    for code in departements:
        for path in sorted((data_dir / "geo").glob(f"communes-{code}-*.geojson")):
            features = json.loads(path.read_text(encoding="utf-8")).get("features", [])
            for feature in features:
                commune = communes.get(feature.get("properties", {}).get("code"))
                geometry = feature.get("geometry") or {}
                if commune is None or not geometry:
                    continue
                polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
                total = sx = sy = 0.0
                for polygon in polygons:
                    x, y, area = _ring_centroid([tuple(point[:2]) for point in polygon[0]])
                    total += area
                    sx += x * area
                    sy += y * area
                if total:
                    commune.longitude, commune.latitude = round(sx / total, 6), round(sy / total, 6)


def import_territory(data_dir: Path, *, departement=None, arrondissement=None):
    """Import the communes of a département or an arrondissement with their populations, EPCIs, postal codes and centres."""
    return write_territory(parse_territory(data_dir, departement=departement, arrondissement=arrondissement))


def parse_territory(data_dir: Path, *, departement=None, arrondissement=None):
    data_dir = Path(data_dir)
    if not departement and not arrondissement:
        raise TerritoryImportError("Indiquez un département ou un arrondissement.")
    departements = read_named(data_dir, "departements.csv", "DEP")
    arrondissements = read_named(data_dir, "arrondissements.csv", "ARR")
    if departement and departement not in departements:
        raise TerritoryImportError(f"Code de département inconnu : {departement}")
    if arrondissement and arrondissement not in arrondissements:
        raise TerritoryImportError(f"Code d'arrondissement inconnu : {arrondissement}")
    communes = read_communes(data_dir, departement=departement, arrondissement=arrondissement)
    if not communes:
        raise TerritoryImportError(f"Aucune commune pour le département {departement or '—'} et l'arrondissement {arrondissement or '—'}")
    read_populations(data_dir, communes)
    epcis = read_epcis(data_dir, communes)
    read_postal_codes(data_dir, communes)
    used_departements = sorted({c.departement for c in communes.values()})
    read_centres(data_dir, communes, used_departements)
    for commune in communes.values():
        if commune.departement not in departements:
            raise TerritoryImportError(f"communes.csv : département inconnu {commune.departement} pour la commune {commune.insee_code}")
        if commune.arrondissement and commune.arrondissement not in arrondissements:
            raise TerritoryImportError(
                f"communes.csv : arrondissement inconnu {commune.arrondissement} pour la commune {commune.insee_code}"
            )
    return {
        "departements": {code: departements[code]["LIBELLE"] for code in used_departements},
        "arrondissements": {
            code: (arrondissements[code]["LIBELLE"], arrondissements[code]["DEP"])
            for code in {c.arrondissement for c in communes.values() if c.arrondissement}
        },
        "epcis": epcis,
        "communes": communes,
    }


def write_territory(parsed):
    communes, epcis = parsed["communes"], parsed["epcis"]
    with transaction.atomic():
        for code, name in parsed["departements"].items():
            Departement.objects.update_or_create(code=code, defaults={"name": name})
        for code, (name, departement) in sorted(parsed["arrondissements"].items()):
            Arrondissement.objects.update_or_create(code=code, defaults={"name": name, "departement_id": departement})
        for siren, (name, kind) in epcis.items():
            Epci.objects.update_or_create(siren=siren, defaults={"name": name, "kind": kind})
        for commune in communes.values():
            Commune.objects.update_or_create(
                insee_code=commune.insee_code,
                defaults={
                    "name": commune.name,
                    "population": commune.population,
                    "departement_id": commune.departement,
                    "arrondissement_id": commune.arrondissement,
                    "epci_id": commune.epci,
                    "postal_codes": commune.postal_codes,
                    "latitude": commune.latitude,
                    "longitude": commune.longitude,
                },
            )
    return {"communes": len(communes), "epcis": len(epcis)}
