"""Where each field sits in each format of machine-readable zone.

Offsets count from the start of the zone with its lines joined (line 2 of a TD3 starts at 44),
so parsing and building share one table and never loop over lines. Positions follow the
data-structure tables of Doc 9303 Part 4 (TD3), Part 5 (TD1), Part 6 (TD2) and Part 7
(MRV-A, MRV-B); Doc 9303 counts positions from 1, these offsets from 0.
"""

from __future__ import annotations

from typing import NamedTuple


class Layout(NamedTuple):
    """Offsets of one format's fields; a (start, end) pair is a slice, a single int one char."""

    format: str
    label: str  # for messages: what kind of document this is
    width: int  # characters per line
    height: int  # lines
    document_letters: str  # allowed first characters of the document code
    name: tuple[int, int]
    number: int  # the nine principal characters of the document number
    nationality: int
    birth: int  # YYMMDD; its check digit follows
    sex: int
    expiry: int  # YYMMDD; its check digit follows
    optional: tuple[int, int]  # TD1: optional data 1 (line 1)
    optional2: tuple[int, int] | None  # TD1 only: optional data 2 (line 2)
    optional_check: int | None  # TD3 only: check digit over the personal number
    composite: int | None  # visas have none
    composite_ranges: tuple[tuple[int, int], ...]
    long_numbers: bool  # Parts 5 and 6: numbers of more than 9 characters continue in optional data


def _two_line(
    format_: str, label: str, width: int, letters: str, optional_end: int, composite: bool
) -> Layout:
    """TD3, TD2 and both visas share line 2 up to the optional data (Parts 4, 6 and 7)."""
    line2 = width
    optional_check = optional_end if format_ == "TD3" else None
    end = line2 + width - 1
    return Layout(
        format=format_,
        label=label,
        width=width,
        height=2,
        document_letters=letters,
        name=(5, width),
        number=line2,
        nationality=line2 + 10,
        birth=line2 + 13,
        sex=line2 + 20,
        expiry=line2 + 21,
        optional=(line2 + 28, optional_end),
        optional2=None,
        optional_check=optional_check,
        composite=end if composite else None,
        composite_ranges=((line2, line2 + 10), (line2 + 13, line2 + 20), (line2 + 21, end))
        if composite
        else (),
        long_numbers=format_ == "TD2",
    )


# Part 5: line 1 holds the document number and optional data 1, line 2 the dates, the
# nationality and optional data 2, line 3 the name; the composite covers everything but the
# document code, the issuing state, the sex and the nationality.
TD1_LAYOUT = Layout(
    format="TD1",
    label="TD1 official travel document",
    width=30,
    height=3,
    document_letters="ACI",
    name=(60, 90),
    number=5,
    nationality=45,
    birth=30,
    sex=37,
    expiry=38,
    optional=(15, 30),
    optional2=(48, 59),
    optional_check=None,
    composite=59,
    composite_ranges=((5, 30), (30, 37), (38, 45), (48, 59)),
    long_numbers=True,
)

LAYOUTS: dict[str, Layout] = {
    "TD1": TD1_LAYOUT,
    "TD2": _two_line("TD2", "TD2 official travel document", 36, "ACI", 71, composite=True),
    "TD3": _two_line("TD3", "TD3 passport", 44, "P", 86, composite=True),
    "MRVA": _two_line("MRVA", "MRV-A visa", 44, "V", 88, composite=False),
    "MRVB": _two_line("MRVB", "MRV-B visa", 36, "V", 72, composite=False),
}
