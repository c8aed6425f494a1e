"""Exporting the records into the warehouse: what is new since the last run, and only that."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from orderly.core.audit import audit
from orderly.core.errors import InvalidInput, NotPermitted
from orderly.core.roles import Action, Actor
from orderly.stats.records import CORRECTED, WAREHOUSE_ROW, correction_batches, crossing_batches
from orderly.stats.stay_records import (
    AUTHORIZATION_ROW,
    STAY_ROW,
    authorization_batches,
    stay_batches,
)
from orderly.stats.warehouse import (
    AUTHORIZATIONS,
    CORRECTIONS,
    CROSSINGS,
    KINDS,
    STAYS,
    Warehouse,
)

# A crossing is stored a moment after its time of recording is taken: an export stops this far
# behind the clock, so that no crossing still being committed falls behind its watermark.
SETTLING = timedelta(minutes=5)


@dataclass(frozen=True)
class Exported:
    crossings: int
    corrections: int
    files: int
    since: datetime | None
    until: datetime
    stays: int = 0  # versions of stays: each stay decided since the last export
    authorizations: int = 0


def warehouse_export(
    *,
    actor: Actor,
    warehouse: Warehouse,
    until: datetime | None = None,
    progress: Callable[[int], object] = lambda rows: None,
) -> Exported:
    """Export the crossings, corrections, stays and authorizations recorded since the last run
    up to ``until`` (by default the start of today, UTC), and make them visible together in one
    step.

    ``progress`` is told how many crossings each batch written held.
    """
    if not actor.can(Action.WAREHOUSE_EXPORT):
        raise NotPermitted("you may not export the records to the warehouse")
    with warehouse.writing():
        exported = _export(warehouse, until, progress)
    audit(actor, "stats.warehouse.exported", changes=_as_changes(exported, warehouse.root))
    return exported


def _export(
    warehouse: Warehouse, until: datetime | None, progress: Callable[[int], object]
) -> Exported:
    manifest = warehouse.manifest()
    if manifest.synthetic:
        raise InvalidInput(
            f"{warehouse.root} holds a synthetic population; export into another folder",
            field="warehouse",
        )
    asked, until = until, _until(until)
    since = manifest.exported_until
    if since is not None and until <= since:
        if asked is not None:
            raise InvalidInput(f"exported up to {since.isoformat()} already", field="until")
        return Exported(0, 0, 0, since, since)  # run again the same day: nothing new yet
    warehouse.tidy(manifest)
    run = f"{until:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
    incoming = warehouse.incoming(run)
    salt = manifest.salt or secrets.token_hex(16)  # kept for good: keys must stay the same
    stays_since = manifest.stays_exported_until
    crossings = _write_by_month(
        crossing_batches(since, until, salt), WAREHOUSE_ROW, "local_date", incoming / CROSSINGS,
        progress,
    )  # fmt: skip
    corrections = _write_one(correction_batches(since, until), CORRECTED, incoming / CORRECTIONS)
    stays = _write_by_month(
        stay_batches(stays_since, until, salt), STAY_ROW, "entered_on", incoming / STAYS
    )
    authorizations = _write_by_month(
        authorization_batches(stays_since, until, salt), AUTHORIZATION_ROW, "granted_on",
        incoming / AUTHORIZATIONS,
    )  # fmt: skip
    placed = {kind: warehouse.place(incoming / kind, kind, run) for kind in KINDS}
    warehouse.commit(replace(manifest, salt=salt).adding(until, placed))
    warehouse.tidy(warehouse.manifest())
    files = sum(len(paths) for paths in placed.values())
    return Exported(crossings, corrections, files, since, until, stays, authorizations)


def _until(until: datetime | None) -> datetime:
    now = datetime.now(UTC)
    latest = now - SETTLING
    if until is None:  # midnight, unless it is only just past
        return min(now.replace(hour=0, minute=0, second=0, microsecond=0), latest)
    if until.tzinfo is None:
        raise InvalidInput("give the time with its offset, e.g. 2025-07-01T00:00Z", field="until")
    if until > latest:
        raise InvalidInput(
            f"at most {SETTLING.seconds // 60} minutes before now: later crossings may still "
            "be being stored",
            field="until",
        )
    return until.astimezone(UTC)


def _write_by_month(
    batches: Iterator[pa.RecordBatch],
    schema: pa.Schema,
    day: str,
    folder: Path,
    progress: Callable[[int], object] = lambda rows: None,
) -> int:
    """Write the rows of ``batches`` under ``folder`` by the month of their ``day`` column,
    one file a month (``year=YYYY/month=M``); how many. Read, worked out and written in this
    thread: the batches come from this thread's database connection."""
    writers: dict[tuple[int, int], pq.ParquetWriter] = {}
    rows = 0
    try:
        for batch in batches:
            rows += batch.num_rows
            for (year, month), part in _by_month(batch, day):
                writer = writers.get((year, month))
                if writer is None:
                    path = folder / f"year={year}" / f"month={month}" / "part.parquet"
                    path.parent.mkdir(parents=True)
                    writer = writers[year, month] = pq.ParquetWriter(
                        path, schema, compression="zstd"
                    )
                writer.write_batch(part)
            progress(batch.num_rows)
    finally:
        for writer in writers.values():
            writer.close()
    return rows


def _by_month(batch: pa.RecordBatch, day: str) -> Iterator[tuple[tuple[int, int], pa.RecordBatch]]:
    days = batch.column(day)
    months = pc.add(pc.multiply(pc.year(days), 100), pc.month(days))  # 202507: July 2025
    for month in months.unique().to_pylist():
        yield divmod(month, 100), batch.filter(pc.equal(months, month))


def _write_one(batches: Iterator[pa.RecordBatch], schema: pa.Schema, folder: Path) -> int:
    """Write ``batches`` as one file in ``folder`` (none if there are no rows); how many."""
    rows = 0
    writer: pq.ParquetWriter | None = None
    try:
        for batch in batches:
            if writer is None:
                folder.mkdir(parents=True)
                writer = pq.ParquetWriter(folder / "part.parquet", schema, compression="zstd")
            writer.write_batch(batch)
            rows += batch.num_rows
    finally:
        if writer is not None:
            writer.close()
    return rows


def _as_changes(exported: Exported, root: Path) -> dict[str, object]:
    return {
        "warehouse": str(root),
        "since": exported.since.isoformat() if exported.since else None,
        "until": exported.until.isoformat(),
        "crossings": exported.crossings,
        "corrections": exported.corrections,
        "stays": exported.stays,
        "authorizations": exported.authorizations,
        "files": exported.files,
    }
