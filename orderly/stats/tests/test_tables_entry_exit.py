"""Entry-exit person-times on a generated population, against a count made here by hand."""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from conftest import World
from orderly.border.models import Crossing
from orderly.border.services import crossing_strike_out
from orderly.stats.export import warehouse_export
from orderly.stats.rules.periods import Period
from orderly.stats.source import statistics_source
from orderly.stats.tables import TABLES, entry_exit, travellers
from orderly.stats.tests.crossings import SYSTEM, crossed, on
from orderly.stats.warehouse import Warehouse
from orderly.stay.tests.travellers import traveller

pytestmark = pytest.mark.django_db

NATIONALITIES = ["VNM", "THA", "DEU", "UTO"]


@pytest.fixture
def warehouse(tmp_path: Path) -> Warehouse:
    return Warehouse(tmp_path / "warehouse")


def population(world: World, seed: int = 7) -> list[Crossing]:
    """Forty travellers crossing at random across 2024 and 2025, a few refused; half of the
    crossings stored long ago (exported), half since the export (read from the database)."""
    rng = random.Random(seed)
    crossings = []
    for n in range(40):
        person = traveller(f"S{n:08d}", nationality=rng.choice(NATIONALITIES))
        for _ in range(rng.randint(1, 4)):
            at = on("2024-01-01T00:00:00") + timedelta(minutes=rng.randrange(2 * 365 * 24 * 60))
            direction = rng.choice(["entry", "exit"])
            crossings.append(
                crossed(
                    world,
                    person,
                    direction,
                    at,
                    rng.choice([world.port_a.code, world.port_b.code]),
                    refused=direction == "entry" and rng.random() < 0.15,
                    stored_days_ago=rng.choice([0, 3]),
                )
            )
    return crossings


def counted_by_hand(year: int) -> Counter[tuple[str, str, str]]:
    """Admitted, current crossings of ``year`` in their port's calendar, by direction,
    category (UTO: citizens) and nationality."""
    counts: Counter[tuple[str, str, str]] = Counter()
    for c in Crossing.objects.current().filter(outcome="admitted").select_related("port", "person"):
        if c.occurred_at.astimezone(ZoneInfo(c.port.timezone)).year == year:
            category = "citizens" if c.person.nationality == "UTO" else "foreigners"
            counts[c.direction, category, c.person.nationality] += 1
    return counts


def test_person_times_match_a_count_by_hand_with_the_year_before(
    world: World, warehouse: Warehouse
) -> None:
    crossings = population(world)
    warehouse_export(actor=SYSTEM, warehouse=warehouse, until=datetime.now(UTC) - timedelta(days=1))
    # Struck out after the export, by the supervisor of the capital's ports.
    exported = [c for c in crossings if c.outcome == "admitted" and c.port == world.port_a]
    sara = world.actor("supervisor.sara")
    crossing_strike_out(actor=sara, crossing_id=exported[0].pk, reason="recorded in error")
    with statistics_source(warehouse) as db:
        table = entry_exit(db, Period(2025))
    by_hand = counted_by_hand(2025)
    assert {
        (r["direction"], r["category"], r["nationality"]): r["person_times"] for r in table.rows
    } == dict(by_hand)
    total, previous = sum(by_hand.values()), sum(counted_by_hand(2024).values())
    assert table.figures == {
        "total": total,
        "previous_total": previous,
        "yoy_change": pytest.approx((total - previous) / previous),
    }


def test_distinct_travellers_match_a_count_by_hand(world: World, warehouse: Warehouse) -> None:
    population(world)
    warehouse_export(actor=SYSTEM, warehouse=warehouse, until=datetime.now(UTC) - timedelta(days=1))
    with statistics_source(warehouse) as db:
        table = travellers(db, Period(2025))
    people: dict[tuple[str, str], set[object]] = {}
    for c in Crossing.objects.current().filter(outcome="admitted").select_related("port", "person"):
        if c.occurred_at.astimezone(ZoneInfo(c.port.timezone)).year == 2025:
            category = "citizens" if c.person.nationality == "UTO" else "foreigners"
            people.setdefault((category, c.person.nationality), set()).add(c.person_id)
    assert {(r["category"], r["nationality"]): r["travellers"] for r in table.rows} == {
        key: len(ids) for key, ids in people.items()
    }
    assert table.figures["total"] == len(set().union(*people.values()))


def test_a_month_counts_that_months_crossings_only(world: World, warehouse: Warehouse) -> None:
    crossed(world, world.mia, "entry", on("2025-06-30T20:30:00"))  # 1 July in Beijing
    crossed(world, world.mia, "exit", on("2025-07-20T03:00:00"))
    crossed(world, world.mia, "entry", on("2024-07-05T03:00:00"))
    with statistics_source(warehouse) as db:
        july, june = entry_exit(db, Period(2025, 7)), entry_exit(db, Period(2025, 6))
    assert (july.figures["total"], july.figures["previous_total"]) == (2, 1)
    assert july.figures["yoy_change"] == 1.0
    assert june.figures == {"total": 0, "previous_total": 0, "yoy_change": None}


def test_the_table_is_registered_with_its_definition() -> None:
    table = TABLES["entry-exit"]
    assert table.query is entry_exit
    assert table.definition.startswith("Entry-exit person-times: every admitted crossing")
