"""From text as scanners, keyboards and people deliver it to the lines of one MRZ.

Doc 9303 knows three sizes of zone: TD1 (3 lines of 30 characters, Part 5), TD2 and MRV-B
(2 lines of 36, Parts 6 and 7) and TD3 and MRV-A (2 lines of 44, Parts 4 and 7). Visas are
told apart from the other documents of the same size by their first character 'V' (Part 7).

What real input looks like, and what is done about it:

* lower case (typed by hand) -> upper-cased;
* spaces inside or around lines, tabs, no-break spaces, a byte-order mark -> removed;
* CRLF or CR line ends, blank lines, a trailing Enter from a keyboard-wedge scanner -> ignored;
* the whole zone on one line -> cut at the format's line length, chosen by its total length.

Lines of the wrong lengths are not re-cut: a character lost on line 1 would shift every field
after it, so the reader is told the lengths instead of getting a list of false check errors.
"""

from __future__ import annotations

from orderly.registry.rules.mrz_checks import ILLEGAL, to_values

TD1, TD2, TD3, MRVA, MRVB = "TD1", "TD2", "TD3", "MRVA", "MRVB"

# Line lengths of each size of zone -> its format (before telling visas apart).
_SHAPES: dict[tuple[int, ...], str] = {(30, 30, 30): TD1, (36, 36): TD2, (44, 44): TD3}
# Total characters -> line length, for zones pasted without their line breaks.
_WIDTH_OF_TOTAL: dict[int, int] = {90: 30, 72: 36, 88: 44}
# Part 7: a visa of TD3 size is an MRV-A, one of TD2 size an MRV-B.
_VISA_OF_SIZE = {TD3: MRVA, TD2: MRVB}

_EXPECTED = (
    "expected 3 lines of 30 characters (TD1), 2 lines of 36 (TD2, MRV-B) "
    "or 2 lines of 44 (TD3, MRV-A)"
)


class NotAnMrz(ValueError):
    """The text is not a machine-readable zone: wrong lines, lengths or characters."""


def _clean_lines(text: str) -> list[str]:
    """Non-blank lines, upper-cased, with every kind of white space removed."""
    lines = []
    for line in text.replace("\ufeff", "").splitlines():
        compact = "".join(line.split())
        if compact:
            lines.append(compact)
    return lines


def _describe(lengths: list[int]) -> str:
    if not lengths:
        return f"the text is empty; {_EXPECTED}"
    if len(lengths) == 1:
        return f"{_EXPECTED}; found 1 line of {lengths[0]} characters"
    shown = ", ".join(str(length) for length in lengths[:-1]) + f" and {lengths[-1]}"
    return f"{_EXPECTED}; found {len(lengths)} lines of {shown} characters"


def _lines(text: str) -> list[str]:
    """The lines of the zone, white space removed, or NotAnMrz with what was found instead."""
    # Fast path: no white space inside any line, so splitting on all white space gives lines.
    pieces = text.split()
    if tuple(map(len, pieces)) in _SHAPES:
        return pieces
    lines = _clean_lines(text)
    if tuple(map(len, lines)) in _SHAPES:
        return lines
    if len(lines) == 1 and len(lines[0]) in _WIDTH_OF_TOTAL:
        # The whole zone pasted as one line: cut it at the format's line length.
        line, width = lines[0], _WIDTH_OF_TOTAL[len(lines[0])]
        return [line[start : start + width] for start in range(0, len(line), width)]
    raise NotAnMrz(_describe([len(line) for line in lines]))


def _illegal(text: str) -> NotAnMrz:
    found = sorted({char for char in text if not (char.isascii() and char.isalnum())} - {"<"})
    shown = " ".join(repr(char) for char in found)
    return NotAnMrz(f"illegal characters {shown}: an MRZ has only A-Z, 0-9 and '<'")


def split_mrz(text: str) -> tuple[str, str, bytes]:
    """Return (format, zone, character values) or raise NotAnMrz.

    The format is one of "TD1", "TD2", "TD3", "MRVA" and "MRVB"; the zone is the normalized
    lines joined without breaks; the values are those of
    :func:`orderly.registry.rules.mrz_checks.to_values`, computed once for all check digits.
    """
    lines = _lines(text)
    joined = "".join(lines)
    if not joined.isascii():
        raise _illegal(joined)
    zone = joined.upper()
    values = to_values(zone)
    if ILLEGAL in values:
        raise _illegal(joined)
    size = _SHAPES[(len(lines[0]),) * len(lines)]
    if zone[0] == "V" and size in _VISA_OF_SIZE:
        size = _VISA_OF_SIZE[size]
    return size, zone, values
