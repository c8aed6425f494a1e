"""API types for the published statistics."""

from __future__ import annotations

from datetime import datetime
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
    rows: list[dict[str, Any]]
