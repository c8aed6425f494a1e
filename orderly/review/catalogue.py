"""The indicator catalogue of the GCM review: what each indicator measures, in what unit, which
GCM objectives it informs, the SDG indicator it relates to, where its figures come from and how
they can be broken down.

An indicator the platform computes is a registered function (``@computed``), like the
statistics tables: its docstring is its definition, and another context (applications,
protection) adds its own in its own module, imported by its app's ``ready()``, without touching
this one. Indicators imported from a file or entered by an official are catalogued
(``catalogued``) so the review shows what it does not compute, and from where it would come.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from orderly.core.roles import Actor
from orderly.review.rules.objectives import OBJECTIVES


class Source(StrEnum):
    COMPUTED = "computed by the platform"
    IMPORTED = "imported from a file"
    ENTERED = "entered by an official"


@dataclass(frozen=True)
class Reported:
    """An indicator's figure for a period, as it may be published: ``value`` None where
    disclosure control suppressed it; the figures beside it (the year before, the change);
    its breakdown as published; the day or time it holds as of; what it was computed from."""

    value: float | None
    as_of: str
    computed_from: str
    figures: dict[str, Any] = field(default_factory=dict)
    breakdown: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class Asked:
    """What an indicator is computed for: who asks, the period, and the statistics warehouse
    (None: the platform's)."""

    actor: Actor
    period: str
    warehouse: Path | None = None


Compute = Callable[[Asked], Reported]


@dataclass(frozen=True)
class Indicator:
    id: str
    name: str
    definition: str
    unit: str
    objectives: tuple[int, ...]
    source: Source
    sdg: str = ""  # the related SDG indicator, e.g. 10.7.2
    disaggregations: tuple[str, ...] = ()
    provider: str = ""  # who publishes it, for an imported indicator
    compute: Compute | None = None


INDICATORS: dict[str, Indicator] = {}


def computed(
    id: str,
    name: str,
    *,
    unit: str,
    objectives: tuple[int, ...],
    sdg: str = "",
    disaggregations: tuple[str, ...] = (),
) -> Callable[[Compute], Compute]:
    """Register ``compute`` as the indicator ``id``; its docstring is the definition."""

    def register(compute: Compute) -> Compute:
        # One paragraph: the docstring's line breaks are the source's, not the reader's.
        definition = " ".join(inspect.cleandoc(compute.__doc__ or "").split())
        if not definition:
            raise ValueError(f"indicator {id!r}: the docstring must state its definition")
        _add(
            Indicator(
                id, name, definition, unit, objectives, Source.COMPUTED, sdg,
                disaggregations, compute=compute,
            )
        )  # fmt: skip
        return compute

    return register


def catalogued(indicator: Indicator) -> Indicator:
    """Add an indicator the platform does not compute (imported or entered)."""
    if indicator.source is Source.COMPUTED:
        raise ValueError(f"indicator {indicator.id!r}: register a computed one with @computed")
    return _add(indicator)


def _add(indicator: Indicator) -> Indicator:
    if indicator.id in INDICATORS:
        raise ValueError(f"an indicator named {indicator.id!r} is catalogued already")
    wrong = [n for n in indicator.objectives if not 1 <= n <= OBJECTIVES]
    if not indicator.objectives or wrong:
        raise ValueError(f"indicator {indicator.id!r}: objectives must be 1 to {OBJECTIVES}")
    INDICATORS[indicator.id] = indicator
    return indicator


def informing(objective: int) -> list[Indicator]:
    """The indicators that inform ``objective``, in the order they were catalogued."""
    return [i for i in INDICATORS.values() if objective in i.objectives]
