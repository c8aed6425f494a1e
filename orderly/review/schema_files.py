"""The JSON schemas of the reviews the platform exports and reads, shipped beside it."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data"
FILES = {"national-review/1": "national-review-1.schema.json"}


@cache
def review_schemas() -> dict[str, dict[str, Any]]:
    """Each schema by the name a document gives in its ``schema`` field."""
    return {
        name: json.loads((DATA / file).read_text(encoding="utf-8")) for name, file in FILES.items()
    }
