"""Offline border posts sync batches: each crossing stored exactly once, a verdict per item."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.test import Client

from conftest import World, specimen_mrz
from orderly.border.models import Crossing

pytestmark = pytest.mark.django_db

# Recent enough not to be flagged as recorded late.
START = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=3)


def offline_item(n: int, *, port: str = "CAP-AIR", direction: str = "entry") -> dict[str, Any]:
    return {
        "idempotency_key": f"post7-{n:06d}",
        "port": port,
        "direction": direction,
        "occurred_at": (START + timedelta(minutes=n)).isoformat(),
        "mrz": specimen_mrz(
            surname="OFFLINE", given_names=f"TRAVELLER {chr(65 + n % 26)}", number=f"X{n:07d}"
        ),
        "purpose": "business",
    }


def sync(client: Client, items: list[dict[str, Any]]) -> dict[str, Any]:
    response = client.post(
        "/api/v1/crossings/sync", {"items": items}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    return response.json()


@pytest.fixture
def officer(world: World) -> Client:
    client = Client()
    client.force_login(world.user("officer.ana"))
    return client


def test_a_batch_is_stored_with_its_original_times(officer: Client) -> None:
    answer = sync(officer, [offline_item(n) for n in range(5)])
    assert (answer["stored"], answer["duplicate"], answer["rejected"]) == (5, 0, 0)
    stored = Crossing.objects.get(idempotency_key="post7-000003")
    assert stored.occurred_at == START + timedelta(minutes=3)
    assert stored.source == "offline"


def test_retrying_a_batch_in_any_order_stores_each_crossing_once(officer: Client) -> None:
    items = [offline_item(n) for n in range(8)]
    sync(officer, items[:5])
    shuffled = items[:]
    random.Random(7).shuffle(shuffled)
    answer = sync(officer, shuffled + shuffled[:2])
    assert answer["stored"] == 3
    assert answer["duplicate"] == 7
    assert Crossing.objects.count() == 8


def test_a_batch_with_bad_items_stores_the_good_ones_and_says_why_the_others_failed(
    officer: Client,
) -> None:
    good = offline_item(1)
    wrong_port = offline_item(2, port="NTH-LND")
    bad_direction = {**offline_item(3), "direction": "up"}
    no_time = {k: v for k, v in offline_item(4).items() if k != "occurred_at"}
    bad_mrz = {**offline_item(5), "mrz": "not a machine readable zone"}
    answer = sync(officer, [good, wrong_port, bad_direction, no_time, bad_mrz])
    verdicts = {r["idempotency_key"]: (r["status"], r["field"]) for r in answer["results"]}
    assert verdicts["post7-000001"] == ("stored", "")
    assert verdicts["post7-000002"] == ("rejected", "port")
    assert verdicts["post7-000003"] == ("rejected", "direction")
    assert verdicts["post7-000004"] == ("rejected", "occurred_at")
    assert verdicts["post7-000005"] == ("rejected", "mrz")
    assert list(Crossing.objects.values_list("idempotency_key", flat=True)) == ["post7-000001"]


def test_an_exit_synced_before_its_entry_loses_its_flag_once_the_entry_arrives(
    officer: Client,
) -> None:
    entry = offline_item(1)
    exit_ = {**offline_item(2, direction="exit"), "mrz": entry["mrz"]}
    sync(officer, [exit_])
    assert Crossing.objects.get(idempotency_key="post7-000002").flags == ["exit_without_entry"]
    sync(officer, [entry])
    assert Crossing.objects.get(idempotency_key="post7-000002").flags == []


def test_an_empty_batch_is_refused(officer: Client) -> None:
    response = officer.post(
        "/api/v1/crossings/sync", {"items": []}, content_type="application/json"
    )
    assert response.status_code == 422


def test_an_item_that_is_not_an_object_is_rejected_alone(officer: Client) -> None:
    answer = sync(officer, [offline_item(1), "not an item", 7])  # type: ignore[list-item]
    statuses = [r["status"] for r in answer["results"]]
    assert statuses == ["stored", "rejected", "rejected"]
