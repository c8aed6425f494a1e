"""UN DESA's International Migrant Stock by destination and origin, read from the official
workbook's sheet "Table 1" (people at mid-year, both sexes), in either published layout:

- 2019 (``UN_MigrantStockByOriginAndDestination_2019.xlsx``), a matrix: one row for each year and
  destination, headed "Year", "Sort order", "Major area, region, country or area of
  destination", "Notes", "Code", "Type of data (a)", then "Total", "Other North" and "Other
  South" (people whose origin is not known), then one column for each country or area of
  origin, headed by its name;
- 2020 (``undesa_pd_2020_ims_stock_by_sex_destination_and_origin.xlsx``), pairs: one row for each
  destination and origin, headed "Index", "Region, development group, country or area of
  destination", "Notes of destination", "Location code of destination", "Type of Data of
  destination", "Region, development group, country or area of origin", "Location code of
  origin", then the years for both sexes, then the same years for males and for females.

Both sit under title rows that name the edition (POP/DB/MIG/Stock/Rev.YYYY). Names may be indented
and carry a '*' pointing to a note; '..' or an empty cell is not available. Among the countries
and areas are regions and groups of them (and, among the 2020 origins, "Other"): a country or
area has a code under 900 (an ISO 3166 numeric code), the others UN DESA's own codes of 900 or
more. Only pairs of countries or areas are kept, so that nothing is counted twice; the rest are
left out and named. The layouts follow UN DESA's published description of the workbooks; a
workbook laid out otherwise is refused, naming the cell that differs (see
docs/howto/regional-review.md before importing a first workbook of an edition).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from orderly.review.rules.areas import is_group
from orderly.review.rules.migrant_stock import DATASET, Edition
from orderly.review.rules.origin_destination import StockByOrigin
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

FIRST_GROUP_CODE = 900  # ISO 3166 numeric codes stop below it; UN DESA's aggregates start at it
_LOOK_FOR_HEADER = 40  # title rows above the table
_REVISION = re.compile(r"POP/DB/MIG/Stock/Rev\.(\d{4})")
_TITLE = re.compile(r"International Migrant Stock (\d{4})")

Stock = dict[int, dict[str, dict[str, float]]]


@dataclass(frozen=True)
class _Heading:
    label: str  # as the workbook writes it, to name in an error
    wanted: Callable[[str], bool]  # on the heading as written, lowercased, spaces made single


def _is(label: str) -> _Heading:
    return _Heading(label, lambda heading: heading == label.casefold())


def _names(label: str, part: str) -> _Heading:
    return _Heading(label, lambda heading: part in heading)


MATRIX_2019 = (
    _is("Year"),
    _is("Sort order"),
    _names("Major area, region, country or area of destination", "country or area of destination"),
    _is("Notes"),
    _is("Code"),
    _Heading("Type of data (a)", lambda heading: heading.startswith("type of data")),
    _is("Total"),
    _is("Other North"),
    _is("Other South"),
)
PAIRS_2020 = (
    _is("Index"),
    _names(
        "Region, development group, country or area of destination",
        "country or area of destination",
    ),
    _is("Notes of destination"),
    _is("Location code of destination"),
    _is("Type of Data of destination"),
    _names("Region, development group, country or area of origin", "country or area of origin"),
    _is("Location code of origin"),
)
EXPECTED = (
    f"the 2019 header ({', '.join(h.label for h in MATRIX_2019)}, then the origins) or the "
    f"2020 header ({', '.join(h.label for h in PAIRS_2020)}, then the years)"
)


def origin_destination_layout(rows: Rows) -> str | None:
    """Which layout of the workbook by destination and origin its Table 1 ``rows`` are in,
    "2019" or "2020", told by the header row; None when they are in neither (a table of the
    stock by destination, say)."""
    found = _header(rows)
    return None if found is None else found[0]


def stock_by_origin_workbook(rows: Rows, sheet: str = "Table 1") -> StockByOrigin:
    """The matrix of Table 1, both sexes, countries and areas only; raises LayoutError saying
    what was expected and where when the sheet is not laid out so."""
    found = _header(rows)
    if found is None:
        raise LayoutError(f"{sheet}: expected, in the first {_LOOK_FOR_HEADER} rows, {EXPECTED}")
    layout, header = found
    expected = MATRIX_2019 if layout == "2019" else PAIRS_2020
    start = _check_headings(rows, header, expected, sheet)
    edition = _edition(rows[:header], sheet)
    read = _matrix if layout == "2019" else _pairs
    stock, left_out = read(rows, header, start, sheet)
    if not stock:
        raise LayoutError(f"{sheet}: expected a row for each destination under the header")
    return StockByOrigin(edition, stock, tuple(sorted(left_out)))


def _heading(cell: Cell) -> str:
    return " ".join(text(cell).split()).casefold()


def _header(rows: Rows) -> tuple[str, int] | None:
    """The layout and the header row: 2020's names a "... of origin"; 2019's has "Other North"
    or "Other South" (the row naming the origins), or "Year" beside the "... of destination"
    (with the origins named in it or, a header of two rows, in the row under it)."""
    for index, row in enumerate(rows[:_LOOK_FOR_HEADER]):
        headings = [_heading(cell) for cell in row]
        if any("of origin" in h for h in headings):
            return "2020", index
        if _names_unknown_origins(row):
            return "2019", index
        if "year" in headings and any("of destination" in h for h in headings):
            below = index + 1 < len(rows) and _names_unknown_origins(rows[index + 1])
            return "2019", index + 1 if below else index
    return None


def _names_unknown_origins(row: Sequence[Cell]) -> bool:
    return bool({"other north", "other south"} & {_heading(cell) for cell in row})


def _check_headings(rows: Rows, header: int, expected: Sequence[_Heading], sheet: str) -> int:
    """The column the table starts at, its headings checked one by one. A heading may sit in
    the row above the header, where a header of two rows has it."""
    above = rows[header - 1] if header > 0 else ()
    width = max(len(rows[header]), len(above))
    shown = [text(cell_at(rows[header], c)) or text(cell_at(above, c)) for c in range(width)]
    start = next((c for c, heading in enumerate(shown) if heading), 0)
    for offset, wanted in enumerate(expected):
        column = start + offset
        found = shown[column] if column < width else ""
        if not wanted.wanted(_heading(found)):
            where = Where(sheet, header, column)
            found = " ".join(found.split())
            raise LayoutError(f"{where}: expected the heading {wanted.label!r}, found {found!r}")
    return start


def _area(row: Sequence[Cell], name: int, code: int, where: Where) -> tuple[str, bool] | None:
    """The area a row names in the columns ``name`` and ``code``, and whether it is a country
    or area (not a region or group); None where the row has no code (a heading, a note)."""
    code_text = text(cell_at(row, code))
    if not code_text:
        return None
    if not is_digits(code_text) or len(code_text) > 5:
        place = Where(where.sheet, where.row, code)
        raise LayoutError(f"{place}: expected an area's numeric code, found {code_text!r}")
    shown = name_of(cell_at(row, name), Where(where.sheet, where.row, name))
    if not shown:
        place = Where(where.sheet, where.row, name)
        raise LayoutError(f"{place}: expected the name of the area coded {code_text}")
    return shown, int(code_text) < FIRST_GROUP_CODE and not is_group(shown)


def _matrix(rows: Rows, header: int, start: int, sheet: str) -> tuple[Stock, set[str]]:
    """2019: a row for each year and destination, a column for each origin."""
    origins, left_out = _origins(rows[header], start + len(MATRIX_2019), Where(sheet, header))
    stock: Stock = {}
    for index in range(header + 1, len(rows)):
        row, where = rows[index], Where(sheet, index)
        destination = _area(row, start + 2, start + 4, where)
        if destination is None:
            continue
        this = year(cell_at(row, start))
        if this is None:
            found = text(cell_at(row, start))
            raise LayoutError(f"{Where(sheet, index, start)}: expected a year, found {found!r}")
        name, is_country = destination
        if not is_country:
            left_out.add(name)
            continue
        by_destination = stock.setdefault(this, {})
        if name in by_destination:
            place = Where(sheet, index, start + 2)
            raise LayoutError(f"{place}: {name} in {this} is on an earlier row already")
        by_destination[name] = {
            origin: value
            for column, origin in origins.items()
            if (value := number(cell_at(row, column), Where(sheet, index, column)))
        }
    return stock, left_out


def _origins(row: Sequence[Cell], first: int, where: Where) -> tuple[dict[int, str], set[str]]:
    """2019: the countries or areas of origin, by column, named atop theirs from ``first`` on;
    and the regions or groups among them, left out."""
    last = max((c for c in range(first, len(row)) if text(row[c])), default=first - 1)
    origins: dict[int, str] = {}
    groups: set[str] = set()
    for column in range(first, last + 1):
        place = Where(where.sheet, where.row, column)
        name = name_of(row[column], place)
        if not name:
            raise LayoutError(f"{place}: expected the name of a country or area of origin")
        if name in origins.values() or name in groups:
            raise LayoutError(f"{place}: the origin {name} heads an earlier column already")
        if is_group(name):
            groups.add(name)
        else:
            origins[column] = name
    if not origins:
        place = Where(where.sheet, where.row, first)
        raise LayoutError(f"{place}: expected a column for each country or area of origin")
    return origins, groups


def _pairs(rows: Rows, header: int, start: int, sheet: str) -> tuple[Stock, set[str]]:
    """2020: a row for each destination and origin, a column for each year (both sexes)."""
    years = _years(rows[header], start + len(PAIRS_2020), Where(sheet, header))
    stock: Stock = {this: {} for this in years.values()}
    left_out: set[str] = set()
    first_row: dict[tuple[str, str], int] = {}
    for index in range(header + 1, len(rows)):
        pair = _pair(rows[index], start, Where(sheet, index), left_out)
        if pair is None:
            continue
        if pair in first_row:
            place = Where(sheet, index, start + 5)
            earlier = first_row[pair] + 1
            raise LayoutError(f"{place}: {pair[1]} in {pair[0]} is on row {earlier} already")
        first_row[pair] = index
        destination, origin = pair
        for column, this in years.items():
            value = number(cell_at(rows[index], column), Where(sheet, index, column))
            by_origin = stock[this].setdefault(destination, {})
            if value:
                by_origin[origin] = value
    kept = {this: destinations for this, destinations in stock.items() if destinations}
    return kept, left_out


def _pair(
    row: Sequence[Cell], start: int, where: Where, left_out: set[str]
) -> tuple[str, str] | None:
    """2020: the destination and origin a row is for, when both are countries or areas; the
    regions and groups among them are added to ``left_out``."""
    destination = _area(row, start + 1, start + 3, where)
    origin = _area(row, start + 5, start + 6, where)
    if destination is None and origin is None:
        return None  # a heading or a note
    if destination is None or origin is None:
        column, of = (start + 3, "destination") if destination is None else (start + 6, "origin")
        place = Where(where.sheet, where.row, column)
        raise LayoutError(f"{place}: expected the location code of the {of}")
    left_out.update(name for name, is_country in (destination, origin) if not is_country)
    if not (destination[1] and origin[1]):
        return None
    return destination[0], origin[0]


def _years(row: Sequence[Cell], first: int, where: Where) -> dict[int, int]:
    """2020: the years of the first block (both sexes), by column, from ``first`` on."""
    found: dict[int, int] = {}
    for column in range(first, len(row)):
        this = year(row[column])
        if this is None or this in found.values():
            break  # the males' block repeats the years
        found[column] = this
    if not found:
        place = Where(where.sheet, where.row, first)
        raise LayoutError(f"{place}: expected the years of the stock (1990, 1995, ...)")
    return found


def _edition(title_rows: Rows, sheet: str) -> Edition:
    """The edition the title rows name: its reference (POP/DB/MIG/Stock/Rev.YYYY), or else its
    title (International Migrant Stock YYYY)."""
    titles = [text(cell) for row in title_rows for cell in row if text(cell)]
    for pattern in (_REVISION, _TITLE):
        found = next((m for t in titles if (m := pattern.search(t))), None)
        if found:
            return Edition(DATASET, found[1], f"{found[0]}, by destination and origin")
    raise LayoutError(
        f"{sheet}: expected the edition (POP/DB/MIG/Stock/Rev.YYYY) in the rows above the table"
    )
