"""The stay calculator: past stays and a planned trip in, the engine's answer out.

It needs no account and stores nothing: the page, the API endpoint and ``orderly stay
calculate`` all come through ``calculate``, so they give the same answer for the same facts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from orderly.core.errors import InvalidInput
from orderly.stay.packs_in_force import pack_in_force
from orderly.stay.rules import PersonFacts, PlannedTrip, StayDecision, decide
from orderly.stay.rules.facts import ENTRY, EXIT, CrossingFact, noon

MAX_STAYS = 200
_NATIONALITY = re.compile(r"^[A-Z]{3}$")
# The engine counts forward and back from the days it is given (180-day windows, planned trips
# of up to 3660 days, the earliest re-entry): far from today it would run off the calendar.
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2199, 12, 31)


@dataclass(frozen=True)
class PastStay:
    entry: date
    exit: date | None  # None: still there on the as-of day


@dataclass(frozen=True)
class Question:
    pack: str
    as_of: date
    stays: tuple[PastStay, ...] = ()
    nationality: str | None = None
    planned_entry: date | None = None
    planned_days: int | None = None


def calculate(question: Question) -> StayDecision:
    """The engine's decision for ``question`` under the pack in force (raises InvalidInput)."""
    check(question)
    in_force = pack_in_force(question.pack)
    pack = in_force.pack
    facts = PersonFacts(
        nationalities=frozenset({question.nationality}) if question.nationality else frozenset(),
        crossings=tuple(_crossings(question.stays, pack.time_zone)),
    )
    planned = (
        PlannedTrip(question.planned_entry, question.planned_days)
        if question.planned_entry
        else None
    )
    decision = decide(facts, pack, question.as_of, planned)
    return _labelled(decision, in_force.label)


def check(question: Question) -> None:
    """Refuse a question the engine could only answer wrongly, naming the field at fault."""
    if question.nationality is not None and not _NATIONALITY.match(question.nationality):
        raise InvalidInput("use a three-letter ISO 3166 code, e.g. USA", field="nationality")
    _check_day(question.as_of, "as_of")
    if len(question.stays) > MAX_STAYS:
        raise InvalidInput(f"at most {MAX_STAYS} stays", field="stays")
    _check_stays(question.stays, question.as_of)
    _check_plan(question)


def _check_stays(stays: tuple[PastStay, ...], as_of: date) -> None:
    previous: PastStay | None = None
    for index, stay in enumerate(stays):
        field = f"stays[{index}]"
        _check_day(stay.entry, field)
        if stay.entry > as_of:
            raise InvalidInput(f"entry {stay.entry} is after the as-of day {as_of}", field=field)
        if stay.exit is not None and stay.exit < stay.entry:
            raise InvalidInput(f"exit {stay.exit} is before entry {stay.entry}", field=field)
        if stay.exit is not None and stay.exit > as_of:
            raise InvalidInput(f"exit {stay.exit} is after the as-of day {as_of}", field=field)
        if previous is not None and (previous.exit is None or stay.entry < previous.exit):
            raise InvalidInput(
                "stays must be in order, each starting after the previous exit; only the last "
                "may be open",
                field=field,
            )
        previous = stay


def _check_day(day: date, field: str) -> None:
    if not FIRST_DAY <= day <= LAST_DAY:
        raise InvalidInput(f"{day} is not between {FIRST_DAY} and {LAST_DAY}", field=field)


def _check_plan(question: Question) -> None:
    if question.planned_days is not None and question.planned_entry is None:
        raise InvalidInput("give the planned entry day with the planned days", field="planned_days")
    if question.planned_days is not None and not 1 <= question.planned_days <= 3660:
        raise InvalidInput("planned days must be 1 to 3660", field="planned_days")
    if question.planned_entry is not None:
        _check_day(question.planned_entry, "planned_entry")
    if question.planned_entry is not None and question.planned_entry < question.as_of:
        raise InvalidInput("the planned entry is before the as-of day", field="planned_entry")
    if question.planned_entry is not None and question.stays and question.stays[-1].exit is None:
        raise InvalidInput(
            "a planned trip needs the last stay to have ended", field="planned_entry"
        )


def _crossings(stays: tuple[PastStay, ...], zone: str) -> list[CrossingFact]:
    """Each crossing at noon of its day, or a minute after the one before it: an exit and a
    re-entry on the same day (or an exit on the entry day) must keep their order."""
    crossings: list[CrossingFact] = []
    for stay in stays:
        for day, direction in ((stay.entry, ENTRY), (stay.exit, EXIT)):
            if day is None:
                continue
            instant = noon(day, zone)
            if crossings and crossings[-1].instant >= instant:
                instant = crossings[-1].instant + timedelta(minutes=1)
            crossings.append(CrossingFact(instant, day, direction))
    return crossings


def _labelled(decision: StayDecision, label: str) -> StayDecision:
    return replace(decision, pack_version=label)


def parse_stay(text: str, field: str) -> PastStay:
    """``ENTRY:EXIT`` or ``ENTRY:`` (still there) as ISO dates, or InvalidInput naming ``field``."""
    entry_text, colon, exit_text = text.partition(":")
    if not colon:
        raise InvalidInput(f"{text!r}: write ENTRY:EXIT or ENTRY: as YYYY-MM-DD", field=field)
    entry = parse_day(entry_text, field)
    exit_ = parse_day(exit_text, field) if exit_text else None
    return PastStay(entry, exit_)


def parse_day(text: str, field: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(f"{text!r} is not a date (YYYY-MM-DD)", field=field) from None
