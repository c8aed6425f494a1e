"""Dates in machine-readable zones: YYMMDD with a two-digit year (Doc 9303 Parts 3 to 7).

The MRZ does not carry the century, so it is chosen relative to ``today``, which the caller
passes in (rules never read the clock):

* date of birth: the most recent century that does not put the date in the future;
* expiry date: the century that puts the date in the window [today - 50 years, today + 50 years).

A date of birth may be partly unknown. Doc 9303 Part 3 (representation of dates) then shows the
unknown parts as fillers in the MRZ ('74<<<<' or '7408<<') and as 'XX' in the visual zone; this
module returns the visual-zone form ('1974-XX-XX', '1974-08-XX'). An expiry date may be blank
('<<<<<<') on documents that do not expire.
"""

from __future__ import annotations

import re
from datetime import date

_DAYS_IN_MONTH = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_MONTH_NAMES = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
UNKNOWN = "XX"
BLANK_DATE = "<<<<<<"


def _days_in_month(year: int, month: int) -> int:
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _DAYS_IN_MONTH[month]


def _calendar_error(what: str, raw: str, year: int, month: int, day: int | None) -> str | None:
    """Why (year, month, day) is not a calendar date, or None; day None means 'day unknown'."""
    if not 1 <= month <= 12:
        return f"{what} {raw!r} has month {month:02d}; expected a month from 01 to 12"
    if day is not None and not 1 <= day <= _days_in_month(year, month):
        last = _days_in_month(year, month)
        return (
            f"{what} {raw!r} has day {day:02d}; {_MONTH_NAMES[month]} {year} has days 01 to {last}"
        )
    return None


def _birth_year(yy: int, month: int, day: int, today: date) -> int:
    """The four-digit year: the latest one ending in ``yy`` that is not after ``today``."""
    year = today.year - today.year % 100 + yy
    # Unknown month or day count as 0, so a partly known date is placed as early as possible.
    if (year, month, day) > (today.year, today.month, today.day):
        year -= 100
    return year


def decode_birth_date(raw: str, today: date) -> tuple[str, str | None]:
    """Decode a six-character MRZ date of birth into (ISO-like text, error or None).

    The text is 'YYYY-MM-DD' with 'XX' for unknown parts; when the characters cannot be read
    as a date at all, the text is ``raw`` itself and the error says why.
    """
    if raw.isdigit():
        month, day = int(raw[2:4]), int(raw[4:6])
        year = _birth_year(int(raw[0:2]), month, day, today)
        error = _calendar_error("date of birth", raw, year, month, day)
        return f"{year}-{raw[2:4]}-{raw[4:6]}", error
    if raw == BLANK_DATE:
        return f"{UNKNOWN}{UNKNOWN}-{UNKNOWN}-{UNKNOWN}", None
    if raw[4:6] == "<<" and raw[0:4].isdigit():
        month = int(raw[2:4])
        year = _birth_year(int(raw[0:2]), month, 0, today)
        error = _calendar_error("date of birth", raw, year, month, None)
        return f"{year}-{raw[2:4]}-{UNKNOWN}", error
    if raw[2:6] == "<<<<" and raw[0:2].isdigit():
        year = _birth_year(int(raw[0:2]), 0, 0, today)
        return f"{year}-{UNKNOWN}-{UNKNOWN}", None
    return raw, (
        f"date of birth {raw!r} is not YYMMDD digits; fillers '<' may only stand for an "
        "unknown day, an unknown month and day, or a wholly unknown date"
    )


def _expiry_year(yy: int, month: int, day: int, today: date) -> int:
    """The four-digit year ending in ``yy`` within [today - 50 years, today + 50 years)."""
    year = today.year - today.year % 100 + yy
    key = (year, month, day)
    if key >= (today.year + 50, today.month, today.day):
        return year - 100
    if key < (today.year - 50, today.month, today.day):
        return year + 100
    return year


def decode_expiry_date(raw: str, today: date) -> tuple[str | None, str | None]:
    """Decode a six-character MRZ expiry date into (ISO text or None if blank, error or None).

    When the characters cannot be read as a date, the text is ``raw`` and the error says why.
    """
    if raw.isdigit():
        month, day = int(raw[2:4]), int(raw[4:6])
        year = _expiry_year(int(raw[0:2]), month, day, today)
        error = _calendar_error("expiry date", raw, year, month, day)
        return f"{year}-{raw[2:4]}-{raw[4:6]}", error
    if raw == BLANK_DATE:
        return None, None
    return raw, f"expiry date {raw!r} is neither YYMMDD digits nor blank ('<<<<<<')"


_ISO_BIRTH = re.compile(r"(\d{4}|XXXX)-(\d\d|XX)-(\d\d|XX)")
_ISO_EXPIRY = re.compile(r"\d{4}-\d\d-\d\d")


def encode_birth_date(text: str) -> str:
    """'1974-08-12' -> '740812', '1974-08-XX' -> '7408<<', '1974-XX-XX' -> '74<<<<',
    'XXXX-XX-XX' -> '<<<<<<'. Only the shape is checked, so invalid dates can be encoded."""
    match = _ISO_BIRTH.fullmatch(text)
    if match is None:
        raise ValueError(f"date of birth {text!r} is not YYYY-MM-DD (with XX for unknown parts)")
    year, month, day = match.groups()
    if (year == "XXXX" and month != UNKNOWN) or (month == UNKNOWN and day != UNKNOWN):
        raise ValueError(f"date of birth {text!r}: only trailing parts may be unknown")
    return (year[2:] + month + day).replace("X", "<")


def encode_expiry_date(text: str | None) -> str:
    """'2012-04-15' -> '120415', None -> '<<<<<<'. Only the shape is checked."""
    if text is None:
        return BLANK_DATE
    if _ISO_EXPIRY.fullmatch(text) is None:
        raise ValueError(f"expiry date {text!r} is not YYYY-MM-DD")
    return text[2:4] + text[5:7] + text[8:10]


def is_complete(iso: str | None) -> bool:
    """True for a full 'YYYY-MM-DD' date (no unknown parts), so two dates can be compared."""
    return iso is not None and len(iso) == 10 and "X" not in iso and iso[4] == "-"
