"""Reporting periods: a calendar year or month, and the same period a year before."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

_PERIOD = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{2}))?$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Period:
    """A calendar year, or one month of it, in the ports' local calendars."""

    year: int
    month: int | None = None

    @property
    def label(self) -> str:
        return f"{self.year}" if self.month is None else f"{self.year}-{self.month:02d}"

    @property
    def first_day(self) -> date:
        return date(self.year, self.month or 1, 1)

    @property
    def last_day(self) -> date:
        month = self.month or 12
        return date(self.year, month, calendar.monthrange(self.year, month)[1])

    def year_before(self) -> Period:
        return Period(self.year - 1, self.month)


def parse_period(text: str) -> Period:
    """``YYYY`` or ``YYYY-MM``; raises ValueError saying what was expected."""
    found = _PERIOD.match(text.strip())
    if not found:
        raise ValueError(f"{text!r} is not a period: give a year (2019) or a month (2019-07)")
    year, month = int(found["year"]), found["month"]
    if not 1900 <= year <= 9998:
        raise ValueError(f"{text!r}: the year must be between 1900 and 9998")
    if month is not None and not 1 <= int(month) <= 12:
        raise ValueError(f"{text!r}: the month must be between 01 and 12")
    return Period(year, int(month) if month is not None else None)


def parse_day(text: str) -> date:
    """A day as ``YYYY-MM-DD`` and nothing else; raises ValueError saying what was expected."""
    try:
        if _DAY.match(text.strip()):
            return date.fromisoformat(text.strip())
    except ValueError:
        pass
    raise ValueError(f"{text!r} is not a day: give one as YYYY-MM-DD, such as 2020-03-31")


def last_day_of_month(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])
