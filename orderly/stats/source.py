"""What the statistics queries read: the warehouse's facts, and those stored since its last
export, as DuckDB views, so that a figure is never staler than the records.

- ``crossings``: every current crossing, admitted or refused, with its ``year`` and ``month``;
  a crossing corrected or struck out is left out, wherever the correction was recorded.
- ``stays``: every stay as last decided (its latest version), with the ``year`` and ``month`` of
  its entry; a stay whose entry was corrected or struck out is left out.
- ``stays_as_of(day)``: the stays as the records stood at the end of ``day`` (UTC): none whose
  entry was recorded after it, each as its latest version decided by then, with the exit it
  says, and no correction recorded after the day. The warehouse holds a stay as each export
  found it (and the database as it is now): a stay recorded by the day but changed again
  before it was next exported has no version of the day, and is counted as its first later
  version says but with no exit known, since what changed may have been its exit.
- ``authorizations``: every visa, residence permit and extension granted, with the ``year`` and
  ``month`` granted.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import duckdb
import pyarrow as pa

from orderly.stats.duck import duckdb_connect
from orderly.stats.records import CORRECTED, WAREHOUSE_ROW, correction_batches, crossing_batches
from orderly.stats.stay_records import (
    AUTHORIZATION_ROW,
    STAY_ROW,
    authorization_batches,
    stay_batches,
)
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
        _register_recent(db, manifest)
        db.execute(f"CREATE VIEW all_crossings AS {_all_crossings(warehouse, manifest)}")
        db.execute(f"CREATE VIEW corrected AS {_corrected(warehouse, manifest)}")
        db.execute(f"CREATE VIEW crossings AS {_current(manifest)}")
        stays = _with_recent(warehouse, manifest.stays, "recent_stays", STAY_ROW, "entered_on")
        db.execute(f"CREATE VIEW all_stays AS {stays}")
        db.execute(f"CREATE VIEW stays AS {_latest_stays(manifest, _EVER)}")
        db.execute(f"CREATE MACRO stays_as_of(day) AS TABLE {_stays_as_of(manifest)}")
        authorizations = _with_recent(
            warehouse, manifest.authorizations, "recent_authorizations", AUTHORIZATION_ROW,
            "granted_on",
        )  # fmt: skip
        db.execute(f"CREATE VIEW authorizations AS {authorizations}")
        yield db


def _register_recent(db: duckdb.DuckDBPyConnection, manifest: Manifest) -> None:
    """What the database stored since the warehouse's export, as tables ``recent`` (crossings),
    ``recently_corrected``, ``recent_stays`` and ``recent_authorizations``: empty for a
    synthetic warehouse, which has no database behind it."""
    recent: dict[str, tuple[pa.Schema, Iterable[pa.RecordBatch]]]
    if manifest.synthetic:
        schemas = (WAREHOUSE_ROW, CORRECTED, STAY_ROW, AUTHORIZATION_ROW)
        names = ("recent", "recently_corrected", "recent_stays", "recent_authorizations")
        recent = {name: (schema, ()) for name, schema in zip(names, schemas, strict=True)}
    else:
        since, until = manifest.exported_until, datetime.now(UTC) + timedelta(days=1)
        stays_since = manifest.stays_exported_until
        # Before any export there is no salt yet: any will do within one query.
        salt = manifest.salt or secrets.token_hex(16)
        recent = {
            "recent": (WAREHOUSE_ROW, crossing_batches(since, until, salt)),
            "recently_corrected": (CORRECTED, correction_batches(since, until)),
            "recent_stays": (STAY_ROW, stay_batches(stays_since, until, salt)),
            "recent_authorizations": (
                AUTHORIZATION_ROW,
                authorization_batches(stays_since, until, salt),
            ),
        }
    for name, (schema, batches) in recent.items():
        db.register(name, pa.Table.from_batches(batches, schema=schema))


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


def _corrected(warehouse: Warehouse, manifest: Manifest) -> str:
    corrected = "SELECT crossing_id, corrected_at FROM recently_corrected"
    if manifest.corrections:
        files = _sql_list(warehouse.paths(manifest.corrections))
        corrected += f" UNION ALL SELECT crossing_id, corrected_at FROM read_parquet({files})"  # noqa: S608
    return corrected


def _current(manifest: Manifest) -> str:
    if manifest.synthetic:  # generated rows: none was ever corrected, and none has an id
        return "SELECT * FROM all_crossings"
    return (
        "SELECT * FROM all_crossings WHERE crossing_id NOT IN (SELECT crossing_id FROM corrected)"
    )


def _with_recent(
    warehouse: Warehouse, files: tuple[str, ...], recent: str, schema: pa.Schema, day: str
) -> str:
    """The rows of the warehouse's ``files`` and of the table ``recent``, with the ``year`` and
    ``month`` of their ``day`` column."""
    columns = ", ".join(field.name for field in schema)
    rows = f"SELECT {columns}, year({day}) AS year, month({day}) AS month FROM {recent}"  # noqa: S608
    if not files:
        return rows
    listed = _sql_list(warehouse.paths(files))
    # By name: a column added since (a stay's entry_recorded_at) is empty in older files.
    exported = (
        f"SELECT {columns}, year, month "  # noqa: S608
        f"FROM read_parquet({listed}, hive_partitioning = 1, union_by_name = 1)"
    )
    return f"{exported} UNION ALL {rows}"


# Each stay whose entry was recorded before a bound, as its latest version decided before it
# or, with none, its first after it; unless its entry was corrected before the bound.
# (Warehouses written before entry_recorded_at was kept have it empty: the decision stands in.)
_LATEST_STAYS = """
    SELECT * EXCLUDE (version) FROM (
        SELECT *, row_number() OVER (
            PARTITION BY entry_id
            ORDER BY decided_at < {until} DESC,
                     CASE WHEN decided_at < {until} THEN decided_at END DESC,
                     decided_at
        ) AS version
        FROM all_stays WHERE coalesce(entry_recorded_at, decided_at) < {until}
    )
    WHERE version = 1
      AND entry_id NOT IN (SELECT crossing_id FROM corrected WHERE corrected_at < {until})
"""
_EVER = "'infinity'::TIMESTAMPTZ"
# The end of the macro's ``day``: the next midnight, UTC.
_END_OF_DAY = "(day + INTERVAL 1 DAY)::TIMESTAMP::TIMESTAMPTZ"


def _latest_stays(manifest: Manifest, until: str) -> str:
    if manifest.synthetic:  # generated stays: one version each, and no entry to correct
        return f"SELECT * FROM all_stays WHERE entry_recorded_at < {until}"  # noqa: S608
    return _LATEST_STAYS.format(until=until)


def _stays_as_of(manifest: Manifest) -> str:
    """The body of the ``stays_as_of(day)`` macro: the stays as they stood then, with an exit
    only where it was known by the end of the day."""
    # What a version decided by then says of the exit was known; one decided later may hold an
    # exit recorded since. A generated stay is decided at its entry and holds its exit from
    # the start: its exit is known from the day it happens.
    known = "exited_on <= day" if manifest.synthetic else f"decided_at < {_END_OF_DAY}"
    return f"""
        SELECT * REPLACE (
            CASE WHEN {known} THEN exited_on END AS exited_on,
            coalesce(exit_unrecorded AND {known}, false) AS exit_unrecorded)
        FROM ({_latest_stays(manifest, _END_OF_DAY)})
    """  # noqa: S608


def _sql_list(paths: list[str]) -> str:
    # File names inside the statement: read_parquet takes no parameters in a view.
    return "[" + ", ".join("'" + path.replace("'", "''") + "'" for path in paths) + "]"
