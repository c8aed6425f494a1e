"""When a crossing can have happened: the bounds every recording path applies alike."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

# Clocks on border-post devices drift; a crossing a little in the future is a clock, not fraud.
CLOCK_SKEW = timedelta(minutes=5)
# No record the platform holds is older; it also keeps every instant convertible to any port's
# local calendar (year 1 at a port west of UTC would fall off the calendar).
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)


def instant_problem(when: datetime, *, now: datetime) -> str | None:
    """Why ``when`` cannot be a crossing's time, or None when it can."""
    if when.tzinfo is None or when.utcoffset() is None:
        return "the time must carry its UTC offset"
    if when < EARLIEST:
        return "the crossing cannot be before 1900"
    if when > now + CLOCK_SKEW:
        return "the crossing cannot be in the future"
    return None
