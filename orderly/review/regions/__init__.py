"""The regions the platform knows, each a file of its economies beside this module."""

from __future__ import annotations

import csv
from pathlib import Path

from orderly.review.rules.regions import Region, escap_region

HERE = Path(__file__).resolve().parent

# key: (file, source, the day the list was last checked)
KNOWN = {
    "escap": (
        "escap.csv",
        "ESCAP membership: 53 members and 9 associate members; the 58 regional economies "
        "(members and associate members less France, the Netherlands, the United Kingdom and "
        "the United States), in ESCAP's subregions ENEA, SEA, SSWA, NCA and Pacific",
        "2026-11-29",
    ),
}


def region(key: str) -> Region:
    """The region ``key``; KeyError if the platform knows none by that name."""
    file_name, source, as_of = KNOWN[key]
    with (HERE / file_name).open(encoding="utf-8", newline="") as rows:
        return escap_region(list(csv.DictReader(rows)), source=source, as_of=as_of)
