"""The operational records as the warehouse takes them: crossings and corrections, read in
batches of Arrow columns straight from the database (the ORM would build an object per row).

Statistics read the border's and the registry's tables and never write them. The same readers
serve the export and the queries' look at what is not exported yet.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
from django.db import connection

from orderly.border.models import Crossing, CrossingCorrection, Port
from orderly.registry.models import Person
from orderly.stats.apps import traveller_categories
from orderly.stats.rules.categories import Categories
from orderly.stay.facts import iso_nationality

BATCH_ROWS = 100_000
UTC_MICROS = pa.timestamp("us", tz="UTC")

# A crossing as read, before the warehouse works out its local day and partition.
RECORD = pa.schema(
    [
        ("crossing_id", pa.string()),
        ("occurred_at", UTC_MICROS),
        ("direction", pa.string()),
        ("outcome", pa.string()),
        ("purpose", pa.string()),
        ("person_key", pa.int64()),
        ("port", pa.string()),
        ("port_kind", pa.string()),
        ("region", pa.string()),
        ("zone", pa.string()),
        ("nationality", pa.string()),
        ("category", pa.string()),
    ]
)
# A crossing as the warehouse keeps it: the port's local day instead of its time zone (the
# partition's year and month come from that day, and from the file's path when read back).
WAREHOUSE_ROW = pa.schema(
    [field for field in RECORD if field.name != "zone"] + [pa.field("local_date", pa.date32())]
)
CORRECTED = pa.schema([("crossing_id", pa.string()), ("corrected_at", UTC_MICROS)])


def _crossings_sql() -> str:
    crossing, port, person = (m._meta.db_table for m in (Crossing, Port, Person))
    return f"""
        SELECT c.id, c.occurred_at, c.direction, c.outcome, c.purpose,
               c.person_id, p.code, p.kind, p.region, p.timezone, r.nationality
        FROM {crossing} AS c
        JOIN {port} AS p ON p.id = c.port_id
        JOIN {person} AS r ON r.id = c.person_id
        WHERE c.recorded_at >= %s AND c.recorded_at < %s
    """  # noqa: S608 (table names from the models; the bounds are parameters)


def crossing_batches(since: datetime | None, until: datetime) -> Iterator[pa.RecordBatch]:
    """Every crossing recorded in [``since``, ``until``), admitted or refused, corrected or not
    (the queries leave out the corrected ones), in batches of ``RECORD``."""
    categories = traveller_categories()
    with connection.cursor() as cursor:
        cursor.execute(_crossings_sql(), _bounds(since, until))
        while rows := cursor.fetchmany(BATCH_ROWS):
            yield _crossing_batch(list(zip(*rows, strict=True)), categories)


def correction_batches(since: datetime | None, until: datetime) -> Iterator[pa.RecordBatch]:
    """The crossings corrected (replaced or struck out) in [``since``, ``until``)."""
    table = CrossingCorrection._meta.db_table
    sql = f"SELECT crossing_id, corrected_at FROM {table} WHERE corrected_at >= %s AND corrected_at < %s"  # noqa: S608,E501
    with connection.cursor() as cursor:
        cursor.execute(sql, _bounds(since, until))
        while rows := cursor.fetchmany(BATCH_ROWS):
            ids, at = zip(*rows, strict=True)
            yield pa.record_batch([_ids(ids), _instants(at)], schema=CORRECTED)


def warehouse_row(batch: pa.RecordBatch) -> pa.RecordBatch:
    """``batch`` (of ``RECORD``) as the warehouse keeps it: each crossing's local day, in its
    port's time zone, in place of the zone."""
    zones = batch.column("zone")
    occurred = batch.column("occurred_at")
    local = pa.nulls(batch.num_rows, pa.date32())
    for zone in zones.unique().to_pylist():
        in_zone = pc.equal(zones, zone)
        days = pc.local_timestamp(occurred.cast(pa.timestamp("us", tz=zone))).cast(pa.date32())
        local = pc.if_else(in_zone, days, local)
    columns = [batch.column(f.name) for f in WAREHOUSE_ROW if f.name != "local_date"]
    return pa.record_batch([*columns, local], schema=WAREHOUSE_ROW)


def _bounds(since: datetime | None, until: datetime) -> list[Any]:
    adapt = connection.ops.adapt_datetimefield_value
    return [adapt(since or datetime(1, 1, 1, tzinfo=until.tzinfo)), adapt(until)]


def _crossing_batch(columns: list[tuple[Any, ...]], categories: Categories) -> pa.RecordBatch:
    ids, occurred, direction, outcome, purpose, person, *port, nationality = columns
    code, kind, region, zone = port
    iso = {code: iso_nationality(code) for code in set(nationality)}
    nationalities = [iso[n] for n in nationality]
    category = categories.of_each(iso.values())
    return pa.record_batch(
        [
            _ids(ids),
            _instants(occurred),
            pa.array(direction, pa.string()),
            pa.array(outcome, pa.string()),
            pa.array(purpose, pa.string()),
            pa.array([_person_key(p) for p in person], pa.int64()),
            pa.array(code, pa.string()),
            pa.array(kind, pa.string()),
            pa.array(region, pa.string()),
            pa.array(zone, pa.string()),
            pa.array(nationalities, pa.string()),
            pa.array([category[n] for n in nationalities], pa.string()),
        ],
        schema=RECORD,
    )


def _ids(values: tuple[Any, ...]) -> pa.Array:
    # SQLite keeps a UUID as 32 hex digits already; PostgreSQL hands back uuid.UUID.
    if values and isinstance(values[0], uuid.UUID):
        return pa.array([value.hex for value in values], pa.string())
    return pa.array(values, pa.string())


def _instants(values: tuple[Any, ...]) -> pa.Array:
    # PostgreSQL: aware datetimes. SQLite: UTC as text, which Arrow parses in C.
    if values and isinstance(values[0], datetime):
        return pa.array(values, UTC_MICROS)
    return pa.array(values, pa.string()).cast(pa.timestamp("us")).cast(UTC_MICROS)


def _person_key(person_id: Any) -> int:
    """A person's 64-bit key: the first half of their id, which is random. Among a billion
    people, the chance that any two share a key is about one in 37; a count of distinct
    travellers is then one short, below any precision a figure is published to."""
    high = (person_id.int if isinstance(person_id, uuid.UUID) else int(person_id, 16)) >> 64
    return high - (1 << 64) if high >= 1 << 63 else high
