"""Fixtures shared by the stay tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def commands_keep_the_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run ``orderly`` commands in-process without closing the test's database connection.

    A command run from the command line closes every connection when it ends; on PostgreSQL
    the test's transaction lives on that connection, so the next query would fail.
    """
    monkeypatch.setattr("django.db.connections.close_all", lambda: None)
