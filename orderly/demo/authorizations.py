"""Visas and residence permits for the demo's foreign travellers, so most of their stays have a
basis under the demo host-state pack and the overstay list shows a realistic few.

Seeded like the rest of the demo: the same seed grants the same authorizations. A small share
of travellers get none, so the desk and the overstay list have irregular cases to show.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from orderly.border.models import Crossing, Outcome
from orderly.core.roles import Actor
from orderly.demo.population import HOME
from orderly.stay.models import Authorization
from orderly.stay.services import authorizations_bulk_record

WITHOUT_AUTHORIZATION = 0.03
RESIDENCE_PURPOSES = {"work": "work", "study": "study", "family": "family", "residence": "business"}
VISA_PURPOSES = {"tourism": "L", "business": "M", "transit": "G", "crew": "C"}


@dataclass
class _Travels:
    first: date
    last: date
    purposes: set[str] = field(default_factory=set)


def demo_authorizations_grant(*, actor: Actor, seed: int) -> int:
    """Grant each foreign traveller without authorizations a visa or a permit; returns how many."""
    travels = _travels_of_foreigners()
    already = set(Authorization.objects.values_list("person_id", flat=True).distinct())
    rng = random.Random(seed)  # noqa: S311 (a reproducible demo, not a secret)
    now = timezone.now()
    granted = [
        _authorization(person_id, travel, now)
        for person_id, travel in sorted(travels.items())
        if rng.random() >= WITHOUT_AUTHORIZATION and person_id not in already
    ]
    return authorizations_bulk_record(actor=actor, granted=granted, source=f"demo seed {seed}")


def _travels_of_foreigners() -> dict[object, _Travels]:
    rows = (
        Crossing.objects.current()
        .filter(outcome=Outcome.ADMITTED)
        .exclude(person__nationality=HOME)
        .values_list("person_id", "occurred_at", "purpose", "port__timezone")
        .order_by("person_id", "occurred_at")
    )
    travels: dict[object, _Travels] = defaultdict(lambda: _Travels(date.max, date.min))
    for person_id, instant, purpose, zone in rows.iterator(chunk_size=2000):
        day = instant.astimezone(ZoneInfo(zone)).date()
        travel = travels[person_id]
        travel.first, travel.last = min(travel.first, day), max(travel.last, day)
        travel.purposes.add(purpose)
    return dict(travels)


def _authorization(person_id: object, travel: _Travels, now: object) -> Authorization:
    resident = next((RESIDENCE_PURPOSES[p] for p in travel.purposes if p in RESIDENCE_PURPOSES),
                    None)  # fmt: skip
    valid_from = travel.first - timedelta(days=30)
    common = {"person_id": person_id, "valid_from": valid_from, "granted_on": valid_from,
              "valid_until": travel.last + timedelta(days=365), "recorded_at": now}  # fmt: skip
    if resident is not None:
        return Authorization(kind="residence_permit", category=resident,
                             reference=f"RP-{str(person_id)[:8]}", **common)  # fmt: skip
    category = next((VISA_PURPOSES[p] for p in travel.purposes if p in VISA_PURPOSES), "L")
    return Authorization(kind="visa", category=category, reference=f"V-{str(person_id)[:8]}",
                         entries=None, stay_days=60, **common)  # fmt: skip
