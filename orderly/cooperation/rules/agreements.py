"""Bilateral agreements: whether an agreement's facts hang together, and when it is in force.

Days are calendar days. An agreement is in force from ``in_force_on`` (that day included) until
``ended_on``, the first day it no longer applies: an agreement terminated with effect from
1 July is not in force on 1 July. A signed agreement not yet in force has no ``in_force_on``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from orderly.cooperation.rules.kinds import AgreementKind
from orderly.cooperation.rules.problems import (
    SOURCE_MAX,
    TITLE_MAX,
    Problem,
    country_problem,
    day_problem,
    text_problem,
    url_problem,
)

# Thirty days. Consular conventions fix hours or a few days; a longer "deadline" is a slip of
# the keyboard, and would leave a detained person without their consul for weeks.
MAX_NOTIFICATION_HOURS = 720


@dataclass(frozen=True)
class AgreementTerms:
    """What an agreement says, as recorded: the facts the rules read."""

    partner: str  # ISO 3166-1 alpha-3 code of the other State
    title: str
    kind: str
    signed_on: date
    in_force_on: date | None = None
    ended_on: date | None = None
    notification_hours: int | None = None
    notification_mandatory: bool = False
    source: str = ""
    source_url: str = ""
    reference: str = ""  # how the platform names the record (its id), for reasons citing it

    def in_force(self, day: date) -> bool:
        """True when the agreement applies on ``day``."""
        started = self.in_force_on is not None and self.in_force_on <= day
        return started and not self.ended(day)

    def awaiting_force(self, day: date) -> bool:
        """True when the agreement is signed by ``day`` but not yet in force, nor ended."""
        not_yet = self.in_force_on is None or day < self.in_force_on
        return self.signed_on <= day and not_yet and not self.ended(day)

    def ended(self, day: date) -> bool:
        return self.ended_on is not None and self.ended_on <= day


def agreement_problem(terms: AgreementTerms) -> Problem | None:
    """The first thing wrong with an agreement's facts, or None when they hang together.

    In force not before signed; ended after in force (or after signed, if never in force); a
    consular agreement states its notification deadline in whole hours (1 to 720) and whether
    notification is mandatory; no other kind carries a deadline or makes notification mandatory.
    """
    checks: tuple[Callable[[], Problem | None], ...] = (
        lambda: country_problem(terms.partner, "partner"),
        lambda: text_problem(terms.title, "title", limit=TITLE_MAX),
        lambda: _kind_problem(terms.kind),
        lambda: day_problem(terms.signed_on, "signed_on"),
        lambda: day_problem(terms.in_force_on, "in_force_on", required=False),
        lambda: day_problem(terms.ended_on, "ended_on", required=False),
        lambda: _dates_problem(terms),
        lambda: _deadline_problem(terms),
        lambda: text_problem(terms.source, "source", limit=SOURCE_MAX),
        lambda: url_problem(terms.source_url, "source_url"),
    )
    return next((found for check in checks if (found := check()) is not None), None)


def _kind_problem(kind: object) -> Problem | None:
    if kind not in {k.value for k in AgreementKind}:
        known = ", ".join(k.value for k in AgreementKind)
        return Problem("kind", f"kind must be one of {known}")
    return None


def _dates_problem(terms: AgreementTerms) -> Problem | None:
    if terms.in_force_on is not None and terms.in_force_on < terms.signed_on:
        return Problem(
            "in_force_on",
            f"an agreement cannot enter into force before it is signed ({terms.signed_on})",
        )
    if terms.ended_on is None:
        return None
    if terms.in_force_on is not None and terms.ended_on <= terms.in_force_on:
        return Problem(
            "ended_on", f"an agreement ends after it enters into force ({terms.in_force_on})"
        )
    if terms.ended_on <= terms.signed_on:
        return Problem("ended_on", f"an agreement ends after it is signed ({terms.signed_on})")
    return None


def _deadline_problem(terms: AgreementTerms) -> Problem | None:
    hours = terms.notification_hours
    if not isinstance(terms.notification_mandatory, bool):
        return Problem("notification_mandatory", "say whether notification is mandatory")
    if terms.kind != AgreementKind.CONSULAR:
        if hours is not None:
            return Problem(
                "notification_hours", "only a consular agreement sets a notification deadline"
            )
        if terms.notification_mandatory:
            return Problem(
                "notification_mandatory",
                "only a consular agreement makes consular notification mandatory",
            )
        return None
    if hours is None:
        return Problem(
            "notification_hours", "a consular agreement states its notification deadline in hours"
        )
    if not isinstance(hours, int) or isinstance(hours, bool):
        return Problem("notification_hours", "the notification deadline is a whole number of hours")
    if not 1 <= hours <= MAX_NOTIFICATION_HOURS:
        return Problem(
            "notification_hours",
            f"the notification deadline is 1 to {MAX_NOTIFICATION_HOURS} hours",
        )
    return None
