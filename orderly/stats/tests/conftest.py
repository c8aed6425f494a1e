"""What the statistics tests share: a small population of 2025 with a warehouse."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from conftest import World
from orderly.stats.export import warehouse_export
from orderly.stats.tests.crossings import SYSTEM, crossed, on
from orderly.stats.warehouse import Warehouse
from orderly.stay.tests.travellers import traveller


@pytest.fixture
def travellers(world: World, tmp_path: Path, settings: Any) -> list[Any]:
    """Thirty crossings of Vietnamese travellers and three of a German one in 2025, half of
    them exported; the warehouse is the platform's."""
    settings.WAREHOUSE_DIR = tmp_path / "warehouse"
    # Surnames no table could contain by chance, so a test can look for them in any answer.
    people = [
        traveller(f"W{n:08d}", nationality="VNM", surname=f"HOANGVAN{'ABCDEFGHIJKLMNO'[n]}")
        for n in range(15)
    ]
    people.append(traveller("G00000001", nationality="DEU", surname="MUELLERSCHMIDT"))
    for n, person in enumerate(people[:15]):
        crossed(world, person, "entry", on(f"2025-03-{n + 1:02d}T04:00:00"))
        crossed(world, person, "exit", on(f"2025-04-{n + 1:02d}T04:00:00"), stored_days_ago=0)
    for day in (5, 6, 7):
        crossed(world, people[15], "entry", on(f"2025-05-{day:02d}T04:00:00"))
    warehouse_export(
        actor=SYSTEM,
        warehouse=Warehouse(settings.WAREHOUSE_DIR),
        until=datetime.now(UTC) - timedelta(days=1),
    )
    return people
