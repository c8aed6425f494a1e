"""What a travel document says about its holder, independent of where it was read from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# A date of birth as ICAO prints it: unknown parts as XX (Doc 9303 Part 3), up to a wholly unknown
# "XXXX-XX-XX" for someone whose date of birth is not known at all.
PARTIAL_BIRTH_DATE = r"^(\d{4}-((0[1-9]|1[0-2])-(\d{2}|XX)|XX-XX)|XXXX-XX-XX)$"

# Visas (MRV-A, MRV-B) are read at the desk but identify no one on their own.
IDENTITY_DOCUMENT_KINDS = frozenset({"P", "I", "A", "C"})


@dataclass(frozen=True)
class DocumentFacts:
    """The fields of a travel document as printed (ICAO codes, partial birth dates as XX)."""

    document_type: str
    issuing_state: str
    number: str
    expiry_date: date | None
    surname: str
    given_names: str
    date_of_birth: str
    sex: str
    nationality: str

    @property
    def document_kind(self) -> str:
        """The first letter of the type: what distinguishes a passport from an identity card."""
        return self.document_type[:1]

    @property
    def identifies_holder(self) -> bool:
        return self.document_kind in IDENTITY_DOCUMENT_KINDS

    def is_expired_on(self, day: date) -> bool:
        """A document is valid through its expiry date and expired the day after."""
        return self.expiry_date is not None and day > self.expiry_date
