"""A crossing's flags, computed from the person's current crossings when it is stored, and
recomputed for the later ones whenever an earlier crossing arrives late or is corrected.

Flags are a cache of the facts. Used by recording and by corrections alike, so a corrected
record is flagged exactly as if it had been recorded right the first time.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

from orderly.border.models import Crossing, Outcome, Source
from orderly.border.rules.flags import (
    PRESENTED_FLAGS,
    RECORDED_LATE,
    CrossingFacts,
    crossing_flags,
)
from orderly.core.audit import audit
from orderly.core.roles import Actor

# A replacement is stored when it is corrected, often long after the crossing: whether the
# crossing reached the platform late is a fact about the first recording, so it is carried over
# from the crossing replaced instead of judged again from the correction's own time.
CARRIED_BY_REPLACEMENTS = PRESENTED_FLAGS | {RECORDED_LATE}


def flags_for(crossing: Crossing, *, instead_of: uuid.UUID | None = None) -> list[str]:
    """The flags ``crossing`` should carry now (saved or not); ``crossing.flags`` is read only
    for the flags known when it was presented (or, for a replacement, first recorded).

    ``instead_of``: a crossing still current but about to be replaced by this one, so not
    taken as the one before it.
    """
    carried = CARRIED_BY_REPLACEMENTS if crossing.source == Source.CORRECTION else PRESENTED_FLAGS
    computed = _computed_flags(crossing, instead_of)
    return [
        *(flag for flag in computed if flag not in carried),
        *(flag for flag in crossing.flags if flag in carried),
    ]


def _computed_flags(crossing: Crossing, instead_of: uuid.UUID | None) -> list[str]:
    return crossing_flags(
        CrossingFacts(
            direction=crossing.direction,
            admitted=crossing.outcome == Outcome.ADMITTED,
            occurred_at=crossing.occurred_at,
            recorded_at=crossing.recorded_at,
            local_day=crossing.occurred_at.astimezone(ZoneInfo(crossing.port.timezone)).date(),
            document_expiry=crossing.document.expiry_date,
            previous_admitted_direction=_previous_admitted_direction(crossing, instead_of),
        )
    )


def _previous_admitted_direction(crossing: Crossing, instead_of: uuid.UUID | None) -> str | None:
    previous = Crossing.objects.current().filter(
        person_id=crossing.person_id,
        outcome=Outcome.ADMITTED,
        occurred_at__lt=crossing.occurred_at,
    )
    if instead_of is not None:
        previous = previous.exclude(pk=instead_of)
    return previous.order_by("-occurred_at").values_list("direction", flat=True).first()


def reflag_later_crossings(
    actor: Actor, *, person_id: uuid.UUID, after: datetime, because: Crossing
) -> None:
    """Recompute the flags of the person's current crossings that happened after ``after``.

    Offline posts sync late and out of order: an exit stored first was rightly flagged "without a
    recorded entry", until the entry before it arrives (or a correction moves or strikes out the
    crossing before it). Each change is audited, naming the crossing ``because`` of which.
    Corrected crossings keep the flags they had: their rows are never changed.
    """
    later = (
        Crossing.objects.current()
        .filter(person_id=person_id, occurred_at__gt=after)
        .select_related("port", "document")
        .order_by("occurred_at")
    )
    for other in later:
        flags = flags_for(other)
        if flags != other.flags:
            Crossing.objects.filter(pk=other.pk).update(flags=flags)
            audit(
                actor,
                "border.crossing.reflagged",
                obj=other,
                changes={"flags": {"from": other.flags, "to": flags}, "because": str(because.pk)},
            )
