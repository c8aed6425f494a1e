"""Who may do what at the border: the place of a port or a crossing, and scoped querysets."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from orderly.border.models import Crossing, CrossingQuerySet, Port
from orderly.core.errors import NotPermitted
from orderly.core.roles import Action, Actor, Place, ScopeKind


def port_place(port: Port) -> Place:
    return Place(port=port.code, region=port.region)


def crossing_place(crossing: Crossing) -> Place:
    return Place(
        port=crossing.port.code, region=crossing.port.region, person_id=str(crossing.person_id)
    )


def visible_crossings_filter(actor: Actor) -> Q:
    """A filter that keeps only the crossings ``actor`` may see; matches nothing by default."""
    if actor.reaches_nation(Action.CROSSING_VIEW):
        return Q()
    ports = actor.scope_codes(Action.CROSSING_VIEW, ScopeKind.PORT)
    regions = actor.scope_codes(Action.CROSSING_VIEW, ScopeKind.REGION)
    people = actor.scope_codes(Action.CROSSING_VIEW, ScopeKind.SELF)
    return Q(port__code__in=ports) | Q(port__region__in=regions) | Q(person_id__in=people)


def visible_crossings(actor: Actor) -> CrossingQuerySet:
    return Crossing.objects.filter(visible_crossings_filter(actor))


def recording_ports(actor: Actor) -> QuerySet[Port]:
    """The active ports where ``actor`` may record crossings."""
    if actor.reaches_nation(Action.CROSSING_RECORD):
        return Port.objects.filter(active=True)
    ports = actor.scope_codes(Action.CROSSING_RECORD, ScopeKind.PORT)
    regions = actor.scope_codes(Action.CROSSING_RECORD, ScopeKind.REGION)
    return Port.objects.filter(Q(code__in=ports) | Q(region__in=regions), active=True)


def require_recording_somewhere(actor: Actor) -> None:
    """Refuse outright someone who may record crossings nowhere (a batch is not even read)."""
    if not actor.may_somewhere(Action.CROSSING_RECORD):
        raise NotPermitted("you may not record crossings")
