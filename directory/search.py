"""Finding services: the commune a person typed (accents, hyphens, typos, postal codes), full text in French on
both databases, and the guide's search (category, commune, open now), ordered by distance then relevance.

Full text: PostgreSQL uses a `french_unaccent` text-search configuration (French stemming after `unaccent`);
SQLite an FTS5 table with `remove_diacritics` and prefix queries (FTS5 has no French stemmer; prefixes catch
plurals). Both are created by migration 0002 and, for test databases built without migrations, on post_migrate."""

import heapq
import itertools
import math
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import timedelta
from functools import lru_cache

from django.db import connection, models
from django.db.models import FloatField
from django.utils import timezone

from directory import hours as hours_module
from directory.taxonomy import Category, category_bit

FTS_TABLE = "directory_service_fts"
TS_CONFIG = "french_unaccent"
PG_VECTOR = "to_tsvector('french_unaccent'::regconfig, \"search_document\")"  # unqualified: also valid inside a subquery


# --- installation ------------------------------------------------------------------------------------------------


def install(schema_editor_or_connection=None):
    from django.db.backends.base.schema import BaseDatabaseSchemaEditor

    conn = schema_editor_or_connection or connection
    if isinstance(conn, BaseDatabaseSchemaEditor):
        conn = conn.connection
    with conn.cursor() as cursor:
        if conn.vendor == "sqlite":
            cursor.execute(
                "CREATE VIRTUAL TABLE IF NOT EXISTS directory_service_fts USING fts5(document, tokenize = 'unicode61 remove_diacritics 2')"
            )
        elif conn.vendor == "postgresql":
            cursor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
            cursor.execute(
                """DO $$ BEGIN
                IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'french_unaccent') THEN
                    CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french);
                    ALTER TEXT SEARCH CONFIGURATION french_unaccent
                        ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
                END IF; END $$;"""
            )


def uninstall(schema_editor):
    conn = schema_editor.connection
    with conn.cursor() as cursor:
        if conn.vendor == "sqlite":
            cursor.execute("DROP TABLE IF EXISTS directory_service_fts")
        elif conn.vendor == "postgresql":
            cursor.execute("DROP TEXT SEARCH CONFIGURATION IF EXISTS french_unaccent")


# --- indexing ----------------------------------------------------------------------------------------------------


def document_for(service):
    categories = dict(Category.choices)
    parts = [service.name, service.summary, service.description, service.organisation.name, service.organisation.short_name]
    parts += [str(categories.get(code, "")) for code in service.category_codes]
    parts += [location.place.commune.name for location in service.locations.select_related("place__commune")]
    return " ".join(part for part in parts if part)


def reindex(services):
    """Recompute the search document of each service (after its categories and places are set)."""
    from directory.models import Service

    for service in services:
        service.search_document = document_for(service)
        Service.objects.filter(pk=service.pk).update(search_document=service.search_document)
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM directory_service_fts WHERE rowid = %s", [service.pk])
                cursor.execute("INSERT INTO directory_service_fts(rowid, document) VALUES (%s, %s)", [service.pk, service.search_document])


def forget(service_id):
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM directory_service_fts WHERE rowid = %s", [service_id])


def _light_stem(word):
    # FTS5 has no French stemmer: drop plural marks and a final e, then match as a prefix ("hébergements" finds
    # "hébergement", "juridique" finds "juridiques").
    if len(word) > 3 and word[-1] in "sx":
        word = word[:-1]
    if len(word) > 5 and word.endswith("e"):
        word = word[:-1]
    return word


# Words too common to search for (as PostgreSQL's French configuration ignores them), without accents.
FRENCH_STOP_WORDS = frozenset(
    [
        "au",
        "aux",
        "avec",
        "ce",
        "ces",
        "dans",
        "de",
        "des",
        "du",
        "elle",
        "en",
        "et",
        "eux",
        "il",
        "je",
        "la",
        "le",
        "les",
        "leur",
        "lui",
        "ma",
        "mais",
        "me",
        "meme",
        "mes",
        "moi",
        "mon",
        "ne",
        "nos",
        "notre",
        "nous",
        "on",
        "ou",
        "par",
        "pas",
        "pour",
        "qu",
        "que",
        "qui",
        "sa",
        "se",
        "ses",
        "son",
        "sur",
        "ta",
        "te",
        "tes",
        "toi",
        "ton",
        "tu",
        "un",
        "une",
        "vos",
        "votre",
        "vous",
    ]
)


def _fts5_query(text, operator=" "):
    words = re.findall(r"\w+", normalise(text))
    return operator.join(f'"{_light_stem(word)}"*' for word in words if len(word) > 1 and word not in FRENCH_STOP_WORDS)


def _no_match(queryset):
    # The annotation `search` reads must exist even when nothing matches (stop words or punctuation alone, or words
    # found nowhere): an empty queryset without it made `.values_list("relevance")` fail.
    return queryset.none().annotate(relevance=models.Value(0.0, output_field=FloatField()))


PG_QUERY = "websearch_to_tsquery('french_unaccent'::regconfig, %s)"
# Every word's stem, any of them: the same lexemes as PG_QUERY with its AND turned into OR (cast, not re-parsed, so
# that the stems are not stemmed again).
PG_ANY_QUERY = f"replace({PG_QUERY}::text, ' & ', ' | ')::tsquery"


def fulltext(queryset, text, *, any_word=False):
    """`queryset` filtered to services matching `text`, annotated with `relevance` (higher is better).

    Every word must match; with `any_word`, one is enough (the guide's second try when no service has them all,
    as a person types « lieu d'écoute » or « psychologue enfant »)."""
    if connection.vendor == "postgresql":
        query = PG_ANY_QUERY if any_word else PG_QUERY
        # Written as the GIN index's own expression (migration 0004) so that PostgreSQL uses the index.
        return queryset.extra(  # noqa: S610 - fixed SQL, the text is a bound parameter
            where=[f"{PG_VECTOR} @@ {query}"],
            select={"relevance": f"ts_rank({PG_VECTOR}, {query})"},
            select_params=[text],
            params=[text],
        )
    expression = _fts5_query(text, " OR " if any_word else " ")
    if not expression:
        return _no_match(queryset)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rowid, -bm25(directory_service_fts) FROM directory_service_fts WHERE directory_service_fts MATCH %s", [expression]
        )
        scores = dict(cursor.fetchall())
    if not scores:
        return _no_match(queryset)
    whens = [models.When(pk=pk, then=models.Value(score)) for pk, score in scores.items()]
    return queryset.filter(pk__in=list(scores)).annotate(
        relevance=models.Case(*whens, default=models.Value(0.0), output_field=FloatField())
    )


# --- communes ----------------------------------------------------------------------------------------------------


def normalise(text):
    """Lower case, no accents, hyphens and apostrophes as spaces, « st » as « saint »."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = re.sub(r"[-'’_.,/]", " ", text)
    text = re.sub(r"\bste\b", "sainte", text)
    text = re.sub(r"\bst\b", "saint", text)
    return re.sub(r"\s+", " ", text).strip()


_COMMUNES = {"at": 0.0, "list": []}
COMMUNES_TTL = 300  # seconds: the territory changes with a yearly import, not between two searches


def _cached_communes():
    """The communes, kept in the process for a few minutes: read on every search, changed once a year."""
    import time

    from territory.models import Commune

    now = time.monotonic()
    if not _COMMUNES["list"] or now - _COMMUNES["at"] > COMMUNES_TTL:
        _COMMUNES["list"] = list(Commune.objects.only("insee_code", "name", "postal_codes", "latitude", "longitude", "population"))
        _COMMUNES["at"] = now
    return _COMMUNES["list"]


@lru_cache(maxsize=4096)
def _normalised_name(name):
    return normalise(name)


@dataclass
class CommuneMatch:
    commune: object = None
    suggestions: list = field(default_factory=list)
    message: str = ""


def find_commune(text, communes=None):
    """The commune a person meant: exact name or postal code, else a unique close match; else suggestions."""
    text = (text or "").strip()
    if not text:
        return CommuneMatch()
    communes = list(communes) if communes is not None else _cached_communes()
    wanted = normalise(text)
    if re.fullmatch(r"\d{5}", wanted):
        by_code = [c for c in communes if wanted in (c.postal_codes or []) or c.insee_code == wanted]
        if len(by_code) == 1:
            return CommuneMatch(commune=by_code[0])
        if by_code:
            # A postal code shared by several communes: the most populous is the centre, the others are offered.
            by_code.sort(key=lambda c: -(c.population or 0))
            return CommuneMatch(commune=by_code[0], suggestions=by_code[1:])
        close = [c for c in communes if any(code[:3] == wanted[:3] for code in c.postal_codes or [])]
        return CommuneMatch(suggestions=close[:8], message="unknown_postal_code")
    names = {}
    for commune in communes:
        names.setdefault(_normalised_name(commune.name), []).append(commune)
    if wanted in names and len(names[wanted]) == 1:
        return CommuneMatch(commune=names[wanted][0])
    if wanted in names:
        return CommuneMatch(suggestions=names[wanted])
    starting = [name for name in names if name.startswith(wanted)] if len(wanted) >= 3 else []
    if len(starting) == 1:
        return CommuneMatch(commune=names[starting[0]][0])
    tolerance = 1 if len(wanted) < 8 else 2
    distances = {name: edit_distance(wanted, name) for name in names}
    closest = sorted((d, name) for name, d in distances.items() if d <= tolerance)
    if closest and (len(closest) == 1 or closest[0][0] < closest[1][0]):
        return CommuneMatch(commune=names[closest[0][1]][0])
    # Suggestions: close as a whole, or close on the first word ("Onaing-les-Bains" -> Onnaing).
    first = wanted.split(" ")[0]
    scored = []
    for name, distance in distances.items():
        head = edit_distance(first, name.split(" ")[0]) if len(first) >= 4 else 99
        score = min(distance, head + 1)
        if name in starting or score <= max(2, len(wanted) // 4):
            scored.append((0 if name in starting else score, name))
    scored.sort()
    return CommuneMatch(suggestions=[c for _score, name in scored[:8] for c in names[name]], message="unknown_commune")


def edit_distance(a, b):
    """Optimal string alignment distance (Levenshtein with adjacent transpositions): « Denian » is 1 from « Denain »."""
    if abs(len(a) - len(b)) > 3:
        return 99
    previous2, previous = None, list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


# --- the guide's search ------------------------------------------------------------------------------------------


def distance_km(lat1, lon1, lat2, lon2):
    if None in (lat1, lon1, lat2, lon2):
        return None
    rlat1, rlat2 = math.radians(lat1), math.radians(lat2)
    dlat, dlon = rlat2 - rlat1, math.radians(lon2 - lon1)
    a = math.sin(dlat / 2) ** 2 + math.cos(rlat1) * math.cos(rlat2) * math.sin(dlon / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


# What a result card reads (directory.presenters.present_service without `full`), and nothing else: a row with
# fewer columns costs less to send and to turn into objects. A field missing here would cost one query per card
# (tests/directory/test_search.py, test_result_cards_need_no_further_query).
CARD_SERVICE_FIELDS = (
    "name",
    "summary",
    "organisation__name",
    "organisation__short_name",
    "category_bits",
    "audiences",
    "fee",
    "fee_details",
    "is_remote",
    "phone",
    "email",
    "website",
    "hours",
    "confidential_fields",
    "last_verified_at",
    "is_published",
)
CARD_SERVICE_ROW_FIELDS = (*(name for name in CARD_SERVICE_FIELDS if not name.startswith("organisation__")), "organisation")
CARD_PLACE_FIELDS = (
    "name",
    "address",
    "address_extra",
    "postal_code",
    "commune__name",
    "latitude",
    "longitude",
    "search_latitude",
    "search_longitude",
    "phone",
    "accessibility",
    "access_notes",
    "confidential_fields",
)
CARD_LOCATION_FIELDS = (
    "hours",
    "phone",
    *(f"service__{name}" for name in CARD_SERVICE_FIELDS),
    *(f"place__{name}" for name in CARD_PLACE_FIELDS),
)


@dataclass
class Result:
    service: object
    location: object = None  # ServiceAtPlace, None for a remote service
    distance: float | None = None
    is_open: bool | None = None
    relevance: float = 0.0


class _SearchIndex:
    """The published services at places and the remote services, as plain tuples kept in the process.

    The guide's search reads them in memory instead of scanning a table on every request: a scan of tens of
    thousands of rows costs more than the rest of the page. Read again when the guide's data version changes
    (directory.caching, bumped on every save) or after a minute (another worker's change, with a cache local to
    each worker)."""

    TTL = 60  # seconds

    def __init__(self, key):
        from accounts.models import Organisation
        from directory.models import Place, Service, ServiceAtPlace

        self.key = key
        self.at = _monotonic()
        # (pk, service_id, category_bits, latitude, longitude, hours, week_mask, commune name, service name)
        self.locations = sorted(
            ServiceAtPlace.objects.filter(published=True).values_list(
                "pk",
                "service_id",
                "category_bits",
                "latitude",
                "longitude",
                "hours",
                "week_mask",
                "place__commune__name",
                "service__name",
            ),
            key=lambda row: (row[7], row[8], row[0]),  # the order without a commune: commune, then service name
        )
        # service id -> (hours, audiences), for the exact check of the candidates
        self.services = {
            pk: (hours, audiences or []) for pk, hours, audiences in Service.objects.published().values_list("pk", "hours", "audiences")
        }
        # (pk, category_bits, week_mask, hours, audiences), by name
        self.remote = list(
            Service.objects.published()
            .filter(is_remote=True)
            .order_by("name", "pk")
            .values_list("pk", "category_bits", "week_mask", "hours", "audiences")
        )
        # Where each remote service answers: the communes its organisation covers (none declared: everywhere). A
        # remote service shows only where it serves, as a place shows only near where it is.
        coverage = {}
        for organisation_id, insee in Organisation.communes.through.objects.filter(
            organisation_id__in=Service.objects.published().filter(is_remote=True).values("organisation_id")
        ).values_list("organisation_id", "commune_id"):
            coverage.setdefault(organisation_id, set()).add(insee)
        self.remote_coverage = {
            pk: frozenset(coverage[organisation_id])
            for pk, organisation_id in Service.objects.published().filter(is_remote=True).values_list("pk", "organisation_id")
            if organisation_id in coverage
        }
        # The places and organisations a card shows, as objects (a few hundred on a territory): the page's query
        # then reads two tables instead of five. Used for anonymous visitors only (see `search`, `fresh`).
        self.places = Place.objects.select_related("commune").only(*CARD_PLACE_FIELDS).in_bulk()
        self.organisations = Organisation.objects.only("name", "short_name").in_bulk()
        self._by_bit = {}
        self._open = {}
        self._by_service = {}
        self._remote_objects = {}
        self.kept = {}  # see kept_with_index
        for row in self.locations:
            self._by_service.setdefault(row[1], []).append(row)

    def remote_services(self, ids):
        """The remote services of these ids as objects, read once and kept with the index: they are few and the
        same on every page of a category, whatever the commune. As fresh as the index's own rows (same version)."""
        from directory.models import Service

        missing = [pk for pk in ids if pk not in self._remote_objects]
        if missing:
            found = Service.objects.only(*CARD_SERVICE_ROW_FIELDS).in_bulk(missing)
            self._attach_organisations(found.values())
            self._remote_objects.update(found)
        return {pk: self._remote_objects[pk] for pk in ids}

    def page_locations(self, ids):
        """The page's services at places: the rows and their services read from the database, their places and
        organisations taken from the index."""
        from directory.models import Place, ServiceAtPlace

        objects = (
            ServiceAtPlace.objects.select_related("service")
            .only("hours", "phone", "place", *(f"service__{name}" for name in CARD_SERVICE_ROW_FIELDS))
            .in_bulk(ids)
        )
        # A place saved after the index was read bumps the data version, so it is normally here; one added without
        # a signal (bulk_create) is read rather than missed.
        missing = {location.place_id for location in objects.values()} - self.places.keys()
        if missing:
            self.places.update(Place.objects.select_related("commune").only(*CARD_PLACE_FIELDS).in_bulk(missing))
        for location in objects.values():
            location.place = self.places[location.place_id]
        self._attach_organisations(location.service for location in objects.values())
        return objects

    def _attach_organisations(self, services):
        from accounts.models import Organisation

        services = list(services)
        missing = {service.organisation_id for service in services} - self.organisations.keys()
        if missing:
            self.organisations.update(Organisation.objects.only("name", "short_name").in_bulk(missing))
        for service in services:
            service.organisation = self.organisations[service.organisation_id]

    def locations_in(self, bit):
        if not bit:
            return self.locations
        if bit not in self._by_bit:
            self._by_bit[bit] = [row for row in self.locations if row[2] & bit]
        return self._by_bit[bit]

    def maybe_open(self, bit, hour, dated):
        """Rows of the category whose weekly mask says open at some minute of this hour of the week, plus the rows
        of services with a closure or exceptional hours today (`dated`). Kept for the current hour only."""
        if (bit, hour) not in self._open:
            if any(key[1] != hour for key in self._open):
                self._open.clear()
            self._open[(bit, hour)] = [row for row in self.locations_in(bit) if row[6][hour : hour + 1] == "1"]
        rows = self._open[(bit, hour)]
        if dated:
            known = {row[0] for row in rows}
            extra = [row for sid in dated for row in self._by_service.get(sid, ()) if (not bit or row[2] & bit) and row[0] not in known]
            rows = rows + extra
        return rows


_INDEX = {"index": None}


def _monotonic():
    import time

    return time.monotonic()


def _search_index():
    from directory import caching

    key = caching.data_version()
    index = _INDEX["index"]
    if index is None or index.key != key or _monotonic() - index.at > _SearchIndex.TTL:
        index = _INDEX["index"] = _SearchIndex(key)
    return index


def kept_with_index(name):
    """A dict that lives as long as the current search index (same data version, a minute at most, emptied by
    forget_cached_data): for what pages derive from the guide's data, such as the remote services' public cards."""
    return _search_index().kept.setdefault(name, {})


def _mask_index(moment):
    local = moment.astimezone(hours_module.PARIS)
    return local.weekday() * 24 + local.hour


def _current_closures():
    """Closures and exceptional hours that have not ended (yesterday's may run past midnight), by service.

    A small table read on every search: kept with the search index (same data version, a minute at most), per day."""
    from directory.models import Closure

    today = timezone.localdate()
    kept = kept_with_index("closures")
    if today not in kept:
        kept.clear()
        found = {}
        for closure in Closure.objects.filter(end_date__gte=today - timedelta(days=1)).order_by("start_date", "pk"):
            found.setdefault(closure.service_id, []).append(closure)
        kept[today] = found
    return kept[today]


def forget_cached_data():
    """Drop what the search keeps in the process (tests, after an import)."""
    _COMMUNES.update(at=0.0, list=[])
    _INDEX["index"] = None


def _closures_by_service(service_ids):
    current = _current_closures()
    return {service_id: current[service_id] for service_id in service_ids if service_id in current}


def overrides_for(closures, location=None):
    """The dated exceptions that apply at a location: its own first, then the service-wide ones."""
    own = [c.as_override() for c in closures if location is not None and c.location_id == location.pk]
    general = [c.as_override() for c in closures if c.location_id is None]
    return own + general


def _todays_overrides(moment, service_ids=None):
    """Closures and exceptional hours that can matter now (yesterday's may run past midnight), by service."""
    from directory.models import Closure

    today = moment.astimezone(hours_module.PARIS).date()
    found = {}
    if today < timezone.localdate() - timedelta(days=1):
        # A moment in the past (tests, a replay): the kept closures start yesterday, read the table.
        closures = Closure.objects.filter(start_date__lte=today, end_date__gte=today - timedelta(days=1))
        if service_ids is not None:
            closures = closures.filter(service_id__in=service_ids)
        for closure in closures:
            found.setdefault(closure.service_id, []).append(closure)
        return found
    for service_id, closures in _current_closures().items():
        if service_ids is not None and service_id not in service_ids:
            continue
        relevant = [c for c in closures if c.start_date <= today and c.end_date >= today - timedelta(days=1)]
        if relevant:
            found[service_id] = relevant
    return found


def _rest_in_order(placed, skip):
    """The candidates after the first `skip`, sorted only if the search gets that far."""
    for item in sorted(placed)[skip:]:
        yield item[2]


def search(
    *,
    category=None,
    audience=None,
    commune=None,
    text="",
    open_now=False,
    moment=None,
    limit=20,
    offset=0,
    include_remote=True,
    remote_limit=6,
    fresh=False,
    any_word=False,
):
    """Published services near `commune` (or everywhere), matching the filters; nearest first, then most relevant.

    Returns (local results, remote results, has_more). The local list holds one entry per service (its nearest
    place). Candidates come from the in-memory index (_SearchIndex), are filtered cheaply, ordered by distance and
    checked exactly (open now, closures, public holidays) in that order; only the page shown is loaded as objects.
    Places, organisations and remote services come from the index too, unless `fresh` (professionals, who see
    confidential fields and are never served from a cache): then every object shown is read from the database."""
    from directory.models import Service, ServiceAtPlace

    moment = moment or timezone.now()
    index = _search_index()
    relevance = {}
    bit = category_bit(category) if category else 0
    rows = index.locations_in(bit)
    matching = None
    if text:
        matching = set(fulltext(Service.objects.published(), text, any_word=any_word).values_list("pk", flat=True))
    overrides_by_service, dated, hour = {}, set(), 0
    if open_now:
        overrides_by_service = _todays_overrides(moment)
        today = moment.astimezone(hours_module.PARIS).date()
        dated = {sid for sid, closures in overrides_by_service.items() if any(c.start_date <= today <= c.end_date for c in closures)}
        hour = _mask_index(moment)

    def maybe(service_id, week_mask):
        """Cheap filters: words, audience, and the weekly mask (open at some minute of this hour, or a closure or
        exceptional hours today). The exact check comes next, on the candidates in order only."""
        if matching is not None and service_id not in matching:
            return False
        if audience and audience not in index.services.get(service_id, ("", []))[1]:
            return False
        return not open_now or week_mask[hour : hour + 1] == "1" or service_id in dated

    def acceptable(service_id, hours, location_id=None):
        if not open_now:
            return True
        closures = overrides_by_service.get(service_id, [])
        overrides = [c.as_override() for c in closures if c.location_id in (None, location_id)]
        return hours_module.is_open(hours_module.parse(hours), moment, overrides)

    if open_now:
        rows = index.maybe_open(bit, hour, dated)
    if matching is not None or audience:
        rows = [row for row in rows if maybe(row[1], row[6])]
    candidates = rows
    if commune is not None and commune.latitude is not None:
        # Equirectangular approximation: exact enough to order places a few kilometres apart.
        lat, lon, k2 = commune.latitude, commune.longitude, math.cos(math.radians(commune.latitude)) ** 2
        placed = [((row[3] - lat) ** 2 + (row[4] - lon) ** 2 * k2, row[0], row) for row in rows if row[3] is not None]
        unplaced = [row for row in rows if row[3] is None]
        # The nearest few first (most searches stop there); the full order only when the exact check rejects many.
        nearest = heapq.nsmallest(4 * (offset + limit + 1), placed)
        candidates = itertools.chain((item[2] for item in nearest), _rest_in_order(placed, len(nearest)), unplaced)
    chosen, seen = [], set()
    wanted = offset + limit + 1  # one more tells whether a next page exists
    for location_id, service_id, _bits, _lat, _lon, own_hours, _mask, _commune, _name in candidates:
        if service_id in seen or not acceptable(service_id, own_hours or index.services.get(service_id, ("", []))[0], location_id):
            continue
        seen.add(service_id)
        chosen.append(location_id)
        if len(chosen) >= wanted:
            break
    has_more = len(chosen) > offset + limit
    page_ids = chosen[offset : offset + limit]
    if fresh:
        objects = (
            ServiceAtPlace.objects.select_related("place__commune", "service__organisation").only(*CARD_LOCATION_FIELDS).in_bulk(page_ids)
        )
    else:
        objects = index.page_locations(page_ids)
    if text:
        page_services = [objects[pk].service_id for pk in page_ids]
        relevance = dict(fulltext(Service.objects.filter(pk__in=page_services), text, any_word=any_word).values_list("pk", "relevance"))
    results = []
    for location_id in page_ids:
        location = objects[location_id]
        distance = None
        if commune is not None:
            distance = distance_km(commune.latitude, commune.longitude, location.place.search_latitude, location.place.search_longitude)
        results.append(
            Result(
                service=location.service,
                location=location,
                distance=distance,
                is_open=True if open_now else None,
                relevance=relevance.get(location.service_id, 0.0),
            )
        )
    if text and commune is None:
        results.sort(key=lambda r: -r.relevance)
    elif text:
        # Within a few kilometres, the most relevant first: distance in 5 km bands, then relevance.
        results.sort(key=lambda r: (round((r.distance or 0) / 5), -r.relevance))
    remote_results = []
    if include_remote and offset == 0:
        remote_ids = []
        for pk, bits, week_mask, hours, _audiences in index.remote:
            if len(remote_ids) >= remote_limit:
                break
            if commune is not None and pk in index.remote_coverage and commune.insee_code not in index.remote_coverage[pk]:
                continue
            if (not bit or bits & bit) and maybe(pk, week_mask) and acceptable(pk, hours):
                remote_ids.append(pk)
        if text:
            relevance.update(fulltext(Service.objects.filter(pk__in=remote_ids), text, any_word=any_word).values_list("pk", "relevance"))
        if fresh:
            services = Service.objects.select_related("organisation").only(*CARD_SERVICE_FIELDS).in_bulk(remote_ids)
        else:
            services = index.remote_services(remote_ids)
        remote_results = [
            Result(service=services[pk], is_open=True if open_now else None, relevance=relevance.get(pk, 0.0)) for pk in remote_ids
        ]
        if text:
            remote_results.sort(key=lambda r: -r.relevance)
    return results, remote_results, has_more


def search_words(**kwargs):
    """`search`, and when no service has every word typed, a second try with any of them: (local, remote, has_more,
    all_words), `all_words` False when the results come from the second try (the page says so)."""
    local, remote, has_more = search(**kwargs)
    if kwargs.get("text") and not local and not remote and len(re.findall(r"\w{2,}", kwargs["text"])) > 1:
        local, remote, has_more = search(**kwargs, any_word=True)
        return local, remote, has_more, False
    return local, remote, has_more, True
