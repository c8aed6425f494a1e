"""docs/configuration.md lists exactly the variables the settings read."""

from __future__ import annotations

import re
from pathlib import Path

import config.settings  # noqa: F401  (importing it records every variable it reads)
from config.env import VARIABLES

DOCS = Path(__file__).resolve().parents[3] / "docs" / "configuration.md"


def documented_variables() -> set[str]:
    rows = re.findall(r"^\| `([A-Z_]+)` \|", DOCS.read_text(encoding="utf-8"), flags=re.M)
    return set(rows)


def test_every_variable_the_settings_read_is_documented() -> None:
    missing = set(VARIABLES) - documented_variables()
    assert not missing, f"add to docs/configuration.md: {sorted(missing)}"


def test_every_documented_variable_is_read_by_the_settings() -> None:
    stale = documented_variables() - set(VARIABLES)
    assert not stale, f"remove from docs/configuration.md or read in settings: {sorted(stale)}"
