"""Publishing a table: the command's contract, disclosure control, and three formats that agree."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from conftest import World
from orderly.cli import main
from orderly.stats.rules.categories import parse_categories
from orderly.stats.synthetic import warehouse_synthesize
from orderly.stats.warehouse import Warehouse

OVERSTAYS_2019 = ("stats", "table", "overstay-rate", "--period", "2019")
# Small enough that the rarer nationalities cross fewer than ten times a year.
YEARS = {2019: 3_000, 2018: 2_900}


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("published")
    categories = parse_categories("UTO", "residents of special regions=HKG MAC")
    warehouse_synthesize(warehouse=Warehouse(folder), categories=categories, years=YEARS)
    return folder


def table(
    capsys: pytest.CaptureFixture[str], warehouse: Path, form: str = "json", *extra: str
) -> str:
    arguments = ["stats", "table", "entry-exit", "--period", "2019", "--format", form]
    assert main([*arguments, "--warehouse", str(warehouse), *extra]) == 0
    return capsys.readouterr().out


def test_the_annual_table_prints_the_contracts_json_object(
    capsys: pytest.CaptureFixture[str], warehouse: Path
) -> None:
    published = json.loads(table(capsys, warehouse))
    total, previous = published["total"], published["previous_total"]
    assert 2_990 <= total <= 3_000 and 2_890 <= previous <= 2_900  # a few entries refused
    assert published["yoy_change"] == pytest.approx((total - previous) / previous)
    assert {"direction", "category", "nationality", "person_times"} <= set(published["rows"][0])
    assert published["period"] == "2019" and published["as_of"]


def test_no_count_below_ten_is_shown_and_none_can_be_worked_out_from_the_totals(
    capsys: pytest.CaptureFixture[str], warehouse: Path
) -> None:
    rows = json.loads(table(capsys, warehouse))["rows"]
    shown = [r["person_times"] for r in rows if r["person_times"] is not None]
    assert shown and min(shown) >= 10
    suppressed = [r for r in rows if r["person_times"] is None]
    assert suppressed  # rare nationalities: there must be some
    # Each nationality's two cells (entry, exit) sum to its row total, and each direction's
    # cells to its column total: a line with one suppressed count would give it away.
    for line in _lines(suppressed, "nationality") + _lines(suppressed, "direction"):
        assert len(line) != 1


def test_json_csv_and_sdmx_csv_say_the_same(
    capsys: pytest.CaptureFixture[str], warehouse: Path
) -> None:
    as_json = {_key(r): r["person_times"] for r in json.loads(table(capsys, warehouse))["rows"]}
    as_csv = {
        _key(r): int(r["person_times"]) if r["person_times"] else None
        for r in csv.DictReader(io.StringIO(table(capsys, warehouse, "csv")))
    }
    sdmx = list(csv.DictReader(io.StringIO(table(capsys, warehouse, "sdmx-csv"))))
    as_sdmx = {
        (r["DIRECTION"], r["CATEGORY"], r["NATIONALITY"]): int(r["OBS_VALUE"])
        if r["OBS_VALUE"]
        else None
        for r in sdmx
    }
    assert as_json == as_csv == as_sdmx
    assert {r["DATAFLOW"] for r in sdmx} == {"UTO:DF_ENTRY_EXIT(1.0)"}
    assert all((r["CONF_STATUS"] == "C") == (r["OBS_VALUE"] == "") for r in sdmx)
    assert {r["TIME_PERIOD"] for r in sdmx} == {"2019"}


def test_rounding_shows_multiples_of_its_base(
    capsys: pytest.CaptureFixture[str], warehouse: Path
) -> None:
    rows = json.loads(table(capsys, warehouse, "json", "--rounding", "5"))["rows"]
    assert all(r["person_times"] % 5 == 0 for r in rows if r["person_times"] is not None)


@pytest.mark.django_db
def test_the_overstay_rate_as_of_a_day_is_the_one_the_api_publishes(
    capsys: pytest.CaptureFixture[str], warehouse: Path, settings: Any, world: World
) -> None:
    """The command and the API publish the same table as of the same day; midyear, fewer
    exits are known than at the year's end. (The API is asked first: the command closes the
    database connection when it ends, as a command does.)"""
    settings.WAREHOUSE_DIR = warehouse
    client = Client()
    client.force_login(world.user("analyst.alma"))
    api = "/api/v1/stats/tables/overstay-rate?period=2019&as_of=2019-06-30"
    published = client.get(api).json()
    arguments = ["stats", "table", "overstay-rate", "--period", "2019", "--warehouse"]
    assert main([*arguments, str(warehouse), "--as-of", "2019-06-30"]) == 0
    midyear = json.loads(capsys.readouterr().out)
    assert main([*arguments, str(warehouse), "--as-of", "2020-03-31"]) == 0
    after = json.loads(capsys.readouterr().out)
    assert (midyear["as_of_day"], after["as_of_day"]) == ("2019-06-30", "2020-03-31")
    assert midyear["total"] < after["total"]  # the expected departures of a half year, then all
    assert published["rows"] == midyear["rows"] and published["rows"]
    assert published["overstay_rate"] == midyear["overstay_rate"]


@pytest.mark.parametrize(
    ("arguments", "says"),
    [
        (["stats", "table", "nope", "--period", "2019"], "NAME: no table 'nope'"),
        (["stats", "table", "entry-exit", "--period", "2019-13"], "--period:"),
        (["stats", "table", "entry-exit", "--period", "2019-07"], "whole years only"),
        (["stats", "table", "entry-exit", "--period", "2019", "--threshold", "0"], "--threshold"),
        ([*OVERSTAYS_2019, "--as-of", "1/7/19"], "--as-of:"),
        ([*OVERSTAYS_2019, "--as-of", "2018-12-31"], "before 2019 begins"),
        (["stats", "table", "entry-exit", "--period", "2999"], "has not begun"),
        ([*OVERSTAYS_2019, "--as-of", "2999-01-31"], "a day to come"),
        ([*OVERSTAYS_2019, "--as-of", "2019-07-15"], "the last day of a month"),
        ([*OVERSTAYS_2019, "--as-of", "20190731"], "give one as YYYY-MM-DD"),
        (["stats", "table", "entry-exit", "--period", "2019", "--as-of", "2019-12-31"], "no as-of"),
    ],
)
def test_a_bad_argument_is_named_with_exit_code_2(
    capsys: pytest.CaptureFixture[str], warehouse: Path, arguments: list[str], says: str
) -> None:
    assert main([*arguments, "--warehouse", str(warehouse)]) == 2
    assert says in capsys.readouterr().err


def test_a_warehouse_that_is_not_there_or_is_a_file_is_named_with_exit_code_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    a_file = tmp_path / "hostname"
    a_file.write_text("not a warehouse")
    table = ["stats", "table", "entry-exit", "--period", "2019", "--warehouse"]
    assert main([*table, str(tmp_path / "mistyped")]) == 2
    assert "--warehouse: no warehouse at" in capsys.readouterr().err
    assert main([*table, str(a_file)]) == 2
    assert main(["stats", "export", "--warehouse", str(a_file)]) == 2
    assert "is a file, not a warehouse folder" in capsys.readouterr().err
    synthesize = ["stats", "synthesize", "--year", "2019", "--person-times", "10"]
    assert main([*synthesize, "--warehouse", str(a_file)]) == 2
    assert "is a file, not a warehouse folder" in capsys.readouterr().err


def test_the_threshold_may_be_raised_but_not_lowered(
    capsys: pytest.CaptureFixture[str], warehouse: Path
) -> None:
    arguments = ["stats", "table", "entry-exit", "--period", "2019", "--warehouse", str(warehouse)]
    assert main([*arguments, "--threshold", "5"]) == 2
    assert "--threshold: at least 10" in capsys.readouterr().err
    assert main([*arguments, "--threshold", "20"]) == 0
    shown = [r["person_times"] for r in json.loads(capsys.readouterr().out)["rows"]]
    assert min(v for v in shown if v is not None) >= 20


def test_a_period_nobody_crossed_in_publishes_zero_and_no_rows(
    capsys: pytest.CaptureFixture[str], warehouse: Path
) -> None:
    arguments = ["stats", "table", "entry-exit", "--period", "2017", "--warehouse", str(warehouse)]
    assert main(arguments) == 0
    published = json.loads(capsys.readouterr().out)
    assert (published["total"], published["previous_total"], published["rows"]) == (0, 0, [])
    assert published["yoy_change"] is None


def test_distinct_travellers_publish_as_one_column_by_category_and_nationality(
    capsys: pytest.CaptureFixture[str], warehouse: Path
) -> None:
    arguments = ["stats", "table", "travellers", "--period", "2019", "--warehouse", str(warehouse)]
    assert main([*arguments, "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "category,nationality,travellers"
    assert main([*arguments, "--format", "sdmx-csv"]) == 0
    header = capsys.readouterr().out.splitlines()[0]
    assert header == "DATAFLOW,CATEGORY,NATIONALITY,TIME_PERIOD,OBS_VALUE,CONF_STATUS"
    assert main([*arguments, "--format", "json"]) == 0
    published = json.loads(capsys.readouterr().out)
    shown = [r["travellers"] for r in published["rows"] if r["travellers"] is not None]
    assert min(shown) >= 10 and published["total"] < 3_000  # travellers cross many times


def test_the_registered_tables_are_listed(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", "tables"]) == 0
    listed = capsys.readouterr().out
    assert "entry-exit\tEntry-exit person-times" in listed
    assert "travellers\tDistinct travellers" in listed


def _key(row: dict[str, Any]) -> tuple[str, str, str]:
    return row["direction"], row["category"], row["nationality"]


def _lines(suppressed: list[dict[str, Any]], along: str) -> list[list[dict[str, Any]]]:
    lines: dict[str, list[dict[str, Any]]] = {}
    for row in suppressed:
        lines.setdefault(row[along], []).append(row)
    return list(lines.values())
