"""The World Bank's World Development Indicators download for one indicator, personal
remittances received (BX.TRF.PWKR.CD.DT, current US$), in its CSV or Excel layout.

Both layouts hold the same table under a few rows of their own: "Data Source" and "Last Updated
Date" (the vintage: WDI figures are revised, so every figure must say which it came from), then a
header "Country Name, Country Code, Indicator Name, Indicator Code, 1960, 1961, ..." and a row
for each economy or aggregate (the aggregates' codes, such as WLD or EAS, are not ISO codes of
an economy). The Excel file keeps the table on its sheet "Data".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from orderly.review.rules.migrant_stock import Edition
from orderly.review.rules.sheets import (
    Cell,
    LayoutError,
    Rows,
    Where,
    cell_at,
    name_of,
    number,
    text,
    year,
)

DATASET = "World Bank World Development Indicators"
INDICATOR = "BX.TRF.PWKR.CD.DT"
HEADER = ("Country Name", "Country Code", "Indicator Name", "Indicator Code")
_LOOK_FOR_HEADER = 10


@dataclass(frozen=True)
class Remittances:
    """Remittances received by each economy (ISO 3166 alpha-3, or the World Bank's code of an
    aggregate), in current US$ by year; None: not available."""

    edition: Edition
    received: dict[str, dict[int, float | None]]
    names: dict[str, str]

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(next(iter(self.received.values()), {}))


def remittances(rows: Rows, sheet: str = "Data") -> Remittances:
    """The table of the download; raises LayoutError saying what was expected and where when
    the rows are not laid out so, or hold another indicator."""
    header = _header(rows, sheet)
    years = {
        column: found
        for column in range(len(HEADER), len(rows[header]))
        if (found := year(rows[header][column])) is not None
    }
    if not years:
        raise LayoutError(f"{Where(sheet, header)}: expected years after 'Indicator Code'")
    received: dict[str, dict[int, float | None]] = {}
    names: dict[str, str] = {}
    for index in range(header + 1, len(rows)):
        row = rows[index]
        code = text(cell_at(row, 1))
        if not code:
            continue  # a blank line at the end
        if len(code) > 8 or code in received:
            raise LayoutError(
                f"{Where(sheet, index, 1)}: expected a new economy's code, found {code!r}"
            )
        _require_indicator(row, Where(sheet, index, 3))
        received[code] = {
            this: number(cell_at(row, column), Where(sheet, index, column))
            for column, this in years.items()
        }
        names[code] = name_of(cell_at(row, 0), Where(sheet, index, 0))
    if not received:
        raise LayoutError(f"{sheet}: expected a row for each economy under the header")
    vintage = _last_updated(rows[:header])
    edition = Edition(DATASET, vintage[:4], INDICATOR, vintage)
    return Remittances(edition, received, names)


def _header(rows: Rows, sheet: str) -> int:
    for index, row in enumerate(rows[:_LOOK_FOR_HEADER]):
        if tuple(text(cell) for cell in row[: len(HEADER)]) == HEADER:
            return index
    raise LayoutError(
        f"{sheet}: expected the header {', '.join(HEADER)}, ... in the first "
        f"{_LOOK_FOR_HEADER} rows"
    )


def _require_indicator(row: Sequence[Cell], where: Where) -> None:
    found = text(cell_at(row, 3))
    if found != INDICATOR:
        raise LayoutError(f"{where}: expected the indicator {INDICATOR}, found {found!r}")


def _last_updated(rows: Rows) -> str:
    """The "Last Updated Date" as YYYY-MM-DD (text in the CSV, a date in the Excel file)."""
    for index, row in enumerate(rows):
        if text(cell_at(row, 0)) == "Last Updated Date":
            found = cell_at(row, 1)
            if isinstance(found, datetime):
                return found.date().isoformat()
            if isinstance(found, date):
                return found.isoformat()
            try:
                return date.fromisoformat(text(found)).isoformat()
            except ValueError:
                raise LayoutError(
                    f"{Where('the file', index, 1)}: expected the last updated date as "
                    f"YYYY-MM-DD, found {text(found)!r}"
                ) from None
    raise LayoutError("expected a 'Last Updated Date' row above the header")
