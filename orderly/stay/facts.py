"""The engine's facts about a person, read from the registry, the border and this context."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from zoneinfo import ZoneInfo

from django.db.models import QuerySet

from orderly.border.models import Crossing, Outcome, Port
from orderly.registry.models import Person
from orderly.stay.models import Application, Authorization
from orderly.stay.rules import facts as engine

# ICAO codes that differ from ISO 3166 alpha-3, for the nationalities packs list.
ICAO_TO_ISO = {
    "D": "DEU",
    "GBD": "GBR",
    "GBN": "GBR",
    "GBO": "GBR",
    "GBP": "GBR",
    "GBS": "GBR",
    "RKS": "XKX",
}


def iso_nationality(code: str) -> str:
    """``code`` as packs spell nationalities (ISO 3166 alpha-3; ICAO's ``D`` is ``DEU``)."""
    code = code.strip("<").upper()
    return ICAO_TO_ISO.get(code, code)


def admitted_crossings(person: Person) -> QuerySet[Crossing]:
    """``person``'s current admitted crossings with ports, oldest first (refusals are not
    presence; a corrected crossing gives way to its replacement, one struck out to nothing).

    At one instant the entry comes first ("entry" sorts before "exit"), as the engine pairs
    them, then the id, so that records of one instant are always paired the same way.
    """
    return (
        Crossing.objects.current()
        .filter(person=person, outcome=Outcome.ADMITTED)
        .select_related("port")
        .order_by("occurred_at", "direction", "id")
    )


def person_facts(person: Person, crossings: Iterable[Crossing] | None = None) -> engine.PersonFacts:
    """Everything the engine needs to know about ``person`` (the caller checks permission).

    ``crossings``: the admitted crossings when the caller has read them already.
    """
    crossings = admitted_crossings(person) if crossings is None else crossings
    return engine.PersonFacts(
        nationalities=frozenset({iso_nationality(person.nationality)}),
        crossings=tuple(crossing_fact(c) for c in crossings),
        authorizations=tuple(
            authorization_fact(a) for a in Authorization.objects.filter(person=person)
        ),
        applications=tuple(
            engine.Application(str(a.pk), a.kind, a.filed_on, a.decided_on)
            for a in Application.objects.filter(person=person)
        ),
    )


def crossing_fact(crossing: Crossing) -> engine.CrossingFact:
    port = crossing.port
    return engine.CrossingFact(
        instant=crossing.occurred_at,
        day=crossing.occurred_at.astimezone(ZoneInfo(port.timezone)).date(),
        direction=crossing.direction,
        port=port.code,
        region=port.region,
        zone=port.timezone,
        purpose=crossing.purpose,
    )


def arrival_fact(port: Port, instant: datetime) -> engine.CrossingFact:
    """An entry at ``port`` at ``instant`` not recorded yet: what admitting someone would mean."""
    return engine.CrossingFact(
        instant=instant,
        day=instant.astimezone(ZoneInfo(port.timezone)).date(),
        direction=engine.ENTRY,
        port=port.code,
        region=port.region,
        zone=port.timezone,
    )


def authorization_fact(authorization: Authorization) -> engine.Authorization:
    return engine.Authorization(
        id=authorization.reference or str(authorization.pk),
        kind=authorization.kind,
        category=authorization.category,
        valid_from=authorization.valid_from,
        valid_until=authorization.valid_until,
        granted_on=authorization.granted_on,
        entries=authorization.entries,
        stay_days=authorization.stay_days,
    )
