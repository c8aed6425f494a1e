"""What a cooperation rule answers when facts do not hang together: the field at fault and why.

The checks every record shares (texts, countries, web addresses, periods) live here; the
lengths are the models' too, so a text the rules accept always fits its column.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pycountry

TITLE_MAX = 200
SOURCE_MAX = 300
URL_MAX = 500
DESCRIPTION_MAX = 2000

ISO_ALPHA3: frozenset[str] = frozenset(country.alpha_3 for country in pycountry.countries)


@dataclass(frozen=True)
class Problem:
    """Why a record cannot be kept, and the field to mend."""

    field: str
    message: str


def text_problem(value: object, field: str, *, limit: int, required: bool = True) -> Problem | None:
    """A text that is missing (when required), not text, or longer than ``limit`` characters."""
    if not isinstance(value, str):
        return Problem(field, f"{_label(field)} must be text")
    if required and not value.strip():
        return Problem(field, f"{_label(field)} is required")
    if len(value) > limit:
        return Problem(field, f"{_label(field)} is at most {limit} characters")
    return None


def country_problem(code: object, field: str) -> Problem | None:
    """A code that is not an ISO 3166-1 alpha-3 country code in capitals (e.g. PHL)."""
    if not isinstance(code, str) or code not in ISO_ALPHA3:
        return Problem(field, f"{code!r} is not an ISO 3166-1 alpha-3 country code, e.g. PHL")
    return None


def url_problem(value: object, field: str) -> Problem | None:
    """An address that is given but is not a plain http(s) address."""
    if value == "":
        return None
    if (
        not isinstance(value, str)
        or not value.startswith(("https://", "http://"))
        or len(value) > URL_MAX
        or any(c.isspace() for c in value)
        or len(value.split("://", 1)[1]) < 4
    ):
        return Problem(
            field, f"{_label(field)} must be an http(s) address of at most {URL_MAX} characters"
        )
    return None


def day_problem(value: object, field: str, *, required: bool = True) -> Problem | None:
    """A day that is missing (when required) or not a calendar day."""
    if value is None:
        return Problem(field, f"{_label(field)} is required") if required else None
    if not isinstance(value, date) or isinstance(value, datetime):
        return Problem(field, f"{_label(field)} must be a calendar day")
    return None


def _label(field: str) -> str:
    return field.replace("_", " ")
