"""A French phonetic key for names: « Dupond » and « Dupont », « Lefebvre » and « Lefèvre », « Philippe » and « Filipe »
give the same key. It serves the keyed blind indexes that find a person despite a spelling variant (search by name) and
recognise a household's perpetrator despite a small edit (casework.links); the key itself is never stored in clear.

Written for names, not for French words at large: it folds what a practitioner may spell either way (silent endings,
doubled letters, ph/f, c/k/qu, s/z, y/i, eau/au/o, nasal vowels), and keeps what tells two names apart."""

import re

from casework.crypto import normalise_name

# Order matters: each rule sees the output of the ones before it. Upper-case letters are sounds already settled.
_RULES = [
    (r"sch", "X"),
    (r"ch", "X"),
    (r"sh", "X"),
    (r"ph", "f"),
    (r"th", "t"),
    (r"gu(?=[eiy])", "g"),
    (r"qu", "k"),
    (r"q", "k"),
    (r"ck", "k"),
    (r"c(?=[eiy])", "s"),
    (r"c", "k"),
    (r"g(?=[eiy])", "j"),
    (r"gn", "n"),
    (r"w", "v"),
    (r"bv", "v"),
    (r"x$", ""),
    (r"x", "ks"),
    (r"z", "s"),
    (r"y", "i"),
    (r"h", ""),
    (r"eaux?$", "o"),
    (r"eau", "o"),
    (r"au", "o"),
    (r"ou", "u"),
    (r"oi", "va"),
    (r"ei", "e"),
    (r"ai", "e"),
    (r"eu", "e"),
    # Nasal vowels, before a consonant or at the end.
    (r"(?:ain|ein|in|im|un|um)(?=[^aeiou]|$)", "I"),
    (r"(?:an|am|en|em)(?=[^aeiou]|$)", "A"),
    (r"(?:on|om)(?=[^aeiou]|$)", "O"),
    # Silent endings.
    (r"(?<=.)[stdp]+$", ""),
    (r"(?<=.)e[rz]$", "e"),
    (r"(?<=..)e$", ""),
]


def phonetic_token(token: str) -> str:
    """The phonetic key of one word (already normalised: lower case, a-z and digits)."""
    value = re.sub(r"(.)\1+", r"\1", token)  # doubled letters, before the rules read them (« mm » is no nasal)
    for pattern, replacement in _RULES:
        value = re.sub(pattern, replacement, value)
    value = re.sub(r"(.)\1+", r"\1", value)  # and those the rules made
    return value or token


def phonetic_tokens(*names) -> list[str]:
    """The phonetic keys of every word of the names, in order (« Marie-Dupont » is two words)."""
    words = normalise_name(" ".join(n for n in names if n)).split()
    return [phonetic_token(w) for w in words]


def phonetic_name(*names) -> str:
    """One key for a whole name, whatever the order of its words: « Jean Dupont » == « DUPOND Jean »."""
    return " ".join(sorted(phonetic_tokens(*names)))
