"""Every read of crossings and ports: scoped to what the actor may see, and audited."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet

from orderly.border.models import Crossing, Port
from orderly.border.policies import recording_ports, visible_crossings
from orderly.core.audit import audit
from orderly.core.errors import NotFound, NotPermitted
from orderly.core.roles import Action, Actor, Place
from orderly.registry.models import Person

MAX_PAGE = 500


@dataclass(frozen=True)
class CrossingFilter:
    port_code: str | None = None
    person_id: uuid.UUID | None = None
    since: datetime | None = None
    until: datetime | None = None
    limit: int = 100
    offset: int = 0


def _require_some(actor: Actor, action: Action) -> None:
    if not actor.may_somewhere(action):
        raise NotPermitted(f"you may not {action.value}")


def crossing_get(*, actor: Actor, crossing_id: uuid.UUID) -> Crossing:
    """One crossing the actor may see, corrected or not (a correction points at it); any other
    answers as not found, so nothing leaks."""
    _require_some(actor, Action.CROSSING_VIEW)
    crossing = (
        visible_crossings(actor)
        .select_related("port", "person", "document", "correction")
        .filter(pk=crossing_id)
        .first()
    )
    if crossing is None:
        raise NotFound("no such crossing", field="crossing_id")
    audit(
        actor, "border.crossing.viewed", obj=crossing, changes={"person": str(crossing.person_id)}
    )
    return crossing


def crossings_list(*, actor: Actor, where: CrossingFilter) -> list[Crossing]:
    """The current crossings the actor may see (corrected ones give way to their
    replacements), newest first, one page at a time."""
    _require_some(actor, Action.CROSSING_VIEW)
    rows = _filtered(visible_crossings(actor).current(), where)
    rows = rows.select_related("port", "person", "document", "correction")
    page = list(rows[where.offset : where.offset + min(where.limit, MAX_PAGE)])
    audit(
        actor,
        "border.crossing.listed",
        changes={
            "port": where.port_code,
            "person": str(where.person_id) if where.person_id else None,
            "count": len(page),
            "people": sorted({str(c.person_id) for c in page}),
        },
    )
    return page


def _filtered(rows: QuerySet[Crossing], where: CrossingFilter) -> QuerySet[Crossing]:
    if where.port_code:
        rows = rows.filter(port__code=where.port_code)
    if where.person_id:
        rows = rows.filter(person_id=where.person_id)
    if where.since:
        rows = rows.filter(occurred_at__gte=where.since)
    if where.until:
        rows = rows.filter(occurred_at__lt=where.until)
    return rows.order_by("-occurred_at", "-recorded_at")


def traveller_history(*, actor: Actor, person: Person, limit: int = 10) -> list[Crossing]:
    """A traveller's most recent crossings at any port, for whoever may view that person.

    An officer needs the whole history (an exit here may follow an entry elsewhere); the person
    view it belongs to is itself audited by ``registry.selectors.person_get`` or the lookup.
    Corrected crossings give way to their replacements.
    """
    if not actor.can(Action.PERSON_VIEW, Place(person_id=str(person.pk))):
        raise NotFound("no such person", field="person_id")
    return list(
        Crossing.objects.current()
        .filter(person=person)
        .select_related("port")
        .order_by("-occurred_at")[:limit]
    )


def desk_ports(actor: Actor) -> list[Port]:
    """The ports an officer can choose at the desk."""
    return list(recording_ports(actor))


def ports_list(actor: Actor) -> list[Port]:
    """Border crossing points; every staff role may see the list (it is public information)."""
    _require_some(actor, Action.PORT_VIEW)
    return list(Port.objects.all())
