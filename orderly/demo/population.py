"""A seeded, reproducible synthetic population of Utopia (ICAO's specimen state, UTO): its ports,
travellers with their documents, and two years of their crossings.

Pure: everything is drawn from ``random.Random(seed)`` and placed relative to ``until``, so the
same seed and ``until`` always give the same people, documents and crossings.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import pyarrow as pa
import pycountry

from orderly.demo.names import REGION_OF, synthetic_name
from orderly.registry.rules.mrz import build_mrz

HOME = "UTO"
WINDOW = timedelta(days=730)


@dataclass(frozen=True)
class DemoPort:
    code: str
    name: str
    kind: str
    region: str
    timezone: str


# Utopia is a long country: its ports span several time zones, two with daylight saving time and
# one with a 45-minute offset, so local dates are exercised honestly.
PORTS: tuple[DemoPort, ...] = (
    DemoPort("CAP-AIR", "Capital International Airport", "air", "capital", "Asia/Shanghai"),
    DemoPort("CAP-RAIL", "Capital Central Station", "rail", "capital", "Asia/Shanghai"),
    DemoPort("NTH-LND", "Northern Land Crossing", "land", "north", "Asia/Urumqi"),
    DemoPort("WST-AIR", "Western Highlands Airport", "air", "west", "Asia/Kathmandu"),
    DemoPort("STH-SEA", "Southern Harbour", "sea", "south", "Asia/Singapore"),
    DemoPort("STH-LND", "Southern Bridge", "land", "south", "Australia/Darwin"),
    DemoPort("EST-AIR", "Eastern Islands Airport", "air", "east", "Pacific/Auckland"),
    DemoPort("EST-SEA", "Eastern Ferry Terminal", "sea", "east", "Australia/Sydney"),
)
AIR = tuple(p for p in PORTS if p.kind == "air")
LAND = tuple(p for p in PORTS if p.kind in {"land", "rail"})
SEA = tuple(p for p in PORTS if p.kind == "sea")

REFUSAL_REASONS = (
    "No valid visa for the stated purpose",
    "Insufficient means of subsistence",
    "Purpose of stay could not be established",
    "Document reported lost or stolen",
)


@dataclass(frozen=True)
class Traveller:
    """One synthetic person and the document they travel on."""

    index: int
    profile: str  # visitor, resident, citizen, crew
    surname: str
    given_names: str
    date_of_birth: str
    sex: str
    nationality: str  # as an MRZ shows it (D for Germany)
    document_type: str  # P (passport, TD3) or ID (identity card, TD1)
    number: str
    expiry_date: str

    @property
    def mrz_format(self) -> str:
        return "TD1" if self.document_type == "ID" else "TD3"

    def mrz(self) -> str:
        """The document's machine-readable zone, check digits and all."""
        return build_mrz(
            format=self.mrz_format,
            document_type=self.document_type,
            issuing_state=self.nationality,
            document_number=self.number,
            nationality=self.nationality,
            date_of_birth=self.date_of_birth,
            expiry_date=self.expiry_date,
            sex=self.sex,
            surname=self.surname,
            given_names=self.given_names,
        )


@dataclass(frozen=True)
class Leg:
    port: DemoPort
    direction: str
    at: datetime
    purpose: str
    outcome: str = "admitted"
    reason: str = ""


@dataclass(frozen=True)
class Population:
    seed: int
    until: datetime
    travellers: tuple[Traveller, ...]
    crossings: pa.Table


@cache
def _all_countries() -> tuple[str, ...]:
    return tuple(sorted(country.alpha_3 for country in pycountry.countries))


def _mrz_code(alpha3: str) -> str:
    return "D" if alpha3 == "DEU" else alpha3  # Doc 9303 keeps Germany's single letter


def _nationality(rng: random.Random, profile: str) -> str:
    if profile == "citizen":
        return HOME
    if rng.random() < 0.7:
        return _mrz_code(rng.choice(sorted(REGION_OF)))
    return _mrz_code(rng.choice(_all_countries()))


def _profile(rng: random.Random) -> str:
    return rng.choices(("visitor", "resident", "citizen", "crew"), (62, 14, 20, 4))[0]


def _birth_date(rng: random.Random) -> str:
    year = rng.randint(1945, 2018)
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    if rng.random() < 0.01:  # Doc 9303: a partly unknown date of birth
        return f"{year}-XX-XX"
    return f"{year}-{month:02d}-{day:02d}"


def _traveller(rng: random.Random, index: int, numbers: set[str]) -> Traveller:
    profile = _profile(rng)
    nationality = _nationality(rng, profile)
    surname, given = synthetic_name(rng, nationality)
    identity_card = profile == "citizen" and rng.random() < 0.3
    number = _document_number(rng, numbers)
    issued = date(2016, 1, 1) + timedelta(days=rng.randrange(9 * 365))
    expiry = issued + timedelta(days=3652)  # ten years, give or take a leap day
    return Traveller(
        index=index,
        profile=profile,
        surname=surname,
        given_names=given,
        date_of_birth=_birth_date(rng),
        sex="X" if rng.random() < 0.01 else rng.choice("FM"),
        nationality=nationality,
        document_type="ID" if identity_card else "P",
        number=number,
        expiry_date=expiry.isoformat(),
    )


def _document_number(rng: random.Random, taken: set[str]) -> str:
    letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
    while True:
        number = "".join(rng.choice(letters) for _ in range(2)) + f"{rng.randrange(10**7):07d}"
        if number not in taken:
            taken.add(number)
            return number


def _minute(moment: datetime) -> datetime:
    return moment.replace(second=0, microsecond=0)


def _when(rng: random.Random, start: datetime, end: datetime) -> datetime:
    span = max(int((end - start).total_seconds()), 60)
    return _minute(start + timedelta(seconds=rng.randrange(span)))


def _visitor_legs(rng: random.Random, start: datetime, until: datetime) -> list[Leg]:
    legs: list[Leg] = []
    cursor = start
    for _ in range(rng.choices((1, 2, 3, 4), (50, 25, 15, 10))[0]):
        purpose = rng.choices(("tourism", "business", "family", "transit"), (60, 20, 15, 5))[0]
        entry = _when(rng, cursor, cursor + timedelta(days=240))
        if entry >= until:
            break
        port = rng.choice(AIR if rng.random() < 0.7 else LAND + SEA)
        if rng.random() < 0.015:
            legs.append(Leg(port, "entry", entry, purpose, "refused", rng.choice(REFUSAL_REASONS)))
            break
        legs.append(Leg(port, "entry", entry, purpose))
        stay = _stay(rng, purpose)
        if entry + stay >= until:
            break  # still in the country
        legs.append(Leg(rng.choice((port, rng.choice(PORTS))), "exit", entry + stay, purpose))
        cursor = entry + stay + timedelta(days=1)
    return legs


def _stay(rng: random.Random, purpose: str) -> timedelta:
    if rng.random() < 0.03:  # stayed far longer than any visit allows
        return timedelta(days=rng.randint(100, 250), minutes=rng.randrange(1440))
    if purpose == "transit":
        return timedelta(hours=rng.randint(2, 20), minutes=rng.randrange(60))
    days = {"tourism": (2, 21), "business": (1, 7), "family": (5, 60)}[purpose]
    return timedelta(days=rng.randint(*days), minutes=rng.randrange(1440))


def _resident_legs(rng: random.Random, start: datetime, until: datetime) -> list[Leg]:
    purpose = rng.choice(("work", "work", "study", "residence", "family"))
    home_port = rng.choice(AIR)
    entry = _when(rng, start, start + timedelta(days=180))
    legs = [Leg(home_port, "entry", entry, purpose)]
    cursor = entry + timedelta(days=30)
    for _ in range(rng.randint(0, 3)):
        out = _when(rng, cursor, cursor + timedelta(days=150))
        back = out + timedelta(days=rng.randint(5, 30), minutes=rng.randrange(1440))
        if back >= until:
            break
        legs += [Leg(home_port, "exit", out, purpose), Leg(home_port, "entry", back, purpose)]
        cursor = back + timedelta(days=20)
    return legs


def _citizen_legs(rng: random.Random, start: datetime, until: datetime) -> list[Leg]:
    legs: list[Leg] = []
    cursor = start
    for _ in range(rng.randint(1, 5)):
        out = _when(rng, cursor, cursor + timedelta(days=150))
        back = out + timedelta(days=rng.randint(2, 30), minutes=rng.randrange(1440))
        if back >= until:
            break
        port = rng.choice(PORTS)
        legs += [Leg(port, "exit", out, "unknown"), Leg(port, "entry", back, "unknown")]
        cursor = back + timedelta(days=7)
    return legs


def _crew_legs(rng: random.Random, start: datetime, until: datetime) -> list[Leg]:
    legs: list[Leg] = []
    cursor = start
    for _ in range(rng.randint(6, 24)):
        port = rng.choice(AIR + SEA)
        entry = _when(rng, cursor, cursor + timedelta(days=40))
        leave = entry + timedelta(hours=rng.randint(20, 72))
        if leave >= until:
            break
        legs += [Leg(port, "entry", entry, "crew"), Leg(port, "exit", leave, "crew")]
        cursor = leave + timedelta(days=2)
    return legs


LEGS = {
    "visitor": _visitor_legs,
    "resident": _resident_legs,
    "citizen": _citizen_legs,
    "crew": _crew_legs,
}


def generate(*, seed: int, people: int, until: datetime) -> Population:
    """The population for ``seed``: ``people`` travellers and their crossings up to ``until``."""
    rng = random.Random(seed)  # noqa: S311 (reproducible synthetic data, not secrets)
    until = _minute(until)
    start = until - WINDOW
    numbers: set[str] = set()
    travellers, columns = [], _Columns()
    for index in range(people):
        traveller = _traveller(rng, index, numbers)
        travellers.append(traveller)
        for leg in LEGS[traveller.profile](rng, start, until - timedelta(hours=1)):
            columns.add(traveller, leg)
    return Population(
        seed=seed, until=until, travellers=tuple(travellers), crossings=columns.table()
    )


class _Columns:
    """Crossing rows, gathered column by column for Arrow."""

    NAMES = (
        "port",
        "direction",
        "occurred_at",
        "document_type",
        "issuing_state",
        "document_number",
        "surname",
        "given_names",
        "date_of_birth",
        "sex",
        "nationality",
        "expiry_date",
        "purpose",
        "outcome",
        "refusal_reason",
    )

    def __init__(self) -> None:
        self.data: dict[str, list[str]] = {name: [] for name in self.NAMES}

    def add(self, person: Traveller, leg: Leg) -> None:
        local = leg.at.astimezone(_zone(leg.port.timezone)).isoformat()
        values = (
            leg.port.code,
            leg.direction,
            local,
            person.document_type,
            person.nationality,
            person.number,
            person.surname,
            person.given_names,
            person.date_of_birth,
            person.sex,
            person.nationality,
            person.expiry_date,
            leg.purpose,
            leg.outcome,
            leg.reason,
        )
        for name, value in zip(self.NAMES, values, strict=True):
            self.data[name].append(value)

    def table(self) -> pa.Table:
        return pa.table({name: pa.array(values, pa.string()) for name, values in self.data.items()})


@cache
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)
