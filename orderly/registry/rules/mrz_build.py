"""Building a machine-readable zone from its fields: the inverse of parsing.

Used by tests and by the demo-data generator. Only the shape of each field is checked here
(characters and lengths); what the fields mean (known state codes, calendar dates, document
codes by format) is for the parser to judge, so tests can build a zone with a wrong date or an
unknown code on purpose and see the parser report it.
"""

from __future__ import annotations

import re

from orderly.registry.rules.mrz_checks import compute_check_digit
from orderly.registry.rules.mrz_dates import BLANK_DATE, encode_birth_date, encode_expiry_date
from orderly.registry.rules.mrz_layout import LAYOUTS, Layout

_CODE = re.compile(r"[A-Z][A-Z<]?")
_STATE = re.compile(r"[A-Z]{1,3}")
_NUMBER = re.compile(r"[A-Z0-9]+")
_OPTIONAL = re.compile(r"[A-Z0-9<]*")
_NAME = re.compile(r"[A-Z '\-]*")
_SEX_CODES = {"F": "F", "M": "M", "X": "<", "<": "<"}


class _Zone:
    """A zone being written: every position starts as a filler."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self.chars = ["<"] * (layout.width * layout.height)

    def put(self, start: int, text: str) -> None:
        self.chars[start : start + len(text)] = list(text)

    def text(self, start: int, end: int) -> str:
        return "".join(self.chars[start:end])

    def put_checked(self, start: int, text: str) -> None:
        """Write ``text`` and its check digit right after it."""
        self.put(start, text + compute_check_digit(text))

    def lines(self) -> str:
        width, joined = self.layout.width, "".join(self.chars)
        return "\n".join(joined[start : start + width] for start in range(0, len(joined), width))


def _require(pattern: re.Pattern[str], value: str, what: str) -> str:
    if pattern.fullmatch(value) is None:
        raise ValueError(f"{what} {value!r} cannot be written in an MRZ")
    return value


def _name_part(words: str) -> str:
    """Doc 9303 Part 3: hyphens become fillers, apostrophes are left out, words split by '<'."""
    upper = _require(_NAME, words.upper(), "name (transliterate it first)")
    return "<".join(upper.replace("'", "").replace("-", " ").split())


def name_field(surname: str, given_names: str, width: int) -> str:
    """Surname '<<' given names, truncated to ``width`` as Doc 9303 Part 3 prescribes in
    principle: characters come off the end of the given names first, and the surname is cut
    only when it does not fit with at least one letter of a given name."""
    primary, secondary = _name_part(surname), _name_part(given_names)
    if not primary and not secondary:
        raise ValueError("a name is required")
    full = f"{primary}<<{secondary}" if secondary else primary
    if len(full) <= width:
        return full
    if len(primary) + 3 > width:
        return primary[:width].rstrip("<")
    return full[:width].rstrip("<")


def _put_number(zone: _Zone, number: str) -> str:
    """Write the document number; return what of it continues in the optional data.

    Parts 5 and 6: a number longer than nine characters puts '<' where the check digit would
    be and continues at the start of the optional data, followed by its check digit.
    """
    layout = zone.layout
    _require(_NUMBER, number, "document number")
    if len(number) <= 9:
        zone.put_checked(layout.number, number.ljust(9, "<"))
        return ""
    if not layout.long_numbers:
        raise ValueError(f"a {layout.label} has room for 9 characters of document number")
    zone.put(layout.number, number[:9] + "<")
    return number[9:] + compute_check_digit(number)


def _split_optional(layout: Layout, optional_data: str) -> tuple[str, str]:
    """TD1 has two optional data fields; a space separates them in ``optional_data``."""
    if " " in optional_data and layout.optional2 is not None:
        first, second = optional_data.split(" ", 1)
        return first, second
    return optional_data, ""


def _put_optional(zone: _Zone, number: str, optional_data: str) -> None:
    """Write the document number and the optional data (TD1: both optional data fields)."""
    layout = zone.layout
    continuation = _put_number(zone, number)
    first, second = _split_optional(layout, optional_data)
    _require(_OPTIONAL, first, "optional data")
    _require(_OPTIONAL, second, "optional data")
    room = layout.optional[1] - layout.optional[0]
    # A filler ends the continuation of a long number, so the parser can tell where it stops.
    content = f"{continuation}<{first}" if continuation and first else continuation + first
    if layout.optional2 is not None and len(content) > room and not second:
        content, second = continuation, first  # TD1: too long for optional data 1, try 2
    room2 = 0 if layout.optional2 is None else layout.optional2[1] - layout.optional2[0]
    if len(content) > room or len(second) > room2:
        raise ValueError(f"optional data {optional_data!r} does not fit in a {layout.label}")
    zone.put(layout.optional[0], content)
    if layout.optional2 is not None:
        zone.put(layout.optional2[0], second)


def _put_checks(zone: _Zone) -> None:
    """Personal-number check digit (TD3) and composite check digit (not on visas)."""
    layout = zone.layout
    if layout.optional_check is not None:
        personal = zone.text(*layout.optional)
        # Part 4: an unused personal number field has '<' (or 0) as its check digit.
        check = compute_check_digit(personal) if personal.strip("<") else "<"
        zone.put(layout.optional_check, check)
    if layout.composite is not None:
        covered = "".join(zone.text(start, end) for start, end in layout.composite_ranges)
        zone.put(layout.composite, compute_check_digit(covered))


def build_mrz(
    *,
    format: str,  # shadows the builtin on purpose: the name Mrz.format uses
    document_type: str,
    issuing_state: str,
    document_number: str,
    nationality: str,
    date_of_birth: str,
    expiry_date: str | None,
    sex: str,
    surname: str,
    given_names: str,
    optional_data: str = "",
) -> str:
    """Return the lines of a zone with these fields, joined by '\\n', check digits computed.

    Dates are ISO text ('XX' for unknown parts of the date of birth, None for no expiry); sex
    'X' is written as '<' (Doc 9303: unspecified); names are truncated per Doc 9303 Part 3 when
    too long. Raises ValueError for an unknown format or a field that cannot be written.
    """
    layout = LAYOUTS.get(format)
    if layout is None:
        raise ValueError(f"unknown MRZ format {format!r}; expected one of {sorted(LAYOUTS)}")
    if sex not in _SEX_CODES:
        raise ValueError(f"sex {sex!r} is not 'F', 'M' or 'X'")
    zone = _Zone(layout)
    zone.put(0, _require(_CODE, document_type, "document type").ljust(2, "<"))
    zone.put(2, _require(_STATE, issuing_state, "issuing state").ljust(3, "<"))
    zone.put(layout.name[0], name_field(surname, given_names, layout.name[1] - layout.name[0]))
    _put_optional(zone, document_number, optional_data)
    zone.put(layout.nationality, _require(_STATE, nationality, "nationality").ljust(3, "<"))
    zone.put_checked(layout.birth, encode_birth_date(date_of_birth))
    zone.put(layout.sex, _SEX_CODES[sex])
    expiry = encode_expiry_date(expiry_date)
    if expiry == BLANK_DATE:
        zone.put(layout.expiry, BLANK_DATE + "<")
    else:
        zone.put_checked(layout.expiry, expiry)
    _put_checks(zone)
    return zone.lines()
