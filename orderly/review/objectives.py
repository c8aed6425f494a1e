"""The GCM objectives as the platform ships them (``data/gcm_objectives.csv``)."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

from orderly.review.rules.objectives import Objective, objectives_from

FILE = Path(__file__).resolve().parent / "data" / "gcm_objectives.csv"


@cache
def gcm_objectives() -> tuple[Objective, ...]:
    with FILE.open(encoding="utf-8", newline="") as rows:
        return objectives_from(list(csv.DictReader(rows)))
