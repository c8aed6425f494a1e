"""Opening an official file and telling which it is: a UN DESA migrant stock workbook by
destination, or by destination and origin (2019 or 2020 layout), the cleaned copy of the stock
by destination and origin, or the World Bank's remittances download (CSV or Excel). Both UN DESA
workbooks keep their table in a sheet "Table 1": its header row tells them apart. The layouts
themselves are checked in ``rules/``."""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from python_calamine import CalamineError, CalamineWorkbook

from orderly.review.rules.migrant_stock import StockByDestination, stock_by_destination
from orderly.review.rules.origin_destination import StockByOrigin, stock_by_origin
from orderly.review.rules.origin_destination_workbook import EXPECTED as ORIGIN_HEADERS
from orderly.review.rules.origin_destination_workbook import (
    origin_destination_layout,
    stock_by_origin_workbook,
)
from orderly.review.rules.remittances import HEADER as WDI_HEADER
from orderly.review.rules.remittances import Remittances, remittances
from orderly.review.rules.sheets import Cell, LayoutError, Rows, text

Official = StockByDestination | StockByOrigin | Remittances
SPREADSHEETS = (".xlsx", ".xlsm", ".xls")
WHAT_IS_READ = (
    "a UN DESA International Migrant Stock workbook by destination, or by destination and "
    "origin (its sheet 'Table 1'), the stock by destination and origin as a CSV (Year, Dest, "
    "origins...), or the World Bank remittances download BX.TRF.PWKR.CD.DT (CSV, or Excel "
    "with its sheet 'Data')"
)
TABLE_1 = (
    "the header of the stock by destination (naming the 'country or area' and its 'Code' or "
    f"'Location code') or of the stock by destination and origin: {ORIGIN_HEADERS}"
)
_LOOK_FOR_HEADER = 40  # title rows above a table


@dataclass(frozen=True)
class FileRead:
    """A file read and recognised: its name, its SHA-256 and what it holds."""

    name: str
    sha256: str
    content: Official


def read_official_file(path: Path) -> FileRead:
    """Read ``path`` and parse it by its layout; raises LayoutError saying what was expected
    (and where, when the layout is recognised but broken) and OSError if it cannot be read."""
    data = path.read_bytes()
    suffix = path.suffix.lower()
    if suffix in SPREADSHEETS:
        content = _workbook(path)
    elif suffix == ".csv":
        content = _csv(data, path.name)
    else:
        raise LayoutError(f"{path.name}: not a .csv, .xlsx or .xls file; expected {WHAT_IS_READ}")
    return FileRead(path.name, hashlib.sha256(data).hexdigest(), content)


def _workbook(path: Path) -> Official:
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheets = workbook.sheet_names
        if "Table 1" in sheets:
            rows: Rows = workbook.get_sheet_by_name("Table 1").to_python()
            return _table_1(rows, f"{path.name}, sheet 'Table 1'")
        if "Data" in sheets:
            rows = workbook.get_sheet_by_name("Data").to_python()
            return remittances(rows, f"{path.name}, sheet 'Data'")
    except CalamineError as problem:
        raise LayoutError(f"{path.name}: cannot be read as a spreadsheet ({problem})") from None
    raise LayoutError(
        f"{path.name}: has no sheet 'Table 1' or 'Data' (it has {', '.join(sheets)}); "
        f"expected {WHAT_IS_READ}"
    )


def _table_1(rows: Rows, sheet: str) -> Official:
    """A UN DESA workbook's Table 1, told by its header row: by destination and origin, or by
    destination; raises LayoutError naming both headers when it has neither."""
    if origin_destination_layout(rows) is not None:
        return stock_by_origin_workbook(rows, sheet)
    if any(_names_areas_by_code(row) for row in rows[:_LOOK_FOR_HEADER]):
        return stock_by_destination(rows, sheet)
    raise LayoutError(f"{sheet}: expected, in the first {_LOOK_FOR_HEADER} rows, {TABLE_1}")


def _names_areas_by_code(row: Sequence[Cell]) -> bool:
    headings = [text(cell).lower() for cell in row]
    return any("country or area" in h for h in headings) and any(
        h in {"code", "location code"} for h in headings
    )


def _csv(data: bytes, name: str) -> Official:
    try:
        decoded = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise LayoutError(f"{name}: not UTF-8 text; expected {WHAT_IS_READ}") from None
    try:
        rows = list(csv.reader(decoded.splitlines()))
    except csv.Error as problem:
        raise LayoutError(f"{name}: not a CSV file this platform reads ({problem})") from None
    if rows and [text(c) for c in rows[0][:2]] == ["Year", "Dest"]:
        return stock_by_origin(rows, name)
    if any(tuple(text(c) for c in row[: len(WDI_HEADER)]) == WDI_HEADER for row in rows[:10]):
        return remittances(rows, name)
    raise LayoutError(f"{name}: not a layout this platform reads; expected {WHAT_IS_READ}")
