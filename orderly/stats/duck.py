"""DuckDB connections as the statistics use them."""

from __future__ import annotations

import duckdb


def duckdb_connect() -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB that counts days in UTC unless told otherwise, and prints nothing
    (its progress bar would land in the middle of a table written to standard output)."""
    db = duckdb.connect()
    db.execute("SET TimeZone = 'UTC'")
    db.execute("SET enable_progress_bar = false")
    return db
