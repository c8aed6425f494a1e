"""Recording, listing and fetching crossings through the JSON API."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.test import Client

from conftest import World, specimen_mrz
from orderly.border.models import Crossing
from orderly.core.models import AuditEvent

pytestmark = pytest.mark.django_db

NEWCOMER = specimen_mrz(surname="ERIKSSON", given_names="ANNA MARIA", number="L898902C3")


def signed_in(world: World, username: str) -> Client:
    client = Client()
    client.force_login(world.user(username))
    return client


def post(client: Client, path: str, body: dict[str, Any]) -> Any:
    return client.post(path, body, content_type="application/json")


def entry_at(
    port: str, *, mrz: str = NEWCOMER, key: str | None = None, **extra: Any
) -> dict[str, Any]:
    return {
        "idempotency_key": key or uuid.uuid4().hex,
        "port": port,
        "direction": "entry",
        "mrz": mrz,
        "purpose": "tourism",
        **extra,
    }


def test_an_officer_records_an_entry_of_a_new_traveller_at_their_port(world: World) -> None:
    response = post(signed_in(world, "officer.ana"), "/api/v1/crossings", entry_at("CAP-AIR"))
    assert response.status_code == 201, response.json()
    body = response.json()
    crossing = Crossing.objects.get(pk=body["id"])
    assert (crossing.port.code, crossing.direction, crossing.source) == ("CAP-AIR", "entry", "desk")
    assert crossing.person.surname == "ERIKSSON"
    assert crossing.officer == world.user("officer.ana")
    assert AuditEvent.objects.filter(
        name="border.crossing.recorded", object_id=str(crossing.pk)
    ).exists()


def test_retrying_with_the_same_idempotency_key_stores_nothing_new(world: World) -> None:
    client = signed_in(world, "officer.ana")
    payload = entry_at("CAP-AIR", key="retry-key-0001")
    first = post(client, "/api/v1/crossings", payload)
    second = post(client, "/api/v1/crossings", payload)
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"]
    assert Crossing.objects.filter(idempotency_key="retry-key-0001").count() == 1


def test_reusing_a_key_for_a_different_crossing_is_a_conflict(world: World) -> None:
    client = signed_in(world, "officer.ana")
    post(client, "/api/v1/crossings", entry_at("CAP-AIR", key="same-key-0001"))
    response = post(
        client,
        "/api/v1/crossings",
        {**entry_at("CAP-AIR", key="same-key-0001"), "direction": "exit"},
    )
    assert response.status_code == 409
    assert response.json()["field"] == "idempotency_key"


def test_it_refuses_an_entry_at_another_officers_port_and_writes_nothing(world: World) -> None:
    response = post(signed_in(world, "officer.ana"), "/api/v1/crossings", entry_at("NTH-LND"))
    assert response.status_code == 403
    assert response.json()["field"] == "port"
    assert Crossing.objects.count() == 0
    assert (
        not AuditEvent.objects.filter(name="registry.person.created")
        .exclude(actor_label__startswith="system:")
        .exists()
    )


def test_a_refused_entry_is_recorded_with_its_reason(world: World) -> None:
    payload = entry_at("CAP-AIR", outcome="refused", refusal_reason="No valid visa")
    response = post(signed_in(world, "officer.ana"), "/api/v1/crossings", payload)
    assert response.status_code == 201
    assert response.json()["outcome"] == "refused"
    assert response.json()["refusal_reason"] == "No valid visa"


def test_a_refusal_without_a_reason_names_the_field(world: World) -> None:
    response = post(
        signed_in(world, "officer.ana"), "/api/v1/crossings", entry_at("CAP-AIR", outcome="refused")
    )
    assert response.status_code == 400
    assert response.json()["field"] == "refusal_reason"
    assert Crossing.objects.count() == 0


def test_a_nul_character_in_a_text_is_refused_naming_the_field_and_nothing_is_stored(
    world: World,
) -> None:
    payload = entry_at("CAP-AIR", outcome="refused", refusal_reason="No visa\x00")
    response = post(signed_in(world, "officer.ana"), "/api/v1/crossings", payload)
    assert response.status_code == 422
    assert response.json()["field"].endswith("refusal_reason")
    assert not Crossing.objects.exists()


def test_an_exit_without_a_recorded_entry_is_flagged(world: World) -> None:
    payload = {**entry_at("CAP-AIR"), "direction": "exit"}
    response = post(signed_in(world, "officer.ana"), "/api/v1/crossings", payload)
    assert response.json()["flags"] == ["exit_without_entry"]


def test_an_exit_after_an_entry_is_not_flagged(world: World) -> None:
    client = signed_in(world, "officer.ana")
    post(client, "/api/v1/crossings", entry_at("CAP-AIR"))
    response = post(client, "/api/v1/crossings", {**entry_at("CAP-AIR"), "direction": "exit"})
    assert response.json()["flags"] == []


def test_a_bad_check_digit_names_the_field_and_writes_nothing(world: World) -> None:
    lines = NEWCOMER.splitlines()
    broken = lines[0] + "\n" + lines[1][:9] + ("0" if lines[1][9] != "0" else "1") + lines[1][10:]
    response = post(
        signed_in(world, "officer.ana"), "/api/v1/crossings", entry_at("CAP-AIR", mrz=broken)
    )
    assert response.status_code == 400
    fields = [e["field"] for e in response.json()["errors"]]
    assert "document_number_check_digit" in fields
    assert Crossing.objects.count() == 0


def test_a_crossing_in_the_future_is_refused(world: World) -> None:
    payload = entry_at("CAP-AIR", occurred_at="2999-01-01T00:00:00+00:00")
    response = post(signed_in(world, "officer.ana"), "/api/v1/crossings", payload)
    assert response.status_code == 400
    assert response.json()["field"] == "occurred_at"


@pytest.mark.parametrize(
    "field, value",
    [
        ("direction", "sideways"),
        ("direction", False),
        ("purpose", 3),
        ("port", None),
        ("occurred_at", 0),
        ("occurred_at", "2024-01-01T10:00:00"),
        ("idempotency_key", "short"),
    ],
)
def test_strict_types_refuse_values_that_lax_parsing_would_take(
    world: World, field: str, value: Any
) -> None:
    response = post(
        signed_in(world, "officer.ana"), "/api/v1/crossings", {**entry_at("CAP-AIR"), field: value}
    )
    assert response.status_code == 422
    assert field in response.json()["field"]


def test_an_unknown_field_is_refused_rather_than_ignored(world: World) -> None:
    response = post(
        signed_in(world, "officer.ana"),
        "/api/v1/crossings",
        {**entry_at("CAP-AIR"), "officer": "x"},
    )
    assert response.status_code == 422


def test_an_officer_lists_crossings_at_their_own_ports_only(world: World) -> None:
    post(signed_in(world, "officer.ana"), "/api/v1/crossings", entry_at("CAP-AIR"))
    post(
        signed_in(world, "officer.ben"),
        "/api/v1/crossings",
        entry_at(
            "NTH-LND", mrz=specimen_mrz(surname="NORTH", given_names="NED", number="N0000001")
        ),
    )
    ports = {c["port"] for c in signed_in(world, "officer.ana").get("/api/v1/crossings").json()}
    assert ports == {"CAP-AIR"}


def test_fetching_a_crossing_at_another_port_answers_not_found(world: World) -> None:
    created = post(
        signed_in(world, "officer.ben"),
        "/api/v1/crossings",
        entry_at(
            "NTH-LND", mrz=specimen_mrz(surname="NORTH", given_names="NED", number="N0000001")
        ),
    )
    response = signed_in(world, "officer.ana").get(f"/api/v1/crossings/{created.json()['id']}")
    assert response.status_code == 404


def test_a_migrant_sees_their_own_crossings_and_nobody_elses(world: World) -> None:
    officer = signed_in(world, "officer.ana")
    mia = specimen_mrz(surname="MIGRANT", given_names="MIA", number="M1234567")
    post(officer, "/api/v1/crossings", entry_at("CAP-AIR", mrz=mia))
    post(officer, "/api/v1/crossings", entry_at("CAP-AIR"))
    seen = signed_in(world, "migrant.mia").get("/api/v1/crossings").json()
    assert [c["person_id"] for c in seen] == [str(world.mia.pk)]


def test_reading_a_crossing_is_audited(world: World) -> None:
    created = post(signed_in(world, "officer.ana"), "/api/v1/crossings", entry_at("CAP-AIR")).json()
    signed_in(world, "supervisor.sara").get(f"/api/v1/crossings/{created['id']}")
    event = AuditEvent.objects.get(name="border.crossing.viewed")
    assert event.actor == world.user("supervisor.sara")


def test_a_border_post_device_records_with_its_bearer_token(world: World) -> None:
    from orderly.core.roles import system_actor
    from orderly.core.services import device_token_issue

    token = device_token_issue(
        actor=system_actor("tests"), user=world.user("officer.ana"), name="Gate 4"
    )
    response = Client().post(
        "/api/v1/crossings",
        entry_at("CAP-AIR"),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 201


def test_a_wrong_token_is_unauthenticated(world: World) -> None:
    response = Client().post(
        "/api/v1/crossings",
        entry_at("CAP-AIR"),
        content_type="application/json",
        HTTP_AUTHORIZATION="Bearer abcd1234.not-the-secret",
    )
    assert response.status_code == 401


def test_an_instant_before_1900_is_refused_even_at_a_port_west_of_utc(world: World) -> None:
    from orderly.border.services import port_save
    from orderly.core.roles import system_actor

    port_save(
        actor=system_actor("tests"),
        code="CAP-AIR",
        name="Capital International Airport",
        kind="air",
        region="capital",
        timezone_name="America/New_York",
    )
    payload = entry_at("CAP-AIR", occurred_at="0001-01-01T00:00:00Z")
    response = post(signed_in(world, "officer.ana"), "/api/v1/crossings", payload)
    assert response.status_code == 400
    assert response.json()["field"] == "occurred_at"


def test_a_known_number_presented_with_another_holders_details_is_flagged(world: World) -> None:
    clone = specimen_mrz(surname="IMPOSTOR", given_names="IVAN", number="M1234567", sex="M")
    response = post(
        signed_in(world, "officer.ana"), "/api/v1/crossings", entry_at("CAP-AIR", mrz=clone)
    )
    assert response.status_code == 201
    assert response.json()["person_id"] == str(world.mia.pk)
    assert "holder_details_differ" in response.json()["flags"]


def test_an_anonymous_post_is_told_to_authenticate_not_about_csrf(world: World) -> None:
    response = Client(enforce_csrf_checks=True).post(
        "/api/v1/crossings", entry_at("CAP-AIR"), content_type="application/json"
    )
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
