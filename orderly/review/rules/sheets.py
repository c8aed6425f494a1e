"""What the official files are read as: a sheet is its rows, each a list of cells as the file
holds them (text, numbers, dates, empty text for an empty cell); and the error a file whose
layout is not the one expected raises, saying what was expected and where."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TypeAlias

Cell: TypeAlias = str | float | int | bool | date | datetime | time | timedelta | None
Rows: TypeAlias = Sequence[Sequence[Cell]]

# Where each publisher writes "not available".
NOT_AVAILABLE = frozenset({"", "..", "\u2026", "-", "\u2013", "n/a", "NA"})


class LayoutError(ValueError):
    """The file is not laid out as expected: the message says what was expected and where
    (sheet, row and column as a spreadsheet numbers them: row 1, column A)."""


@dataclass(frozen=True)
class Where:
    """A place in a file, to name in an error."""

    sheet: str
    row: int  # from 0, as the rows are indexed
    column: int | None = None

    def __str__(self) -> str:
        cell = (
            f"row {self.row + 1}"
            if self.column is None
            else (f"cell {column_letter(self.column)}{self.row + 1}")
        )
        return f"{cell} of {self.sheet}"


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def text(cell: Cell) -> str:
    """A cell as text, trimmed; a whole number written as a float (2019.0) as the number."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def number(cell: Cell, where: Where) -> float | None:
    """A cell as a number; None where the publisher marks it not available."""
    if isinstance(cell, bool):
        raise LayoutError(f"{where}: expected a number, found {cell!r}")
    if isinstance(cell, int | float):
        if not math.isfinite(cell):
            raise LayoutError(f"{where}: expected a number, found {cell!r}")
        return float(cell)
    shown = text(cell)
    if shown in NOT_AVAILABLE:
        return None
    try:
        value = float(shown.replace(",", ""))
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise LayoutError(f"{where}: expected a number or '..', found {shown!r}")
    return value


def year(cell: Cell) -> int | None:
    """A cell holding a year (1900-2200) as a number or text; None otherwise."""
    shown = text(cell)
    if is_digits(shown) and 1900 <= int(shown) <= 2200:
        return int(shown)
    return None


def is_digits(shown: str) -> bool:
    """Only the digits 0 to 9 (``str.isdigit`` also takes superscripts such as a footnote's ¹)."""
    return shown.isascii() and shown.isdigit()


def cell_at(row: Sequence[Cell], column: int) -> Cell:
    return row[column] if column < len(row) else ""


LONGEST_NAME = 128  # as the figures are stored


def name_of(cell: Cell, where: Where) -> str:
    """An area's name, without the '*' that points to a note; at most LONGEST_NAME long."""
    name = text(cell).rstrip("*").strip()
    if len(name) > LONGEST_NAME:
        raise LayoutError(f"{where}: expected a name of at most {LONGEST_NAME} characters")
    return name
