"""The crossings file: its columns, what each holds, and what an empty optional column means.

One row is one crossing of one person, identified by the document they presented. The same
columns are read from CSV (UTF-8, header on the first line) and from Parquet.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

REQUIRED: tuple[str, ...] = (
    "port",  # code of an existing border crossing point
    "direction",  # entry or exit
    "occurred_at",  # ISO 8601 instant with its UTC offset: 2024-03-01T08:15:00+08:00
    "document_type",  # ICAO code: P, PM, I, ID, AC ...; its first letter is the document kind
    "issuing_state",  # ICAO three-letter code (D for Germany)
    "document_number",  # letters and digits, at most 24
    "surname",
    "date_of_birth",  # YYYY-MM-DD, with XX for an unknown month or day
    "sex",  # F, M or X
    "nationality",  # ICAO three-letter code
)

OPTIONAL: tuple[str, ...] = (
    "given_names",  # empty: none
    "expiry_date",  # YYYY-MM-DD; empty: not known
    "outcome",  # admitted (default) or refused
    "purpose",  # one of border.models.Purpose; empty: unknown
    "refusal_reason",  # required when refused, empty otherwise
    "idempotency_key",  # 8 to 64 characters; empty: derived from the crossing itself
)

COLUMNS: tuple[str, ...] = REQUIRED + OPTIONAL

# Where a row's fields must fit (the model's column widths).
MAX_LENGTHS: dict[str, int] = {
    "surname": 100,
    "given_names": 150,
    "refusal_reason": 300,
}

# Idempotency keys derived from the crossing itself are uuid5 names in this namespace, so the same
# crossing read from any file, in any UTC offset, always gets the same key.
KEY_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://orderly.invalid/border/crossing-import")

# Documents that identify their holder (ICAO document kinds); a visa alone identifies no one.
IDENTITY_KINDS: frozenset[str] = frozenset({"P", "I", "A", "C"})


@dataclass(frozen=True, order=True)
class RowError:
    """One problem in one row: the line (CSV, header = line 1) or row (Parquet, from 1), the
    column at fault, and what is wrong."""

    line: int
    field: str
    message: str

    def describe(self, line_label: str) -> str:
        return f"{line_label} {self.line}: {self.field}: {self.message}"
