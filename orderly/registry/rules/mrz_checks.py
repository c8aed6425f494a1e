"""Check digits of machine-readable zones (ICAO Doc 9303 Part 3, section 4.9).

Each character has a value (digits 0-9, letters A-Z 10-35, the filler '<' 0); values are
multiplied by the repeating weights 7, 3, 1, summed, and the check digit is the sum modulo 10.

For speed, a whole line is translated once into a bytes object holding each character's value
(``bytes.translate`` runs in C), and a check digit is then three C-level sums over strided
slices of those values instead of a Python loop per character.
"""

from __future__ import annotations

FILLER = "<"

# Value of every byte; 255 marks a byte that may not appear in an MRZ at all.
ILLEGAL = 255
_TABLE = bytearray([ILLEGAL]) * 256
for _offset, _char in enumerate("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"):
    _TABLE[ord(_char)] = _offset
_TABLE[ord(FILLER)] = 0
VALUE_TABLE = bytes(_TABLE)

_DIGITS = "0123456789"


def to_values(chars: str) -> bytes:
    """The value of each character of ``chars`` (ASCII only), ILLEGAL where not allowed."""
    return chars.encode("ascii").translate(VALUE_TABLE)


def check_digit_of_values(values: bytes) -> str:
    """The check digit over characters already translated with :func:`to_values`."""
    total = 7 * sum(values[0::3]) + 3 * sum(values[1::3]) + sum(values[2::3])
    return _DIGITS[total % 10]


def compute_check_digit(chars: str) -> str:
    """Return the Doc 9303 check digit ('0'-'9') over ``chars`` (A-Z, 0-9 and '<').

    Raises ValueError when ``chars`` holds a character that cannot appear in an MRZ.
    """
    if not chars.isascii():
        raise ValueError(f"cannot compute a check digit over non-ASCII text {chars!r}")
    values = to_values(chars)
    if ILLEGAL in values:
        raise ValueError(f"cannot compute a check digit over {chars!r}: only A-Z, 0-9 and '<'")
    return check_digit_of_values(values)
