"""Normalizing names for matching, the way ICAO Doc 9303 Part 3 transliterates them.

Matching compares names in this normalized form only, so "Müller" typed in a form and "MUELLER"
read from an MRZ are proposed as the same person. ("MULLER", the other spelling ICAO allows, is
not matched: a false match would be worse than a missed one.) Nothing is merged on a match alone.
"""

from __future__ import annotations

import unicodedata

# Doc 9303 Part 3, section 6: recommended transliterations of Latin letters with diacritics that
# do not simply drop their mark.
_TRANSLITERATION = {
    "Ä": "AE",
    "Å": "AA",
    "Æ": "AE",
    "Ö": "OE",
    "Ø": "OE",
    "Ü": "UE",
    "ß": "SS",
    "Þ": "TH",
    "Ð": "D",
    "Œ": "OE",
    "Ĳ": "IJ",
    "Ł": "L",
    "Đ": "D",
    "Ħ": "H",
    "Ŀ": "L",
}


def normalize_name(name: str) -> str:
    """Upper-case Latin letters separated by single spaces: the key used to match names."""
    upper = name.upper().replace("<", " ")
    transliterated = "".join(_TRANSLITERATION.get(char, char) for char in upper)
    decomposed = unicodedata.normalize("NFKD", transliterated)
    letters = [
        char if ("A" <= char <= "Z") else " "
        for char in decomposed
        if not unicodedata.combining(char)
    ]
    return " ".join("".join(letters).split())


def names_match(surname_a: str, given_a: str, surname_b: str, given_b: str) -> bool:
    """Same normalized surname, and given names equal or one the start of the other (so an empty
    given name, as single-name holders have, matches any).

    MRZ names are truncated when too long (Doc 9303 Part 3, 4.6), so "ANNA MARIA" on one document
    and "ANNA" on another may be the same holder.
    """
    if normalize_name(surname_a) != normalize_name(surname_b):
        return False
    first, second = normalize_name(given_a), normalize_name(given_b)
    return first == second or first.startswith(second) or second.startswith(first)
