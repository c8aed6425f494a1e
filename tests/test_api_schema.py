"""The whole API against its own OpenAPI schema: no server error, no undocumented status,
strict types, and a snapshot so schema changes are deliberate."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from conftest import World
from orderly.core.roles import system_actor
from orderly.core.services import device_token_issue

SNAPSHOT = Path(__file__).parent / "snapshots" / "openapi.json"

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture
def officer_token(world: World) -> str:
    return device_token_issue(
        actor=system_actor("tests"), user=world.user("officer.ana"), name="fuzz"
    )


# Loaded in-process through WSGI: the calls hit the test database of each test.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture(autouse=True)
def _keep_the_test_connection_open() -> Iterator[None]:
    """Stop each in-process request from closing the test's database connection.

    A WSGI call fires request_started and request_finished, whose close_old_connections closes a
    PostgreSQL connection found inside a transaction, which every test's connection is: the next
    query then fails with "the connection is closed". Django's own test client unhooks it the
    same way; SQLite hid the problem because its in-memory test database is never closed.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=40,
    deadline=None,
    # The same examples on every run, so a failure in CI can be reproduced where it is read.
    derandomize=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_the_api_honours_its_schema_for_any_input(
    case: schemathesis.Case, officer_token: str
) -> None:
    # Every other check runs (server errors, undocumented statuses, response shapes, negative data
    # must be refused). Schema-valid input may still be refused with a 400: no schema can say that
    # an MRZ's check digits are right or that a port exists.
    case.call_and_validate(
        headers={"Authorization": f"Bearer {officer_token}"},
        excluded_checks=[positive_data_acceptance],
    )


def test_the_openapi_schema_matches_the_snapshot(client) -> None:
    current = client.get("/api/v1/openapi.json").json()
    if not SNAPSHOT.exists():
        SNAPSHOT.parent.mkdir(exist_ok=True)
        SNAPSHOT.write_text(json.dumps(current, indent=2, sort_keys=True) + "\n")
        pytest.fail("snapshot written; review and commit tests/snapshots/openapi.json")
    expected = json.loads(SNAPSHOT.read_text())
    assert current == expected, (
        "API schema changed: update tests/snapshots/openapi.json deliberately"
    )
