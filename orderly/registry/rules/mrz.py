"""Machine-readable zones of travel documents (ICAO Doc 9303): parse, verify and build.

A pure rule: the standard library and pycountry only, no Django, no clock (the caller passes
``today``, which decides the century of two-digit years), no I/O.

Formats: TD1 (3 x 30, identity cards, Part 5), TD2 (2 x 36, Part 6), TD3 (2 x 44, passports,
Part 4), MRV-A (2 x 44) and MRV-B (2 x 36) visas (Part 7). ``parse_mrz`` reads as much as it
can and reports each problem on the field it concerns; it raises ``NotAnMrz`` only when the
text is not a zone of any format (wrong lines, lengths or characters).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from orderly.registry.rules.mrz_build import build_mrz
from orderly.registry.rules.mrz_checks import check_digit_of_values, compute_check_digit
from orderly.registry.rules.mrz_dates import (
    BLANK_DATE,
    decode_birth_date,
    decode_expiry_date,
    is_complete,
)
from orderly.registry.rules.mrz_layout import LAYOUTS, Layout
from orderly.registry.rules.mrz_states import is_known_state, state_to_iso3
from orderly.registry.rules.mrz_text import NotAnMrz, split_mrz

__all__ = [
    "FieldError",
    "Mrz",
    "NotAnMrz",
    "build_mrz",
    "compute_check_digit",
    "parse_mrz",
    "state_to_iso3",
]


@dataclass(frozen=True, slots=True)
class FieldError:
    """One precise problem: the field it concerns and what was expected versus found."""

    field: str
    message: str


@dataclass(frozen=True, slots=True)
class Mrz:
    """What a machine-readable zone says, with every problem found in it.

    Dates are ISO text ('1974-08-12'; unknown parts of a date of birth as 'XX'); a date whose
    characters cannot be read as one is kept as printed, with an error on its field.
    """

    format: str
    document_type: str
    issuing_state: str
    document_number: str
    nationality: str
    date_of_birth: str
    expiry_date: str | None
    sex: str
    surname: str
    given_names: str
    optional_data: str
    lines: tuple[str, ...]
    errors: tuple[FieldError, ...]

    @property
    def valid(self) -> bool:
        """True when every check digit matches and every field is well formed."""
        return not self.errors

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary of the fields, ``valid`` and the errors."""
        return {
            "format": self.format,
            "document_type": self.document_type,
            "issuing_state": self.issuing_state,
            "document_number": self.document_number,
            "nationality": self.nationality,
            "date_of_birth": self.date_of_birth,
            "expiry_date": self.expiry_date,
            "sex": self.sex,
            "surname": self.surname,
            "given_names": self.given_names,
            "optional_data": self.optional_data,
            "valid": self.valid,
            "errors": [{"field": error.field, "message": error.message} for error in self.errors],
        }


# Doc 9303 Part 4: F, M or '<' for unspecified; several states print 'X' for unspecified.
_SEXES = {"F": "F", "M": "M", "X": "X", "<": "X"}
_EMPTY_CHECK_DIGITS = ("<", "0")
_DATE_FIELDS = frozenset({"date_of_birth", "expiry_date"})


def _verify(
    errors: list[FieldError], field: str, label: str, covered: str, values: bytes, found: str
) -> None:
    """Record an error on ``field`` when ``found`` is not the check digit over ``values``."""
    expected = check_digit_of_values(values)
    if found != expected:
        errors.append(
            FieldError(
                field,
                f"the {label} check digit over {covered!r} should be {expected!r}, found {found!r}",
            )
        )


def _document_type(layout: Layout, code: str, errors: list[FieldError]) -> str:
    """The document code: first letter by format, second at the issuer's discretion."""
    first, second = code[0], code[1]
    if first not in layout.document_letters:
        letters = " or ".join(repr(letter) for letter in layout.document_letters)
        errors.append(
            FieldError(
                "document_type",
                f"the document code of a {layout.label} starts with {letters}; found {code!r}",
            )
        )
    elif second.isdigit():
        errors.append(
            FieldError("document_type", f"the document code {code!r} ends in a digit, not a letter")
        )
    elif second == "V" and layout.format in ("TD1", "TD2"):
        # Parts 5 and 6: 'V' as second character is reserved so no card is read as a visa.
        errors.append(
            FieldError("document_type", f"the document code {code!r} may not use 'V' second")
        )
    return code.rstrip("<")


def _state(field: str, label: str, raw: str, errors: list[FieldError]) -> str:
    code = raw.rstrip("<")
    if not is_known_state(code):
        errors.append(
            FieldError(
                field,
                f"the {label} {raw!r} is neither an ISO 3166-1 alpha-3 code nor an ICAO code "
                "(Doc 9303 Part 3)",
            )
        )
    return code


def _words(part: str) -> str:
    return " ".join(part.replace("<", " ").split())


def _names(raw: str, errors: list[FieldError]) -> tuple[str, str]:
    """(surname, given names); Doc 9303 Part 3: '<<' separates the primary identifier (surname)
    from the secondary (given names); a holder with one name has no secondary identifier."""
    name = raw.rstrip("<")
    if not name:
        errors.append(FieldError("name", "the name field is empty"))
    elif not name.replace("<", "").isalpha():
        digits = "".join(sorted({char for char in name if char.isdigit()}))
        errors.append(FieldError("name", f"a name has only letters and '<'; found {digits!r}"))
    separator = name.find("<<")
    if separator < 0:
        return _words(name), ""
    return _words(name[:separator]), _words(name[separator + 2 :])


def _document_number(
    layout: Layout, zone: str, values: bytes, errors: list[FieldError]
) -> tuple[str, str]:
    """(document number, optional data that is left for the holder's data).

    Parts 5 and 6: a number longer than nine characters shows its first nine, '<' where the
    check digit would be, and continues at the start of the optional data, followed by its
    check digit (computed over the whole number) and a filler.
    """
    start = layout.number
    principal, check = zone[start : start + 9], zone[start + 9]
    optional = zone[layout.optional[0] : layout.optional[1]]
    if check == "<" and layout.long_numbers and principal[-1] != "<":
        run = optional.split("<", 1)[0]
        if len(run) >= 2:
            number = principal + run[:-1]
            values_of_number = (
                values[start : start + 9]
                + values[layout.optional[0] : layout.optional[0] + len(run) - 1]
            )
            _verify(
                errors,
                "document_number_check_digit",
                "document number",
                number,
                values_of_number,
                run[-1],
            )
            return number, optional[len(run) :]
    number = principal.rstrip("<")
    if not number:
        errors.append(FieldError("document_number", "the document number is blank"))
    elif number[0] == "<":
        errors.append(
            FieldError("document_number", f"the document number {principal!r} starts with '<'")
        )
    _verify(
        errors,
        "document_number_check_digit",
        "document number",
        principal,
        values[start : start + 9],
        check,
    )
    return number, optional


def _birth_date(
    layout: Layout, zone: str, values: bytes, today: date, errors: list[FieldError]
) -> str:
    start = layout.birth
    raw = zone[start : start + 6]
    text, error = decode_birth_date(raw, today)
    if error is not None:
        errors.append(FieldError("date_of_birth", error))
    # The check digit covers the characters as printed, fillers of unknown parts included.
    _verify(
        errors,
        "date_of_birth_check_digit",
        "date of birth",
        raw,
        values[start : start + 6],
        zone[start + 6],
    )
    return text


def _expiry_date(
    layout: Layout, zone: str, values: bytes, today: date, errors: list[FieldError]
) -> str | None:
    start = layout.expiry
    raw, check = zone[start : start + 6], zone[start + 6]
    text, error = decode_expiry_date(raw, today)
    if error is not None:
        errors.append(FieldError("expiry_date", error))
    if raw == BLANK_DATE:
        if check not in _EMPTY_CHECK_DIGITS:
            errors.append(
                FieldError(
                    "expiry_date_check_digit",
                    f"a blank expiry date has check digit '<' or '0'; found {check!r}",
                )
            )
    else:
        _verify(
            errors, "expiry_date_check_digit", "expiry date", raw, values[start : start + 6], check
        )
    return text


def _personal_number_check(
    layout: Layout, zone: str, values: bytes, errors: list[FieldError]
) -> None:
    """TD3 only (Part 4): an unused personal number has check digit '<' or '0'."""
    if layout.optional_check is None:
        return
    start, end = layout.optional
    raw, check = zone[start:end], zone[layout.optional_check]
    if raw.strip("<"):
        _verify(
            errors, "optional_data_check_digit", "personal number", raw, values[start:end], check
        )
    elif check not in _EMPTY_CHECK_DIGITS:
        errors.append(
            FieldError(
                "optional_data_check_digit",
                f"an empty personal number has check digit '<' or '0'; found {check!r}",
            )
        )


def _composite_check(layout: Layout, zone: str, values: bytes, errors: list[FieldError]) -> None:
    """The composite check digit covers the fields listed in the layout, as printed."""
    if layout.composite is None:
        return
    covered = b"".join([values[start:end] for start, end in layout.composite_ranges])
    expected = check_digit_of_values(covered)
    found = zone[layout.composite]
    if found != expected:
        errors.append(
            FieldError(
                "composite_check_digit",
                f"the composite check digit should be {expected!r}, found {found!r}",
            )
        )


def _optional_data(layout: Layout, zone: str, remainder: str) -> str:
    """Fillers stripped; TD1's two optional data fields joined by a space when both are used."""
    first = remainder.strip("<")
    if layout.optional2 is None:
        return first
    second = zone[layout.optional2[0] : layout.optional2[1]].strip("<")
    if first and second:
        return f"{first} {second}"
    return first or second


def _sex(raw: str, errors: list[FieldError]) -> str:
    sex = _SEXES.get(raw)
    if sex is None:
        errors.append(FieldError("sex", f"sex is 'F', 'M', 'X' or '<'; found {raw!r}"))
        return raw
    return sex


def _dates_in_order(birth: str, expiry: str | None, errors: list[FieldError]) -> None:
    """A document cannot expire before its holder was born (checked on valid dates only)."""
    if any(error.field in _DATE_FIELDS for error in errors):
        return
    if is_complete(birth) and is_complete(expiry) and expiry is not None and expiry < birth:
        errors.append(
            FieldError("expiry_date", f"the expiry date {expiry} is before the birth {birth}")
        )


def parse_mrz(text: str, *, today: date) -> Mrz:
    """Parse and verify one machine-readable zone of any Doc 9303 format.

    ``today`` decides the century of two-digit years. Every check digit and field is verified;
    problems are returned in ``Mrz.errors``. Raises NotAnMrz when ``text`` is no MRZ at all.
    """
    format_, zone, values = split_mrz(text)
    layout = LAYOUTS[format_]
    errors: list[FieldError] = []
    document_type = _document_type(layout, zone[0:2], errors)
    issuing_state = _state("issuing_state", "issuing state", zone[2:5], errors)
    surname, given_names = _names(zone[layout.name[0] : layout.name[1]], errors)
    number, remainder = _document_number(layout, zone, values, errors)
    nationality_at = layout.nationality
    nationality = _state(
        "nationality", "nationality", zone[nationality_at : nationality_at + 3], errors
    )
    birth = _birth_date(layout, zone, values, today, errors)
    sex = _sex(zone[layout.sex], errors)
    expiry = _expiry_date(layout, zone, values, today, errors)
    _dates_in_order(birth, expiry, errors)
    _personal_number_check(layout, zone, values, errors)
    _composite_check(layout, zone, values, errors)
    width = layout.width
    # Positional, in field order: about 1.4 us faster per parse than keywords, a tenth of the
    # whole parse (benchmarks/bench_mrz.py); the round-trip property test guards the order.
    return Mrz(
        format_,
        document_type,
        issuing_state,
        number,
        nationality,
        birth,
        expiry,
        sex,
        surname,
        given_names,
        _optional_data(layout, zone, remainder),
        (zone[:width], zone[width : 2 * width], zone[2 * width :])
        if layout.height == 3
        else (zone[:width], zone[width:]),
        tuple(errors),
    )
