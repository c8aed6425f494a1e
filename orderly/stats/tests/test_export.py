"""Exporting the records into the warehouse: by the port's month, only what is new, never half."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from conftest import World
from orderly.border.models import Crossing
from orderly.border.services import crossing_strike_out
from orderly.cli import main
from orderly.core.errors import InvalidInput, NotPermitted
from orderly.core.models import AuditEvent
from orderly.stats import export
from orderly.stats.export import warehouse_export
from orderly.stats.records import _READ, _as_warehouse_rows, converter
from orderly.stats.tests.crossings import SYSTEM, crossed, on
from orderly.stats.warehouse import Manifest, Warehouse, WarehouseError
from orderly.stay.tests.travellers import traveller

pytestmark = pytest.mark.django_db


@pytest.fixture
def warehouse(tmp_path: Path) -> Warehouse:
    return Warehouse(tmp_path / "warehouse")


def exported_rows(warehouse: Warehouse) -> list[tuple[object, ...]]:
    """(crossing id, year, month, local day, direction, nationality, category), as a query
    over the files the manifest lists reads them."""
    files = warehouse.paths(warehouse.manifest().crossings)
    if not files:
        return []
    return duckdb.execute(
        "SELECT crossing_id, year, month, local_date, direction, nationality, category "
        "FROM read_parquet(?, hive_partitioning = true) ORDER BY local_date, direction",
        [files],
    ).fetchall()


def test_crossings_land_in_the_month_of_their_ports_calendar(
    world: World, warehouse: Warehouse
) -> None:
    # 20:30 UTC on 30 June is already 1 July in Beijing (the port's time zone).
    entry = crossed(world, world.mia, "entry", on("2025-06-30T20:30:00"))
    exit_ = crossed(world, world.mia, "exit", on("2025-08-02T03:00:00"))
    done = warehouse_export(actor=SYSTEM, warehouse=warehouse)
    assert (done.crossings, done.corrections) == (2, 0)
    rows = exported_rows(warehouse)
    assert [(r[0], r[1], r[2], str(r[3]), r[4]) for r in rows] == [
        (entry.pk.hex, 2025, 7, "2025-07-01", "entry"),
        (exit_.pk.hex, 2025, 8, "2025-08-02", "exit"),
    ]
    assert sorted(Path(p).parent.name for p in warehouse.manifest().crossings) == [
        "month=7",
        "month=8",
    ]


def test_each_crossing_carries_its_travellers_nationality_and_category(
    world: World, warehouse: Warehouse
) -> None:
    crossed(world, world.mia, "entry", on("2025-06-01T04:00:00"))  # a citizen of Utopia
    warehouse_export(actor=SYSTEM, warehouse=warehouse)
    assert [(r[5], r[6]) for r in exported_rows(warehouse)] == [("UTO", "citizens")]


def test_a_second_run_exports_only_what_was_stored_since_and_leaves_the_first_files_alone(
    world: World, warehouse: Warehouse
) -> None:
    crossed(world, world.mia, "entry", on("2025-06-01T04:00:00"))
    first = warehouse_export(actor=SYSTEM, warehouse=warehouse, until=start_of_day(days_ago=1))
    first_files = {
        p: (warehouse.root / p).stat().st_mtime_ns for p in warehouse.manifest().crossings
    }
    crossed(world, world.mia, "exit", on("2025-06-05T04:00:00"))
    Crossing.objects.filter(direction="exit").update(
        recorded_at=start_of_day(days_ago=1) + timedelta(hours=1)
    )
    second = warehouse_export(actor=SYSTEM, warehouse=warehouse)
    assert (first.crossings, second.crossings) == (1, 1)
    assert second.since == first.until
    assert [r[4] for r in exported_rows(warehouse)] == ["entry", "exit"]
    assert {p: (warehouse.root / p).stat().st_mtime_ns for p in first_files} == first_files
    assert len(warehouse.manifest().crossings) == 2  # June got a file beside the first


def test_a_traveller_keeps_one_key_from_export_to_export(
    world: World, warehouse: Warehouse
) -> None:
    crossed(world, world.mia, "entry", on("2025-06-01T04:00:00"))
    warehouse_export(actor=SYSTEM, warehouse=warehouse, until=start_of_day(days_ago=1))
    crossed(world, world.mia, "exit", on("2025-06-05T04:00:00"))
    Crossing.objects.filter(direction="exit").update(recorded_at=start_of_day(days_ago=1))
    warehouse_export(actor=SYSTEM, warehouse=warehouse)
    files = warehouse.paths(warehouse.manifest().crossings)
    keys = duckdb.execute("SELECT DISTINCT person_key FROM read_parquet(?)", [files]).fetchall()
    assert len(files) == 2 and len(keys) == 1
    assert warehouse.manifest().salt  # kept, so the next export keys people the same way


def test_running_again_the_same_day_exports_nothing(world: World, warehouse: Warehouse) -> None:
    crossed(world, world.mia, "entry", on("2025-06-01T04:00:00"))
    warehouse_export(actor=SYSTEM, warehouse=warehouse)
    again = warehouse_export(actor=SYSTEM, warehouse=warehouse)
    assert (again.crossings, again.files) == (0, 0)
    assert len(exported_rows(warehouse)) == 1


def test_crossings_stored_today_wait_for_tomorrows_export(
    world: World, warehouse: Warehouse
) -> None:
    crossed(world, world.mia, "entry", on("2025-06-01T04:00:00"))
    Crossing.objects.update(recorded_at=datetime.now(UTC))
    assert warehouse_export(actor=SYSTEM, warehouse=warehouse).crossings == 0


def test_an_interrupted_export_shows_nothing_and_the_next_run_exports_it_all(
    world: World, warehouse: Warehouse, monkeypatch: pytest.MonkeyPatch
) -> None:
    for day in range(1, 4):
        crossed(world, world.mia, "entry", on(f"2025-0{day}-10T04:00:00"))
    real = export.crossing_batches

    def failing_after_one_batch(
        since: datetime | None, until: datetime, salt: str
    ) -> Iterator[pa.RecordBatch]:
        yield next(real(since, until, salt))  # written to its month's file, then the disk fills
        raise OSError("disk full")

    monkeypatch.setattr(export, "crossing_batches", failing_after_one_batch)
    with pytest.raises(OSError, match="disk full"):
        warehouse_export(actor=SYSTEM, warehouse=warehouse)
    assert warehouse.manifest() == Manifest()
    assert exported_rows(warehouse) == []
    monkeypatch.setattr(export, "crossing_batches", real)
    assert warehouse_export(actor=SYSTEM, warehouse=warehouse).crossings == 3
    assert len(exported_rows(warehouse)) == 3
    on_disk = {p.relative_to(warehouse.root).as_posix() for p in warehouse.root.rglob("*.parquet")}
    assert on_disk == warehouse.manifest().listed()  # what the failed run left is gone


def test_a_crossing_corrected_after_it_was_exported_is_listed_as_corrected(
    world: World, warehouse: Warehouse, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry = crossed(world, world.mia, "entry", on("2025-06-01T04:00:00"))
    warehouse_export(actor=SYSTEM, warehouse=warehouse, until=start_of_day(days_ago=1))
    crossing_strike_out(actor=world.actor("supervisor.sara"), crossing_id=entry.pk, reason="wrong")
    monkeypatch.setattr(export, "SETTLING", timedelta(0))  # corrections keep their own time
    done = warehouse_export(actor=SYSTEM, warehouse=warehouse, until=datetime.now(UTC))
    files = warehouse.paths(warehouse.manifest().corrections)
    assert done.corrections == 1
    assert duckdb.execute("SELECT crossing_id FROM read_parquet(?)", [files]).fetchall() == [
        (entry.pk.hex,)
    ]


def test_only_an_administrator_exports_and_each_export_is_audited(
    world: World, warehouse: Warehouse
) -> None:
    for username in ("officer.ana", "supervisor.sara", "analyst.alma", "migrant.mia"):
        with pytest.raises(NotPermitted):
            warehouse_export(actor=world.actor(username), warehouse=warehouse)
    crossed(world, world.mia, "entry", on("2025-06-01T04:00:00"))
    warehouse_export(actor=world.actor("admin.ada"), warehouse=warehouse)
    event = AuditEvent.objects.get(name="stats.warehouse.exported")
    assert (event.actor_label, event.changes["crossings"]) == ("admin.ada", 1)


def test_a_second_export_while_one_is_writing_is_refused_and_harms_nothing(
    world: World, warehouse: Warehouse
) -> None:
    crossed(world, world.mia, "entry", on("2025-06-01T04:00:00"))
    with warehouse.writing(), pytest.raises(WarehouseError, match="another export is writing"):
        warehouse_export(actor=SYSTEM, warehouse=warehouse)
    assert warehouse_export(actor=SYSTEM, warehouse=warehouse).crossings == 1


def test_an_export_up_to_a_time_not_yet_settled_is_refused_naming_the_field(
    world: World, warehouse: Warehouse
) -> None:
    with pytest.raises(InvalidInput) as refused:
        warehouse_export(actor=SYSTEM, warehouse=warehouse, until=datetime.now(UTC))
    assert refused.value.field == "until"


def start_of_day(*, days_ago: int) -> datetime:
    """Midnight UTC ``days_ago`` days before today's."""
    today = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    return today - timedelta(days=days_ago)


def test_the_command_exports_and_names_a_bad_argument(
    world: World, warehouse: Warehouse, capsys: pytest.CaptureFixture[str]
) -> None:
    crossed(world, world.mia, "entry", on("2025-06-01T04:00:00"))
    assert main(["stats", "export", "--warehouse", str(warehouse.root)]) == 0
    assert "1 crossings, 0 corrections, 1 stays decided and 0 visas" in capsys.readouterr().out
    assert len(exported_rows(warehouse)) == 1
    assert main(["stats", "export", "--warehouse", str(warehouse.root), "--until", "soon"]) == 2
    assert "--until: 'soon' is not an ISO 8601 instant" in capsys.readouterr().err
    assert (
        main(["stats", "export", "--warehouse", str(warehouse.root), "--until", "2025-01-01"]) == 2
    )
    assert "--until: give the time with its offset" in capsys.readouterr().err


def test_people_whose_ids_share_their_first_digits_get_keys_of_their_own() -> None:
    # An import's people are numbered from one random prefix, so their ids share it.
    shared = "0190a5b2c3d47e8f"
    ids = [f"{shared}{n:016x}" for n in range(1000)]
    raw = pa.record_batch(
        [pa.array(column, pa.string()) for column in _raw_columns(ids)],
        names=list(_READ),
    )
    with converter("a salt") as db:
        keys = _as_warehouse_rows(db, raw).column("person_key").to_pylist()
    assert len(set(keys)) == 1000


def _raw_columns(ids: list[str]) -> list[list[str]]:
    """Columns of text, as the export reads them, for crossings of the people ``ids``."""
    n = len(ids)
    row = {
        "crossing_id": [f"{i:032x}" for i in range(n)],
        "occurred_at": ["2025-06-01 04:00:00"] * n,
        "direction": ["entry"] * n,
        "outcome": ["admitted"] * n,
        "purpose": ["tourism"] * n,
        "person_id": ids,
        "port": ["CAP-AIR"] * n,
        "port_kind": ["air"] * n,
        "region": ["capital"] * n,
        "zone": ["Asia/Shanghai"] * n,
        "nationality": ["VNM"] * n,
    }
    return [row[name] for name in _READ]


def exported_stays(warehouse: Warehouse) -> list[tuple[object, ...]]:
    """(entry id, year, month, exited on, basis kind, authorized until) of every version of a
    stay the manifest lists, the oldest decision first."""
    files = warehouse.paths(warehouse.manifest().stays)
    return duckdb.execute(
        "SELECT entry_id, year, month, CAST(exited_on AS VARCHAR), basis_kind, "
        "CAST(authorized_until AS VARCHAR) FROM read_parquet(?, hive_partitioning = true) "
        "ORDER BY decided_at",
        [files],
    ).fetchall()


def test_a_stay_decided_again_is_exported_again_as_a_new_version(
    world: World, warehouse: Warehouse
) -> None:
    thai = traveller("T00000009", nationality="THA")
    entry = crossed(world, thai, "entry", on("2025-03-01T04:00:00"), stored_days_ago=5)
    first = warehouse_export(actor=SYSTEM, warehouse=warehouse, until=start_of_day(days_ago=3))
    crossed(world, thai, "exit", on("2025-03-20T04:00:00"), stored_days_ago=2)
    second = warehouse_export(actor=SYSTEM, warehouse=warehouse, until=start_of_day(days_ago=1))
    assert (first.stays, second.stays) == (1, 1)
    assert exported_stays(warehouse) == [
        (entry.pk.hex, 2025, 3, None, "visa_free", "2025-03-30"),
        (entry.pk.hex, 2025, 3, "2025-03-20", "visa_free", "2025-03-30"),
    ]


def test_a_warehouse_from_before_stays_were_exported_takes_every_stay_at_its_next_export(
    world: World, warehouse: Warehouse
) -> None:
    thai = traveller("T00000010", nationality="THA")
    crossed(world, thai, "entry", on("2025-03-01T04:00:00"), stored_days_ago=5)
    warehouse_export(actor=SYSTEM, warehouse=warehouse, until=start_of_day(days_ago=3))
    # The manifest as the version before stays wrote it: crossings exported, no stays.
    manifest = json.loads((warehouse.root / "manifest.json").read_text())
    for key in ("stays_exported_until", "stays", "authorizations"):
        del manifest[key]
    (warehouse.root / "manifest.json").write_text(json.dumps(manifest))
    done = warehouse_export(actor=SYSTEM, warehouse=warehouse, until=start_of_day(days_ago=1))
    assert (done.crossings, done.stays) == (0, 1)
    assert len(exported_stays(warehouse)) == 1
