"""SQLite: rows reach temporary staging tables through ``executemany``; the rest is SQL.

The caller's transaction (``BEGIN IMMEDIATE``) holds the write lock for one batch. For the run,
the connection uses a larger page cache, in-memory temporary tables and ``synchronous=FULL``:
one fsync per committed batch costs nothing next to the batch, and a batch reported as stored
then survives even a power cut (the platform's default, NORMAL, may lose the last commits on
power loss, never on a process crash). Nothing that could lose committed data is relaxed.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
from django.db.backends.base.base import BaseDatabaseWrapper

from orderly.border.imports.prepare import Staged, utc_text
from orderly.border.imports.writing import Names, Statements, Written, crossing_id_parts

DOCS = "temp.orderly_import_documents"
ROWS = "temp.orderly_import_crossings"
_CREATE = (
    f"CREATE TABLE IF NOT EXISTS {DOCS} (ref INTEGER PRIMARY KEY, document_kind TEXT, "
    "issuing_state TEXT, document_number TEXT, document_type TEXT, expiry_date TEXT, "
    "surname TEXT, given_names TEXT, surname_key TEXT, given_names_key TEXT, "
    "date_of_birth TEXT, sex TEXT, nationality TEXT, person_id TEXT, document_id TEXT)",
    f"CREATE TABLE IF NOT EXISTS {ROWS} (line INTEGER PRIMARY KEY, idempotency_key TEXT, "
    "port_id INTEGER, direction TEXT, outcome TEXT, purpose TEXT, refusal_reason TEXT, "
    "occurred_at TEXT, ref INTEGER)",
)
_STAGE_DOCUMENTS = f"INSERT INTO {DOCS} VALUES ({', '.join('?' * 15)})"  # noqa: S608
_STAGE_CROSSINGS = f"INSERT INTO {ROWS} VALUES ({', '.join('?' * 9)})"  # noqa: S608
_RUN_PRAGMAS = {"cache_size": -262_144, "synchronous": 2, "temp_store": 2}


def django_instants(instants: pa.Array) -> pa.Array:
    """UTC instants as Django stores them in SQLite: 'YYYY-MM-DD HH:MM:SS[.ffffff]'."""
    full = utc_text(instants)
    return pc.if_else(pc.ends_with(full, ".000000"), pc.utf8_slice_codeunits(full, 0, 19), full)


class SqliteWriter:
    """Stages with executemany into temporary tables and writes with INSERT ... SELECT."""

    def __init__(self, connection: BaseDatabaseWrapper, *, now: datetime, check_keys: bool) -> None:
        self.connection = connection
        self.now = connection.ops.adapt_datetimefield_value(now)
        self.check_keys = check_keys
        self.sql = Statements(
            Names(connection),
            docs=DOCS,
            rows=ROWS,
            flags="'[]'",
            crossing_id="? || printf('%015x', ? + r.line)",
            ph="?",
        )
        self._saved: dict[str, Any] = {}

    def stamp(self, now: datetime) -> None:
        self.now = self.connection.ops.adapt_datetimefield_value(now)

    @property
    def raw(self) -> sqlite3.Connection:
        self.connection.ensure_connection()
        return self.connection.connection

    def open(self) -> None:
        """Tune the connection for the run and create the staging tables (outside any batch).

        Inside an outer transaction (a test, a caller's ``atomic``) the settings stay as they
        are: SQLite refuses to change them there.
        """
        pragmas = {} if self.connection.in_atomic_block else _RUN_PRAGMAS
        for pragma, value in pragmas.items():
            self._saved[pragma] = self.raw.execute(f"PRAGMA {pragma}").fetchone()[0]
            self.raw.execute(f"PRAGMA {pragma} = {int(value)}")
        for statement in _CREATE:
            self.raw.execute(statement)

    def write(self, staged: Staged) -> Written:
        """Stage ``staged`` and write it; runs inside the caller's transaction."""
        raw = self.raw
        for table in (DOCS, ROWS):
            raw.execute(f"DELETE FROM {table}")  # noqa: S608 (constant names)
        raw.executemany(_STAGE_DOCUMENTS, _rows(staged.documents))
        crossings = staged.crossings.set_column(
            7, "occurred_at", django_instants(staged.crossings.column("occurred_at"))
        )
        raw.executemany(_STAGE_CROSSINGS, _rows(crossings))
        people = raw.execute(self.sql.people, (self.now,)).rowcount
        documents = raw.execute(self.sql.documents, (self.now,)).rowcount
        raw.execute(self.sql.resolve)
        prefix, base = crossing_id_parts()
        stored = raw.execute(self.sql.crossings, (prefix, base, self.now)).rowcount
        return Written(stored=stored, people_created=people, documents_created=documents)

    def conflicts(self) -> list[tuple[int, str]]:
        """Lines of the last batch whose key is stored for a different crossing."""
        if not self.check_keys:
            return []
        return [(int(line), str(key)) for line, key in self.raw.execute(self.sql.conflicts)]

    def close(self) -> None:
        """Drop the staging tables and restore the connection's settings."""
        for table in (DOCS, ROWS):
            self.raw.execute(f"DROP TABLE IF EXISTS {table}")
        for pragma, value in self._saved.items():
            self.raw.execute(f"PRAGMA {pragma} = {int(value)}")


def _rows(table: pa.Table) -> Any:
    """The table's rows as tuples, built column-wise (one list per column, then zip)."""
    return zip(*(column.to_pylist() for column in table.columns), strict=True)
