"""Reading official statistics files: the SSMSI wide départemental and régional files (`;`, decimal comma, years
written `16`..`23`), the SSMSI long format of newer editions (`annee, codgeo, indicateur, nombre, taux_pour_mille`,
small values marked `ndiff`) and the project's template for local figures (docs/statistiques-officielles.md).

A file is parsed and checked whole first, then written in one transaction: a bad file (unknown format, missing
column, unknown territory code, non-numeric count) stops at the first fault with its line and column, says which
format was expected, and writes nothing. Importing the same figures again changes nothing and says so."""

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from officialstats.models import Dataset, Figure, Indicator, Level, ReferenceArea

SSMSI_SOURCE = "SSMSI (service statistique ministériel de la sécurité intérieure), crimes et délits enregistrés par la police et la gendarmerie nationales"
SSMSI_URL = (
    "https://www.data.gouv.fr/fr/datasets/bases-statistiques-communale-departementale-et-regionale-de-la-delinquance-"
    "enregistree-par-la-police-et-la-gendarmerie-nationales/"
)
POPULATION_SOURCE = "INSEE, populations légales (fichier donnees_communes.csv)"


class StatisticsImportError(Exception):
    pass


@dataclass(frozen=True)
class FileFormat:
    key: str
    label: str
    required: tuple
    optional: tuple = ()

    def describe(self):
        columns = ";".join(self.required)
        extra = f" (facultatives : {', '.join(self.optional)})" if self.optional else ""
        return f"{self.label} — colonnes {columns}{extra}"


WIDE_DEPARTEMENT = FileFormat(
    "ssmsi-departement",
    "SSMSI départemental, format large",
    ("classe", "annee", "Code.département", "Code.région", "unité.de.compte", "faits"),
    ("millPOP", "millLOG", "POP", "LOG", "tauxpourmille"),
)
WIDE_REGION = FileFormat(
    "ssmsi-region",
    "SSMSI régional, format large",
    ("classe", "annee", "Code.région", "unité.de.compte", "faits"),
    ("millPOP", "millLOG", "POP", "LOG", "tauxpourmille"),
)
LONG = FileFormat(
    "ssmsi-long",
    "SSMSI, format long",
    ("annee", "codgeo", "indicateur", "nombre", "taux_pour_mille"),
    ("unite_de_compte", "niveau", "insee_pop"),
)
LOCAL = FileFormat(
    "local",
    "chiffres locaux (modèle Maillage)",
    ("annee", "niveau", "code", "indicateur", "nombre", "source", "edition"),
    ("unite", "perimetre", "lien"),
)
FORMATS = (WIDE_DEPARTEMENT, WIDE_REGION, LONG, LOCAL)

LOCAL_LEVELS = {level.value: level for level in Level}
NOT_PUBLISHED = {"ndiff", "n.d.", "nd", "s"}


@dataclass
class ParsedFigure:
    indicator: str  # code
    level: str
    code: str
    year: int
    count: int | None
    source: str
    edition: str
    line: int
    source_rate: float | None = None
    source_population: int | None = None
    perimeter: str = ""
    source_url: str = ""


@dataclass
class ParsedFile:
    name: str
    sha256: str
    file_format: FileFormat
    indicators: dict = field(default_factory=dict)  # code -> (label, unit, is_local)
    figures: dict = field(default_factory=dict)  # (indicator, level, code, year) -> ParsedFigure
    skipped: int = 0
    unplaced: int = 0


@dataclass
class ImportReport:
    name: str
    file_format: str
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    skipped: int = 0
    unplaced: int = 0

    def __str__(self):
        text = f"{self.name} ({self.file_format}) : {self.added} ajouté(s), {self.changed} modifié(s), {self.unchanged} inchangé(s)"
        if self.skipped:
            text += f", {self.skipped} ligne(s) sans territoire (« NA ») ignorée(s), soit {self.unplaced} fait(s) non localisé(s)"
        return text


# --- reference areas -----------------------------------------------------------------------------------------------


def _read_csv_dicts(path, delimiter):
    if not path.exists():
        raise StatisticsImportError(f"Fichier introuvable : {path}")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=delimiter))


def import_reference_areas(data_dir):
    """Names and legal populations of the départements, régions and France (sum of the communes' PMUN)."""
    data_dir = Path(data_dir)
    territory = data_dir / "territory"
    departements = _read_csv_dicts(territory / "departements.csv", ",")
    regions = _read_csv_dicts(territory / "regions.csv", ",")
    populations = {"departement": {}, "region": {}, "france": {"FR": 0}}
    for line, row in enumerate(_read_csv_dicts(territory / "donnees_communes.csv", ";"), start=2):
        try:
            value = int(row["PMUN"])
        except (KeyError, ValueError) as exc:
            raise StatisticsImportError(f"donnees_communes.csv, ligne {line}, colonne « PMUN » : population non numérique") from exc
        populations["departement"][row["DEP"]] = populations["departement"].get(row["DEP"], 0) + value
        populations["region"][row["REG"]] = populations["region"].get(row["REG"], 0) + value
        populations["france"]["FR"] += value
    year = 2023  # « populations légales 2023 » (published in 2026), see shared/data/README.md
    wanted = {(Level.FRANCE.value, "FR"): ("France", "", populations["france"]["FR"])}
    for row in departements:
        wanted[(Level.DEPARTEMENT.value, row["DEP"])] = (row["LIBELLE"], row["REG"], populations["departement"].get(row["DEP"]))
    for row in regions:
        wanted[(Level.REGION.value, row["REG"])] = (row["LIBELLE"], "", populations["region"].get(row["REG"]))
    added = changed = 0
    with transaction.atomic():
        existing = {(a.level, a.code): a for a in ReferenceArea.objects.all()}
        for (level, code), (name, region, population) in wanted.items():
            area = existing.get((level, code))
            values = {"name": name, "region": region, "population": population, "population_year": year if population else None}
            if area is None:
                ReferenceArea.objects.create(level=level, code=code, **values)
                added += 1
            elif any(getattr(area, key) != value for key, value in values.items()):
                for key, value in values.items():
                    setattr(area, key, value)
                area.save()
                changed += 1
    return ImportReport(
        "territoires de référence", POPULATION_SOURCE, added=added, changed=changed, unchanged=len(wanted) - added - changed
    )


@lru_cache(maxsize=4)
def _commune_codes(data_dir):
    """Current INSEE codes, and old codes (merged communes) mapped to the current one (mouvements-communes.csv)."""
    territory = Path(data_dir) / "territory"
    current = {row["COM"] for row in _read_csv_dicts(territory / "communes.csv", ",") if row["TYPECOM"] == "COM"}
    return current, merged_communes(data_dir, current)


def merged_communes(data_dir, current=None):
    """Old commune code -> current commune code, following successive mergers."""
    territory = Path(data_dir) / "territory"
    if current is None:
        current = {row["COM"] for row in _read_csv_dicts(territory / "communes.csv", ",") if row["TYPECOM"] == "COM"}
    moves = {}
    for row in sorted(_read_csv_dicts(territory / "mouvements-communes.csv", ","), key=lambda r: r["DATE_EFF"]):
        before, after = row["COM_AV"], row["COM_AP"]
        if row["TYPECOM_AV"] == "COM" and row["TYPECOM_AP"] == "COM" and before != after and before not in current:
            moves[before] = after
    resolved = {}
    for old in moves:
        code, seen = old, set()
        while code in moves and code not in seen:
            seen.add(code)
            code = moves[code]
        if code in current:
            resolved[old] = code
    return resolved


# --- parsing -------------------------------------------------------------------------------------------------------


def _normalise(name):
    return (name or "").strip().strip('"').strip().lower()


def _decode(raw, name):
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise StatisticsImportError(f"{name} : encodage illisible (attendu : UTF-8)")  # pragma: no cover (cp1252 reads all)


def detect_format(header, name):
    """The format whose required columns the header holds best; a missing column or an unknown header stops."""
    present = {_normalise(column) for column in header}
    present |= {"codgeo" for column in present if column.startswith("codgeo")}
    scored = []
    for file_format in FORMATS:
        required = [_normalise(c) for c in file_format.required]
        matched = sum(1 for c in required if c in present)
        scored.append((matched, matched / len(required), file_format))
    matched, share, best = max(scored, key=lambda item: (item[0], item[1]))
    if share < 0.5:
        expected = " ; ".join(f.describe() for f in FORMATS)
        raise StatisticsImportError(f"{name}, ligne 1 : format inconnu (en-tête lu : {';'.join(header)}). Formats attendus : {expected}")
    missing = [c for c in best.required if _normalise(c) not in present]
    if missing:
        raise StatisticsImportError(
            f"{name}, ligne 1 : colonne(s) manquante(s) {', '.join('« ' + c + ' »' for c in missing)} (format attendu : {best.describe()})"
        )
    return best


class _Reader:
    """Rows of a file as dicts keyed by normalised column names, with the line and column of each value for errors."""

    def __init__(self, text, name):
        self.name = name
        first = text.split("\n", 1)[0]
        delimiter = max(";,\t", key=first.count)
        self.rows = csv.reader(io.StringIO(text), delimiter=delimiter)
        try:
            self.header = next(self.rows)
        except StopIteration:
            raise StatisticsImportError(f"{name} : fichier vide") from None
        self.file_format = detect_format(self.header, name)
        self.columns = {}
        for index, column in enumerate(self.header):
            key = _normalise(column)
            key = "codgeo" if key.startswith("codgeo") else key
            self.columns.setdefault(key, (index, column.strip().strip('"')))

    def __iter__(self):
        for line_index, values in enumerate(self.rows, start=2):
            if not values or all(not v.strip() for v in values):
                continue
            if len(values) != len(self.header):
                raise StatisticsImportError(
                    f"{self.name}, ligne {line_index} : {len(values)} valeur(s) pour {len(self.header)} colonne(s) "
                    f"(format attendu : {self.file_format.describe()})"
                )
            yield _Row(self, line_index, values)


class _Row:
    def __init__(self, reader, line, values):
        self.reader, self.line, self.values = reader, line, values

    def raw(self, key):
        position = self.reader.columns.get(_normalise(key))
        if position is None:
            return ""
        return self.values[position[0]].strip()

    def fail(self, key, message):
        index, column = self.reader.columns.get(_normalise(key), (None, key))
        where = f"colonne {index + 1} (« {column} »)" if index is not None else f"colonne « {column} »"
        raise StatisticsImportError(
            f"{self.reader.name}, ligne {self.line}, {where} : {message} (format attendu : {self.reader.file_format.describe()})"
        )

    def year(self, key="annee"):
        value = self.raw(key)
        if re.fullmatch(r"\d{2}", value):
            return 2000 + int(value)
        if re.fullmatch(r"(19|20)\d{2}", value):
            return int(value)
        self.fail(key, f"année illisible « {value} » (attendu : 16 à 99 ou une année sur quatre chiffres)")

    def count(self, key, *, allow_not_published=False):
        value = self.raw(key)
        compact = re.sub(r"[\s\u00a0\u202f]", "", value)
        if allow_not_published and compact.lower() in NOT_PUBLISHED:
            return None
        if not re.fullmatch(r"\d+", compact):
            expected = "un nombre entier positif" + (" ou « ndiff »" if allow_not_published else "")
            self.fail(key, f"nombre non numérique « {value} » (attendu : {expected})")
        return int(compact)

    def decimal(self, key):
        value = self.raw(key)
        if value == "" or value.upper() == "NA" or value.lower() in NOT_PUBLISHED:
            return None
        try:
            return float(value.replace(",", "."))
        except ValueError:
            self.fail(key, f"nombre décimal illisible « {value} »")


def _edition_from(name, edition):
    if edition:
        return edition
    match = re.search(r"(20\d{2})", name)
    if not match:
        raise StatisticsImportError(f"{name} : édition introuvable dans le nom du fichier ; précisez-la (--edition 2024)")
    return match.group(1)


def _known_areas(level):
    return set(ReferenceArea.objects.filter(level=level).values_list("code", flat=True))


def parse_file(path, *, data_dir, edition=None):
    path = Path(path)
    if not path.exists():
        raise StatisticsImportError(f"Fichier introuvable : {path}")
    raw = path.read_bytes()
    return parse_text(_decode(raw, path.name), name=path.name, sha256=hashlib.sha256(raw).hexdigest(), data_dir=data_dir, edition=edition)


def parse_text(text, *, name, sha256, data_dir, edition=None):
    reader = _Reader(text, name)
    parsed = ParsedFile(name=name, sha256=sha256, file_format=reader.file_format)
    if not ReferenceArea.objects.exists():
        raise StatisticsImportError(
            "Les territoires de référence ne sont pas importés : lancez d'abord import_official_statistics sans fichier."
        )
    parser = {WIDE_DEPARTEMENT: _parse_wide, WIDE_REGION: _parse_wide, LONG: _parse_long, LOCAL: _parse_local}[reader.file_format]
    parser(reader, parsed, data_dir=data_dir, edition=edition)
    if not parsed.figures:
        raise StatisticsImportError(f"{name} : aucun chiffre lu (format reconnu : {reader.file_format.describe()})")
    return parsed


def _add(parsed, row, figure, label, unit, is_local):
    indicator = parsed.indicators.get(figure.indicator)
    if indicator is None:
        parsed.indicators[figure.indicator] = (label, unit, is_local)
    key = (figure.indicator, figure.level, figure.code, figure.year)
    if key in parsed.figures:
        row.fail("annee", f"chiffre en double pour {label}, {figure.code}, {figure.year} (déjà lu ligne {parsed.figures[key].line})")
    parsed.figures[key] = figure


def _indicator_code(row, key):
    label = re.sub(r"\s+", " ", row.raw(key))
    code = slugify(label)[:120]
    if not code:
        row.fail(key, "indicateur vide")
    return label, code


def _parse_wide(reader, parsed, *, data_dir, edition):
    by_departement = reader.file_format is WIDE_DEPARTEMENT
    level = Level.DEPARTEMENT if by_departement else Level.REGION
    code_column = "Code.département" if by_departement else "Code.région"
    known = _known_areas(level)
    edition = _edition_from(reader.name, edition)
    source = f"{SSMSI_SOURCE}, base {'départementale' if by_departement else 'régionale'}"
    for row in reader:
        label, indicator = _indicator_code(row, "classe")
        code = row.raw(code_column)
        if code.upper() == "NA":
            # Offences the publisher could not place in a territory (« NA »): counted in no département, so in no
            # national sum either; the report says how many facts were left out.
            parsed.skipped += 1
            parsed.unplaced += row.count("faits")
            continue
        if code not in known:
            row.fail(code_column, f"code de {level.label} inconnu « {code} »")
        population = row.decimal("POP")
        figure = ParsedFigure(
            indicator=indicator,
            level=level.value,
            code=code,
            year=row.year(),
            count=row.count("faits"),
            source=source,
            edition=edition,
            line=row.line,
            source_rate=row.decimal("tauxpourmille"),
            source_population=int(population) if population is not None else None,
            source_url=SSMSI_URL,
        )
        _add(parsed, row, figure, label, row.raw("unité.de.compte"), False)


def _parse_long(reader, parsed, *, data_dir, edition):
    current, merged = _commune_codes(str(data_dir))
    departements, regions = _known_areas(Level.DEPARTEMENT), _known_areas(Level.REGION)
    edition = _edition_from(reader.name, edition)
    merged_keys = set()
    for row in reader:
        label, indicator = _indicator_code(row, "indicateur")
        code = row.raw("codgeo")
        level_name = row.raw("niveau").lower()
        if level_name:
            if level_name not in ("commune", "departement", "region"):
                row.fail("niveau", f"niveau inconnu « {level_name} » (attendu : commune, departement ou region)")
            level = Level(level_name)
        else:
            level = Level.COMMUNE if len(code) == 5 else Level.DEPARTEMENT
        if level == Level.COMMUNE:
            code = code if code in current else merged.get(code, code)
            if code not in current:
                row.fail("codgeo", f"code commune inconnu « {row.raw('codgeo')} »")
        elif code not in (departements if level == Level.DEPARTEMENT else regions):
            row.fail("codgeo", f"code de {level.label} inconnu « {code} »")
        count = row.count("nombre", allow_not_published=True)
        population = row.decimal("insee_pop")
        figure = ParsedFigure(
            indicator=indicator,
            level=level.value,
            code=code,
            year=row.year(),
            count=count,
            source=f"{SSMSI_SOURCE}, base {'communale' if level == Level.COMMUNE else level.label}",
            edition=edition,
            line=row.line,
            source_rate=row.decimal("taux_pour_mille") if count is not None else None,
            source_population=int(population) if population is not None else None,
            source_url=SSMSI_URL,
        )
        key = (figure.indicator, figure.level, figure.code, figure.year)
        previous = parsed.figures.get(key)
        if code != row.raw("codgeo"):
            merged_keys.add(key)
        if previous is not None and key in merged_keys:
            # Two old communes merged into one: their counts add up; one unpublished part leaves the sum unpublished.
            previous.count = None if previous.count is None or count is None else previous.count + count
            previous.source_rate = None
            continue
        _add(parsed, row, figure, label, row.raw("unite_de_compte"), False)


def _parse_local(reader, parsed, *, data_dir, edition):
    from territory.models import Arrondissement, Commune, Epci

    current, _merged = _commune_codes(str(data_dir))
    known = {
        Level.COMMUNE: current | set(Commune.objects.values_list("insee_code", flat=True)),
        Level.EPCI: set(Epci.objects.values_list("siren", flat=True)),
        Level.ARRONDISSEMENT: set(Arrondissement.objects.values_list("code", flat=True)),
        Level.DEPARTEMENT: _known_areas(Level.DEPARTEMENT),
        Level.REGION: _known_areas(Level.REGION),
        Level.FRANCE: {"FR"},
    }
    for row in reader:
        label, indicator = _indicator_code(row, "indicateur")
        level_name = row.raw("niveau").lower()
        if level_name not in LOCAL_LEVELS:
            row.fail("niveau", f"niveau inconnu « {level_name} » (attendu : {', '.join(LOCAL_LEVELS)})")
        level = LOCAL_LEVELS[level_name]
        code = row.raw("code") or ("FR" if level == Level.FRANCE else "")
        if code not in known[level]:
            row.fail("code", f"code de {level.label} inconnu « {code} »")
        for key in ("source", "edition"):
            if not row.raw(key):
                row.fail(key, f"{key} vide : chaque chiffre garde sa source et son édition")
        link = row.raw("lien")
        if link and not re.match(r"^https?://", link):
            row.fail("lien", f"lien illisible « {link} » (attendu : une adresse http(s)://)")
        figure = ParsedFigure(
            indicator=f"local-{indicator}"[:120],
            level=level.value,
            code=code,
            year=row.year(),
            count=row.count("nombre"),
            source=row.raw("source")[:300],
            edition=row.raw("edition")[:60],
            line=row.line,
            perimeter=row.raw("perimetre")[:200],
            source_url=link[:500],
        )
        _add(parsed, row, figure, label, row.raw("unite"), True)


# --- writing -------------------------------------------------------------------------------------------------------

COMPARED = ("count", "source_rate", "source_population", "perimeter", "source", "edition", "source_url")


def write_file(parsed):
    report = ImportReport(parsed.name, parsed.file_format.label, skipped=parsed.skipped, unplaced=parsed.unplaced)
    with transaction.atomic():
        indicators = {i.code: i for i in Indicator.objects.filter(code__in=list(parsed.indicators))}
        for code, (label, unit, is_local) in parsed.indicators.items():
            if code not in indicators:
                indicators[code] = Indicator.objects.create(code=code, label=label[:200], unit=unit[:60], is_local=is_local)
        existing = {
            (f.indicator.code, f.level, f.code, f.year): f
            for f in Figure.objects.filter(indicator__in=indicators.values()).select_related("indicator")
        }
        to_create, to_update = [], []
        for key, figure in parsed.figures.items():
            values = {name: getattr(figure, name) for name in COMPARED}
            found = existing.get(key)
            if found is None:
                to_create.append(figure)
            elif any(getattr(found, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(found, name, value)
                found.line = figure.line
                to_update.append(found)
        report.added, report.changed = len(to_create), len(to_update)
        report.unchanged = len(parsed.figures) - report.added - report.changed
        if to_create or to_update:
            dataset, _created = Dataset.objects.get_or_create(
                sha256=parsed.sha256, defaults={"file_name": parsed.name[:255], "file_format": parsed.file_format.key}
            )
            for found in to_update:
                found.dataset = dataset
            Figure.objects.bulk_create(
                [
                    Figure(
                        indicator=indicators[f.indicator],
                        level=f.level,
                        code=f.code,
                        year=f.year,
                        dataset=dataset,
                        line=f.line,
                        **{name: getattr(f, name) for name in COMPARED},
                    )
                    for f in to_create
                ],
                batch_size=2000,
            )
            Figure.objects.bulk_update(to_update, [*COMPARED, "dataset", "line"], batch_size=2000)
    return report


def import_file(path, *, data_dir, edition=None):
    return write_file(parse_file(path, data_dir=data_dir, edition=edition))


def bundled_files(data_dir):
    """What the demo imports: the SSMSI files of the reference data, then the local figures shipped with the app."""
    ssmsi = sorted((Path(data_dir) / "ssmsi").glob("*.csv"))
    return [*ssmsi, Path(__file__).parent / "data" / "chiffres-locaux-valenciennois.csv"]
