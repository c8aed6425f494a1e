"""A synthetic national year in the warehouse, checked by counting its files directly."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest

from orderly.cli import main
from orderly.core.errors import InvalidInput
from orderly.stats.rules.categories import parse_categories
from orderly.stats.rules.periods import Period
from orderly.stats.source import statistics_source
from orderly.stats.synthetic import MONTH_WEIGHTS, warehouse_synthesize
from orderly.stats.tables import entry_exit, entry_exit_by_month, entry_exit_by_port, travellers
from orderly.stats.warehouse import Manifest, Warehouse

SPECIAL = "residents of special regions"
CATEGORIES = parse_categories("UTO", f"{SPECIAL}=HKG MAC")
YEARS = {2019: 67_000, 2018: 64_550}


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    warehouse = Warehouse(tmp_path_factory.mktemp("synthetic"))
    warehouse_synthesize(warehouse=warehouse, categories=CATEGORIES, years=YEARS)
    return warehouse


def counted(warehouse: Warehouse, sql: str) -> list[tuple[Any, ...]]:
    """``sql`` over the warehouse's files as they lie on disk (``files``), not through the view."""
    db = duckdb.connect()
    db.execute("SET TimeZone = 'UTC'")
    files = warehouse.paths(warehouse.manifest().crossings)
    db.read_parquet(files, hive_partitioning=True).create_view("files")
    return db.execute(sql).fetchall()


def test_each_year_holds_exactly_the_person_times_asked_for(synthetic: Warehouse) -> None:
    assert counted(synthetic, "SELECT year, count(*) FROM files GROUP BY 1 ORDER BY 1") == [
        (2018, 64_550),
        (2019, 67_000),
    ]
    assert synthetic.manifest().years == (2018, 2019)


def test_the_entry_exit_table_agrees_with_a_direct_count_of_the_files(synthetic: Warehouse) -> None:
    ((admitted_2019, admitted_2018),) = counted(
        synthetic,
        "SELECT count(*) FILTER (year = 2019), count(*) FILTER (year = 2018) FROM files "
        "WHERE outcome = 'admitted'",
    )
    with statistics_source(synthetic) as db:
        table = entry_exit(db, Period(2019))
    assert table.figures["total"] == admitted_2019 == sum(r["person_times"] for r in table.rows)
    assert table.figures["previous_total"] == admitted_2018
    assert 0 < admitted_2019 < 67_000  # a few entries are refused


def test_the_new_year_holidays_and_the_summer_are_the_busiest_months(synthetic: Warehouse) -> None:
    by_month = dict(
        counted(synthetic, "SELECT month, count(*) FROM files WHERE year = 2019 GROUP BY 1")
    )
    busiest = sorted(by_month, key=by_month.__getitem__, reverse=True)[:4]
    assert set(busiest) == {1, 2, 7, 8}
    assert by_month[1] == round(67_000 * MONTH_WEIGHTS[0] / sum(MONTH_WEIGHTS))
    # A day lies in its month, and the instant is that day at the port (UTC+8).
    assert counted(
        synthetic,
        "SELECT count(*) FROM files WHERE month(local_date) != month "
        "OR CAST(timezone('Asia/Shanghai', occurred_at) AS DATE) != local_date",
    ) == [(0,)]


def test_citizens_come_first_then_the_categories_the_host_state_counts_apart(
    synthetic: Warehouse,
) -> None:
    shares = dict(
        counted(
            synthetic, "SELECT category, count(*) / sum(count(*)) OVER () FROM files GROUP BY 1"
        )
    )
    assert shares["citizens"] == pytest.approx(0.55, abs=0.02)
    assert shares[SPECIAL] == pytest.approx(0.25, abs=0.02)
    assert shares["foreigners"] == pytest.approx(0.20, abs=0.02)
    assert counted(
        synthetic, "SELECT DISTINCT nationality FROM files WHERE category = 'citizens'"
    ) == [("UTO",)]


def test_a_traveller_crosses_many_times_and_always_with_one_nationality(
    synthetic: Warehouse,
) -> None:
    ((travellers, with_nationality, person_times),) = counted(
        synthetic,
        "SELECT count(DISTINCT person_key), count(DISTINCT (person_key, nationality)), count(*) "
        "FROM files WHERE year = 2019",
    )
    assert travellers == with_nationality
    assert 5 < person_times / travellers < 12


def test_person_times_by_month_and_by_port_agree_with_direct_counts(synthetic: Warehouse) -> None:
    sql = (
        "SELECT {keys}, direction, count(*) FROM files "
        "WHERE year = 2019 AND outcome = 'admitted' GROUP BY ALL"
    )
    with statistics_source(synthetic) as db:
        by_month, by_port = (
            entry_exit_by_month(db, Period(2019)),
            entry_exit_by_port(db, Period(2019)),
        )
    assert {(r["month"], r["direction"]): r["person_times"] for r in by_month.rows} == {
        (m, d): n for m, d, n in counted(synthetic, sql.format(keys="month"))
    }
    assert {
        (r["port_kind"], r["port"], r["direction"]): r["person_times"] for r in by_port.rows
    } == {(k, p, d): n for k, p, d, n in counted(synthetic, sql.format(keys="port_kind, port"))}
    assert by_month.figures == by_port.figures


def test_distinct_travellers_agree_with_a_direct_count_of_the_files(synthetic: Warehouse) -> None:
    ((distinct,),) = counted(
        synthetic,
        "SELECT count(DISTINCT person_key) FROM files WHERE year = 2019 AND outcome = 'admitted'",
    )
    with statistics_source(synthetic) as db:
        table = travellers(db, Period(2019))
    assert table.figures["total"] == distinct == sum(r["travellers"] for r in table.rows)


def test_the_same_seed_writes_the_same_rows(tmp_path: Path, synthetic: Warehouse) -> None:
    again = Warehouse(tmp_path / "again")
    warehouse_synthesize(warehouse=again, categories=CATEGORIES, years={2019: 67_000})
    sql = (
        "SELECT sum(hash(person_key, occurred_at, port, nationality)) FROM files WHERE year = 2019"
    )
    assert counted(again, sql) == counted(synthetic, sql)


def test_a_year_already_there_or_a_warehouse_of_records_is_refused(
    tmp_path: Path, synthetic: Warehouse
) -> None:
    with pytest.raises(InvalidInput, match="2019 is in"):
        warehouse_synthesize(warehouse=synthetic, categories=CATEGORIES, years={2019: 10})
    records = Warehouse(tmp_path / "records")
    records.commit(Manifest().adding(_instant(), {}))
    with pytest.raises(InvalidInput) as refused:
        warehouse_synthesize(warehouse=records, categories=CATEGORIES, years={2019: 10})
    assert refused.value.field == "warehouse"


def test_the_command_writes_two_years_and_names_a_bad_argument(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = str(tmp_path / "cli")
    arguments = ["stats", "synthesize", "--warehouse", folder, "--year", "2019"]
    assert main([*arguments, "--person-times", "1000", "--previous-year-person-times", "900"]) == 0
    assert "2019: 1,000 person-times" in capsys.readouterr().out
    assert Warehouse(Path(folder)).manifest().years == (2018, 2019)
    assert main([*arguments, "--person-times", "0"]) == 2
    assert "--person-times: give between 1 and" in capsys.readouterr().err


def _instant() -> datetime:
    return datetime(2025, 1, 1, tzinfo=UTC)
