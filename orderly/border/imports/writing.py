"""Writing staged batches set-based: new people and documents first, then the crossings.

The SQL is the same on both databases apart from how rows reach the staging tables (SQLite:
``executemany``; PostgreSQL: ``COPY``) and how a crossing id is spelt. Every statement reads the
staging tables and writes the real ones in one go; nothing is written row by row.

* A document already registered keeps its holder; a new document gets a new person. People
  are never matched by name here: that is a decision for an officer, not for a bulk load.
* A crossing whose idempotency key is already stored is skipped (``ON CONFLICT DO NOTHING``),
  which is what makes a re-run store nothing twice.
* Crossing ids are time-ordered UUIDs (version 7 layout), so the primary-key index grows at
  its end instead of at random places.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from typing import Any, Protocol

from django.core.exceptions import ImproperlyConfigured
from django.db.backends.base.base import BaseDatabaseWrapper

from orderly.border.imports.prepare import Staged
from orderly.border.models import Crossing
from orderly.registry.models import Person, TravelDocument


@dataclass(frozen=True)
class Written:
    """What one batch wrote."""

    stored: int
    people_created: int
    documents_created: int


class Writer(Protocol):
    """A database's way of staging and writing batches, inside the caller's transaction."""

    def open(self) -> None: ...

    def stamp(self, now: Any) -> None:
        """Record the next batches as stored at ``now``."""
        ...

    def write(self, staged: Staged) -> Written: ...

    def conflicts(self) -> list[tuple[int, str]]: ...

    def close(self) -> None: ...


def crossing_id_parts() -> tuple[str, int]:
    """A batch's crossing-id prefix (17 hex digits: milliseconds, version 7, random bits and the
    variant) and a random base to which each row's line number is added (15 hex digits)."""
    milliseconds = time.time_ns() // 1_000_000
    prefix = f"{milliseconds:012x}7{secrets.randbits(12):03x}{8 + secrets.randbelow(4):x}"
    return prefix, secrets.randbits(58)


class Names:
    """Quoted table and column names, read from the models so a renamed field cannot drift."""

    def __init__(self, connection: BaseDatabaseWrapper) -> None:
        quote = connection.ops.quote_name
        self.person = quote(Person._meta.db_table)
        self.document = quote(TravelDocument._meta.db_table)
        self.crossing = quote(Crossing._meta.db_table)
        self._quote = quote

    def columns(self, model: Any, fields: tuple[str, ...]) -> str:
        """The quoted columns of ``fields`` of ``model``, comma-separated."""
        return ", ".join(self._quote(model._meta.get_field(name).column) for name in fields)

    def column(self, model: Any, field: str) -> str:
        return str(self._quote(model._meta.get_field(field).column))


PERSON_FIELDS = (
    "id",
    "surname",
    "given_names",
    "surname_key",
    "given_names_key",
    "date_of_birth",
    "sex",
    "nationality",
    "created_at",
)
DOCUMENT_FIELDS = (
    "id",
    "holder",
    "document_type",
    "document_kind",
    "issuing_state",
    "number",
    "expiry_date",
    "created_at",
)
CROSSING_FIELDS = (
    "id",
    "idempotency_key",
    "direction",
    "outcome",
    "refusal_reason",
    "occurred_at",
    "recorded_at",
    "source",
    "purpose",
    "flags",
    "document",
    "officer",
    "person",
    "port",
)


class Statements:
    """The SQL both writers run; ``ph`` is the parameter placeholder, ``crossing_id`` the
    expression that spells a crossing id from the parameters and ``r.line``.

    Table and column names come from the models and from constants, never from input; every
    value is a parameter or a staged column (hence the S608 exemptions below).
    """

    def __init__(
        self, names: Names, *, docs: str, rows: str, flags: str, crossing_id: str, ph: str
    ) -> None:
        doc = names.document
        match = (
            f"d.{names.column(TravelDocument, 'document_kind')} = s.document_kind"
            f" AND d.{names.column(TravelDocument, 'issuing_state')} = s.issuing_state"
            f" AND d.{names.column(TravelDocument, 'number')} = s.document_number"
        )
        new = f"NOT EXISTS (SELECT 1 FROM {doc} d WHERE {match})"  # noqa: S608 (names from models)
        self.people = (
            f"INSERT INTO {names.person} ({names.columns(Person, PERSON_FIELDS)}) "  # noqa: S608
            f"SELECT s.person_id, s.surname, s.given_names, s.surname_key, s.given_names_key, "
            f"s.date_of_birth, s.sex, s.nationality, {ph} FROM {docs} s WHERE {new}"
        )
        self.documents = (
            f"INSERT INTO {doc} ({names.columns(TravelDocument, DOCUMENT_FIELDS)}) "  # noqa: S608
            f"SELECT s.document_id, s.person_id, s.document_type, s.document_kind, "
            f"s.issuing_state, s.document_number, s.expiry_date, {ph} FROM {docs} s WHERE {new}"
        )
        # Each distinct document is looked up once, not once per crossing.
        self.resolve = (
            f"UPDATE {docs} AS s SET document_id = d.{names.column(TravelDocument, 'id')}, "  # noqa: S608
            f"person_id = d.{names.column(TravelDocument, 'holder')} FROM {doc} d WHERE {match}"
        )
        key = names.column(Crossing, "idempotency_key")
        self.crossings = (
            f"INSERT INTO {names.crossing} ({names.columns(Crossing, CROSSING_FIELDS)}) "  # noqa: S608
            f"SELECT {crossing_id}, r.idempotency_key, r.direction, r.outcome, r.refusal_reason, "
            f"r.occurred_at, {ph}, 'import', r.purpose, {flags}, s.document_id, NULL, "
            f"s.person_id, r.port_id FROM {rows} r JOIN {docs} s ON s.ref = r.ref "
            f"WHERE true ORDER BY r.line ON CONFLICT ({key}) DO NOTHING"
        )
        same = (
            f"c.{names.column(Crossing, 'port')} = r.port_id"
            f" AND c.{names.column(Crossing, 'direction')} = r.direction"
            f" AND c.{names.column(Crossing, 'occurred_at')} = r.occurred_at"
        )
        self.conflicts = (
            f"SELECT r.line, r.idempotency_key FROM {rows} r "  # noqa: S608 (names from models)
            f"JOIN {docs} s ON s.ref = r.ref "
            f"JOIN {names.crossing} c ON c.{key} = r.idempotency_key "
            f"JOIN {doc} d ON d.{names.column(TravelDocument, 'id')} = "
            f"c.{names.column(Crossing, 'document')} "
            f"WHERE NOT ({same} AND {match}) ORDER BY r.line"
        )


def writer_for(connection: BaseDatabaseWrapper, *, now: Any, check_keys: bool) -> Writer:
    """The writer for ``connection``'s database."""
    if connection.vendor == "sqlite":
        from orderly.border.imports.sqlite import SqliteWriter

        return SqliteWriter(connection, now=now, check_keys=check_keys)
    if connection.vendor == "postgresql":
        from orderly.border.imports.postgres import PostgresWriter

        return PostgresWriter(connection, now=now, check_keys=check_keys)
    # Orderly runs on SQLite and PostgreSQL only (DESIGN.md); say so rather than write slowly.
    raise ImproperlyConfigured(
        f"DATABASE_URL: bulk import supports SQLite and PostgreSQL, not {connection.vendor}"
    )
