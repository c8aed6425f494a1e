"""API types shared by every context: strict input types and the error body."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

from ninja import Schema
from pydantic import AwareDatetime, BeforeValidator, ConfigDict, Field


def _iso_text_only(value: Any) -> Any:
    # Lax parsing would take 0 or false as a time; an instant must be written out in ISO 8601.
    if not isinstance(value, str | datetime):
        raise ValueError("must be an ISO 8601 date-time string with a UTC offset")
    return value


IsoInstant = Annotated[AwareDatetime, Field(strict=False), BeforeValidator(_iso_text_only)]


def _uuid_text_only(value: Any) -> Any:
    if not isinstance(value, str | uuid.UUID):
        raise ValueError("must be a UUID string")
    return value


UuidText = Annotated[uuid.UUID, Field(strict=False), BeforeValidator(_uuid_text_only)]


class StrictIn(Schema):
    """Base for request bodies: unknown fields and type coercion are refused."""

    model_config = ConfigDict(extra="forbid", strict=True)


class FieldMessage(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    """Every 4xx answer: what went wrong and which field caused it."""

    detail: str
    field: str = ""
    errors: list[FieldMessage] = Field(default_factory=list)


ERRORS: dict[int, Any] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut,
                          409: ErrorOut, 422: ErrorOut}
