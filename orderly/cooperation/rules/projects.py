"""Cooperation projects: whether a project's facts hang together, and when it runs.

A project runs from ``starts_on`` to ``ends_on``, both days included (a project document's
dates); with no ``ends_on`` it runs on. It serves one or more of the GCM's 23 objectives.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pycountry

from orderly.cooperation.rules.kinds import FundingKind
from orderly.cooperation.rules.problems import (
    DESCRIPTION_MAX,
    SOURCE_MAX,
    TITLE_MAX,
    Problem,
    day_problem,
    text_problem,
    url_problem,
)

GCM_OBJECTIVES = range(1, 24)  # the Global Compact's 23 objectives, numbered as it numbers them
MAX_PARTNERS = 50
# The amount's column: 15 digits, 2 of them after the point.
AMOUNT_LIMIT = Decimal(10) ** 13
CENT = Decimal("0.01")

ISO_4217: frozenset[str] = frozenset(currency.alpha_3 for currency in pycountry.currencies)


@dataclass(frozen=True)
class ProjectTerms:
    """A project as recorded: who, funded how, when, and which objectives it serves."""

    title: str
    partners: tuple[str, ...]
    funding_kind: str
    funder: str
    starts_on: date
    objectives: tuple[int, ...]
    ends_on: date | None = None
    amount: Decimal | None = None
    currency: str = ""
    summary: str = ""
    source: str = ""
    source_url: str = ""

    def running(self, since: date, until: date) -> bool:
        """True when the project runs on at least one day from ``since`` to ``until``."""
        return self.starts_on <= until and (self.ends_on is None or since <= self.ends_on)


def objectives_problem(objectives: Sequence[object]) -> Problem | None:
    """Objectives that are not GCM objective numbers 1 to 23, or none at all."""
    if isinstance(objectives, str | bytes) or not objectives:
        return Problem("objectives", "name at least one GCM objective (1 to 23)")
    for number in objectives:
        if isinstance(number, bool) or not isinstance(number, int) or number not in GCM_OBJECTIVES:
            return Problem("objectives", f"{number!r} is not a GCM objective (1 to 23)")
    return None


def project_problem(terms: ProjectTerms) -> Problem | None:
    """The first thing wrong with a project's facts, or None when they hang together."""
    checks: tuple[Callable[[], Problem | None], ...] = (
        lambda: text_problem(terms.title, "title", limit=TITLE_MAX),
        lambda: _partners_problem(terms.partners),
        lambda: _funding_kind_problem(terms.funding_kind),
        lambda: text_problem(terms.funder, "funder", limit=TITLE_MAX),
        lambda: _money_problem(terms.amount, terms.currency),
        lambda: day_problem(terms.starts_on, "starts_on"),
        lambda: day_problem(terms.ends_on, "ends_on", required=False),
        lambda: _period_problem(terms),
        lambda: objectives_problem(terms.objectives),
        lambda: text_problem(terms.summary, "summary", limit=DESCRIPTION_MAX, required=False),
        lambda: text_problem(terms.source, "source", limit=SOURCE_MAX),
        lambda: url_problem(terms.source_url, "source_url"),
    )
    return next((found for check in checks if (found := check()) is not None), None)


def _partners_problem(partners: Sequence[object]) -> Problem | None:
    if isinstance(partners, str | bytes) or not partners:
        return Problem("partners", "name at least one partner")
    if len(partners) > MAX_PARTNERS:
        return Problem("partners", f"at most {MAX_PARTNERS} partners")
    for name in partners:
        problem = text_problem(name, "partners", limit=TITLE_MAX)
        if problem is not None:
            return Problem("partners", f"each partner is a name of 1 to {TITLE_MAX} characters")
    folded = [str(name).strip().casefold() for name in partners]
    if len(set(folded)) != len(folded):
        return Problem("partners", "a partner is named twice")
    return None


def _funding_kind_problem(kind: object) -> Problem | None:
    if kind not in {k.value for k in FundingKind}:
        known = ", ".join(k.value for k in FundingKind)
        return Problem("funding_kind", f"funding kind must be one of {known}")
    return None


def _money_problem(amount: object, currency: object) -> Problem | None:
    if amount is None:
        if currency:
            return Problem("currency", "a currency is given only with an amount")
        return None
    if (
        not isinstance(amount, Decimal)
        or not amount.is_finite()
        or not 0 < amount < AMOUNT_LIMIT
        or amount != amount.quantize(CENT)
    ):
        return Problem("amount", "the amount is a positive sum with at most two decimals")
    if currency not in ISO_4217:
        return Problem("currency", f"{currency!r} is not an ISO 4217 currency code, e.g. USD")
    return None


def _period_problem(terms: ProjectTerms) -> Problem | None:
    if terms.ends_on is not None and terms.ends_on < terms.starts_on:
        return Problem(
            "ends_on", f"a project ends on or after the day it starts ({terms.starts_on})"
        )
    return None
