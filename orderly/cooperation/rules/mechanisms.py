"""Multilateral mechanisms the State takes part in: whether the facts hang together, and when
the State took part. Like agreements, ``ended_on`` is the first day the State no longer does."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from orderly.cooperation.rules.kinds import MechanismKind, ParticipationRole
from orderly.cooperation.rules.problems import (
    DESCRIPTION_MAX,
    SOURCE_MAX,
    TITLE_MAX,
    Problem,
    day_problem,
    text_problem,
    url_problem,
)


@dataclass(frozen=True)
class MechanismTerms:
    """A mechanism and the State's part in it, as recorded."""

    name: str
    kind: str
    role: str
    joined_on: date
    ended_on: date | None = None
    description: str = ""
    source: str = ""
    source_url: str = ""

    def taking_part(self, day: date) -> bool:
        """True when the State takes part on ``day``."""
        return self.joined_on <= day and (self.ended_on is None or day < self.ended_on)


def mechanism_problem(terms: MechanismTerms) -> Problem | None:
    """The first thing wrong with a mechanism's facts, or None when they hang together."""
    checks: tuple[Callable[[], Problem | None], ...] = (
        lambda: text_problem(terms.name, "name", limit=TITLE_MAX),
        lambda: _one_of(terms.kind, "kind", [k.value for k in MechanismKind]),
        lambda: _one_of(terms.role, "role", [r.value for r in ParticipationRole]),
        lambda: day_problem(terms.joined_on, "joined_on"),
        lambda: day_problem(terms.ended_on, "ended_on", required=False),
        lambda: _ended_problem(terms),
        lambda: text_problem(
            terms.description, "description", limit=DESCRIPTION_MAX, required=False
        ),
        lambda: text_problem(terms.source, "source", limit=SOURCE_MAX),
        lambda: url_problem(terms.source_url, "source_url"),
    )
    return next((found for check in checks if (found := check()) is not None), None)


def _one_of(value: object, field: str, known: list[str]) -> Problem | None:
    if value not in known:
        return Problem(field, f"{field} must be one of {', '.join(known)}")
    return None


def _ended_problem(terms: MechanismTerms) -> Problem | None:
    if terms.ended_on is not None and terms.ended_on <= terms.joined_on:
        return Problem("ended_on", f"the State leaves after it joins ({terms.joined_on})")
    return None
