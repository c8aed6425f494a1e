"""Crossings stored for the statistics tests, as an offline post sends them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.db.models import F

from conftest import World
from orderly.border.models import Crossing
from orderly.border.services import CrossingRequest, crossing_record
from orderly.core.roles import system_actor
from orderly.registry.models import Person
from orderly.stay.models import AuthorizedStay

SYSTEM = system_actor("tests")


def crossed(
    world: World,
    person: Person,
    direction: str,
    at: datetime,
    port: str = "",
    *,
    refused: bool = False,
    stored_days_ago: int = 2,
) -> Crossing:
    """``person`` crossing at ``at``, sent by an offline post and stored ``stored_days_ago``
    (and the stays it decided, decided then)."""
    request = CrossingRequest(
        port_code=port or world.port_a.code,
        direction=direction,
        idempotency_key=f"key-{Crossing.objects.count():06d}-{direction}",
        source="offline",
        occurred_at=at,
        outcome="refused" if refused else "admitted",
        refusal_reason="no valid visa" if refused else "",
    )
    stored = crossing_record(actor=SYSTEM, document=person.documents.get(), request=request)
    crossing = stored.crossing
    if stored_days_ago:
        stored_at = crossing.recorded_at - timedelta(days=stored_days_ago)
        Crossing.objects.filter(pk=crossing.pk).update(recorded_at=stored_at)
        AuthorizedStay.objects.filter(person=person, decided_at__gte=crossing.recorded_at).update(
            decided_at=F("decided_at") - timedelta(days=stored_days_ago)
        )
    return crossing


def on(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)
