"""UN DESA's International Migrant Stock by destination, read from its workbook's Table 1.

The table sits under title rows (publisher, edition, citation, licence): a header row naming the
area ("... country or area ..."), its notes, its code (M49) and the type of data, then a block of
years for each sex. Editions differ in the details: 2019 puts the years in the row under the
header, 2020 in the header row itself and indents the names, marking some with a '*' that
points to a note. Rows without a code are headings; rows with a type of data are countries or
areas, the others regions and groups. Stocks are people at mid-year, both sexes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from orderly.review.rules.sheets import (
    Cell,
    LayoutError,
    Rows,
    Where,
    cell_at,
    is_digits,
    name_of,
    number,
    text,
    year,
)

DATASET = "UN DESA International Migrant Stock"
WORLD_CODE = 900
_REVISION = re.compile(r"POP/DB/MIG/Stock/Rev\.(\d{4})")
_LOOK_FOR_HEADER = 40  # title rows above the table


@dataclass(frozen=True)
class Edition:
    """Which release of a dataset a file holds: its name, its edition (a year), the
    publisher's reference, and the date it was last updated where the file says one."""

    dataset: str
    edition: str
    reference: str = ""
    vintage: str = ""


@dataclass(frozen=True)
class AreaStock:
    """One area's international migrant stock (both sexes) by year; None: not available."""

    name: str
    code: int  # UN M49
    notes: str
    is_country: bool  # a country or area, not a region or a group of them
    stock: dict[int, float | None]


@dataclass(frozen=True)
class StockByDestination:
    edition: Edition
    areas: tuple[AreaStock, ...]

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(self.areas[0].stock) if self.areas else ()


@dataclass(frozen=True)
class _Columns:
    name: int
    notes: int | None
    code: int
    kind: int | None
    years: dict[int, int]  # column -> year
    first_data_row: int


def stock_by_destination(rows: Rows, sheet: str = "Table 1") -> StockByDestination:
    """The areas of Table 1 with their stocks, both sexes; raises LayoutError saying what was
    expected and where when the sheet is not laid out so."""
    columns = _columns(rows, sheet)
    edition = _edition(rows[: columns.first_data_row], sheet)
    areas: list[AreaStock] = []
    for index in range(columns.first_data_row, len(rows)):
        area = _area(rows[index], columns, Where(sheet, index))
        if area is None:
            continue
        earlier = next((a for a in areas if a.code == area.code), None)
        if earlier is None:
            areas.append(area)
        elif area.is_country or earlier.is_country:
            where = Where(sheet, index, columns.code)
            raise LayoutError(f"{where}: the code {area.code} is on an earlier row already")
        # else a region listed again under another grouping (Oceania, say): kept once
    if not any(a.code == WORLD_CODE for a in areas):
        raise LayoutError(f"{sheet}: expected a row for the WORLD (code {WORLD_CODE})")
    return StockByDestination(edition, tuple(areas))


def _columns(rows: Rows, sheet: str) -> _Columns:
    for index, row in enumerate(rows[:_LOOK_FOR_HEADER]):
        headings = [text(cell).lower() for cell in row]
        name = _find(headings, lambda h: "country or area" in h)
        code = _find(headings, lambda h: h in {"code", "location code"})
        if name is None or code is None:
            continue
        start = _both_sexes(rows, index, sheet)
        year_row = index if year(cell_at(row, start)) else index + 1
        years = _years(rows[year_row] if year_row < len(rows) else (), start)
        if not years:
            where = Where(sheet, year_row, start)
            raise LayoutError(f"{where}: expected the years of the stock (1990, 1995, ...)")
        return _Columns(
            name=name,
            notes=_find(headings, lambda h: h == "notes"),
            code=code,
            kind=_find(headings, lambda h: h.startswith("type of data")),
            years=years,
            first_data_row=year_row + 1,
        )
    raise LayoutError(
        f"{sheet}: expected a header row naming the 'country or area' and its 'Code' (or "
        f"'Location code') in the first {_LOOK_FOR_HEADER} rows"
    )


def _both_sexes(rows: Rows, header: int, sheet: str) -> int:
    """The column where the block of stocks of both sexes begins: headed 'both sexes' in the
    header row or in one of the few rows above it."""
    for index in range(header, max(-1, header - 4), -1):
        found = _find([text(c).lower() for c in rows[index]], lambda h: "both sexes" in h)
        if found is not None:
            return found
    raise LayoutError(
        f"{Where(sheet, header)}: expected a column headed 'both sexes' above the years"
    )


def _years(row: Sequence[Cell], start: int) -> dict[int, int]:
    found: dict[int, int] = {}
    for column in range(start, len(row)):
        this = year(row[column])
        if this is None or this in found.values():
            break  # the next sex's block repeats the years
        found[column] = this
    return found


def _area(cells: Sequence[Cell], columns: _Columns, where: Where) -> AreaStock | None:
    name = name_of(cell_at(cells, columns.name), Where(where.sheet, where.row, columns.name))
    code_text = text(cell_at(cells, columns.code))
    if not name or not code_text:
        return None  # a blank row, or a heading such as "UN development groups"
    if not is_digits(code_text) or len(code_text) > 5:
        place = Where(where.sheet, where.row, columns.code)
        raise LayoutError(f"{place}: expected an area's numeric code, found {code_text!r}")
    kind = text(cell_at(cells, columns.kind)) if columns.kind is not None else ""
    notes = text(cell_at(cells, columns.notes)) if columns.notes is not None else ""
    stock = {
        this: number(cell_at(cells, column), Where(where.sheet, where.row, column))
        for column, this in columns.years.items()
    }
    return AreaStock(name, int(code_text), notes, bool(kind), stock)


def _edition(title_rows: Rows, sheet: str) -> Edition:
    for row in title_rows:
        for cell in row:
            found = _REVISION.search(text(cell))
            if found:
                return Edition(DATASET, found[1], found[0])
    raise LayoutError(
        f"{sheet}: expected the edition (POP/DB/MIG/Stock/Rev.YYYY) in the rows above the table"
    )


def _find(headings: list[str], wanted: Callable[[str], bool]) -> int | None:
    for column, heading in enumerate(headings):
        if wanted(heading):
            return column
    return None
