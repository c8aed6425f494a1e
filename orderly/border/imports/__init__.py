"""Bulk import of historical crossings from CSV or Parquet (``orderly import-crossings``).

See docs/howto/import-crossings.md for the file format and ``service`` for how a run checks,
writes and survives being killed.
"""

from orderly.border.imports.format import COLUMNS, OPTIONAL, REQUIRED, RowError
from orderly.border.imports.service import (
    BATCH_ROWS,
    ImportRejected,
    ImportResult,
    crossings_import,
)
from orderly.border.imports.sources import CsvSource, ParquetSource, TableSource, open_source

__all__ = [
    "BATCH_ROWS",
    "COLUMNS",
    "OPTIONAL",
    "REQUIRED",
    "CsvSource",
    "ImportRejected",
    "ImportResult",
    "ParquetSource",
    "RowError",
    "TableSource",
    "crossings_import",
    "open_source",
]
