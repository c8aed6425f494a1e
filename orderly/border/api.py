"""JSON API for ports and crossings, including offline-post sync."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from ninja import Query, Router, Status
from pydantic import ValidationError

from orderly.border.corrections import crossing_correct, crossing_strike_out
from orderly.border.models import Crossing, CrossingCorrection, Source
from orderly.border.policies import require_recording_somewhere
from orderly.border.schemas import (
    CorrectionIn,
    CorrectionOut,
    CrossingIn,
    CrossingOut,
    PortOut,
    SyncIn,
    SyncItemIn,
    SyncOut,
    SyncVerdict,
)
from orderly.border.selectors import CrossingFilter, crossing_get, crossings_list, ports_list
from orderly.border.services import (
    CrossingRequest,
    Recorded,
    crossing_record_known,
    crossing_record_read,
)
from orderly.core.actors import request_actor
from orderly.core.errors import DomainError
from orderly.core.roles import Actor
from orderly.core.schemas import ERRORS, IsoInstant

router = Router(tags=["border"])


# Where a crossing stands when no correction points at it.
STANDING = {"replaced_by": None, "struck_out": False}


def crossing_out(crossing: Crossing, *, just_stored: bool = False) -> dict[str, Any]:
    """``crossing`` as the API shows it. ``just_stored``: this request stored it, so nothing can
    have corrected it yet, and the busiest path needs no look for a correction."""
    return {
        "id": crossing.pk,
        "idempotency_key": crossing.idempotency_key,
        "person_id": crossing.person_id,
        "document_id": crossing.document_id,
        "port": crossing.port.code,
        "direction": crossing.direction,
        "outcome": crossing.outcome,
        "refusal_reason": crossing.refusal_reason,
        "purpose": crossing.purpose,
        "occurred_at": crossing.occurred_at,
        "recorded_at": crossing.recorded_at,
        "source": crossing.source,
        "flags": crossing.flags,
        **(STANDING if just_stored else _correction_state(crossing)),
    }


def _correction_state(crossing: Crossing) -> dict[str, Any]:
    """Whether ``crossing`` still stands: a device holding its id learns it was corrected."""
    try:
        correction = crossing.correction
    except CrossingCorrection.DoesNotExist:
        return STANDING
    return {
        "replaced_by": correction.replacement_id,
        "struck_out": correction.replacement_id is None,
    }


@router.get("/ports", response={200: list[PortOut], **ERRORS})
def list_ports(request: HttpRequest) -> Any:
    """Border crossing points."""
    return ports_list(request_actor(request))


@router.post("/crossings", response={201: CrossingOut, 200: CrossingOut, **ERRORS})
def record_crossing(request: HttpRequest, payload: CrossingIn) -> Any:
    """Record one crossing. Retrying with the same idempotency key stores nothing new (200)."""
    recorded = _record(request_actor(request), payload, Source.DESK)
    return Status(
        201 if recorded.created else 200,
        crossing_out(recorded.crossing, just_stored=recorded.created),
    )


@router.get("/crossings", response={200: list[CrossingOut], **ERRORS})
def list_crossings(
    request: HttpRequest,
    port: str | None = None,
    person_id: uuid.UUID | None = None,
    since: IsoInstant | None = None,
    until: IsoInstant | None = None,
    limit: int = Query(100, ge=1, le=500),
    offset: int = Query(0, ge=0, le=1_000_000),
) -> Any:
    """Crossings the caller may see, newest first; a corrected one gives way to its
    replacement (fetched by its id, it is still there)."""
    where = CrossingFilter(
        port_code=port, person_id=person_id, since=since, until=until, limit=limit, offset=offset
    )
    return [crossing_out(c) for c in crossings_list(actor=request_actor(request), where=where)]


@router.post("/crossings/sync", response={200: SyncOut, **ERRORS})
def sync_crossings(request: HttpRequest, payload: SyncIn) -> Any:
    """Store a batch recorded offline: each item exactly once, whatever the order or retries.

    Every item gets a verdict: stored, duplicate (already stored earlier) or rejected (with the
    field and reason). Good items are stored even when others in the batch are rejected.
    """
    actor = request_actor(request)
    require_recording_somewhere(actor)
    results = [_sync_one(actor, index, item) for index, item in enumerate(payload.items)]
    counts = {
        status: sum(r.status == status for r in results)
        for status in ("stored", "duplicate", "rejected")
    }
    return {**counts, "results": results}


def _sync_one(actor: Actor, index: int, raw: Any) -> SyncVerdict:
    key = str(raw.get("idempotency_key", ""))[:64] if isinstance(raw, dict) else ""
    try:
        item = SyncItemIn.model_validate(raw)
        with transaction.atomic():
            recorded = _record(actor, item, Source.OFFLINE)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or "item"
        return SyncVerdict(
            index=index, idempotency_key=key, status="rejected", field=field, reason=first["msg"]
        )
    except DomainError as exc:
        return SyncVerdict(
            index=index, idempotency_key=key, status="rejected", field=exc.field, reason=exc.message
        )
    return SyncVerdict(
        index=index,
        idempotency_key=key,
        status="stored" if recorded.created else "duplicate",
        crossing_id=recorded.crossing.pk,
    )


@router.get("/crossings/{crossing_id}", response={200: CrossingOut, **ERRORS})
def get_crossing(request: HttpRequest, crossing_id: uuid.UUID) -> Any:
    """One crossing."""
    return crossing_out(crossing_get(actor=request_actor(request), crossing_id=crossing_id))


# The fields a correction may change, as CorrectionIn names them.
CORRECTABLE = ("occurred_at", "port", "direction")


@router.post("/crossings/{crossing_id}/correction", response={201: CorrectionOut, **ERRORS})
def correct_crossing(request: HttpRequest, crossing_id: uuid.UUID, payload: CorrectionIn) -> Any:
    """Correct a crossing's time, port or direction (a replacement crossing stands in its
    place), or strike it out as recorded in error. A crossing is corrected once (409 after):
    to correct it again, correct its replacement. Supervisors, within their jurisdiction."""
    actor = request_actor(request)
    if payload.strike_out:
        given = tuple(f for f in CORRECTABLE if getattr(payload, f) is not None)
        correction = crossing_strike_out(
            actor=actor, crossing_id=crossing_id, reason=payload.reason, also_given=given
        )
    else:
        correction = crossing_correct(
            actor=actor,
            crossing_id=crossing_id,
            reason=payload.reason,
            occurred_at=payload.occurred_at,
            port_code=payload.port,
            direction=payload.direction,
        )
    return Status(201, correction_out(correction))


def correction_out(correction: CrossingCorrection) -> dict[str, Any]:
    replacement = correction.replacement
    return {
        "id": correction.pk,
        "crossing_id": correction.crossing_id,
        "replacement": crossing_out(replacement) if replacement is not None else None,
        "reason": correction.reason,
        "corrected_at": correction.corrected_at,
    }


def _record(actor: Actor, payload: CrossingIn, source: str) -> Recorded:
    request = CrossingRequest(
        port_code=payload.port,
        direction=payload.direction,
        idempotency_key=payload.idempotency_key,
        source=source,
        outcome=payload.outcome,
        purpose=payload.purpose,
        refusal_reason=payload.refusal_reason,
        occurred_at=payload.occurred_at,
    )
    if payload.document_id is not None:
        return crossing_record_known(actor=actor, document_id=payload.document_id, request=request)
    assert payload.mrz is not None
    return crossing_record_read(
        actor=actor, mrz_text=payload.mrz, holder_id=payload.holder_id, request=request
    )
