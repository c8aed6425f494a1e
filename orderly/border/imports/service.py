"""The import service: check the whole file, then write it batch by batch.

Pass 1 reads every row and checks it (``checks``); with a bad row and no ``skip_invalid``, the
run stops there having written nothing. Pass 2 writes batches of ``batch_rows`` good rows, each
in its own transaction with its own audit event (``border.crossings.batch_imported``); the good
rows come from memory when pass 1 could keep them (up to ``KEEP_BYTES``), else from reading the
file again. The unit that commits is the batch: a run killed midway leaves whole batches only,
every stored crossing with its person and document, and a re-run skips what is stored (same
idempotency keys) and writes the rest. The run ends with one ``border.crossings.imported``
event holding the totals.

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

BATCH_ROWS = 100_000
MAX_ERRORS = 1_000
KEEP_BYTES = 384 << 20  # checked rows pass 1 may keep in memory for pass 2


class Progress(Protocol):
    """Told how far a run has got: a phase ("checking", then "writing") and rows done."""

    def start(self, phase: str, total: int | None) -> None: ...

    def advance(self, rows: int) -> None: ...


class ImportRejected(InvalidInput):
    """Rows that cannot be imported; nothing was written (or, for a key conflict found while
    writing, nothing of the batch that holds it)."""

    def __init__(
        self, message: str, *, errors: list[RowError], error_count: int, line_label: str
    ) -> None:
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

    def summary(self, sha256: str) -> dict[str, object]:
        """The totals recorded in the run's audit event."""
        return {
            "file": self.source,
            "sha256": sha256,
            "rows": self.rows,
            "stored": self.stored,
            "already_stored": self.already_stored,
            "rejected": self.rejected,
            "people_created": self.people_created,
            "documents_created": self.documents_created,
            "batches": self.batches,
        }


@dataclass(frozen=True)
class Options:
    skip_invalid: bool = False
    batch_rows: int = BATCH_ROWS
    max_errors: int = MAX_ERRORS  # 0: keep every error


def crossings_import(
    *,
    actor: Actor,
    source: Source,
    skip_invalid: bool = False,
    batch_rows: int = BATCH_ROWS,
    max_errors: int = MAX_ERRORS,
    progress: Progress | None = None,
) -> ImportResult:
    """Import historical crossings from ``source`` (see the module docstring).

    Raises ``ImportRejected`` when rows are bad and ``skip_invalid`` is false, ``NotPermitted``
    without border.import.run, ``InvalidInput`` for a file that cannot be read.
    """
    if not actor.may_somewhere(Action.IMPORT_RUN):
        raise NotPermitted("you may not import crossings")
    if batch_rows < 1:
        raise InvalidInput("the batch size must be at least 1 row", field="batch_rows")
    options = Options(skip_invalid=skip_invalid, batch_rows=batch_rows, max_errors=max_errors)
    with ThreadPoolExecutor(max_workers=1) as pool:
        digest = pool.submit(source.sha256)  # hashed while the rows are checked
        run = _Run(actor, source, _context(actor, source, timezone.now()), options, progress)
        kept = run.check()
        if run.result.error_count and not skip_invalid:
            raise run.rejected()
        return run.write(kept, digest)


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


class _Run:
    """One run: its inputs, what it has found and written so far."""

    def __init__(
        self,
        actor: Actor,
        source: Source,
        context: Context,
        options: Options,
        progress: Progress | None,
    ) -> None:
        self.actor, self.source, self.context = actor, source, context
        self.options, self.progress = options, progress
        self.result = ImportResult(source=source.name, line_label=source.line_label)

    def _batches(self) -> Iterator[tuple[Checked | None, list[RowError]]]:
        """Each batch checked, with the rows the parser could not split (as errors).

        Rows that could not be split after the last batch (or in a file with no good row at all)
        come last, with no batch (None), so they are counted and reported too.
        """
        columns, malformed, reported = len(self.source.columns()), list[int](), 0

        def broken_since_last() -> list[RowError]:
            nonlocal reported
            found = [
                RowError(line, "row", f"does not have the header's {columns} columns")
                for line in malformed[reported:]
            ]
            reported = len(malformed)
            return found

        for batch, lines in self.source.batches(malformed):
            yield check_batch(batch, lines, self.context), broken_since_last()
        trailing = broken_since_last()
        if trailing:
            yield None, trailing

    def check(self) -> list[pa.Table] | None:
        """Pass 1: count and check every row; returns the good rows if they fit in memory."""
        result, kept, size = self.result, list[pa.Table](), 0
        self._start("checking", self.source.total_rows())
        for checked, broken in self._batches():
            if checked is None:
                result.rows += len(broken)
                result.rejected += len(broken)
                result.add_errors(broken, self.options.max_errors)
                continue
            rows = checked.table.num_rows + len(broken)
            result.rows += rows
            result.rejected += checked.bad_rows + len(broken)
            result.add_errors(sorted(broken + checked.errors), self.options.max_errors)
            if size <= KEEP_BYTES:
                kept.append(checked.good())
                size += kept[-1].nbytes
            self._advance(rows)
        return kept if size <= KEEP_BYTES else None

    def rejected(self) -> ImportRejected:
        result = self.result
        rows = "row" if result.rejected == 1 else "rows"
        return ImportRejected(
            f"{result.rejected} {rows} of {result.rows} cannot be imported; nothing was stored",
            errors=result.errors,
            error_count=result.error_count,
            line_label=result.line_label,
        )

    def _good_again(self) -> Iterator[pa.Table]:
        """Pass 2 without the rows in memory: read and check the file again."""
        bad = 0
        for checked, broken in self._batches():
            bad += (checked.bad_rows if checked else 0) + len(broken)
            if checked is None:
                continue
            if bad > self.result.rejected:
                raise InvalidInput(
                    "the file changed while it was being imported; run it again", field="file"
                )
            yield checked.good()

    def write(self, kept: list[pa.Table] | None, digest: Future[str]) -> ImportResult:
        """Pass 2: write the good rows batch by batch, then the run's audit event."""
        writer = writer_for(connection, now=self.context.now, check_keys=self.context.keys_given)
        tables = iter(kept) if kept is not None else self._good_again()
        self._start("writing", self.result.rows - self.result.rejected)
        writer.open()
        try:
            for table in rebatch(tables, self.options.batch_rows):
                self._write_batch(writer, stage(table), digest.result())
                self._advance(table.num_rows)
        finally:
            writer.close()
        with transaction.atomic():
            audit(
                self.actor,
                "border.crossings.imported",
                changes=self.result.summary(digest.result()),
            )
        return self.result

    @transaction.atomic
    def _write_batch(self, writer: Writer, staged: Staged, sha256: str) -> None:
        """One batch in one transaction: its people, documents, crossings and audit event."""
        result, options = self.result, self.options
        # Each batch stored at its own time, not the run's start: a long import's later
        # batches commit minutes after it began, and the statistics export reads by this time.
        writer.stamp(timezone.now())
        written = writer.write(staged)
        conflicts = [
            RowError(line, "idempotency_key", "is already stored for a different crossing")
            for line, _key in writer.conflicts()
        ]
        if conflicts and not options.skip_invalid:
            raise ImportRejected(
                f"{len(conflicts)} rows reuse an idempotency key of a different crossing; "
                f"this batch was not stored ({result.batches} earlier batches were)",
                errors=conflicts[: options.max_errors or None],
                error_count=len(conflicts),
                line_label=result.line_label,
            )
        result.add_written(staged.crossings.num_rows - len(conflicts), written)
        result.rejected += len(conflicts)
        result.add_errors(conflicts, options.max_errors)
        audit(self.actor, "border.crossings.batch_imported", changes={
            "file": result.source, "sha256": sha256, "batch": result.batches,
            "first_line": staged.first_line, "last_line": staged.last_line,
            "rows": staged.crossings.num_rows, "stored": written.stored,
            "people_created": written.people_created,
            "documents_created": written.documents_created,
        })  # fmt: skip

    def _start(self, phase: str, total: int | None) -> None:
        if self.progress:
            self.progress.start(phase, total)

    def _advance(self, rows: int) -> None:
        if self.progress:
            self.progress.advance(rows)
