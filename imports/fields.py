"""The fields a column can be mapped to, per kind of import, and how each cell is read: a value, or a French
explanation of what was expected."""

import datetime
import functools
import re
import unicodedata
from dataclasses import dataclass, field

from casework.crypto import normalise_name

IGNORE = ""
MONTHS = {
    "janvier": 1,
    "fevrier": 2,
    "mars": 3,
    "avril": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "aout": 8,
    "septembre": 9,
    "octobre": 10,
    "novembre": 11,
    "decembre": 12,
}
EXCEL_EPOCH = datetime.date(1899, 12, 30)


class Invalid(ValueError):
    """A cell that cannot be read: `expected` says, in French, what the column takes."""

    def __init__(self, expected):
        super().__init__(expected)
        self.expected = expected


def plain(value):
    """Lower case, no accents, single spaces: how headers and choices are compared."""
    return normalise_name(str(value))


def text(value, max_length=500):
    value = str(value).strip() if not isinstance(value, datetime.date) else value.strftime("%d/%m/%Y")
    if "\x00" in value:
        raise Invalid("un texte sans caractère nul")
    if len(value) > max_length:
        raise Invalid(f"un texte de {max_length} caractères au plus")
    return value


def name(value):
    value = text(value, 150)
    if value and not re.search(r"[^\W\d_]", value):
        raise Invalid("un nom ou un prénom (des lettres)")
    return value


DATE_FORMATS = ("%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d %m %Y", "%Y/%m/%d", "%d-%m-%y", "%d.%m.%y")


def date(value):
    if isinstance(value, str):
        return _date_text(value)
    return _date(value)


@functools.lru_cache(maxsize=4096)
def _date_text(value):
    # Dates repeat a great deal in a follow-up spreadsheet: each text is read once.
    return _date(value)


def _date(value):
    """JJ/MM/AAAA and its usual variants, ISO dates, a date cell of a spreadsheet, « 5 mars 2021 »; never a month first."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        # A spreadsheet's date stored as a number of days (a cell typed « nombre » by mistake).
        if 1 <= value <= 80000:
            return EXCEL_EPOCH + datetime.timedelta(days=int(value))
        raise Invalid("une date au format JJ/MM/AAAA")
    raw = str(value).strip()
    raw = re.sub(r"\s+\d{1,2}:\d{2}(:\d{2})?$", "", raw)  # « 05/03/2021 00:00 »
    for pattern in DATE_FORMATS:
        try:
            parsed = datetime.datetime.strptime(raw, pattern).date()
        except ValueError:
            continue
        if pattern.endswith("%y") and parsed > datetime.date.today():
            parsed = parsed.replace(year=parsed.year - 100)
        return _plausible(parsed)
    words = plain(raw).split()
    if len(words) == 3 and words[1] in MONTHS and words[0].isdigit() and words[2].isdigit():
        try:
            return _plausible(datetime.date(int(words[2]), MONTHS[words[1]], int(words[0])))
        except ValueError:
            pass
    if re.fullmatch(r"\d{1,2}/\d{1,2}/\d{2,4}", raw):
        raise Invalid("une date qui existe, jour puis mois (JJ/MM/AAAA)")
    raise Invalid("une date au format JJ/MM/AAAA (ou AAAA-MM-JJ, ou « 5 mars 2021 »)")


def _plausible(day):
    if not datetime.date(1900, 1, 1) <= day <= datetime.date.today() + datetime.timedelta(days=3650):
        raise Invalid("une date entre 1900 et les dix prochaines années")
    return day


def count(value):
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    raw = str(value).strip()
    if not raw.isdigit() or int(raw) > 30:
        raise Invalid("un nombre entier entre 0 et 30")
    return int(raw)


def choice(mapping, expected):
    table = {plain(k): v for k, v in mapping.items()}

    def parse(value):
        key = plain(value)
        if key in table:
            return table[key]
        raise Invalid(expected)

    return parse


def yes_no(value):
    key = plain(value)
    if key in ("oui", "o", "yes", "vrai", "true", "1", "x"):
        return True
    if key in ("non", "n", "no", "faux", "false", "0"):
        return False
    raise Invalid("oui ou non")


@dataclass
class Field:
    key: str
    label: str
    parse: object = text
    synonyms: tuple = ()
    group: str = ""
    required: bool = False
    extra: dict = field(default_factory=dict)


def _casework_fields():
    from casework.models import EventKind, Relationship, Sex, Status

    sexes = {"f": Sex.FEMALE, "femme": Sex.FEMALE, "feminin": Sex.FEMALE, "mme": Sex.FEMALE, "madame": Sex.FEMALE}
    sexes |= {"m": Sex.MALE, "h": Sex.MALE, "homme": Sex.MALE, "masculin": Sex.MALE, "m.": Sex.MALE, "monsieur": Sex.MALE}
    sexes |= {"x": Sex.UNKNOWN, "nc": Sex.UNKNOWN, "inconnu": Sex.UNKNOWN, "non renseigne": Sex.UNKNOWN}
    statuses = {"en cours": Status.OPEN, "ouvert": Status.OPEN, "ouverte": Status.OPEN, "open": Status.OPEN}
    statuses |= {"clos": Status.CLOSED, "close": Status.CLOSED, "cloture": Status.CLOSED, "ferme": Status.CLOSED, "closed": Status.CLOSED}
    relationships = {label: value for value, label in Relationship.choices} | {value: value for value in Relationship.values}
    relationships |= {"conjoint": "married", "mari": "married", "epoux": "married", "pacs": "pacs", "concubin": "partner"}
    relationships |= {"compagnon": "partner", "ex": "former", "ex conjoint": "former", "ex compagnon": "former", "famille": "family"}
    kinds = {label: value for value, label in EventKind.choices} | {value: value for value in EventKind.values}
    kinds |= {"tgd": "tgd_granted", "bar": "anti_approach_bracelet", "op": "protection_order", "mc": "police_log"}
    kinds |= {"hebergement d urgence": "housing", "mise a l abri": "housing", "controle judiciaire": "judicial_supervision"}
    return [
        Field(
            "reference",
            "Référence du dossier (les lignes d'une même référence forment une situation)",
            synonyms=("reference", "ref", "dossier", "n dossier", "numero de dossier", "no dossier", "id"),
        ),
        Field(
            "opened_on",
            "Date d'ouverture",
            date,
            ("date d ouverture", "ouverture", "date ouverture", "date d entree", "entree", "date de debut du suivi"),
        ),
        Field("status", "Statut (en cours ou clos)", choice(statuses, "« en cours » ou « clos »"), ("statut", "etat")),
        Field("closed_on", "Date de clôture", date, ("date de cloture", "cloture", "date de fin du suivi", "sortie")),
        Field("commune", "Commune de résidence (nom ou code INSEE)", synonyms=("commune", "ville", "localite", "code insee", "insee")),
        Field(
            "relationship",
            "Lien entre victime et auteur",
            choice(relationships, "un lien : conjoint, PACS, concubin, ex-conjoint, famille, autre"),
            ("lien", "relation", "lien avec l auteur"),
        ),
        Field("children_count", "Nombre d'enfants", count, ("enfants", "nombre d enfants", "nb enfants")),
        Field("notes", "Notes sur la situation", lambda v: text(v, 5000), ("notes", "observations", "commentaire", "commentaires")),
        Field("victim_last_name", "Victime : nom", name, ("nom", "nom victime", "nom de la victime", "victime nom"), "victim"),
        Field(
            "victim_first_name", "Victime : prénom", name, ("prenom", "prenom victime", "prenom de la victime", "victime prenom"), "victim"
        ),
        Field(
            "victim_birth_date",
            "Victime : date de naissance",
            date,
            ("date de naissance", "naissance", "date naissance", "ddn", "date de naissance victime"),
            "victim",
        ),
        Field(
            "victim_sex",
            "Victime : sexe",
            choice(sexes, "F, M ou X (femme, homme, non renseigné)"),
            ("sexe", "genre", "civilite"),
            "victim",
        ),
        Field(
            "victim_phone", "Victime : téléphone", lambda v: text(v, 40), ("telephone", "tel", "portable", "telephone victime"), "victim"
        ),
        Field("victim_email", "Victime : e-mail", lambda v: text(v, 200), ("email", "e mail", "courriel", "mail"), "victim"),
        Field("victim_address", "Victime : adresse", lambda v: text(v, 300), ("adresse", "adresse victime"), "victim"),
        Field("perpetrator_last_name", "Auteur : nom", name, ("nom auteur", "nom de l auteur", "auteur nom", "auteur"), "perpetrator"),
        Field("perpetrator_first_name", "Auteur : prénom", name, ("prenom auteur", "prenom de l auteur", "auteur prenom"), "perpetrator"),
        Field(
            "perpetrator_birth_date",
            "Auteur : date de naissance",
            date,
            ("date de naissance auteur", "naissance auteur", "ddn auteur"),
            "perpetrator",
        ),
        Field(
            "event_kind",
            "Événement : type (plainte, main courante, ordonnance de protection, TGD…)",
            choice(
                kinds,
                "un type d'événement du parcours : plainte, main courante, ordonnance de protection, TGD, BAR, éviction, hébergement, contrôle judiciaire, audience, stage, entretien, orientation, autre",
            ),
            ("evenement", "type d evenement", "type", "mesure"),
            "event",
        ),
        Field("event_date", "Événement : date", date, ("date evenement", "date de l evenement", "date de la mesure", "date"), "event"),
        Field("event_end_date", "Événement : date de fin", date, ("date de fin", "fin", "fin de la mesure", "echeance"), "event"),
        Field("event_notes", "Événement : notes", lambda v: text(v, 5000), ("notes evenement", "detail", "details"), "event"),
    ]


def _directory_fields():
    from directory.taxonomy import Category

    fees = {"gratuit": "free", "gratuite": "free", "free": "free", "payant": "paid", "paid": "paid", "participation": "partial"}
    categories = {label: value for value, label in Category.choices} | {value: value for value in Category.values}

    def category_list(value):
        found = []
        for part in re.split(r"[;,/\n]+", str(value)):
            if part.strip():
                found.append(
                    choice(
                        categories,
                        "des types d'aide du guide, séparés par des virgules ("
                        + ", ".join(str(label) for _v, label in Category.choices[:4])
                        + "…)",
                    )(part)
                )
        return sorted(set(found))

    return [
        Field("name", "Nom du service", lambda v: text(v, 150), ("nom", "nom du service", "service", "intitule"), required=True),
        Field("summary", "En une phrase", lambda v: text(v, 280), ("resume", "en une phrase", "accroche")),
        Field("description", "Description", lambda v: text(v, 5000), ("description", "presentation")),
        Field(
            "categories",
            "Types d'aide (séparés par des virgules)",
            category_list,
            ("types d aide", "categories", "thematiques", "type d aide"),
        ),
        Field(
            "fee", "Frais (gratuit, payant, participation)", choice(fees, "gratuit, payant ou participation"), ("frais", "tarif", "cout")
        ),
        Field("access_conditions", "Conditions et démarches", lambda v: text(v, 2000), ("conditions", "demarches", "modalites")),
        Field("is_remote", "Service à distance (oui ou non)", yes_no, ("a distance", "distance", "en ligne")),
        Field("phone", "Téléphone", lambda v: text(v, 40), ("telephone", "tel")),
        Field("email", "E-mail", lambda v: text(v, 200), ("email", "e mail", "courriel", "mail")),
        Field("website", "Site internet", lambda v: text(v, 200), ("site", "site internet", "site web", "url")),
        Field(
            "hours",
            "Horaires (en français ou au format OpenStreetMap)",
            lambda v: text(v, 500),
            ("horaires", "heures d ouverture", "ouverture"),
        ),
        Field("hours_notes", "Précisions sur les horaires", lambda v: text(v, 250), ("precisions horaires", "precisions sur les horaires")),
    ]


def _action_fields():
    from network.models import ActionAudience, ActionKind, ActionStatus, Axis

    def choices_of(enum, expected):
        return choice({label: value for value, label in enum.choices} | {value: value for value in enum.values}, expected)

    def amount(value):
        raw = str(value).replace("€", "").replace("\u202f", "").replace("\xa0", "").replace(" ", "").replace(",", ".").strip()
        try:
            number = float(raw)
        except ValueError:
            raise Invalid("un montant en euros (par exemple 1 500 ou 1500,50)") from None
        if not 0 <= number < 100_000_000:
            raise Invalid("un montant en euros, positif")
        return round(number, 2)

    def labels(enum):
        return ", ".join(str(label).lower() for _value, label in enum.choices)

    return [
        Field("title", "Intitulé de l'action", lambda v: text(v, 200), ("intitule", "action", "titre", "nom de l action"), required=True),
        Field("axis", "Axe du plan", choices_of(Axis, f"un axe : {labels(Axis)}"), ("axe", "axe du plan"), required=True),
        Field("kind", "Type d'action", choices_of(ActionKind, f"un type : {labels(ActionKind)}"), ("type", "type d action"), required=True),
        Field(
            "audience",
            "Public visé",
            choices_of(ActionAudience, f"un public : {labels(ActionAudience)}"),
            ("public", "public vise", "cible"),
        ),
        Field("starts_on", "Début", date, ("debut", "date de debut", "du"), required=True),
        Field("ends_on", "Fin", date, ("fin", "date de fin", "au"), required=True),
        Field("status", "État", choices_of(ActionStatus, f"un état : {labels(ActionStatus)}"), ("etat", "statut", "avancement")),
        Field("budget", "Budget total (€)", amount, ("budget", "montant", "cout")),
        Field("description", "Description", lambda v: text(v, 4000), ("description", "objectifs", "presentation")),
    ]


def fields_for(kind):
    return {"casework": _casework_fields, "actions": _action_fields}.get(kind, _directory_fields)()


def guess(kind, headers, remembered=None):
    """A field per column: the organisation's remembered choice for that header, else a synonym, else ignored."""
    remembered = remembered or {}
    fields = fields_for(kind)
    keys = {f.key for f in fields}
    by_synonym = {}
    for f in fields:
        for synonym in (*f.synonyms, plain(f.label)):
            by_synonym.setdefault(plain(synonym), f.key)
    used, mapping = set(), {}
    for index, header in enumerate(headers):
        key = plain(header)
        candidate = remembered.get(key) if remembered.get(key) in keys else by_synonym.get(key, IGNORE)
        if candidate and candidate in used:
            candidate = IGNORE
        if candidate:
            used.add(candidate)
        mapping[str(index)] = candidate
    return mapping


def strip_accents(value):
    return "".join(c for c in unicodedata.normalize("NFKD", value) if not unicodedata.combining(c))
