"""Correcting and striking out crossings through the JSON API."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from conftest import World
from orderly.border.models import Crossing, CrossingCorrection
from orderly.border.services import CrossingRequest, crossing_record
from orderly.core.models import AuditEvent
from orderly.core.roles import system_actor

pytestmark = pytest.mark.django_db

REASON = "The post's clock was an hour fast"


def signed_in(world: World, username: str) -> Client:
    client = Client()
    client.force_login(world.user(username))
    return client


def exit_of_tom(world: World, *, hours_ago: int = 5) -> Crossing:
    request = CrossingRequest(
        port_code="CAP-AIR",
        direction="exit",
        idempotency_key=uuid.uuid4().hex,
        occurred_at=timezone.now() - timedelta(hours=hours_ago),
    )
    document = world.other.documents.get()
    return crossing_record(actor=system_actor("tests"), document=document, request=request).crossing


def correct(client: Client, crossing_id: object, body: dict[str, Any]) -> Any:
    return client.post(
        f"/api/v1/crossings/{crossing_id}/correction", body, content_type="application/json"
    )


def an_hour_earlier(crossing: Crossing) -> str:
    return (crossing.occurred_at - timedelta(hours=1)).isoformat()


def test_a_supervisor_corrects_the_time_and_gets_the_replacement(world: World) -> None:
    exit_ = exit_of_tom(world)
    sara = signed_in(world, "supervisor.sara")

    response = correct(sara, exit_.pk, {"reason": REASON, "occurred_at": an_hour_earlier(exit_)})

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["crossing_id"] == str(exit_.pk)
    assert body["reason"] == REASON
    replacement = body["replacement"]
    assert replacement["id"] != str(exit_.pk)
    assert (replacement["port"], replacement["direction"], replacement["source"]) == (
        "CAP-AIR",
        "exit",
        "correction",
    )
    assert replacement["occurred_at"].startswith(
        (exit_.occurred_at - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    )
    assert AuditEvent.objects.filter(
        name="border.crossing.corrected", object_id=str(exit_.pk)
    ).exists()


def test_a_supervisor_strikes_out_a_crossing_recorded_in_error(world: World) -> None:
    exit_ = exit_of_tom(world)

    response = correct(
        signed_in(world, "supervisor.sara"), exit_.pk, {"reason": REASON, "strike_out": True}
    )

    assert response.status_code == 201
    assert response.json()["replacement"] is None
    assert CrossingCorrection.objects.get().crossing_id == exit_.pk


def test_the_list_shows_the_replacement_and_the_crossing_corrected_stays_readable(
    world: World,
) -> None:
    exit_ = exit_of_tom(world)
    sara = signed_in(world, "supervisor.sara")
    replacement = correct(sara, exit_.pk, {"reason": REASON, "direction": "entry"}).json()[
        "replacement"
    ]

    listed = sara.get(f"/api/v1/crossings?person_id={world.other.pk}").json()
    fetched = sara.get(f"/api/v1/crossings/{exit_.pk}")

    assert [c["id"] for c in listed] == [replacement["id"]]
    assert (listed[0]["replaced_by"], listed[0]["struck_out"]) == (None, False)
    assert fetched.status_code == 200 and fetched.json()["direction"] == "exit"
    assert (fetched.json()["replaced_by"], fetched.json()["struck_out"]) == (
        replacement["id"],
        False,
    )


def test_a_crossing_struck_out_says_so_when_fetched_by_its_id(world: World) -> None:
    exit_ = exit_of_tom(world)
    sara = signed_in(world, "supervisor.sara")
    correct(sara, exit_.pk, {"reason": REASON, "strike_out": True})

    fetched = sara.get(f"/api/v1/crossings/{exit_.pk}").json()

    assert (fetched["replaced_by"], fetched["struck_out"]) == (None, True)


def test_a_second_correction_is_a_conflict_and_the_replacement_is_corrected_instead(
    world: World,
) -> None:
    exit_ = exit_of_tom(world)
    sara = signed_in(world, "supervisor.sara")
    first = correct(sara, exit_.pk, {"reason": REASON, "occurred_at": an_hour_earlier(exit_)})

    again = correct(sara, exit_.pk, {"reason": REASON, "strike_out": True})
    onward = correct(
        sara, first.json()["replacement"]["id"], {"reason": "Not him", "strike_out": True}
    )

    assert again.status_code == 409
    assert again.json()["field"] == "crossing_id"
    assert first.json()["replacement"]["id"] in again.json()["detail"]
    assert onward.status_code == 201
    assert CrossingCorrection.objects.count() == 2


def test_an_officer_may_not_correct_even_at_their_own_port(world: World) -> None:
    exit_ = exit_of_tom(world)

    response = correct(
        signed_in(world, "officer.ana"), exit_.pk, {"reason": REASON, "direction": "entry"}
    )

    assert response.status_code == 403
    assert not CrossingCorrection.objects.exists()


def test_an_officer_is_told_they_may_not_before_anything_about_what_they_sent(
    world: World,
) -> None:
    exit_ = exit_of_tom(world)
    body = {"reason": REASON, "strike_out": True, "port": "CAP-AIR"}  # both ways at once

    response = correct(signed_in(world, "officer.ana"), exit_.pk, body)

    assert response.status_code == 403
    assert not CrossingCorrection.objects.exists()


def test_an_unknown_crossing_is_not_found(world: World) -> None:
    response = correct(
        signed_in(world, "supervisor.sara"), uuid.uuid4(), {"reason": REASON, "strike_out": True}
    )
    assert response.status_code == 404
    assert response.json()["field"] == "crossing_id"


@pytest.mark.parametrize(
    "body, status, field",
    [
        ({"reason": "   ", "strike_out": True}, 400, "reason"),
        ({"strike_out": True}, 422, "reason"),
        ({"reason": "x" * 301, "strike_out": True}, 422, "reason"),
        ({"reason": REASON, "occurred_at": "2999-01-01T00:00:00Z"}, 400, "occurred_at"),
        ({"reason": REASON, "occurred_at": "2024-01-01T10:00:00"}, 422, "occurred_at"),
        ({"reason": REASON, "port": "NOWHERE"}, 404, "port"),
        ({"reason": REASON, "port": "NTH-LND"}, 403, "port"),
        ({"reason": REASON, "direction": "sideways"}, 422, "direction"),
        ({"reason": REASON, "direction": "exit"}, 400, "direction"),
        ({"reason": REASON, "strike_out": True, "port": "CAP-AIR"}, 400, "port"),
        ({"reason": REASON, "strike_out": "yes"}, 422, "strike_out"),
        ({"reason": REASON, "officer": "x"}, 422, "officer"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_stored(
    world: World, body: dict[str, Any], status: int, field: str
) -> None:
    exit_ = exit_of_tom(world)

    response = correct(signed_in(world, "supervisor.sara"), exit_.pk, body)

    assert response.status_code == status, response.json()
    assert field in response.json()["field"]
    assert not CrossingCorrection.objects.exists()
    assert Crossing.objects.count() == 1


def test_a_correction_without_anything_to_change_says_what_to_give(world: World) -> None:
    exit_ = exit_of_tom(world)

    response = correct(signed_in(world, "supervisor.sara"), exit_.pk, {"reason": REASON})

    assert response.status_code == 400
    assert "time, port or direction" in response.json()["detail"]
