"""What the engine is told about a person: crossings, authorizations, applications.

Days are calendar days at the port, in its time zone (a crossing at 23:30 local time belongs to
that day even when it is already the next day in UTC); instants are timezone-aware.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from operator import attrgetter
from zoneinfo import ZoneInfo

ENTRY = "entry"
EXIT = "exit"

VISA = "visa"
RESIDENCE_PERMIT = "residence_permit"
EXTENSION = "extension"
AUTHORIZATION_KINDS = frozenset({VISA, RESIDENCE_PERMIT, EXTENSION})


@dataclass(frozen=True)
class CrossingFact:
    """One admitted crossing as the engine sees it (refused entries are not presence)."""

    instant: datetime  # timezone-aware
    day: date  # the calendar day at the port
    direction: str  # ENTRY or EXIT
    port: str = ""
    region: str = ""
    zone: str = "UTC"  # the port's IANA time zone, for ends counted in hours
    purpose: str = ""  # "transit" lets a transit exemption apply

    def describe(self) -> str:
        where = f" at {self.port}" if self.port else ""
        return f"{self.direction} on {self.day.isoformat()}{where}"


@dataclass(frozen=True)
class Authorization:
    """A visa, a residence permit or an extension of stay, as granted.

    ``valid_from``..``valid_until`` is the validity (inclusive). A visa also has its number of
    entries (None: multiple) and the days each stay may last; an extension's ``valid_until`` is
    the new last day of the stay it extends.
    """

    id: str
    kind: str
    category: str
    valid_from: date
    valid_until: date
    granted_on: date
    entries: int | None = None
    stay_days: int | None = None

    @property
    def order_key(self) -> tuple[str, str, str, date, date, date, int, int]:
        """A total order, so that which of two equal authorizations is used never depends on
        the order the facts were given in."""
        return (
            self.id,
            self.kind,
            self.category,
            self.valid_from,
            self.valid_until,
            self.granted_on,
            -1 if self.entries is None else self.entries,
            -1 if self.stay_days is None else self.stay_days,
        )

    def describe(self) -> str:
        return (
            f"{self.kind.replace('_', ' ')} {self.id} ({self.category}), valid "
            f"{self.valid_from.isoformat()} to {self.valid_until.isoformat()}"
        )


@dataclass(frozen=True)
class Application:
    """An application for an extension or a permit; ``decided_on`` is None while pending."""

    id: str
    kind: str
    filed_on: date
    decided_on: date | None = None

    def pending_on(self, day: date) -> bool:
        return self.filed_on <= day and (self.decided_on is None or self.decided_on > day)


@dataclass(frozen=True)
class PersonFacts:
    """Everything known about one person. An empty ``nationalities`` means "not stated"."""

    nationalities: frozenset[str] = frozenset()
    crossings: tuple[CrossingFact, ...] = ()
    authorizations: tuple[Authorization, ...] = ()
    applications: tuple[Application, ...] = ()


@dataclass(frozen=True)
class PlannedTrip:
    """A trip someone plans: its first day and, if known, how many days it lasts."""

    entry: date
    days: int | None = None


@dataclass(frozen=True)
class AsOf:
    """The moment a decision is made for: a calendar day, and the instant when one is known.

    Given only a day, ends counted in hours are judged by their day; given an instant, by it.
    """

    day: date
    instant: datetime | None = field(default=None)

    @classmethod
    def of(cls, moment: date | datetime, zone: str) -> AsOf:
        """``moment`` as a day in ``zone`` (the pack's), keeping the instant if there is one."""
        if isinstance(moment, datetime):
            if moment.tzinfo is None:
                raise ValueError("as_of must be timezone-aware")
            return cls(day=moment.astimezone(ZoneInfo(zone)).date(), instant=moment)
        return cls(day=moment)

    def known(self, crossings: tuple[CrossingFact, ...]) -> tuple[CrossingFact, ...]:
        """The ``crossings`` that had happened by this moment."""
        if self.instant is not None:
            instant = self.instant
            if not crossings or max(map(_INSTANT, crossings)) <= instant:
                return crossings  # deciding for now: all of it (checked in C, not one by one)
            return tuple(c for c in crossings if c.instant <= instant)
        day = self.day
        if not crossings or max(map(_DAY, crossings)) <= day:
            return crossings
        return tuple(c for c in crossings if c.day <= day)


_INSTANT = attrgetter("instant")
_DAY = attrgetter("day")


def noon(day: date, zone: str = "UTC") -> datetime:
    """Midday of ``day`` in ``zone``: the instant given to a crossing known only by its day."""
    return datetime.combine(day, time(12), tzinfo=ZoneInfo(zone)).astimezone(UTC)


def local_day(instant: datetime, zone: str) -> date:
    return instant.astimezone(ZoneInfo(zone)).date()


def days_between(first: date, last: date) -> int:
    """Calendar days from ``first`` to ``last``, both counted (0 when ``last`` is before)."""
    return max(0, (last - first).days + 1)


ONE_DAY = timedelta(days=1)
