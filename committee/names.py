"""What the committee writes names no person: a text is checked against the names of the household's people (read
from their encrypted fields on the server, never shown) before it is saved."""

import re
import unicodedata

from casework.models import Person

MIN_TOKEN = 3  # « Li », « Bo »: too short to tell a name from a word


def fold(text):
    text = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def tokens(text):
    return [t for t in re.split(r"[^\w]+|_", fold(text)) if t]


def name_tokens(people):
    found = set()
    for person in people:
        for token in tokens(f"{person.first_name} {person.last_name}"):
            if len(token) >= MIN_TOKEN and not token.isdigit():
                found.add(token)
    return found


def names_of_situation(situation_id):
    return name_tokens(Person.objects.filter(situation_id=situation_id).only("first_name", "last_name"))


def contains_a_name(text, names):
    """Whether `text` holds one of `names` (folded tokens) as a whole word."""
    return bool(names & set(tokens(text)))
