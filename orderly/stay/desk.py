"""The stay decision on the border desk, shown under a known traveller before the officer acts.

For someone present it is their status now; for someone arriving it is what admitting them now
would mean: the basis and the last lawful day, or why no rule allows the entry.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from orderly.border.models import Port
from orderly.core.audit import audit
from orderly.core.roles import Action, Actor, Place
from orderly.registry.models import Person
from orderly.stay.facts import person_facts
from orderly.stay.packs_in_force import pack_in_force
from orderly.stay.rules import CrossingFact, StayDecision, decide
from orderly.stay.rules.facts import ENTRY
from orderly.stay.rules.stays import presence
from orderly.stay.services import DEFAULT_PACK


def stay_panel(actor: Actor, person: Person, port: Port) -> tuple[str, dict[str, Any]] | None:
    """The desk's stay panel for ``person`` at ``port``, or None if ``actor`` may not see it."""
    if not actor.can(Action.STAY_VIEW, Place(port=port.code, region=port.region)):
        return None
    decision, arriving = desk_decision(person, port)
    audit(actor, "stay.status.viewed", obj=person, changes={
        "port": port.code, "status": decision.status.value, "pack": decision.pack_version,
    })  # fmt: skip
    return "stay/_desk_panel.html", {"decision": decision, "arriving": arriving}


def desk_decision(person: Person, port: Port) -> tuple[StayDecision, bool]:
    """The decision to show, and whether it is for an entry now (the person is not present)."""
    in_force = pack_in_force(DEFAULT_PACK)
    facts = person_facts(person)
    now = timezone.now()
    arriving = presence(facts.crossings).open_stay is None
    if arriving:
        entry = CrossingFact(
            instant=now,
            day=now.astimezone(ZoneInfo(port.timezone)).date(),
            direction=ENTRY,
            port=port.code,
            region=port.region,
            zone=port.timezone,
        )
        facts = replace(facts, crossings=(*facts.crossings, entry))
    decision = decide(facts, in_force.pack, now)
    return replace(decision, pack_version=in_force.label), arriving
