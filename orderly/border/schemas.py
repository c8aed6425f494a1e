"""API types for ports and crossings."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from ninja import Schema
from pydantic import Field, model_validator

from orderly.core.schemas import IsoInstant, StrictIn, UuidText

DirectionIn = Literal["entry", "exit"]
OutcomeIn = Literal["admitted", "refused"]
PurposeIn = Literal[
    "tourism",
    "business",
    "work",
    "study",
    "family",
    "transit",
    "residence",
    "crew",
    "other",
    "unknown",
]
IdempotencyKey = Field(min_length=8, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")


class PortOut(Schema):
    code: str
    name: str
    kind: str
    region: str
    timezone: str


class CrossingIn(StrictIn):
    """One crossing. The traveller is named by an MRZ as read, or by a known document's id."""

    idempotency_key: str = IdempotencyKey
    port: str = Field(min_length=1, max_length=16)
    direction: DirectionIn
    outcome: OutcomeIn = "admitted"
    purpose: PurposeIn = "unknown"
    refusal_reason: str = Field(default="", max_length=300)
    occurred_at: IsoInstant | None = None
    mrz: str | None = Field(default=None, min_length=1, max_length=200)
    document_id: UuidText | None = None
    holder_id: UuidText | None = Field(
        default=None, description="For a new document: the existing person the officer confirmed"
    )

    @model_validator(mode="after")
    def _one_way_to_name_the_traveller(self) -> CrossingIn:
        if (self.mrz is None) == (self.document_id is None):
            raise ValueError("give exactly one of mrz or document_id")
        return self


class SyncItemIn(CrossingIn):
    """A crossing taken while the post was offline: its original time is required."""

    occurred_at: IsoInstant


class SyncIn(StrictIn):
    """A batch from an offline post. Each item is checked on its own (as a ``SyncItemIn``), so
    one bad item is rejected with its reason while the good ones are stored."""

    items: list[Any] = Field(min_length=1, max_length=1000)


class CrossingOut(Schema):
    id: uuid.UUID
    idempotency_key: str
    person_id: uuid.UUID
    document_id: uuid.UUID
    port: str
    direction: str
    outcome: str
    refusal_reason: str
    purpose: str
    occurred_at: datetime
    recorded_at: datetime
    source: str
    flags: list[str]
    # Set once the crossing was corrected: the crossing now in its place, or struck out.
    replaced_by: uuid.UUID | None
    struck_out: bool


class CorrectionIn(StrictIn):
    """A correction: the reason, and the time, port or direction as they should have been
    recorded (each left out stays as recorded); or ``strike_out`` for a crossing recorded in
    error, with the reason alone."""

    reason: str = Field(min_length=1, max_length=300)
    occurred_at: IsoInstant | None = None
    port: str | None = Field(default=None, min_length=1, max_length=16)
    direction: DirectionIn | None = None
    strike_out: bool = False


class CorrectionOut(Schema):
    id: uuid.UUID
    crossing_id: uuid.UUID
    replacement: CrossingOut | None = Field(
        description="The crossing standing in its place; null when struck out"
    )
    reason: str
    corrected_at: datetime


class SyncVerdict(Schema):
    index: int
    idempotency_key: str
    status: Literal["stored", "duplicate", "rejected"]
    crossing_id: uuid.UUID | None = None
    field: str = ""
    reason: str = ""


class SyncOut(Schema):
    stored: int
    duplicate: int
    rejected: int
    results: list[SyncVerdict]
