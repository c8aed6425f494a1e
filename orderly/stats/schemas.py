"""API types for the published statistics."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ninja import Schema
from pydantic import Field


class TableOut(Schema):
    name: str
    title: str
    definition: str


class DisclosureOut(Schema):
    threshold: int
    rounding: int | None
    method: str


class PublishedTableOut(Schema):
    """A table as published: a suppressed count is null."""

    table: str
    title: str
    definition: str
    period: str
    as_of: datetime
    disclosure_control: DisclosureOut
    total: int | None = None
    previous_total: int | None = None
    yoy_change: float | None = Field(default=None, description="A fraction: 0.038 is +3.8 %")
    on: date | None = Field(default=None, description="The day a stock (foreigners present) is on")
    as_of_day: date | None = Field(
        default=None, description="Counted as the records stood at the end of this day"
    )
    overstay_rate: float | None = Field(default=None, description="A fraction, of the overstays")
    suspected_in_country_rate: float | None = None
    out_of_country_rate: float | None = None
    irregular_share: float | None = Field(
        default=None, description="A fraction, of the stays decided irregular (stay-decisions)"
    )
    rows: list[dict[str, Any]]
