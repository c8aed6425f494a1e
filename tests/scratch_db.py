"""A database of its own for tests that run Orderly as real processes and kill them.

A SQLite file under the test's folder, or, when DATABASE_URL points to PostgreSQL, a database
created for the test and dropped after it. Queries go straight to the database, past Django.
"""

from __future__ import annotations

import os
import secrets
import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from config.pytest_environment import skip_unless_required


@dataclass(frozen=True)
class ScratchDb:
    url: str

    @property
    def is_sqlite(self) -> bool:
        return self.url.startswith("sqlite")

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        if self.is_sqlite:
            with closing(sqlite3.connect(urlsplit(self.url).path, timeout=30)) as conn:
                return list(conn.execute(sql))
        import psycopg

        with psycopg.connect(self.url) as conn:
            return list(conn.execute(sql))

    def value(self, sql: str) -> int:
        """The single number ``sql`` returns."""
        return int(self.rows(sql)[0][0])

    def column(self, sql: str) -> list[str]:
        """The first column of every row ``sql`` returns."""
        return [str(row[0]) for row in self.rows(sql)]

    def wait_until_sessions_end(self) -> None:
        """On PostgreSQL, wait for the server sessions of killed clients to finish.

        A COMMIT a client sent just before SIGKILL is still carried out by its server backend;
        reading before that backend ends would miss a transaction that did commit.
        """
        if self.is_sqlite:
            return
        deadline = time.monotonic() + 60
        while self.value(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND backend_type = 'client backend' AND pid <> pg_backend_pid()"
        ):
            assert time.monotonic() < deadline, "a killed client's session never ended"
            time.sleep(0.05)


@contextmanager
def scratch_database(tmp_path: Path, name: str) -> Iterator[ScratchDb]:
    """A SQLite file ``name``.sqlite3, or on PostgreSQL a database of its own, then dropped."""
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith(("postgres://", "postgresql://")):
        yield ScratchDb(f"sqlite:///{tmp_path / f'{name}.sqlite3'}")
        return
    import psycopg

    database = f"orderly_{name.replace('-', '_')}_{secrets.token_hex(4)}"
    try:
        with psycopg.connect(base, autocommit=True) as admin:
            admin.execute(f"CREATE DATABASE {database}")
    except psycopg.Error as exc:
        skip_unless_required(f"cannot create a scratch PostgreSQL database: {exc}")
    try:
        yield ScratchDb(urlunsplit(urlsplit(base)._replace(path=f"/{database}")))
    finally:
        _drop(base, database)


def _drop(base: str, database: str) -> None:
    """Drop ``database``, waiting out an autovacuum worker that may still be busy in it.

    FORCE ends the connections killed processes left behind; it may not end an autovacuum
    worker without a privilege the test role lacks, but such a worker soon finishes.
    """
    import psycopg

    deadline = time.monotonic() + 120
    while True:
        try:
            with psycopg.connect(base, autocommit=True) as admin:
                admin.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
            return
        except (psycopg.errors.InsufficientPrivilege, psycopg.errors.ObjectInUse):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)
