"""What the statistics queries read: the warehouse's crossings, and those stored since its last
export, as one DuckDB view, so that a figure is never staler than the records.

The ``crossings`` view holds every current crossing, admitted or refused, with its ``year`` and
``month``: a crossing corrected or struck out is left out, wherever the correction was recorded.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import duckdb
import pyarrow as pa

from orderly.stats.duck import duckdb_connect
from orderly.stats.records import CORRECTED, WAREHOUSE_ROW, correction_batches, crossing_batches
from orderly.stats.warehouse import Manifest, Warehouse

_COLUMNS = ", ".join(field.name for field in WAREHOUSE_ROW)
_SYNTHETIC_COLUMNS = _COLUMNS.replace("crossing_id", "NULL::VARCHAR AS crossing_id")
_FROM_DAY = "year(local_date) AS year, month(local_date) AS month"


@contextmanager
def statistics_source(warehouse: Warehouse) -> Iterator[duckdb.DuckDBPyConnection]:
    """A DuckDB connection with the ``crossings`` view over ``warehouse`` and, unless it is a
    synthetic one with no database behind it, what the database stored since its export."""
    manifest = warehouse.manifest()
    with duckdb_connect() as db:
        if manifest.synthetic:
            db.register("recent", WAREHOUSE_ROW.empty_table())
            db.register("recently_corrected", CORRECTED.empty_table())
        else:
            since, until = manifest.exported_until, datetime.now(UTC) + timedelta(days=1)
            # Before any export there is no salt yet: any will do within one query.
            salt = manifest.salt or secrets.token_hex(16)
            recent = crossing_batches(since, until, salt)
            db.register("recent", pa.Table.from_batches(recent, schema=WAREHOUSE_ROW))
            corrected = correction_batches(since, until)
            db.register("recently_corrected", pa.Table.from_batches(corrected, schema=CORRECTED))
        db.execute(f"CREATE VIEW all_crossings AS {_all_crossings(warehouse, manifest)}")
        db.execute(f"CREATE VIEW crossings AS {_current(warehouse, manifest)}")
        yield db


# The statements below are put together from this module's constants and the warehouse's file
# names, quoted by _sql_list; nothing a user typed reaches them.


def _all_crossings(warehouse: Warehouse, manifest: Manifest) -> str:
    recent = f"SELECT {_COLUMNS}, {_FROM_DAY} FROM recent"  # noqa: S608
    if not manifest.crossings:
        return recent
    files = _sql_list(warehouse.paths(manifest.crossings))
    # Synthetic rows have no crossing id: never recorded, they cannot have been corrected.
    columns = _SYNTHETIC_COLUMNS if manifest.synthetic else _COLUMNS
    exported = f"SELECT {columns}, year, month FROM read_parquet({files}, hive_partitioning = 1)"  # noqa: S608
    return f"{exported} UNION ALL {recent}"


def _current(warehouse: Warehouse, manifest: Manifest) -> str:
    if manifest.synthetic:  # generated rows: none was ever corrected, and none has an id
        return "SELECT * FROM all_crossings"
    corrected = "SELECT crossing_id FROM recently_corrected"
    if manifest.corrections:
        files = _sql_list(warehouse.paths(manifest.corrections))
        corrected += f" UNION ALL SELECT crossing_id FROM read_parquet({files})"  # noqa: S608
    return f"SELECT * FROM all_crossings WHERE crossing_id NOT IN ({corrected})"  # noqa: S608


def _sql_list(paths: list[str]) -> str:
    # File names inside the statement: read_parquet takes no parameters in a view.
    return "[" + ", ".join("'" + path.replace("'", "''") + "'" for path in paths) + "]"
