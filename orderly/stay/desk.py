"""The stay decision on the border desk, shown under a known traveller before the officer acts.

For someone present it is their status now; for someone arriving it is what admitting them now
would mean: the basis and the last lawful day, or why no rule allows the entry.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.utils import timezone

from orderly.border.models import Port
from orderly.core.audit import audit
from orderly.core.roles import Action, Actor, Place
from orderly.registry.models import Person
from orderly.stay.facts import arrival_fact, person_facts
from orderly.stay.packs_in_force import decide_in_force
from orderly.stay.rules import StayDecision
from orderly.stay.rules.stays import presence


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
    facts = person_facts(person)
    now = timezone.now()
    arriving = presence(facts.crossings).open_stay is None
    if arriving:
        facts = replace(facts, crossings=(*facts.crossings, arrival_fact(port, now)))
    return decide_in_force(facts, now), arriving
