"""A synthetic national year in the warehouse, checked by counting its files directly."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest

from orderly.cli import main
from orderly.core.errors import InvalidInput
from orderly.stats.rules.categories import parse_categories
from orderly.stats.rules.periods import Period
from orderly.stats.source import statistics_source
from orderly.stats.stay_tables import (
    DEPARTED_ON_TIME,
    IN_COUNTRY,
    OUT_OF_COUNTRY,
    foreigners_present,
    overstay_rate,
    permits_visas_issued,
)
from orderly.stats.synthetic import MONTH_WEIGHTS, warehouse_synthesize
from orderly.stats.tables import (
    Computed,
    entry_exit,
    entry_exit_by_month,
    entry_exit_by_port,
    travellers,
)
from orderly.stats.warehouse import AUTHORIZATIONS, CROSSINGS, STAYS, Manifest, Warehouse

SPECIAL = "residents of special regions"
CATEGORIES = parse_categories("UTO", f"{SPECIAL}=HKG MAC")
YEARS = {2019: 67_000, 2018: 64_550}


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    warehouse = Warehouse(tmp_path_factory.mktemp("synthetic"))
    warehouse_synthesize(warehouse=warehouse, categories=CATEGORIES, years=YEARS)
    return warehouse


def counted(warehouse: Warehouse, sql: str, kind: str = CROSSINGS) -> list[tuple[Any, ...]]:
    """``sql`` over the warehouse's files of ``kind`` as they lie on disk (``files``), not
    through the statistics views."""
    db = duckdb.connect()
    db.execute("SET TimeZone = 'UTC'")
    files = warehouse.paths(getattr(warehouse.manifest(), kind))
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


def test_each_foreign_entry_brings_a_stay_in_its_month(synthetic: Warehouse) -> None:
    by_month = counted(
        synthetic,
        "SELECT year, month, count(*) FROM files WHERE category = 'foreigners' "
        "AND direction = 'entry' GROUP BY ALL ORDER BY ALL",
    )
    stays = counted(synthetic, "SELECT year, month, count(*) FROM files GROUP BY ALL", STAYS)
    # Crossings and stays are drawn apart: each month has as many stays as foreign entries were
    # expected, within the spread of the draw.
    expected = dict(((y, m), n) for y, m, n in by_month)
    for year, month, count in stays:
        assert count == pytest.approx(expected[year, month], rel=0.15)
    assert sum(n for y, _, n in stays if y == 2019) == round(67_000 * 0.20 / 2)
    # Every stay is a foreigner's, and lies in the partition of the month it began.
    assert counted(
        synthetic,
        "SELECT DISTINCT category, month(entered_on) = month AND year(entered_on) = year "
        "FROM files",
        STAYS,
    ) == [("foreigners", True)]


def test_most_travellers_leave_in_time_and_a_few_overstay(synthetic: Warehouse) -> None:
    ((stays, open_, late, early),) = counted(
        synthetic,
        "SELECT count(*), count(*) FILTER (exited_on IS NULL), "
        "count(*) FILTER (exited_on > authorized_until), "
        "count(*) FILTER (exited_on < entered_on OR authorized_until < entered_on) FROM files",
        STAYS,
    )
    assert 0.004 < open_ / stays < 0.012
    assert 0.010 < late / stays < 0.020
    assert early == 0


def test_the_overstay_rate_agrees_with_a_direct_count_of_the_files(synthetic: Warehouse) -> None:
    ((on_time, out_of_country, in_country),) = counted(
        synthetic,
        "SELECT count(*) FILTER (exited_on <= authorized_until), "
        "count(*) FILTER (exited_on > authorized_until), count(*) FILTER (exited_on IS NULL) "
        "FROM files WHERE authorized_until BETWEEN DATE '2019-01-01' AND DATE '2019-12-31'",
        STAYS,
    )
    with statistics_source(synthetic) as db:
        table = overstay_rate(db, Period(2019), as_of=date.today())
    assert by_status(table) == {
        DEPARTED_ON_TIME: on_time,
        OUT_OF_COUNTRY: out_of_country,
        IN_COUNTRY: in_country,
    }
    assert table.figures["total"] == on_time + out_of_country + in_country


def test_as_of_midyear_exits_after_the_day_are_not_yet_known(synthetic: Warehouse) -> None:
    ((on_time, out_of_country, in_country),) = counted(
        synthetic,
        "SELECT count(*) FILTER (exited_on <= authorized_until), "
        "count(*) FILTER (exited_on > authorized_until AND exited_on <= DATE '2019-06-30'), "
        "count(*) FILTER (exited_on IS NULL OR exited_on > DATE '2019-06-30') "
        "FROM files WHERE authorized_until BETWEEN DATE '2019-01-01' AND DATE '2019-06-29'",
        STAYS,
    )
    with statistics_source(synthetic) as db:
        table = overstay_rate(db, Period(2019), as_of=date(2019, 6, 30))
    assert by_status(table) == {
        DEPARTED_ON_TIME: on_time,
        OUT_OF_COUNTRY: out_of_country,
        IN_COUNTRY: in_country,
    }
    assert table.figures["as_of_day"] == "2019-06-30"


def by_status(table: Computed) -> dict[str, int]:
    counts: dict[str, int] = {}
    for row in table.rows:
        counts[row["status"]] = counts.get(row["status"], 0) + row["stays"]
    return counts


def test_foreigners_present_agree_with_a_direct_count_of_the_files(synthetic: Warehouse) -> None:
    present = counted(
        synthetic,
        "SELECT count(*) FROM files WHERE entered_on <= DATE '2019-12-31' "
        "AND (exited_on IS NULL OR exited_on > DATE '2019-12-31')",
        STAYS,
    )
    with statistics_source(synthetic) as db:
        table = foreigners_present(db, Period(2019), as_of=date.today())
    assert [(table.figures["total"],)] == present
    assert {row["basis"] for row in table.rows} == {
        "visa_free",
        "transit",
        "visa",
        "residence-permit",
    }


def test_each_stay_on_a_visa_or_permit_brings_one_granted_in_its_month(
    synthetic: Warehouse,
) -> None:
    needing = counted(
        synthetic,
        "SELECT basis_kind, count(*) FROM files WHERE basis_kind IN ('visa', 'residence_permit') "
        "GROUP BY 1 ORDER BY 1",
        STAYS,
    )
    granted = counted(
        synthetic, "SELECT kind, count(*) FROM files GROUP BY 1 ORDER BY 1", AUTHORIZATIONS
    )
    assert granted == needing
    assert counted(
        synthetic,
        "SELECT count(*) FROM files WHERE month(granted_on) != month OR year(granted_on) != year "
        "OR valid_until < valid_from",
        AUTHORIZATIONS,
    ) == [(0,)]
    by_type = dict(
        counted(
            synthetic,
            "SELECT kind || ' ' || type, count(*) FROM files WHERE year = 2019 GROUP BY 1",
            AUTHORIZATIONS,
        )
    )
    with statistics_source(synthetic) as db:
        table = permits_visas_issued(db, Period(2019))
    assert {f"{r['kind']} {r['type']}": r["issued"] for r in table.rows} == by_type
    assert table.figures["previous_total"] == sum(
        n
        for (n,) in counted(
            synthetic, "SELECT count(*) FROM files WHERE year = 2018", AUTHORIZATIONS
        )
    )


def test_the_same_seed_writes_the_same_rows(tmp_path: Path, synthetic: Warehouse) -> None:
    again = Warehouse(tmp_path / "again")
    warehouse_synthesize(warehouse=again, categories=CATEGORIES, years={2019: 67_000})
    crossings = (
        "SELECT sum(hash(person_key, occurred_at, port, nationality)) FROM files WHERE year = 2019"
    )
    assert counted(again, crossings) == counted(synthetic, crossings)
    stays = (
        "SELECT sum(hash(person_key, entered_on, exited_on, basis)) FROM files WHERE year = 2019"
    )
    assert counted(again, stays, STAYS) == counted(synthetic, stays, STAYS)


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
    written = re.search(
        r"2019: 1,000 person-times, (\d+) stays and (\d+) visas and permits",
        capsys.readouterr().out,
    )
    assert written is not None
    cli = Warehouse(Path(folder))
    assert cli.manifest().years == (2018, 2019)
    in_2019 = "SELECT count(*) FROM files WHERE year = 2019"
    assert counted(cli, in_2019, STAYS) == [(int(written[1]),)]
    assert counted(cli, in_2019, AUTHORIZATIONS) == [(int(written[2]),)]
    assert main([*arguments, "--person-times", "0"]) == 2
    assert "--person-times: give between 1 and" in capsys.readouterr().err


def _instant() -> datetime:
    return datetime(2025, 1, 1, tzinfo=UTC)
