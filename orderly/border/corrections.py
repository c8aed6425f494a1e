"""Correcting a crossing recorded wrongly: a new fact that points at the old (DESIGN.md).

A supervisor corrects the time, port or direction of a crossing (``crossing_correct``: a
replacement crossing is stored, with a new id) or strikes it out as recorded in error
(``crossing_strike_out``). The crossing corrected stays stored exactly as it was; from then on
``Crossing.objects.current()`` leaves it out, so the desk history, the flags and the lawful-stay
decisions read the replacement instead.

A correction keeps the crossing's person, document, outcome and purpose: a crossing recorded for
the wrong traveller is struck out and recorded anew for the right one.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from orderly.border import hooks
from orderly.border.flagging import flags_for, reflag_later_crossings
from orderly.border.models import Crossing, CrossingCorrection, Direction, Outcome, Port, Source
from orderly.border.policies import crossing_place, port_place, visible_crossings
from orderly.border.rules.instants import instant_problem
from orderly.border.rules.keys import CORRECTION_KEY_PREFIX
from orderly.core.audit import audit
from orderly.core.errors import Conflict, InvalidInput, NotFound, NotPermitted
from orderly.core.roles import Action, Actor

REASON_MAX = 300


@dataclass(frozen=True)
class Corrected:
    """What a correction makes of the crossing: each value as recorded unless given anew."""

    occurred_at: datetime
    port: Port
    direction: str


@transaction.atomic
def crossing_correct(
    *,
    actor: Actor,
    crossing_id: uuid.UUID,
    reason: str,
    occurred_at: datetime | None = None,
    port_code: str | None = None,
    direction: str | None = None,
) -> CrossingCorrection:
    """Correct the time, port or direction of a crossing; returns the correction, whose
    ``replacement`` is the crossing that now stands in its place (same person, new id).

    A supervisor may correct a crossing at a port in their jurisdiction, to another port there.
    Refused: a crossing corrected already (409: correct its replacement), a blank reason, a
    time in the future, an unknown or inactive port, or a correction that changes nothing.
    """
    crossing = _crossing_to_correct(actor, crossing_id, reason)
    corrected = _corrected_values(actor, crossing, occurred_at, port_code, direction)
    replacement = _replacement_write(crossing, corrected)
    correction = _correction_write(actor, crossing, replacement, reason)
    audit(actor, "border.crossing.corrected", obj=crossing, changes={
        "person": str(crossing.person_id), "replacement": str(replacement.pk),
        "reason": correction.reason, **_differences(crossing, replacement),
    })  # fmt: skip
    earliest = min(crossing.occurred_at, replacement.occurred_at)
    _after_correction(actor, correction, earliest)
    return correction


@transaction.atomic
def crossing_strike_out(
    *,
    actor: Actor,
    crossing_id: uuid.UUID,
    reason: str,
    also_given: tuple[str, ...] = (),
) -> CrossingCorrection:
    """Strike out a crossing recorded in error (nothing stands in its place); returns the
    correction. Refused as ``crossing_correct`` refuses: already corrected, or a blank reason.

    ``also_given``: the fields of a correction the caller was given too (a time, a port, a
    direction), refused once the actor is known to be allowed: nothing stands to take them.
    """
    _require_correcting_somewhere(actor)
    if also_given:
        field = also_given[0]
        raise InvalidInput(f"a crossing struck out takes no {field}", field=field)
    crossing = _crossing_to_correct(actor, crossing_id, reason)
    correction = _correction_write(actor, crossing, None, reason)
    audit(actor, "border.crossing.struck_out", obj=crossing, changes={
        "person": str(crossing.person_id), "reason": correction.reason,
        "port": crossing.port.code, "direction": crossing.direction,
        "outcome": crossing.outcome, "occurred_at": crossing.occurred_at.isoformat(),
    })  # fmt: skip
    _after_correction(actor, correction, crossing.occurred_at)
    return correction


def _crossing_to_correct(actor: Actor, crossing_id: uuid.UUID, reason: str) -> Crossing:
    """The crossing, locked until the correction commits, once the actor may correct it."""
    _require_correcting_somewhere(actor)
    _check_reason(reason)
    crossing = (
        visible_crossings(actor)
        .select_for_update(of=("self",))
        .select_related("port", "document")
        .filter(pk=crossing_id)
        .first()
    )
    if crossing is None:  # outside the actor's jurisdiction too, so nothing leaks
        raise NotFound("no such crossing", field="crossing_id")
    if not actor.can(Action.CROSSING_CORRECT, crossing_place(crossing)):
        raise NotPermitted("you may not correct crossings at this port", field="crossing_id")
    if crossing.officer_id is not None and crossing.officer_id == actor.user_id:
        # A correction is a second person's decision, even for someone who is both.
        raise NotPermitted(
            "a crossing is corrected by someone other than its officer", field="crossing_id"
        )
    _refuse_if_corrected(crossing)
    return crossing


def _require_correcting_somewhere(actor: Actor) -> None:
    if not actor.may_somewhere(Action.CROSSING_CORRECT):
        raise NotPermitted("you may not correct crossings")
    if actor.user_id is None:
        # A correction names the person accountable for it; commands run as no one.
        raise NotPermitted("a crossing is corrected by a person signed in")


def _check_reason(reason: str) -> None:
    if not reason.strip():
        raise InvalidInput("say why the crossing is corrected", field="reason")
    if len(reason.strip()) > REASON_MAX:
        raise InvalidInput(f"the reason is at most {REASON_MAX} characters", field="reason")


def _refuse_if_corrected(crossing: Crossing) -> None:
    done = CrossingCorrection.objects.filter(crossing=crossing).first()
    if done is None:
        return
    if done.replacement_id is None:
        raise Conflict("this crossing was already struck out", field="crossing_id")
    raise Conflict(
        f"this crossing was already corrected; correct its replacement {done.replacement_id}",
        field="crossing_id",
    )


def _corrected_values(
    actor: Actor,
    crossing: Crossing,
    occurred_at: datetime | None,
    port_code: str | None,
    direction: str | None,
) -> Corrected:
    corrected = Corrected(
        occurred_at=_checked_time(occurred_at) or crossing.occurred_at,
        port=_checked_port(actor, crossing, port_code),
        direction=_checked_direction(crossing, direction),
    )
    if (corrected.occurred_at, corrected.port.pk, corrected.direction) == (
        crossing.occurred_at,
        crossing.port_id,
        crossing.direction,
    ):
        raise InvalidInput(
            "nothing to correct: give a time, port or direction other than the one recorded",
            field=_first_given(occurred_at=occurred_at, port=port_code, direction=direction),
        )
    return corrected


def _first_given(**given: Any) -> str:
    """The first field given, to name in the error; the time when none was."""
    return next((name for name, value in given.items() if value is not None), "occurred_at")


def _checked_time(occurred_at: datetime | None) -> datetime | None:
    if occurred_at is None:
        return None
    problem = instant_problem(occurred_at, now=timezone.now())
    if problem:
        raise InvalidInput(problem, field="occurred_at")
    return occurred_at


def _checked_port(actor: Actor, crossing: Crossing, code: str | None) -> Port:
    """The port the crossing happened at: as recorded, or another one the actor may correct to.

    The port recorded is kept even if it has closed since; a port given anew must be active.
    """
    if code is None or code == crossing.port.code:
        return crossing.port
    port = Port.objects.filter(code=code, active=True).first()
    if port is None:
        raise NotFound(f"no active port with code {code!r}", field="port")
    if not actor.can(Action.CROSSING_CORRECT, port_place(port)):
        raise NotPermitted(f"you may not correct crossings to {port.code}", field="port")
    return port


def _checked_direction(crossing: Crossing, direction: str | None) -> str:
    if direction is None:
        return crossing.direction
    if direction not in Direction.values:
        raise InvalidInput("direction must be entry or exit", field="direction")
    if crossing.outcome == Outcome.REFUSED and direction != Direction.ENTRY:
        raise InvalidInput("only an entry can be refused", field="direction")
    return direction


def _replacement_write(crossing: Crossing, corrected: Corrected) -> Crossing:
    """The crossing as it should have been recorded, stored now under a new id."""
    replacement = Crossing(
        # Derived from the crossing corrected, which is corrected at most once. The prefix is
        # refused from devices (outside the API's key alphabet) and from imports.
        idempotency_key=f"{CORRECTION_KEY_PREFIX}{crossing.pk}",
        person_id=crossing.person_id,
        document=crossing.document,
        port=corrected.port,
        direction=corrected.direction,
        outcome=crossing.outcome,
        refusal_reason=crossing.refusal_reason,
        occurred_at=corrected.occurred_at,
        recorded_at=timezone.now(),
        officer_id=crossing.officer_id,  # who saw the traveller; the corrector is on the correction
        source=Source.CORRECTION,
        purpose=crossing.purpose,
        flags=crossing.flags,  # read only for the flags a replacement carries over
    )
    replacement.flags = flags_for(replacement, instead_of=crossing.pk)
    try:
        with transaction.atomic():
            replacement.save(force_insert=True)
    except IntegrityError:  # a bulk import may use any key, this one too
        raise Conflict(
            "the key for this crossing's replacement is taken already", field="crossing_id"
        ) from None
    return replacement


def _correction_write(
    actor: Actor, crossing: Crossing, replacement: Crossing | None, reason: str
) -> CrossingCorrection:
    assert actor.user_id is not None  # checked before the crossing was even read
    try:
        with transaction.atomic():
            return CrossingCorrection.objects.create(
                crossing=crossing,
                replacement=replacement,
                reason=reason.strip(),
                corrected_by_id=actor.user_id,
                corrected_at=timezone.now(),
            )
    except IntegrityError:  # corrected meanwhile (the row lock makes this all but impossible)
        raise Conflict("this crossing was already corrected", field="crossing_id") from None


def _differences(crossing: Crossing, replacement: Crossing) -> dict[str, dict[str, str]]:
    before = _described(crossing)
    after = _described(replacement)
    return {
        key: {"from": before[key], "to": after[key]} for key in before if before[key] != after[key]
    }


def _described(crossing: Crossing) -> dict[str, str]:
    return {
        "occurred_at": crossing.occurred_at.isoformat(),
        "port": crossing.port.code,
        "direction": crossing.direction,
    }


def _after_correction(actor: Actor, correction: CrossingCorrection, earliest: datetime) -> None:
    """What recording a crossing also does: the later flags, then the other contexts."""
    reflag_later_crossings(
        actor, person_id=correction.crossing.person_id, after=earliest, because=correction.crossing
    )
    hooks.crossing_corrected(actor, correction)
