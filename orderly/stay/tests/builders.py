"""Builders for the stay-engine tests: crossings at a local time in a zone, people, packs.

A crossing is given as the clock on the wall at the port ("2024-03-31 01:30" in Europe/Brussels);
its instant (UTC) and its calendar day at the port follow, the way the border desk records them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from orderly.stay.rules import (
    Application,
    Authorization,
    CrossingFact,
    PersonFacts,
)
from orderly.stay.rules import pack as kinds
from orderly.stay.rules.facts import ENTRY, EXIT, EXTENSION, RESIDENCE_PERMIT, VISA
from orderly.stay.rules.pack import Pack, Rule

UTC_ZONE = "UTC"


def d(text: str) -> date:
    """A date from its ISO text: ``d("2024-02-29")``."""
    return date.fromisoformat(text)


def local(text: str, zone: str = UTC_ZONE) -> datetime:
    """The instant at which the clocks in ``zone`` showed ``text`` ("2024-01-30 23:30")."""
    wall = datetime.fromisoformat(text)
    return wall.replace(tzinfo=ZoneInfo(zone)).astimezone(UTC)


def crossing(
    direction: str,
    when: str,
    zone: str = UTC_ZONE,
    *,
    port: str = "",
    region: str = "",
    purpose: str = "",
) -> CrossingFact:
    """A crossing at the local time ``when`` (a bare date means midday) at a port in ``zone``."""
    text = when if " " in when or "T" in when else f"{when} 12:00"
    instant = local(text, zone)
    day = instant.astimezone(ZoneInfo(zone)).date()
    return CrossingFact(instant, day, direction, port, region, zone, purpose)


def entry(when: str, zone: str = UTC_ZONE, **where: str) -> CrossingFact:
    return crossing(ENTRY, when, zone, **where)


def exit_(when: str, zone: str = UTC_ZONE, **where: str) -> CrossingFact:
    return crossing(EXIT, when, zone, **where)


def trip(first: str, last: str, zone: str = UTC_ZONE, **where: str) -> tuple[CrossingFact, ...]:
    """An entry on ``first`` and an exit on ``last`` (each at midday unless a time is given)."""
    return (entry(first, zone, **where), exit_(last, zone, **where))


def person(
    *crossings: CrossingFact | Iterable[CrossingFact],
    nationalities: Iterable[str] = ("AUS",),
    authorizations: Iterable[Authorization] = (),
    applications: Iterable[Application] = (),
) -> PersonFacts:
    """A person of ``nationalities`` with the crossings given (single ones or whole trips)."""
    flat: list[CrossingFact] = []
    for item in crossings:
        flat.extend([item] if isinstance(item, CrossingFact) else item)
    return PersonFacts(
        nationalities=frozenset(nationalities),
        crossings=tuple(flat),
        authorizations=tuple(authorizations),
        applications=tuple(applications),
    )


# --- authorizations and applications -----------------------------------------------------------


def visa(
    valid_from: str,
    valid_until: str,
    *,
    entries: int | None = None,
    stay_days: int | None = None,
    category: str = "tourist",
    granted_on: str | None = None,
    id: str = "V-1",
) -> Authorization:
    granted = d(granted_on) if granted_on else d(valid_from)
    return Authorization(
        id, VISA, category, d(valid_from), d(valid_until), granted, entries, stay_days
    )


def permit(
    valid_from: str,
    valid_until: str,
    *,
    category: str = "work",
    granted_on: str | None = None,
    id: str = "RP-1",
) -> Authorization:
    granted = d(granted_on) if granted_on else d(valid_from)
    return Authorization(id, RESIDENCE_PERMIT, category, d(valid_from), d(valid_until), granted)


def extension(
    granted_on: str,
    until: str,
    *,
    id: str = "EXT-1",
) -> Authorization:
    return Authorization(id, EXTENSION, "extension", d(granted_on), d(until), d(granted_on))


def application(
    filed_on: str,
    decided_on: str | None = None,
    *,
    kind: str = "extension",
    id: str = "APP-1",
) -> Application:
    return Application(id, kind, d(filed_on), d(decided_on) if decided_on else None)


# --- rules and packs ---------------------------------------------------------------------------


def nationals(*codes: str) -> frozenset[str]:
    return frozenset(codes)


def exemption_rule(*codes: str) -> Rule:
    return Rule(
        "citizens", kinds.EXEMPTION, "Constitution art. 12", nationalities=nationals(*codes)
    )


def visa_free_rule(days: int, *codes: str, id: str = "visa-free") -> Rule:
    return Rule(id, kinds.VISA_FREE, "Aliens Act s. 20", days=days, nationalities=nationals(*codes))


def rolling_rule(
    max_days: int,
    window_days: int,
    *codes: str,
    limits: Iterable[str] = (kinds.VISA_FREE, kinds.VISA),
) -> Rule:
    """ "At most ``max_days`` in any ``window_days``-day period"; a basis for ``codes`` if any."""
    return Rule(
        "short-stay",
        kinds.ROLLING,
        "Aliens Act s. 21",
        nationalities=nationals(*codes) if codes else None,
        max_days=max_days,
        window_days=window_days,
        limits=frozenset(limits),
    )


def transit_rule(
    hours: int,
    *codes: str,
    ports: Iterable[str] = (),
    regions: Iterable[str] = (),
) -> Rule:
    return Rule(
        "transit",
        kinds.TRANSIT,
        "Transit Regulation art. 3",
        nationalities=nationals(*codes),
        hours=hours,
        ports=frozenset(ports),
        regions=frozenset(regions),
    )


def visa_rule(
    *categories: str, stay_days: int | None = None, ends_by_validity: bool = False
) -> Rule:
    return Rule(
        "visa",
        kinds.VISA,
        "Aliens Act s. 30",
        categories=frozenset(categories or ("tourist",)),
        stay_days=stay_days,
        ends_by_validity=ends_by_validity,
    )


def permit_rule(*categories: str) -> Rule:
    return Rule(
        "residence",
        kinds.RESIDENCE_PERMIT,
        "Aliens Act s. 40",
        categories=frozenset(categories or ("work", "study", "family")),
    )


def extension_rule() -> Rule:
    return Rule("extension", kinds.EXTENSION, "Aliens Act s. 35")


def automatic_extension_rule(
    ends_from: str,
    ends_until: str,
    *,
    months: int = 0,
    days: int = 0,
    announced: str | None = None,
    applies_to: Iterable[str] = (kinds.STAY,),
    id: str = "covid-extension",
) -> Rule:
    return Rule(
        id,
        kinds.AUTOMATIC_EXTENSION,
        "Decree 2020/17",
        effective_from=d(announced) if announced else None,
        ends_from=d(ends_from),
        ends_until=d(ends_until),
        months=months,
        days=days,
        applies_to=frozenset(applies_to),
    )


def suspension_rule(start: str, end: str, *suspends: str) -> Rule:
    return Rule(
        "border-closure",
        kinds.SUSPENSION,
        "Decree 2020/12",
        suspends=frozenset(suspends),
        start=d(start),
        end=d(end),
    )


def pack(*rules: Rule, zone: str = UTC_ZONE) -> Pack:
    """A pack of ``rules`` for a host state whose capital keeps the time of ``zone``."""
    return Pack(
        name="test-state",
        title="Rules of the test state",
        version="test-1",
        time_zone=zone,
        notice="for tests only",
        rules=rules,
    )
