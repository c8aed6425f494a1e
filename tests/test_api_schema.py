"""The whole API against its own OpenAPI schema: no server error, no undocumented status,
strict types, and a snapshot so schema changes are deliberate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
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


@schema.parametrize()
@settings(
    max_examples=40,
    deadline=None,
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
