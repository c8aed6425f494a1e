"""The DuckDB the statistics use."""

from __future__ import annotations

from orderly.stats.duck import duckdb_connect


def test_it_prints_no_progress_bar_into_a_table_written_to_standard_output() -> None:
    with duckdb_connect() as db:
        settings = db.sql(
            "SELECT current_setting('enable_progress_bar'), current_setting('TimeZone')"
        ).fetchall()
    assert settings == [(False, "UTC")]
