"""The import service: check the whole file, then write it batch by batch.

Pass 1 reads every row and checks it (``checks``); with a bad row and no ``skip_invalid``, the
run stops there having written nothing. Pass 2 reads the file again and writes batches of
``batch_rows`` good rows, each in its own transaction with its own audit event. The unit that
commits is the batch: a run killed midway leaves whole batches only, every stored crossing with
its person and document, and a re-run skips what is stored (same idempotency keys) and writes
the rest. The run ends with one ``border.crossings.imported`` event holding the totals.

Flags (``exit_without_entry`` and the rest) are left empty for imported crossings: they record
what an officer saw when recording, and a historical file, read in batches and in any order,
cannot honestly say what came before each crossing. The stay engine reads the facts themselves.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

import pyarrow as pa
import pyarrow.compute as pc
from django.db import connection, transaction
from django.utils import timezone

from orderly.border.imports.checks import Checked, Context, PortTable, check_batch
from orderly.border.imports.format import RowError
from orderly.border.imports.prepare import Staged, rebatch, stage
from orderly.border.imports.sources import Source
from orderly.border.imports.writing import Writer, Written, writer_for
from orderly.border.models import Port, Purpose
from orderly.border.policies import port_place
from orderly.core.audit import audit
from orderly.core.errors import InvalidInput, NotPermitted
from orderly.core.roles import Action, Actor

BATCH_ROWS = 50_000
MAX_ERRORS = 1_000



class Progress(Protocol):
    """Told how far a run has got: a phase ("checking", then "writing") and rows done."""

    def start(self, phase: str, total: int | None) -> None: ...

    def advance(self, rows: int) -> None: ...


class ImportRejected(InvalidInput):
    """Rows that cannot be imported; nothing was written (or, for a key conflict found while
    writing, nothing of the batch that holds it)."""

    def __init__(self, message: str, *, errors: list[RowError], error_count: int,
                 line_label: str) -> None:
        super().__init__(message, field=errors[0].field if errors else "")
        self.errors = errors
        self.error_count = error_count
        self.line_label = line_label


@dataclass
class ImportResult:
    """What a run did. ``errors`` lists at most ``max_errors`` of the ``error_count`` problems."""

    source: str
    line_label: str
    rows: int = 0
    stored: int = 0
    already_stored: int = 0
    rejected: int = 0
    people_created: int = 0
    documents_created: int = 0
    batches: int = 0
    error_count: int = 0
    errors: list[RowError] = field(default_factory=list)

    def add_errors(self, errors: list[RowError], limit: int) -> None:
        self.error_count += len(errors)
        room = max(limit - len(self.errors), 0) if limit else len(errors)
        self.errors.extend(errors[:room])

    def add_written(self, staged_rows: int, written: Written) -> None:
        self.stored += written.stored
        self.already_stored += staged_rows - written.stored
        self.people_created += written.people_created
        self.documents_created += written.documents_created
        self.batches += 1


def crossings_import(*, actor: Actor, source: Source, skip_invalid: bool = False,
                     batch_rows: int = BATCH_ROWS, max_errors: int = MAX_ERRORS,
                     progress: Progress | None = None) -> ImportResult:
    """Import historical crossings from ``source`` (see the module docstring).

    Raises ``ImportRejected`` when rows are bad and ``skip_invalid`` is false, ``NotPermitted``
    without border.import.run, ``InvalidInput`` for a file that cannot be read.
    """
    if not actor.may_somewhere(Action.IMPORT_RUN):
        raise NotPermitted("you may not import crossings")
    if batch_rows < 1:
        raise InvalidInput("the batch size must be at least 1 row", field="batch_rows")
    now = timezone.now()
    context = _context(actor, source, now)
    with ThreadPoolExecutor(max_workers=1) as pool:
        digest = pool.submit(source.sha256)  # hashed while the rows are checked
        checked = _check_all(source, context, max_errors, progress)
        if checked.error_count and not skip_invalid:
            raise _rejected(checked)
        return _write_all(actor, source, context, checked, digest,
                          batch_rows=batch_rows, skip_invalid=skip_invalid, progress=progress,
                          max_errors=max_errors)


def _context(actor: Actor, source: Source, now: datetime) -> Context:
    ports = list(Port.objects.all())
    if actor.reaches_nation(Action.IMPORT_RUN):
        allowed = frozenset(port.code for port in ports)
    else:
        allowed = frozenset(p.code for p in ports if actor.can(Action.IMPORT_RUN, port_place(p)))
    return Context(
        ports=PortTable(ids={port.code: port.pk for port in ports}, allowed=allowed),
        now=now,
        purposes=tuple(Purpose.values),
        keys_given="idempotency_key" in source.columns(),
    )


def _checked_batches(source: Source, context: Context, malformed: list[int],
                     ) -> Iterator[tuple[Checked, list[RowError]]]:
    """Each batch checked, with the rows the parser could not split (as errors) alongside."""
    columns = len(source.columns())
    reported = 0
    for batch, lines in source.batches(malformed):
        broken = [RowError(line, "row", f"does not have the header's {columns} columns")
                  for line in malformed[reported:]]
        reported = len(malformed)
        yield check_batch(batch, lines, context), broken


def _check_all(source: Source, context: Context, max_errors: int,
               progress: Progress | None) -> ImportResult:
    result = ImportResult(source=source.name, line_label=source.line_label)
    if progress:
        progress.start("checking", source.total_rows())
    for checked, broken in _checked_batches(source, context, []):
        result.rows += checked.table.num_rows + len(broken)
        result.rejected += int(pc.sum(checked.bad).as_py() or 0) + len(broken)
        result.add_errors(sorted(broken + checked.errors), max_errors)
        if progress:
            progress.advance(checked.table.num_rows + len(broken))
    return result


def _rejected(checked: ImportResult) -> ImportRejected:
    rows = "row" if checked.rejected == 1 else "rows"
    return ImportRejected(
        f"{checked.rejected} {rows} of {checked.rows} cannot be imported; nothing was stored",
        errors=checked.errors, error_count=checked.error_count, line_label=checked.line_label,
    )


def _good_tables(source: Source, context: Context, expected_bad: int) -> Iterator[pa.Table]:
    bad = 0
    for checked, broken in _checked_batches(source, context, []):
        bad += int(pc.sum(checked.bad).as_py() or 0) + len(broken)
        if bad > expected_bad:
            raise InvalidInput("the file changed while it was being imported; run it again",
                               field="file")
        yield checked.good()


def _write_all(actor: Actor, source: Source, context: Context, checked: ImportResult,
               digest: Future[str], *, batch_rows: int, skip_invalid: bool,
               progress: Progress | None, max_errors: int) -> ImportResult:
    result = ImportResult(source=source.name, line_label=source.line_label, rows=checked.rows,
                          rejected=checked.rejected, error_count=checked.error_count,
                          errors=list(checked.errors))
    writer = writer_for(connection, now=context.now, check_keys=context.keys_given)
    writer.open()
    if progress:
        progress.start("writing", checked.rows - checked.rejected)
    try:
        tables = rebatch(_good_tables(source, context, checked.rejected), batch_rows)
        for table in tables:
            staged = stage(table)
            _write_batch(actor, writer, staged, result, digest.result(), skip_invalid, max_errors)
            if progress:
                progress.advance(table.num_rows)
    finally:
        writer.close()
    with transaction.atomic():
        audit(actor, "border.crossings.imported", changes=_summary(result, digest.result()))
    return result


@transaction.atomic
def _write_batch(actor: Actor, writer: Writer, staged: Staged, result: ImportResult,
                 sha256: str, skip_invalid: bool, max_errors: int) -> None:
    """One batch in one transaction: its people, documents, crossings and audit event."""
    written = writer.write(staged)
    conflicts = [RowError(line, "idempotency_key", "is already stored for a different crossing")
                 for line, _key in writer.conflicts()]
    if conflicts and not skip_invalid:
        raise ImportRejected(
            f"{len(conflicts)} rows reuse an idempotency key of a different crossing; "
            f"this batch was not stored ({result.batches} earlier batches were)",
            errors=conflicts[:max_errors] if max_errors else conflicts,
            error_count=len(conflicts), line_label=result.line_label,
        )
    staged_rows = staged.crossings.num_rows - len(conflicts)
    result.add_written(staged_rows, written)
    result.rejected += len(conflicts)
    result.add_errors(conflicts, max_errors)
    audit(actor, "border.crossings.batch_imported", changes={
        "file": result.source, "sha256": sha256, "batch": result.batches,
        "first_line": staged.first_line, "last_line": staged.last_line,
        "rows": staged.crossings.num_rows, "stored": written.stored,
        "people_created": written.people_created,
        "documents_created": written.documents_created,
    })


def _summary(result: ImportResult, sha256: str) -> dict[str, object]:
    return {
        "file": result.source, "sha256": sha256, "rows": result.rows, "stored": result.stored,
        "already_stored": result.already_stored, "rejected": result.rejected,
        "people_created": result.people_created, "documents_created": result.documents_created,
        "batches": result.batches,
    }
