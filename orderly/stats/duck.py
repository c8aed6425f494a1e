"""DuckDB connections as the statistics use them."""

from __future__ import annotations

import os
from itertools import pairwise

import duckdb


def duckdb_connect() -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB that counts days in UTC unless told otherwise, and prints nothing
    (its progress bar would land in the middle of a table written to standard output)."""
    db = duckdb.connect()
    db.execute("SET TimeZone = 'UTC'")
    db.execute("SET enable_progress_bar = false")
    return db


def numbered(rows: int, parts: int | None = None) -> str:
    """The numbers 0 to ``rows`` - 1 as a table ``t(i)``, for a FROM clause, in ``parts``
    ranges (default: one for each core): ``range()`` alone is read by one thread, which holds
    the whole statement above it, the Parquet writer too, to one core."""
    parts = max(1, min(parts or os.cpu_count() or 1, rows))
    bounds = [rows * part // parts for part in range(parts + 1)]
    # Integers only reach the statement.
    ranges = " UNION ALL ".join(
        f"SELECT * FROM range({start}, {end})"  # noqa: S608
        for start, end in pairwise(bounds)
    )
    return f"({ranges}) AS t(i)"
