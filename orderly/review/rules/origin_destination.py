"""UN DESA's International Migrant Stock by destination and origin, from the cleaned copy laid out
as one row for each year and destination ("Year", "Dest") and one column for each origin, each
cell the people born in the origin living in the destination at mid-year, both sexes ('..': not
available). The copy kept a few rows of regional subtotals among the destinations; they are left
out (and named), so that nothing is counted twice."""

from __future__ import annotations

from dataclasses import dataclass

from orderly.review.rules.areas import is_group
from orderly.review.rules.migrant_stock import DATASET, Edition
from orderly.review.rules.sheets import (
    LayoutError,
    Rows,
    Where,
    cell_at,
    name_of,
    number,
    text,
    year,
)

HEADER = ("Year", "Dest")


@dataclass(frozen=True)
class StockByOrigin:
    """For each year, destination and origin (as UN DESA names them), the people born in the
    origin living in the destination; pairs with none, or none available, are absent."""

    edition: Edition
    stock: dict[int, dict[str, dict[str, float]]]
    left_out: tuple[str, ...]  # destination rows that were regional subtotals

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted(self.stock))


def stock_by_origin(rows: Rows, sheet: str = "the file") -> StockByOrigin:
    """The matrix of the cleaned copy; raises LayoutError saying what was expected and where."""
    if not rows or tuple(text(c) for c in rows[0][:2]) != HEADER:
        raise LayoutError(f"{Where(sheet, 0)}: expected the header Year, Dest, then the origins")
    origins = [name_of(c, Where(sheet, 0, n + 2)) for n, c in enumerate(rows[0][2:])]
    if not origins or "" in origins:
        raise LayoutError(f"{Where(sheet, 0)}: expected an origin's name atop every column")
    stock: dict[int, dict[str, dict[str, float]]] = {}
    left_out: set[str] = set()
    for index in range(1, len(rows)):
        row = rows[index]
        if not any(text(c) for c in row):
            continue
        this, destination = year(cell_at(row, 0)), name_of(cell_at(row, 1), Where(sheet, index, 1))
        if this is None or not destination:
            where = Where(sheet, index, 0 if this is None else 1)
            raise LayoutError(f"{where}: expected a year and a destination")
        if len(row) != len(origins) + 2:
            where = Where(sheet, index)
            raise LayoutError(f"{where}: expected {len(origins) + 2} cells, found {len(row)}")
        if is_group(destination):
            left_out.add(destination)
            continue
        if destination in stock.get(this, {}):
            where = Where(sheet, index, 1)
            raise LayoutError(f"{where}: {destination} in {this} is on an earlier row already")
        stock.setdefault(this, {})[destination] = {
            origin: value
            for column, origin in enumerate(origins, start=2)
            if (value := number(row[column], Where(sheet, index, column)))
        }
    if not stock:
        raise LayoutError(f"{sheet}: expected a row for each year and destination")
    edition = str(max(stock))
    reference = f"POP/DB/MIG/Stock/Rev.{edition}, by destination and origin (cleaned copy)"
    return StockByOrigin(Edition(DATASET, edition, reference), stock, tuple(sorted(left_out)))
