"""Travellers for the stay tests that use the database, made through the platform's services.

A traveller is registered from a passport, crosses at a port on a given calendar day (at the
port's own time) and may be granted a visa: the same calls the desk and the back office make,
so the hooks that keep each stay's authorized end run exactly as they do in production.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from conftest import specimen_mrz
from orderly.border.models import Crossing, Outcome, Port, Purpose, Source
from orderly.border.services import CrossingRequest, crossing_record
from orderly.core.roles import Actor, system_actor
from orderly.registry.models import Person
from orderly.registry.reading import facts_from_mrz, read_mrz
from orderly.registry.services import document_register
from orderly.stay.models import Authorization
from orderly.stay.rules.facts import VISA
from orderly.stay.services import AuthorizationRequest, authorization_record

SYSTEM = system_actor("tests")
# Two-digit years in an MRZ are read against this day; every specimen date is well before it.
READ_ON = date(2026, 1, 1)


def day(text: str) -> date:
    return date.fromisoformat(text)


def traveller(
    number: str,
    *,
    nationality: str,
    surname: str = "TRAVELLER",
    given_names: str = "TESS",
) -> Person:
    """A new person holding a passport of ``nationality`` numbered ``number`` (9 characters)."""
    mrz = specimen_mrz(
        surname=surname, given_names=given_names, number=number, nationality=nationality
    )
    facts = facts_from_mrz(read_mrz(mrz, today=READ_ON))
    document = document_register(actor=SYSTEM, facts=facts, holder=None)
    assert document.holder is not None
    return document.holder


def local_time(port_code: str, on: date, at: time = time(12)) -> datetime:
    """``at`` o'clock on ``on`` by the clocks at the port."""
    zone = ZoneInfo(Port.objects.get(code=port_code).timezone)
    return datetime.combine(on, at, tzinfo=zone)


def cross(
    person: Person,
    direction: str,
    on: date,
    *,
    port: str = "CAP-AIR",
    actor: Actor = SYSTEM,
    refused_because: str = "",
    at: time | None = None,
) -> Crossing:
    """Record ``person`` crossing at ``port`` on ``on`` (an offline post sending a past time).

    Entries are at noon and exits at six in the evening, port time (unless ``at`` says when),
    so a stay that begins and ends on the same day still ends after it began.
    """
    request = CrossingRequest(
        port_code=port,
        direction=direction,
        idempotency_key=uuid.uuid4().hex,
        source=Source.OFFLINE,
        outcome=Outcome.REFUSED if refused_because else Outcome.ADMITTED,
        purpose=Purpose.TOURISM,
        refusal_reason=refused_because,
        occurred_at=local_time(port, on, at or (time(12) if direction == "entry" else time(18))),
    )
    document = person.documents.get()
    return crossing_record(actor=actor, document=document, request=request).crossing


def stay(person: Person, entry: date, exit_: date | None = None, *, port: str = "CAP-AIR") -> None:
    """An admitted entry on ``entry`` and, if given, the exit on ``exit_``, at the same port."""
    cross(person, "entry", entry, port=port)
    if exit_ is not None:
        cross(person, "exit", exit_, port=port)


def visa(
    person: Person,
    *,
    valid_from: date,
    days_valid: int = 180,
    category: str = "L",
    actor: Actor = SYSTEM,
) -> Authorization:
    """A multiple-entry visa of ``category``, granted on its first day of validity."""
    request = AuthorizationRequest(
        kind=VISA,
        category=category,
        reference=f"V-{uuid.uuid4().hex[:10].upper()}",
        valid_from=valid_from,
        valid_until=valid_from + timedelta(days=days_valid - 1),
        granted_on=valid_from,
    )
    return authorization_record(actor=actor, person=person, request=request)
