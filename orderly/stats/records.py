"""The operational records as the warehouse takes them: crossings and corrections, read in
batches of Arrow columns straight from the database (the ORM would build an object per row).

Statistics read the border's and the registry's tables and never write them. The same readers
serve the export and the queries' look at what is not exported yet.

Rows are read as text (PostgreSQL sends them with COPY, which Arrow's CSV reader parses in C;
SQLite's driver hands back text already) and turned into the warehouse's columns a batch at a
time by DuckDB, never one row at a time in Python.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.csv as pcsv
from django.db import connection

from orderly.border.models import Crossing, CrossingCorrection, Port
from orderly.registry.models import Person
from orderly.stats.apps import traveller_categories
from orderly.stats.duck import duckdb_connect
from orderly.stay.facts import iso_nationality

BATCH_ROWS = 100_000
UTC_MICROS = pa.timestamp("us", tz="UTC")

# A crossing as the warehouse keeps it. Its partition's year and month come from ``local_date``,
# the calendar day at its port (and from the file's path when read back).
WAREHOUSE_ROW = pa.schema(
    [
        ("crossing_id", pa.string()),  # 32 hex digits
        ("occurred_at", UTC_MICROS),
        ("direction", pa.string()),
        ("outcome", pa.string()),
        ("purpose", pa.string()),
        ("person_key", pa.int64()),
        ("port", pa.string()),
        ("port_kind", pa.string()),
        ("region", pa.string()),
        ("nationality", pa.string()),  # ISO 3166 alpha-3
        ("category", pa.string()),
        ("local_date", pa.date32()),
    ]
)
CORRECTED = pa.schema([("crossing_id", pa.string()), ("corrected_at", UTC_MICROS)])

# The columns as read, all text.
_READ = (
    "crossing_id",
    "occurred_at",
    "direction",
    "outcome",
    "purpose",
    "person_id",
    "port",
    "port_kind",
    "region",
    "zone",
    "nationality",
)

# A person's key: 64 bits of the MD5 of the warehouse's salt and their id, as a signed number.
# Salted, so that a key cannot be turned back into an id without the manifest; the whole id, so
# that ids sharing their first digits (an import's people do) still get keys of their own. Among
# a billion people the chance that two share a key is about one in 37: a count of distinct
# travellers is then one short, below any precision a figure is published to.
_PERSON_KEY_MACRO = """
    CREATE OR REPLACE MACRO person_key(salt, id) AS (
        CASE WHEN md5_number_lower(salt || id) < 9223372036854775808
             THEN CAST(md5_number_lower(salt || id) AS BIGINT)
             ELSE CAST(md5_number_lower(salt || id) - 9223372036854775808 AS BIGINT)
                  - 9223372036854775807 - 1
        END)
"""

_TO_WAREHOUSE = """
    SELECT r.crossing_id,
           CAST(r.occurred_at AS TIMESTAMP)::TIMESTAMPTZ AS occurred_at,
           r.direction, r.outcome, r.purpose,
           person_key((SELECT salt FROM salt), r.person_id) AS person_key,
           r.port, r.port_kind, r.region, n.iso AS nationality, n.category,
           CAST(timezone(r.zone, CAST(r.occurred_at AS TIMESTAMP)::TIMESTAMPTZ) AS DATE)
               AS local_date
    FROM raw AS r
    JOIN nationalities AS n ON n.code = r.nationality
"""


@contextmanager
def converter(salt: str) -> Iterator[duckdb.DuckDBPyConnection]:
    """A DuckDB connection that turns rows read as text into the warehouse's: it knows the
    ``salt`` (as the table ``salt``) and the ``person_key(salt, id)`` macro."""
    with duckdb_connect() as db:
        db.register("salt", pa.table({"salt": [salt]}))
        db.execute(_PERSON_KEY_MACRO)
        yield db


def nationalities_of(codes: list[str]) -> pa.Table:
    """The travel documents' nationality ``codes`` with their ISO 3166 alpha-3 code and the
    traveller category each falls in (``code``, ``iso``, ``category``)."""
    categories = traveller_categories()
    iso = [iso_nationality(code) for code in codes]
    return pa.table({"code": codes, "iso": iso, "category": [categories.of(c) for c in iso]})


def _crossings_sql() -> str:
    crossing, port, person = (m._meta.db_table for m in (Crossing, Port, Person))
    return f"""
        SELECT {hex_id("c.id")}, {utc_text("c.occurred_at")}, c.direction, c.outcome,
               c.purpose, {hex_id("c.person_id")}, p.code, p.kind, p.region,
               p.timezone, r.nationality
        FROM {crossing} AS c
        JOIN {port} AS p ON p.id = c.port_id
        JOIN {person} AS r ON r.id = c.person_id
        WHERE c.recorded_at >= %s AND c.recorded_at < %s
    """  # noqa: S608 (table names from the models; the bounds are parameters)


def hex_id(column: str) -> str:
    """``column``, a UUID, as its 32 hex digits. (SQLite stores them so already: a replace()
    there would cost a quarter of the reading for nothing.)"""
    if connection.vendor == "postgresql":
        return f"replace({column}::text, '-', '')"
    return column


def utc_text(column: str) -> str:
    """``column``, an instant, as ISO text in UTC without an offset. (PostgreSQL writes a
    timestamptz with its offset; SQLite's driver would make a Python datetime of each.)"""
    if connection.vendor == "postgresql":
        return f"({column} AT TIME ZONE 'UTC')"
    return f"CAST({column} AS TEXT)"


def crossing_batches(
    since: datetime | None, until: datetime, salt: str
) -> Iterator[pa.RecordBatch]:
    """Every crossing recorded in [``since``, ``until``), admitted or refused, corrected or not
    (the queries leave out the corrected ones), in batches of ``WAREHOUSE_ROW``; people's keys
    salted with ``salt``."""
    with converter(salt) as db:
        for raw in read_text(_crossings_sql(), recorded_between(since, until), _READ):
            yield _as_warehouse_rows(db, raw)


def correction_batches(since: datetime | None, until: datetime) -> Iterator[pa.RecordBatch]:
    """The crossings corrected (replaced or struck out) in [``since``, ``until``)."""
    table = CrossingCorrection._meta.db_table
    sql = (
        f"SELECT {hex_id('crossing_id')}, {utc_text('corrected_at')} FROM {table} "  # noqa: S608
        "WHERE corrected_at >= %s AND corrected_at < %s"
    )
    for raw in read_text(sql, recorded_between(since, until), ("crossing_id", "corrected_at")):
        at = raw.column("corrected_at").cast(pa.timestamp("us")).cast(UTC_MICROS)
        yield pa.record_batch([raw.column("crossing_id"), at], schema=CORRECTED)


def _as_warehouse_rows(db: duckdb.DuckDBPyConnection, raw: pa.RecordBatch) -> pa.RecordBatch:
    """``raw`` (text as read) as the warehouse's row: instants, local days, keys, ISO codes and
    categories worked out for the whole batch at once."""
    return converted(db, raw, _TO_WAREHOUSE, WAREHOUSE_ROW)


def converted(
    db: duckdb.DuckDBPyConnection, raw: pa.RecordBatch, sql: str, schema: pa.Schema
) -> pa.RecordBatch:
    """``raw`` turned into rows of ``schema`` by ``sql``, which reads it as the table ``raw``
    beside the table ``nationalities`` of its people's nationalities (``nationalities_of``)."""
    db.register("raw", pa.Table.from_batches([raw]))
    db.register("nationalities", nationalities_of(raw.column("nationality").unique().to_pylist()))
    table = db.sql(sql).to_arrow_table().cast(schema)
    db.unregister("raw")
    db.unregister("nationalities")
    batches = table.combine_chunks().to_batches()
    return batches[0] if batches else pa.RecordBatch.from_pylist([], schema=schema)


def read_text(sql: str, params: list[Any], names: tuple[str, ...]) -> Iterator[pa.RecordBatch]:
    """The rows ``sql`` selects, as batches of text columns named ``names``."""
    if connection.vendor == "postgresql":
        yield from _read_by_copy(sql, params, names)
        return
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(BATCH_ROWS):
            columns = zip(*rows, strict=True)
            yield pa.record_batch([pa.array(c, pa.string()) for c in columns], names=list(names))


def _read_by_copy(sql: str, params: list[Any], names: tuple[str, ...]) -> Iterator[pa.RecordBatch]:
    text = {name: pa.string() for name in names}
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the driver's own cursor: Django does not wrap COPY
        query = raw.mogrify(sql, params)  # COPY takes no parameters: bound here, by the driver
        with raw.copy(f"COPY ({query}) TO STDOUT (FORMAT csv)") as copy:
            stream = _CopyStream(copy)
            if not stream.has_data():  # Arrow refuses a CSV without a single line
                return
            # One thread: a read-ahead thread would pull from the connection off the thread that
            # owns it, and could outlive the reader when the process ends.
            reader = pcsv.open_csv(
                stream,
                read_options=pcsv.ReadOptions(
                    column_names=list(names), block_size=8 << 20, use_threads=False
                ),
                convert_options=pcsv.ConvertOptions(column_types=text, strings_can_be_null=False),
            )
            for batch in reader:
                if batch.num_rows:
                    yield batch


class _CopyStream(io.RawIOBase):
    """The bytes a COPY sends, as a file Arrow's CSV reader can read."""

    def __init__(self, copy: Any) -> None:
        self._chunks = iter(copy)
        self._left = memoryview(b"")

    def readable(self) -> bool:
        return True

    def has_data(self) -> bool:
        while not self._left:
            chunk = next(self._chunks, None)
            if chunk is None:
                return False
            self._left = memoryview(chunk)
        return True

    def readinto(self, buffer: Any) -> int:
        """Fill ``buffer`` with as many of the chunks as fit (COPY sends small ones)."""
        filled, room = 0, len(buffer)
        while filled < room and self.has_data():
            size = min(room - filled, len(self._left))
            buffer[filled : filled + size] = self._left[:size]
            self._left = self._left[size:]
            filled += size
        return filled


def recorded_between(since: datetime | None, until: datetime) -> list[Any]:
    adapt = connection.ops.adapt_datetimefield_value
    return [adapt(since or datetime(1, 1, 1, tzinfo=until.tzinfo)), adapt(until)]
