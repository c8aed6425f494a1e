"""What recording a crossing costs the database, stays kept included: the busiest path.

Counted in statements, which the machine does not change: each one is a round trip and, above
all, the ORM's work building it (docs/howto/benchmarks.md).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from conftest import World, specimen_mrz
from orderly.border.models import Source
from orderly.border.services import CrossingRequest, crossing_record_known
from orderly.registry.models import Person, TravelDocument
from orderly.stay.services import pack_version_for_decisions
from orderly.stay.tests.travellers import stay, traveller, visa

pytestmark = pytest.mark.django_db

KNOWN_MRZ = specimen_mrz(surname="ERIKSSON", given_names="ANNA MARIA", number="L898902C3")

# The officer's grants and port, the document, the flags' look at the crossing before, the
# crossing, its audit event, the person locked and read, the pack in force, the person's
# crossings, authorizations and applications, the stay kept until now, and the stay's write.
STATEMENTS_AT_MOST = 14
# Through the API with the MRZ as scanned: the session and its user besides, and the document
# looked up by what the MRZ says, its holder with it.
API_STATEMENTS_AT_MOST = STATEMENTS_AT_MOST + 2


@dataclass(frozen=True)
class Cost:
    statements: int  # transaction control aside
    transactions: int  # atomic blocks entered: each a BEGIN alone, or a savepoint inside another


@pytest.fixture(autouse=True)
def _pack_stored(world: World) -> None:
    # As in service: the shipped pack is stored by the first decision ever made, once, and its
    # rules are read and parsed once per process.
    pack_version_for_decisions()


def cost_to_record(world: World, person: Person, direction: str) -> Cost:
    """What the service costs Ana to record ``person`` crossing now at her port."""
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
    return _cost(statements)


def cost_to_post(client: Client, mrz: str, direction: str) -> tuple[Cost, list[str]]:
    """What Ana's desk costs recording the traveller of ``mrz`` through the API, and the SQL."""
    body = {
        "idempotency_key": uuid.uuid4().hex,
        "port": "CAP-AIR",
        "direction": direction,
        "mrz": mrz,
        "purpose": "tourism",
    }
    with CaptureQueriesContext(connection) as statements:
        response = client.post("/api/v1/crossings", body, content_type="application/json")
    assert response.status_code == 201, response.json()
    return _cost(statements), [s["sql"] for s in statements.captured_queries]


def _cost(statements: CaptureQueriesContext) -> Cost:
    # The test runs inside a transaction of its own, so the service's outermost block shows as a
    # savepoint here; BEGIN and COMMIT depend on the test, not on the path.
    verbs = [s["sql"].split(" ", 1)[0].upper() for s in statements.captured_queries]
    control = {"BEGIN", "COMMIT", "SAVEPOINT", "RELEASE", "ROLLBACK"}
    return Cost(
        statements=sum(1 for verb in verbs if verb not in control),
        transactions=verbs.count("SAVEPOINT") + verbs.count("BEGIN"),
    )


def test_an_entry_and_an_exit_cost_a_few_statements_in_one_transaction(world: World) -> None:
    newcomer = traveller("V00000001", nationality="VNM")
    for direction in ("entry", "exit"):
        cost = cost_to_record(world, newcomer, direction)
        assert cost.statements <= STATEMENTS_AT_MOST
        assert cost.transactions == 1  # no savepoint inside it: each is two round trips more


def test_a_long_history_costs_no_more_statements_than_none(world: World) -> None:
    newcomer = traveller("V00000001", nationality="VNM")
    regular = traveller("V00000002", nationality="VNM")
    for person in (newcomer, regular):
        visa(person, valid_from=date(2024, 1, 1), days_valid=1000)
    first = date(2024, 1, 10)
    for n in range(20):
        stay(regular, first + timedelta(days=30 * n), first + timedelta(days=30 * n + 5))
    for direction in ("entry", "exit"):
        assert cost_to_record(world, regular, direction) == cost_to_record(
            world, newcomer, direction
        )


def test_a_scanned_traveller_known_already_is_recorded_in_one_transaction(world: World) -> None:
    client = Client()
    client.force_login(world.user("officer.ana"))
    cost_to_post(client, KNOWN_MRZ, "entry")  # registers the document and its holder
    for direction in ("exit", "entry"):
        cost, statements = cost_to_post(client, KNOWN_MRZ, direction)
        assert cost.statements <= API_STATEMENTS_AT_MOST
        assert cost.transactions == 1
        # The answer for a crossing this request stored needs no look for its correction.
        assert not any("border_crossingcorrection" in sql for sql in statements[-3:])


def test_a_traveller_scanned_for_the_first_time_is_registered_and_recorded_together(
    world: World,
) -> None:
    client = Client()
    client.force_login(world.user("officer.ana"))
    mrz = specimen_mrz(surname="NEW", given_names="NORA", number="N00000001")
    body = {"idempotency_key": "reused-key-0001", "port": "CAP-AIR", "direction": "entry"}
    client.post("/api/v1/crossings", {**body, "mrz": KNOWN_MRZ}, content_type="application/json")
    refused = client.post(
        "/api/v1/crossings", {**body, "mrz": mrz}, content_type="application/json"
    )
    # The key was used for another traveller's crossing: neither the crossing nor the new
    # document and person it would have belonged to are kept.
    assert refused.status_code == 409
    assert not TravelDocument.objects.filter(number="N00000001").exists()
    assert not Person.objects.filter(surname="NEW").exists()
