"""The 23 objectives of the Global Compact for Safe, Orderly and Regular Migration (General
Assembly resolution A/RES/73/195, paragraph 16), with the short labels the UN Network on
Migration uses, read from their list."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

OBJECTIVES = 23


@dataclass(frozen=True)
class Objective:
    number: int
    title: str
    short_label: str


def objectives_from(rows: Sequence[Mapping[str, str]]) -> tuple[Objective, ...]:
    """The objectives of the rows (objective, title, short_label), in order; ValueError naming
    the row when one is not as expected, or when the list is not the 23 objectives once each."""
    found = []
    for number, row in enumerate(rows, start=2):  # row 1 is the header
        text = {k: (row.get(k) or "").strip() for k in ("objective", "title", "short_label")}
        if not text["objective"].isdigit() or not text["title"] or not text["short_label"]:
            raise ValueError(f"row {number}: expected objective (a number), title, short_label")
        found.append(Objective(int(text["objective"]), text["title"], text["short_label"]))
    if sorted(o.number for o in found) != list(range(1, OBJECTIVES + 1)):
        raise ValueError(f"expected the objectives 1 to {OBJECTIVES}, each once")
    return tuple(sorted(found, key=lambda o: o.number))
