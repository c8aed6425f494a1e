"""The `orderly` console script, as scripts and operators call it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ORDERLY = Path(sys.executable).parent / "orderly"
SPECIMEN = (
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10\n"
)

pytestmark = pytest.mark.skipif(not ORDERLY.exists(), reason="the console script is not installed")


def orderly(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(ORDERLY), *args], input=stdin, capture_output=True, text=True, timeout=120
    )


def test_mrz_parse_prints_one_json_object_and_exits_0_for_a_valid_zone() -> None:
    result = orderly("mrz", "parse", stdin=SPECIMEN)
    assert result.returncode == 0
    parsed = json.loads(result.stdout)
    assert (parsed["format"], parsed["document_number"], parsed["valid"]) == (
        "TD3",
        "L898902C3",
        True,
    )


def test_mrz_parse_exits_1_when_a_check_digit_is_wrong() -> None:
    result = orderly("mrz", "parse", stdin=SPECIMEN.replace("L898902C36", "L898902C37"))
    assert result.returncode == 1
    fields = {e["field"] for e in json.loads(result.stdout)["errors"]}
    assert "document_number_check_digit" in fields


def test_mrz_parse_exits_2_when_the_input_is_not_an_mrz() -> None:
    assert orderly("mrz", "parse", stdin="hello\n").returncode == 2


def test_an_unknown_mrz_subcommand_is_a_usage_error() -> None:
    assert orderly("mrz", "frobnicate").returncode == 2


def test_django_commands_run_with_the_platforms_settings() -> None:
    result = orderly("check")
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_an_unknown_command_fails_with_a_message() -> None:
    result = orderly("no-such-command")
    assert result.returncode != 0
    assert "Unknown command" in result.stderr
