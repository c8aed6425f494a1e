"""The DuckDB the statistics use."""

from __future__ import annotations

import pytest

from orderly.stats.duck import duckdb_connect, numbered


def test_it_prints_no_progress_bar_into_a_table_written_to_standard_output() -> None:
    with duckdb_connect() as db:
        settings = db.sql(
            "SELECT current_setting('enable_progress_bar'), current_setting('TimeZone')"
        ).fetchall()
    assert settings == [(False, "UTC")]


@pytest.mark.parametrize(("rows", "parts"), [(1, 2), (7, 2), (10, 3), (1_000, 1), (3, 8)])
def test_numbered_rows_are_each_number_below_rows_once_however_many_parts(
    rows: int, parts: int
) -> None:
    with duckdb_connect() as db:
        numbers = db.sql(f"SELECT i FROM {numbered(rows, parts)} ORDER BY i").fetchall()  # noqa: S608
    assert [n for (n,) in numbers] == list(range(rows))
