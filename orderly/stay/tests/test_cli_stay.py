"""`orderly stay`, as scripts call it: the packs one a line, the calculator as one JSON object,
loading a pack file; exit code 2 with a message naming the argument on bad input.

The commands run in-process through ``orderly.cli.main`` so they read the test database.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from orderly.cli import main
from orderly.core.models import AuditEvent
from orderly.stay.calculator import PastStay, Question, calculate
from orderly.stay.models import PackVersion
from orderly.stay.packfiles import installed_pack_files
from orderly.stay.packs_in_force import pack_in_force

pytestmark = pytest.mark.django_db

# A United States citizen in the Schengen area: 42 + 45 days of the 90 allowed in 180.
SCHENGEN_TRAVELLER = [
    "--pack",
    "schengen-90-180",
    "--nationality",
    "USA",
    "--stay",
    "2026-01-10:2026-02-20",
    "--stay",
    "2026-04-01:2026-05-15",
    "--as-of",
    "2026-06-01",
]
CONTRACT_KEYS = {
    "status",
    "authorized_until",
    "days_used",
    "days_remaining",
    "overstay_days",
    "excess_days",
    "window_start",
    "earliest_reentry",
    "reasons",
}


class Run:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err

    def json(self) -> Any:
        return json.loads(self.out)


@pytest.fixture
def orderly(capsys: pytest.CaptureFixture[str], commands_keep_the_connection: None) -> Any:
    def run(*args: str) -> Run:
        code = main(["stay", *args])
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


# --- orderly stay packs ----------------------------------------------------------------------


def test_packs_lists_each_installed_pack_on_a_line_its_name_first(orderly: Any) -> None:
    run = orderly("packs")
    assert run.code == 0
    lines = run.out.splitlines()
    assert [line.split()[0] for line in lines] == sorted(installed_pack_files())
    for line in lines:
        name = line.split()[0]
        assert pack_in_force(name).label in line.split()


def test_packs_shows_the_version_in_force_after_a_load(orderly: Any, tmp_path: Path) -> None:
    text = installed_pack_files()["demo-host"].read_text(encoding="utf-8")
    newer = tmp_path / "host-2026.yaml"
    newer.write_text(text.replace('version: "2025.1"', 'version: "2026.1"'), encoding="utf-8")
    assert orderly("load-pack", str(newer)).code == 0
    host = [line for line in orderly("packs").out.splitlines() if line.split()[0] == "demo-host"]
    assert len(host) == 1
    assert host[0].split()[1].startswith("2026.1+")


# --- orderly stay calculate --------------------------------------------------------------------


def test_calculate_prints_one_json_object_with_every_field_of_the_contract(orderly: Any) -> None:
    run = orderly("calculate", *SCHENGEN_TRAVELLER, "--json")
    assert (run.code, run.err) == (0, "")
    answer = run.json()
    assert set(answer) >= CONTRACT_KEYS
    assert (answer["status"], answer["days_used"], answer["days_remaining"]) == (
        "not_present",
        87,
        3,
    )
    assert (answer["window_start"], answer["earliest_reentry"]) == ("2025-12-04", "2026-06-01")
    assert len(run.out.strip().splitlines()) == 1


def test_calculate_gives_the_engines_answer_for_someone_still_there(orderly: Any) -> None:
    run = orderly(
        "calculate",
        "--pack",
        "schengen-90-180",
        "--nationality",
        "usa",
        "--stay",
        "2026-01-10:2026-02-20",
        "--stay",
        "2026-04-01:",
        "--as-of",
        "2026-06-01",
        "--json",
    )
    question = Question(
        pack="schengen-90-180",
        nationality="USA",
        as_of=date(2026, 6, 1),
        stays=(
            PastStay(date(2026, 1, 10), date(2026, 2, 20)),
            PastStay(date(2026, 4, 1), None),
        ),
    )
    assert run.json() == calculate(question).as_dict()
    answer = run.json()
    assert (answer["status"], answer["authorized_until"], answer["overstay_days"]) == (
        "irregular",
        "2026-05-18",
        14,
    )
    assert answer["excess_days"] == 14
    for reason in answer["reasons"]:
        assert {"rule", "reference", "text"} <= set(reason)


def test_calculate_judges_a_planned_trip(orderly: Any) -> None:
    run = orderly(
        "calculate",
        *SCHENGEN_TRAVELLER,
        "--planned-entry",
        "2026-06-10",
        "--planned-days",
        "10",
        "--json",
    )
    assert run.code == 0
    assert run.json()["authorized_until"] == "2026-06-12"


def test_calculate_without_json_prints_lines_a_person_can_read(orderly: Any) -> None:
    run = orderly("calculate", *SCHENGEN_TRAVELLER)
    assert run.code == 0
    assert "status: not_present" in run.out.splitlines()
    assert "days used: 87" in run.out.splitlines()


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (["--as-of", "2026-02-30"], "--as-of"),
        (["--as-of", "9999-12-31"], "--as-of"),
        (["--stay", "2026-03-10:2026-03-01"], "--stay #3"),
        (["--stay", "2026-03-10"], "--stay #3"),
        (["--pack", "atlantis"], "--pack"),
        (["--nationality", "US"], "--nationality"),
        (["--planned-days", "5"], "--planned-days"),
        (["--planned-entry", "June"], "--planned-entry"),
        (["--planned-days", "ten"], "--planned-days"),
    ],
)
def test_bad_input_exits_2_naming_the_argument(orderly: Any, change: list[str], named: str) -> None:
    run = orderly("calculate", *SCHENGEN_TRAVELLER, *change, "--json")
    assert run.code == 2
    assert named in run.err
    assert run.out == ""


def test_a_missing_day_of_control_exits_2_naming_it(orderly: Any) -> None:
    run = orderly("calculate", "--pack", "schengen-90-180", "--json")
    assert run.code == 2
    assert "--as-of" in run.err


def test_an_unknown_subcommand_exits_2(orderly: Any) -> None:
    assert orderly("frobnicate").code == 2


# --- orderly stay load-pack --------------------------------------------------------------------


def test_load_pack_keeps_the_file_as_a_new_version_and_audits_it(
    orderly: Any, tmp_path: Path
) -> None:
    text = installed_pack_files()["demo-host"].read_text(encoding="utf-8")
    path = tmp_path / "host-2026.yaml"
    path.write_text(text.replace('version: "2025.1"', 'version: "2026.1"'), encoding="utf-8")
    run = orderly("load-pack", str(path))
    loaded = PackVersion.objects.get(name="demo-host")
    assert run.code == 0
    assert run.out.strip() == f"demo-host {loaded.label} is in force"
    assert (loaded.version, loaded.source) == ("2026.1", "host-2026.yaml")
    event = AuditEvent.objects.get(name="stay.pack.loaded")
    assert event.actor_label == "system:orderly stay load-pack"


def test_loading_the_same_file_twice_keeps_one_version(orderly: Any, tmp_path: Path) -> None:
    path = tmp_path / "host.yaml"
    path.write_text(installed_pack_files()["demo-host"].read_text(encoding="utf-8"))
    assert orderly("load-pack", str(path)).code == 0
    assert orderly("load-pack", str(path)).code == 0
    assert PackVersion.objects.filter(name="demo-host").count() == 1


def test_load_pack_exits_2_naming_the_file_and_line_of_a_mistake(
    orderly: Any, tmp_path: Path
) -> None:
    path = tmp_path / "broken.yaml"
    text = installed_pack_files()["demo-host"].read_text(encoding="utf-8")
    path.write_text(text.replace("stay_days: 30", "stay_days: thirty", 1), encoding="utf-8")
    line = text.splitlines().index("    stay_days: 30") + 1
    run = orderly("load-pack", str(path))
    assert run.code == 2
    assert f"file: broken.yaml:{line}: " in run.err
    assert not PackVersion.objects.exists()


def test_load_pack_exits_2_when_the_file_cannot_be_read(orderly: Any, tmp_path: Path) -> None:
    run = orderly("load-pack", str(tmp_path / "missing.yaml"))
    assert run.code == 2
    assert "file: cannot read" in run.err
