"""What recording a crossing costs the database, stays kept included: the busiest path.

Counted in statements, which the machine does not change: each one is a round trip and, above
all, the ORM's work building it (docs/howto/benchmarks.md).
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import World
from orderly.border.models import Source
from orderly.border.services import CrossingRequest, crossing_record_known
from orderly.registry.models import Person
from orderly.stay.services import pack_version_for_decisions
from orderly.stay.tests.travellers import stay, traveller, visa

pytestmark = pytest.mark.django_db

# The officer's grants and port, the document, the flags' look at the crossing before, the
# crossing, its audit event, the person locked and read, the pack in force, the person's
# crossings, authorizations and applications, the stay kept until now, and the stay's write.
STATEMENTS_AT_MOST = 14


@pytest.fixture(autouse=True)
def _pack_stored(world: World) -> None:
    # As in service: the shipped pack is stored by the first decision ever made, once.
    pack_version_for_decisions()


def statements_to_record(world: World, person: Person, direction: str) -> int:
    """How many statements the service runs for Ana to record ``person`` crossing now at her
    port."""
    request = CrossingRequest(
        port_code=world.port_a.code,
        direction=direction,
        idempotency_key=uuid.uuid4().hex,
        source=Source.DESK,
    )
    document = person.documents.get()
    with CaptureQueriesContext(connection) as statements:
        crossing_record_known(
            actor=world.actor("officer.ana"), document_id=document.pk, request=request
        )
    return sum(1 for s in statements.captured_queries if not _bookkeeping(s["sql"]))


def _bookkeeping(sql: str) -> bool:
    # Transaction control, whose form depends on the test's own transaction, not on the path.
    return sql.split(" ", 1)[0].upper() in {"BEGIN", "COMMIT", "SAVEPOINT", "RELEASE"}


def test_an_entry_and_an_exit_cost_a_few_statements_for_a_new_traveller(world: World) -> None:
    newcomer = traveller("V00000001", nationality="VNM")
    assert statements_to_record(world, newcomer, "entry") <= STATEMENTS_AT_MOST
    assert statements_to_record(world, newcomer, "exit") <= STATEMENTS_AT_MOST


def test_a_long_history_costs_no_more_statements_than_none(world: World) -> None:
    newcomer = traveller("V00000001", nationality="VNM")
    regular = traveller("V00000002", nationality="VNM")
    for person in (newcomer, regular):
        visa(person, valid_from=date(2024, 1, 1), days_valid=1000)
    first = date(2024, 1, 10)
    for n in range(20):
        stay(regular, first + timedelta(days=30 * n), first + timedelta(days=30 * n + 5))
    assert statements_to_record(world, regular, "entry") == statements_to_record(
        world, newcomer, "entry"
    )
    assert statements_to_record(world, regular, "exit") == statements_to_record(
        world, newcomer, "exit"
    )
