"""`orderly mrz parse`: one JSON object on standard output and an exit code saying how it went."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

from orderly.registry.mrz_cli import run

TODAY = date(2025, 6, 1)
TD3_SPECIMEN = (
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10\n"
)
KEYS = {
    "format",
    "document_type",
    "issuing_state",
    "document_number",
    "nationality",
    "date_of_birth",
    "expiry_date",
    "sex",
    "surname",
    "given_names",
    "optional_data",
    "valid",
    "errors",
}


def run_cli(text: str) -> tuple[int, dict[str, Any], str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    code = run(io.StringIO(text), stdout, today=TODAY, stderr=stderr)
    output = stdout.getvalue()
    assert output.count("\n") == 1, "exactly one JSON object on one line"
    return code, json.loads(output), stderr.getvalue()


def test_a_valid_zone_exits_0_with_every_field_in_json() -> None:
    code, data, stderr = run_cli(TD3_SPECIMEN)
    assert code == 0
    assert set(data) == KEYS
    assert data["valid"] is True
    assert data["document_number"] == "L898902C3"
    assert data["date_of_birth"] == "1974-08-12"
    assert stderr == ""


def test_a_zone_whose_check_fails_exits_1_and_names_the_field() -> None:
    code, data, _ = run_cli(TD3_SPECIMEN.replace("B<<<<<10", "B<<<<<11"))
    assert code == 1
    assert set(data) == KEYS
    assert data["valid"] is False
    assert data["errors"] == [
        {
            "field": "composite_check_digit",
            "message": "the composite check digit should be '0', found '1'",
        }
    ]


def test_text_that_is_no_mrz_exits_2_with_an_error_on_the_mrz_and_a_message_on_stderr() -> None:
    code, data, stderr = run_cli("this is not a passport\n")
    assert code == 2
    assert data["valid"] is False
    assert isinstance(data["errors"], list)
    assert data["errors"][0]["field"] == "mrz"
    assert "expected 3 lines of 30" in data["errors"][0]["message"]
    assert stderr.startswith("not an MRZ: ")


def test_empty_input_exits_2() -> None:
    code, data, _ = run_cli("")
    assert code == 2
    assert data["valid"] is False


def test_the_module_runs_as_a_program_without_django() -> None:
    root = Path(__file__).resolve().parents[3]
    result = subprocess.run(
        [sys.executable, "-c", RUN_WITHOUT_DJANGO],
        input=TD3_SPECIMEN,
        capture_output=True,
        text=True,
        cwd=root,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["surname"] == "ERIKSSON"


# Fails if importing the command line pulls in Django.
RUN_WITHOUT_DJANGO = """
import sys
from datetime import date
from orderly.registry.mrz_cli import run
code = run(sys.stdin, sys.stdout, today=date(2025, 6, 1))
assert "django" not in sys.modules, "the MRZ command line must not import Django"
raise SystemExit(code)
"""
