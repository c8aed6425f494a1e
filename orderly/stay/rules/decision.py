"""What the engine answers: a status, until when, the day counts, and the reasons."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any


class Status(StrEnum):
    REGULAR = "regular"
    IRREGULAR = "irregular"  # overstay, or present without a valid basis
    PENDING = "pending"  # lawfully awaiting a decision on an application filed in time
    EXEMPT = "exempt"  # citizens and others the pack exempts
    NOT_PRESENT = "not_present"


@dataclass(frozen=True)
class Reason:
    """One step of the decision: the rule, its legal reference, what it says, the facts used."""

    rule: str
    reference: str
    text: str
    facts: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "reference": self.reference,
            "text": self.text,
            "facts": list(self.facts),
        }


@dataclass(frozen=True)
class StayDecision:
    """The answer for one person at one moment under one pack version.

    ``authorized_until`` is the last lawful day of the current (or planned, or last) stay;
    ``authorized_until_instant`` is set too where hours count. ``days_used`` and
    ``days_remaining`` are for the reference window ``window_start``..``window_end``: the
    rolling window when a rolling rule applies, otherwise the stay itself. ``overstay_days``
    are days spent after the last lawful day; ``excess_days`` the days beyond a rolling rule's
    maximum in the window ending on the as-of day.
    """

    status: Status
    pack: str
    pack_version: str
    as_of: date
    basis: str | None = None
    authorized_until: date | None = None
    authorized_until_instant: datetime | None = None
    window_start: date | None = None
    window_end: date | None = None
    days_used: int = 0
    days_remaining: int | None = None
    overstay_days: int = 0
    excess_days: int = 0
    earliest_reentry: date | None = None
    reasons: tuple[Reason, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """The decision as JSON-ready values (ISO dates), in the CLI's and the API's shape."""

        def iso(value: date | datetime | None) -> str | None:
            return value.isoformat() if value is not None else None

        return {
            "status": self.status.value,
            "pack": self.pack,
            "pack_version": self.pack_version,
            "as_of": iso(self.as_of),
            "basis": self.basis,
            "authorized_until": iso(self.authorized_until),
            "authorized_until_instant": iso(self.authorized_until_instant),
            "days_used": self.days_used,
            "days_remaining": self.days_remaining,
            "overstay_days": self.overstay_days,
            "excess_days": self.excess_days,
            "window_start": iso(self.window_start),
            "window_end": iso(self.window_end),
            "earliest_reentry": iso(self.earliest_reentry),
            "reasons": [reason.as_dict() for reason in self.reasons],
        }
