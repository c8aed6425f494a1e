"""PostgreSQL: rows reach temporary staging tables through COPY; the rest is SQL.

Arrow writes each staging table as CSV in one call and psycopg streams it to ``COPY ... FROM
STDIN``, so no Python code runs per row. The staging tables empty themselves at each commit
(``ON COMMIT DELETE ROWS``) and are analysed per batch so the planner joins them sensibly.
Durability settings are left alone: a committed batch is as safe as any other commit.
"""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv
from django.db.backends.base.base import BaseDatabaseWrapper

from orderly.border.imports.prepare import Staged, utc_text
from orderly.border.imports.writing import Names, Statements, Written, crossing_id_parts

DOCS = "orderly_import_documents"
ROWS = "orderly_import_crossings"
_CREATE = (
    f"CREATE TEMP TABLE IF NOT EXISTS {DOCS} (ref integer PRIMARY KEY, document_kind text, "
    "issuing_state text, document_number text, document_type text, expiry_date date, "
    "surname text, given_names text, surname_key text, given_names_key text, "
    "date_of_birth text, sex text, nationality text, person_id uuid, document_id uuid) "
    "ON COMMIT DELETE ROWS",
    f"CREATE TEMP TABLE IF NOT EXISTS {ROWS} (line bigint PRIMARY KEY, idempotency_key text, "
    "port_id bigint, direction text, outcome text, purpose text, refusal_reason text, "
    "occurred_at timestamptz, ref integer) ON COMMIT DELETE ROWS",
)


class PostgresWriter:
    """Stages with COPY into temporary tables and writes with INSERT ... SELECT."""

    def __init__(self, connection: BaseDatabaseWrapper, *, now: datetime, check_keys: bool) -> None:
        self.connection = connection
        self.now = now
        self.check_keys = check_keys
        self.sql = Statements(
            Names(connection),
            docs=DOCS,
            rows=ROWS,
            flags="'[]'::jsonb",
            crossing_id="(%s || lpad(to_hex(%s::bigint + r.line), 15, '0'))::uuid",
            ph="%s",
        )

    def stamp(self, now: datetime) -> None:
        self.now = now

    @property
    def raw(self) -> Any:
        self.connection.ensure_connection()
        return self.connection.connection

    def open(self) -> None:
        """Create the staging tables (outside any batch, so a rolled-back batch keeps them)."""
        with self.raw.cursor() as cursor:
            for statement in _CREATE:
                cursor.execute(statement)

    def write(self, staged: Staged) -> Written:
        """Stage ``staged`` and write it; runs inside the caller's transaction."""
        crossings = staged.crossings.set_column(
            7,
            "occurred_at",
            pc.binary_join_element_wise(
                utc_text(staged.crossings.column("occurred_at")), "+00", ""
            ),
        )
        with self.raw.cursor() as cursor:
            cursor.execute(f"TRUNCATE {DOCS}, {ROWS}")  # inside an outer transaction, too
            _copy(cursor, DOCS, staged.documents)
            _copy(cursor, ROWS, crossings)
            cursor.execute(f"ANALYZE {DOCS}")
            cursor.execute(f"ANALYZE {ROWS}")
            cursor.execute(self.sql.people, (self.now,))
            people = cursor.rowcount
            cursor.execute(self.sql.documents, (self.now,))
            documents = cursor.rowcount
            cursor.execute(self.sql.resolve)
            prefix, base = crossing_id_parts()
            cursor.execute(self.sql.crossings, (prefix, base, self.now))
            stored = cursor.rowcount
        return Written(stored=stored, people_created=people, documents_created=documents)

    def conflicts(self) -> list[tuple[int, str]]:
        """Lines of the last batch whose key is stored for a different crossing."""
        if not self.check_keys:
            return []
        with self.raw.cursor() as cursor:
            cursor.execute(self.sql.conflicts)
            return [(int(line), str(key)) for line, key in cursor.fetchall()]

    def close(self) -> None:
        """Drop the staging tables."""
        with self.raw.cursor() as cursor:
            for table in (DOCS, ROWS):
                cursor.execute(f"DROP TABLE IF EXISTS {table}")


def _copy(cursor: Any, table: str, rows: pa.Table) -> None:
    """COPY ``rows`` into ``table`` as CSV: empty unquoted fields are NULL, quoted ones ''."""
    sink = io.BytesIO()
    pcsv.write_csv(rows, sink, pcsv.WriteOptions(include_header=False))
    columns = ", ".join(rows.column_names)
    with cursor.copy(f"COPY {table} ({columns}) FROM STDIN (FORMAT csv)") as copy:
        copy.write(sink.getbuffer())
