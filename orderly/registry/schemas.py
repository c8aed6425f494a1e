"""API types for people and documents."""

from __future__ import annotations

import uuid
from datetime import date

from ninja import Schema
from pydantic import Field, model_validator

from orderly.core.schemas import StrictIn


class DocumentOut(Schema):
    id: uuid.UUID
    document_type: str
    issuing_state: str
    number: str
    expiry_date: date | None


class PersonOut(Schema):
    id: uuid.UUID
    surname: str
    given_names: str
    date_of_birth: str = Field(description="YYYY-MM-DD; XX marks an unknown month or day")
    sex: str
    nationality: str
    documents: list[DocumentOut]


class CandidateOut(Schema):
    id: uuid.UUID
    surname: str
    given_names: str
    date_of_birth: str
    nationality: str


class LookupIn(StrictIn):
    """Name the document by its MRZ as read, or by its type letter, issuing state and number."""

    mrz: str | None = Field(default=None, min_length=1, max_length=200)
    document_type: str | None = Field(default=None, pattern=r"^[A-Z][A-Z<]?$")
    issuing_state: str | None = Field(default=None, pattern=r"^[A-Z]{1,3}$")
    number: str | None = Field(default=None, pattern=r"^[A-Z0-9]{1,24}$")

    @model_validator(mode="after")
    def _mrz_or_number(self) -> LookupIn:
        by_number = (self.document_type, self.issuing_state, self.number)
        if self.mrz is None and None in by_number:
            raise ValueError("give mrz, or document_type, issuing_state and number")
        if self.mrz is not None and any(by_number):
            raise ValueError("give mrz or the document's number, not both")
        return self


class LookupOut(Schema):
    found: bool
    person: PersonOut | None = None
    candidates: list[CandidateOut] = Field(
        default_factory=list, description="For an unknown document: people who may be its holder"
    )
