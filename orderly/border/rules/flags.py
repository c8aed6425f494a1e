"""Flags that draw an officer's or a caseworker's attention to a crossing.

A flag never blocks a crossing: the officer decides. It records what the facts showed at the time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

EXIT_WITHOUT_ENTRY = "exit_without_entry"
ENTRY_WITHOUT_EXIT = "entry_without_exit"
DOCUMENT_EXPIRED = "document_expired"
RECORDED_LATE = "recorded_late"
# Known only when the document is shown: its MRZ names a different holder than the registry.
HOLDER_DETAILS_DIFFER = "holder_details_differ"
PRESENTED_FLAGS = frozenset({HOLDER_DETAILS_DIFFER})

# An offline post may sync hours later; past this, the delay itself is worth a look.
LATE_AFTER = timedelta(hours=72)


@dataclass(frozen=True)
class CrossingFacts:
    """What is known when a crossing is recorded."""

    direction: str  # "entry" or "exit"
    admitted: bool
    occurred_at: datetime
    recorded_at: datetime
    local_day: date  # the calendar day at the port, in its time zone
    document_expiry: date | None
    previous_admitted_direction: str | None  # the person's last admitted crossing before this one


def crossing_flags(facts: CrossingFacts) -> list[str]:
    """The flags for one crossing, in a stable order."""
    flags: list[str] = []
    if (
        facts.admitted
        and facts.direction == "exit"
        and facts.previous_admitted_direction != "entry"
    ):
        flags.append(EXIT_WITHOUT_ENTRY)
    if (
        facts.admitted
        and facts.direction == "entry"
        and facts.previous_admitted_direction == "entry"
    ):
        flags.append(ENTRY_WITHOUT_EXIT)
    if facts.document_expiry is not None and facts.local_day > facts.document_expiry:
        flags.append(DOCUMENT_EXPIRED)
    if facts.recorded_at - facts.occurred_at > LATE_AFTER:
        flags.append(RECORDED_LATE)
    return flags


FLAG_LABELS = {
    EXIT_WITHOUT_ENTRY: "Exit without a recorded entry",
    ENTRY_WITHOUT_EXIT: "Entry without a recorded exit",
    DOCUMENT_EXPIRED: "Document expired",
    RECORDED_LATE: "Recorded more than 72 hours after it happened",
    HOLDER_DETAILS_DIFFER: "The document's details differ from its registered holder's",
}
