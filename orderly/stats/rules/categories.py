"""Traveller categories: citizens, foreigners, and the categories the host state defines.

A host state counts some travellers apart from other foreigners: residents of its special
regions, say, who travel on their own documents. Which nationality codes form such a category
is the host state's choice, set in ``ORDERLY_TRAVELLER_CATEGORIES``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

CITIZENS = "citizens"
FOREIGNERS = "foreigners"


@dataclass(frozen=True)
class Categories:
    """The host state and the categories it counts apart, by nationality code."""

    host_state: str
    special: Mapping[str, str] = field(default_factory=dict)

    def of(self, nationality: str) -> str:
        """The category of a traveller of ``nationality`` (an ISO 3166 alpha-3 code)."""
        if nationality == self.host_state:
            return CITIZENS
        return self.special.get(nationality, FOREIGNERS)

    def of_each(self, nationalities: Iterable[str]) -> dict[str, str]:
        """Each of ``nationalities`` with its category: a table for a query to join."""
        return {code: self.of(code) for code in nationalities}

    @property
    def names(self) -> list[str]:
        """Every category, citizens first and foreigners last."""
        return [CITIZENS, *sorted(set(self.special.values())), FOREIGNERS]


def parse_categories(host_state: str, text: str) -> Categories:
    """``text`` as ``name=CODE CODE ...`` parts separated by ``;``, e.g.
    ``residents of special regions=HKG MAC``. Raises ValueError naming the faulty part."""
    special: dict[str, str] = {}
    for part in (p.strip() for p in text.split(";")):
        if not part:
            continue
        name, sign, codes = part.partition("=")
        name = name.strip()
        if not sign or not name or not codes.split():
            raise ValueError(f"{part!r}: expected a name, '=' and nationality codes")
        if name in {CITIZENS, FOREIGNERS}:
            raise ValueError(f"{part!r}: {name!r} is a category of its own")
        for code in codes.split():
            if len(code) != 3 or not code.isalpha() or not code.isupper():
                raise ValueError(f"{part!r}: {code!r} is not an ISO 3166 alpha-3 code")
            if code == host_state or special.get(code, name) != name:
                raise ValueError(f"{part!r}: {code} is counted in another category already")
            special[code] = name
    return Categories(host_state=host_state, special=special)
