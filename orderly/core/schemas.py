"""API types shared by every context: strict input types and the error body."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, date, datetime
from typing import Annotated, Any

from ninja import Schema
from pydantic import (
    AfterValidator,
    AwareDatetime,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
)

_ISO_INSTANT = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


def _iso_text_only(value: Any) -> Any:
    # Lax parsing would take 0, 0.5 or false as a Unix time; an instant is written out in ISO 8601.
    if isinstance(value, datetime):
        return value
    if not isinstance(value, str) or not _ISO_INSTANT.match(value):
        raise ValueError(
            "must be an ISO 8601 date-time with a UTC offset, e.g. 2026-03-01T08:00:00Z"
        )
    return value


def _in_utc(value: datetime) -> datetime:
    # PostgreSQL refuses UTC offsets beyond +-15:59 (a 500 for "+20:49", which ISO 8601 allows)
    # and SQLite stores UTC anyway: every instant goes to the database in UTC, on both.
    try:
        return value.astimezone(UTC)
    except OverflowError as exc:  # 0001-01-01T00:00+05:00 is before the first representable day
        raise ValueError("the instant is out of range once converted to UTC") from exc


IsoInstant = Annotated[
    AwareDatetime, Field(strict=False), BeforeValidator(_iso_text_only), AfterValidator(_in_utc)
]


_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_day_only(value: Any) -> Any:
    # As for instants: 20250101 or 1.5 are not days, whatever a lax parser makes of them.
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if not isinstance(value, str) or not _ISO_DAY.match(value):
        raise ValueError("must be an ISO 8601 date, e.g. 2026-03-01")
    return value


IsoDay = Annotated[date, Field(strict=False), BeforeValidator(_iso_day_only)]


def _uuid_text_only(value: Any) -> Any:
    if not isinstance(value, str | uuid.UUID):
        raise ValueError("must be a UUID string")
    return value


UuidText = Annotated[uuid.UUID, Field(strict=False), BeforeValidator(_uuid_text_only)]


class StrictIn(Schema):
    """Base for request bodies: unknown fields and type coercion are refused."""

    model_config = ConfigDict(extra="forbid", strict=True)

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul_character(cls, value: object) -> object:
        # PostgreSQL cannot store NUL in text: refused here, naming the field, not at the
        # database with a 500.
        if isinstance(value, str) and "\x00" in value:
            raise ValueError("must not contain a NUL character")
        return value


class FieldMessage(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    """Every 4xx answer: what went wrong and which field caused it."""

    detail: str
    field: str = ""
    errors: list[FieldMessage] = Field(default_factory=list)


ERRORS: dict[int, Any] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
}
