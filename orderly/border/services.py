"""Every write at the border. One service records a crossing, whoever calls it.

The desk, the API, offline sync and the admin all come through ``crossing_record``, so a crossing
is checked, flagged and audited the same way wherever it was taken. Corrections of crossings live
in ``border.corrections`` (this module would pass 400 lines) and are named here as well.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo, available_timezones

from django.db import IntegrityError, transaction
from django.utils import timezone

from orderly.border import hooks
from orderly.border.corrections import crossing_correct as crossing_correct
from orderly.border.corrections import crossing_strike_out as crossing_strike_out
from orderly.border.flagging import flags_for, reflag_later_crossings
from orderly.border.models import Crossing, Direction, Outcome, Port, PortKind, Purpose, Source
from orderly.border.policies import port_place
from orderly.border.rules.flags import HOLDER_DETAILS_DIFFER
from orderly.border.rules.instants import instant_problem
from orderly.core.audit import audit
from orderly.core.errors import Conflict, InvalidInput, NotFound, NotPermitted
from orderly.core.roles import Action, Actor
from orderly.registry.models import Person, TravelDocument
from orderly.registry.reading import facts_from_mrz, read_mrz
from orderly.registry.rules.documents import DocumentFacts
from orderly.registry.services import could_hold, document_presented_again, document_register


@dataclass(frozen=True)
class CrossingRequest:
    """What the officer (or the device) asks to record."""

    port_code: str
    direction: str
    idempotency_key: str
    source: str = Source.DESK
    outcome: str = Outcome.ADMITTED
    purpose: str = Purpose.UNKNOWN
    refusal_reason: str = ""
    occurred_at: datetime | None = (
        None  # None: now (the desk); offline posts send the original time
    )


@dataclass(frozen=True)
class Recorded:
    crossing: Crossing
    created: bool  # False when the idempotency key was already stored: nothing new was written


def crossing_record(
    *, actor: Actor, document: TravelDocument, request: CrossingRequest
) -> Recorded:
    """Record one crossing of ``document``'s holder, exactly once per idempotency key."""
    return _record_at(actor, document, _port_for_recording(actor, request.port_code), request)


def _record_at(
    actor: Actor,
    document: TravelDocument,
    port: Port,
    request: CrossingRequest,
    presented: tuple[str, ...] = (),
) -> Recorded:
    # Callers pass the port they already looked up and checked: one query less per crossing.
    # ``presented`` holds flags about the document as it was shown, known only at this moment.
    _validate(request)
    # Write first and look the key up only when the unique constraint refuses it: a retry is
    # the rare case, so the common one saves a query (and a concurrent retry is caught the
    # same way as a late one).
    try:
        with transaction.atomic():
            crossing = _write(actor, document, port, request, presented)
    except IntegrityError:
        existing = _already_recorded(request, document, port)
        if existing is None:
            raise
        return Recorded(existing, created=False)
    return Recorded(crossing, created=True)


def crossing_record_presented(
    *, actor: Actor, facts: DocumentFacts, holder: Person | None, request: CrossingRequest
) -> Recorded:
    """Register the presented document if new (held by ``holder`` or a new person), then record."""
    port = _port_for_recording(actor, request.port_code)
    return _record_presented(actor, facts, holder, request, port)


def _record_presented(
    actor: Actor, facts: DocumentFacts, holder: Person | None, request: CrossingRequest, port: Port
) -> Recorded:
    _validate(request)
    known = document_presented_again(actor=actor, facts=facts, holder=holder)
    if known is not None:  # the busiest path: the crossing's own transaction, nothing around it
        return _record_at(actor, known, port, request, _as_presented(known, facts))
    # A new document, its holder and the first crossing are kept together or not at all.
    with transaction.atomic():
        document = document_register(actor=actor, facts=facts, holder=holder)
        return _record_at(actor, document, port, request, _as_presented(document, facts))


def _as_presented(document: TravelDocument, facts: DocumentFacts) -> tuple[str, ...]:
    # A known number presented with another holder's details may be a forged or cloned
    # document: the crossing still belongs to the registered holder, and the officer is told.
    return () if could_hold(document.holder, facts) else (HOLDER_DETAILS_DIFFER,)


# Not atomic as a whole on purpose: everything before the write only reads, and the write (the
# crossing with its audit event) is one transaction in ``_record_at``. Left outermost, that
# transaction is a plain BEGIN ... COMMIT instead of a savepoint inside an outer one: two round
# trips fewer on the API's busiest path (benchmarks/bench_api_load.py).
def crossing_record_known(
    *, actor: Actor, document_id: uuid.UUID, request: CrossingRequest
) -> Recorded:
    """Record a crossing of a document already in the registry, named by its id."""
    port = _port_for_recording(actor, request.port_code)
    try:
        document = TravelDocument.objects.get(pk=document_id)
    except TravelDocument.DoesNotExist:
        raise NotFound("no such document", field="document_id") from None
    return _record_at(actor, document, port, request)


def crossing_record_read(
    *, actor: Actor, mrz_text: str, holder_id: uuid.UUID | None, request: CrossingRequest
) -> Recorded:
    """Read an MRZ as presented at the port, then register the document if new and record.

    The port is checked first, so someone who may not record there learns nothing about the
    document or the person named. Two-digit years are read against the port's own calendar day.
    """
    port = _port_for_recording(actor, request.port_code)
    today = timezone.now().astimezone(ZoneInfo(port.timezone)).date()
    facts = facts_from_mrz(read_mrz(mrz_text, today=today))
    holder = None
    if holder_id is not None:
        holder = Person.objects.filter(pk=holder_id).first()
        if holder is None:
            raise NotFound("no such person", field="holder_id")
    return _record_presented(actor, facts, holder, request, port)


def _port_for_recording(actor: Actor, code: str) -> Port:
    # get(), not filter().first(), for unique lookups here: first() adds an ORDER BY that costs
    # CPU to compile on every crossing and means nothing for at most one row.
    try:
        port = Port.objects.get(code=code)
    except Port.DoesNotExist:
        port = None
    if port is None or not port.active:
        raise NotFound(f"no active port with code {code!r}", field="port")
    if not actor.can(Action.CROSSING_RECORD, port_place(port)):
        raise NotPermitted(f"you may not record crossings at {port.code}", field="port")
    return port


def _validate(request: CrossingRequest) -> None:
    if request.direction not in Direction.values:
        raise InvalidInput("direction must be entry or exit", field="direction")
    if request.outcome not in Outcome.values:
        raise InvalidInput("outcome must be admitted or refused", field="outcome")
    if request.purpose not in Purpose.values:
        raise InvalidInput(f"purpose must be one of {', '.join(Purpose.values)}", field="purpose")
    if request.source not in Source.values:
        raise InvalidInput("unknown source", field="source")
    if request.source == Source.CORRECTION:
        # A replacement exists only with the correction pointing at it (crossing_correct).
        raise InvalidInput("a correction is made by correcting the crossing", field="source")
    _validate_refusal(request)
    _validate_time(request)
    if not 8 <= len(request.idempotency_key) <= 64:
        raise InvalidInput("idempotency key must be 8 to 64 characters", field="idempotency_key")


def _validate_refusal(request: CrossingRequest) -> None:
    if request.outcome == Outcome.REFUSED:
        if request.direction != Direction.ENTRY:
            raise InvalidInput("only an entry can be refused", field="outcome")
        if not request.refusal_reason.strip():
            raise InvalidInput("a refused entry needs the reason", field="refusal_reason")
    elif request.refusal_reason:
        raise InvalidInput("a reason is given only when entry is refused", field="refusal_reason")


def _validate_time(request: CrossingRequest) -> None:
    if request.occurred_at is None:
        return
    problem = instant_problem(request.occurred_at, now=timezone.now())
    if problem:
        raise InvalidInput(problem, field="occurred_at")


def _already_recorded(
    request: CrossingRequest, document: TravelDocument, port: Port
) -> Crossing | None:
    # Every crossing, corrected ones too: a device retrying a crossing corrected since it was
    # stored must get that crossing back, not store it a second time.
    try:
        existing = Crossing.objects.get(idempotency_key=request.idempotency_key)
    except Crossing.DoesNotExist:
        return None
    if (existing.document_id, existing.port_id, existing.direction) != (
        document.pk,
        port.pk,
        request.direction,
    ):
        raise Conflict(
            "this idempotency key was used for a different crossing", field="idempotency_key"
        )
    return existing


def _write(
    actor: Actor,
    document: TravelDocument,
    port: Port,
    request: CrossingRequest,
    presented: tuple[str, ...],
) -> Crossing:
    now = timezone.now()
    crossing = Crossing(
        idempotency_key=request.idempotency_key,
        person_id=document.holder_id,
        document=document,
        port=port,
        direction=request.direction,
        outcome=request.outcome,
        refusal_reason=request.refusal_reason.strip(),
        occurred_at=request.occurred_at or now,
        recorded_at=now,
        officer_id=actor.user_id,
        source=request.source,
        purpose=request.purpose,
        flags=list(presented),
    )
    crossing.flags = flags_for(crossing)
    crossing.save(force_insert=True)
    audit(
        actor,
        "border.crossing.recorded",
        obj=crossing,
        changes={
            "port": port.code,
            "direction": crossing.direction,
            "outcome": crossing.outcome,
            "source": crossing.source,
            "person": str(document.holder_id),
            "flags": crossing.flags,
        },
    )
    if request.occurred_at is not None:
        reflag_later_crossings(
            actor, person_id=crossing.person_id, after=crossing.occurred_at, because=crossing
        )
    hooks.crossing_recorded(actor, crossing)
    return crossing


@transaction.atomic
def port_save(
    *,
    actor: Actor,
    code: str,
    name: str,
    kind: str,
    region: str,
    timezone_name: str,
    active: bool = True,
) -> Port:
    """Create or update a border crossing point (administrators)."""
    if not actor.can(Action.PORT_MANAGE):
        raise NotPermitted("you may not manage ports")
    port_validate(code=code, kind=kind, timezone_name=timezone_name)
    port, created = Port.objects.update_or_create(
        code=code,
        defaults={
            "name": name,
            "kind": kind,
            "region": region,
            "timezone": timezone_name,
            "active": active,
        },
    )
    audit(
        actor,
        "border.port.created" if created else "border.port.updated",
        obj=port,
        changes={
            "code": code,
            "name": name,
            "kind": kind,
            "region": region,
            "timezone": timezone_name,
            "active": active,
        },
    )
    return port


def port_validate(*, code: str, kind: str, timezone_name: str) -> None:
    """Refuse a port whose code, kind or time zone cannot be used, naming the field."""
    if not code or not code.replace("-", "").isalnum() or len(code) > 16:
        raise InvalidInput("a port code is 1 to 16 letters, digits or hyphens", field="code")
    if kind not in PortKind.values:
        raise InvalidInput(f"kind must be one of {', '.join(PortKind.values)}", field="kind")
    if timezone_name not in available_timezones():
        raise InvalidInput(f"{timezone_name!r} is not an IANA time zone", field="timezone")
