"""API types for the stay calculator, a person's status and the overstay list."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from ninja import Schema
from pydantic import Field

from orderly.core.schemas import IsoDay, StrictIn
from orderly.stay.calculator import MAX_STAYS


class StayIn(StrictIn):
    entry: IsoDay
    exit: IsoDay | None = Field(default=None, description="Empty: still there on the as-of day")


class CalculatorIn(StrictIn):
    """Past stays and an optional planned trip; nothing is stored."""

    pack: str = Field(min_length=1, max_length=64)
    as_of: IsoDay
    nationality: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")
    stays: list[StayIn] = Field(default_factory=list, max_length=MAX_STAYS)
    planned_entry: IsoDay | None = None
    planned_days: int | None = Field(default=None, ge=1, le=3660)


class ReasonOut(Schema):
    rule: str
    reference: str
    text: str
    facts: list[str]


class DecisionOut(Schema):
    status: str
    pack: str
    pack_version: str
    as_of: date
    basis: str | None
    authorized_until: date | None
    authorized_until_instant: datetime | None
    days_used: int
    days_remaining: int | None
    overstay_days: int
    excess_days: int
    window_start: date | None
    window_end: date | None
    earliest_reentry: date | None
    reasons: list[ReasonOut]


class PackOut(Schema):
    name: str
    version: str
    title: str
    notice: str


class OverstayOut(Schema):
    person_id: uuid.UUID
    name: str
    nationality: str
    kind: str
    entered_on: date
    port: str
    authorized_until: date | None
    exited_on: date | None
    exit_unrecorded: bool = Field(
        description="No exit was recorded before the next entry: exited_on is the entry day, "
        "the only day the stay is counted"
    )
    overstay_days: int
    basis: str
    reasons: list[ReasonOut]


class OverstayListOut(Schema):
    as_of: date
    in_country: int
    out_of_country: int
    rows: list[OverstayOut]
