"""Stays: the person's admitted crossings paired into periods of presence.

An entry opens a stay and the next exit closes it. Real records have gaps, and each gap is
resolved the way that does not count against the person, with a note saying so:

* an entry followed by another entry (the exit between was not recorded): the first stay is
  counted as its entry day only;
* an exit with no entry before it (entered before records began): not counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

from orderly.stay.rules.facts import ENTRY, EXIT, CrossingFact, days_between


class Stay(NamedTuple):
    """One period of presence. A named tuple: every decision builds one per stay in the history,
    and a tuple is built in half the time of a frozen dataclass."""

    entry: CrossingFact
    exit: CrossingFact | None = None
    exit_unrecorded: bool = False  # another entry followed without an exit

    @property
    def first_day(self) -> date:
        return self.entry.day

    def last_day(self, as_of: date) -> date:
        """The last day counted: the exit's day, the entry's alone, or ``as_of`` while open."""
        if self.exit is not None:
            return self.exit.day
        if self.exit_unrecorded:
            return self.entry.day
        return as_of

    @property
    def is_open(self) -> bool:
        return self.exit is None and not self.exit_unrecorded

    def days(self, as_of: date) -> int:
        return days_between(self.first_day, self.last_day(as_of))


@dataclass(frozen=True)
class Presence:
    """The stays, oldest first, and the exits that had no entry."""

    stays: tuple[Stay, ...]
    orphan_exits: tuple[CrossingFact, ...]

    @property
    def open_stay(self) -> Stay | None:
        if self.stays and self.stays[-1].is_open:
            return self.stays[-1]
        return None


def presence(crossings: tuple[CrossingFact, ...] | list[CrossingFact]) -> Presence:
    """Pair ``crossings`` (any order) into stays. Same instant: the entry comes first."""
    ordered = sorted(crossings, key=_order)
    stays: list[Stay] = []
    orphans: list[CrossingFact] = []
    opened: CrossingFact | None = None
    for crossing in ordered:
        if crossing.direction == ENTRY:
            if opened is not None:
                stays.append(Stay(opened, exit_unrecorded=True))
            opened = crossing
        elif crossing.direction == EXIT:
            if opened is None:
                orphans.append(crossing)
            else:
                stays.append(Stay(opened, crossing))
                opened = None
    if opened is not None:
        stays.append(Stay(opened))
    return Presence(tuple(stays), tuple(orphans))


def _order(crossing: CrossingFact) -> tuple[datetime, bool, date, str, str, str, str]:
    """Time order, entries first at one instant; the other fields only break exact ties, so
    that two records of one instant pair the same way whatever order they were given in."""
    c = crossing
    return (c.instant, c.direction != ENTRY, c.day, c.port, c.region, c.zone, c.purpose)
