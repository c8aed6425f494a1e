"""Loading the demo: ports, the synthetic population through the bulk import, the personas, the
State's cooperation records, and the narrative of its national review for the last full year.

Re-running is safe. Ports are saved by code, documents are keyed by number and crossings by
their derived idempotency keys, so the same seed and the same ``until`` store nothing twice.
``until`` defaults to the one the first load of that seed used (kept in the audit trail), so a
re-run another day does not shift two years of crossings and load them again.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from orderly.border.imports import ImportResult, TableSource, crossings_import
from orderly.border.models import Port
from orderly.border.services import port_save
from orderly.core.audit import audit
from orderly.core.models import AuditEvent
from orderly.core.personas import PERSONAS, persona_users_create
from orderly.core.roles import Actor, system_actor
from orderly.demo.cooperation import CooperationLoaded, demo_cooperation_load
from orderly.demo.narratives import NarrativesLoaded, demo_narratives_load
from orderly.demo.population import HOME, PORTS, Population, Traveller, generate
from orderly.registry.models import TravelDocument
from orderly.registry.rules.mrz import parse_mrz

DEFAULT_PEOPLE = 2_000
LOADED = "demo.data.loaded"


class DemoError(RuntimeError):
    """The generated population is not what the demo promises (a bug, not bad input)."""


@dataclass(frozen=True)
class PersonaLogin:
    username: str
    role: str
    scope: str
    password: str


@dataclass(frozen=True)
class DemoResult:
    population: Population
    imported: ImportResult
    logins: tuple[PersonaLogin, ...]
    migrant: Traveller
    samples: tuple[str, ...]  # MRZs of demo travellers, to paste into the desk
    users_file: Path
    cooperation: CooperationLoaded
    narratives: NarrativesLoaded


def demo_data_load(
    *,
    seed: int,
    people: int = DEFAULT_PEOPLE,
    until: datetime | None = None,
    password: str | None = None,
) -> DemoResult:
    """Load (or top up) the demo for ``seed``; returns what a person needs to try it."""
    actor = system_actor("demo")
    until = until or _first_until(seed) or timezone.now()
    population = generate(seed=seed, people=people, until=until)
    mrzs = verified_mrzs(population)
    ports = _ports(actor)
    imported = crossings_import(
        actor=actor,
        source=TableSource(population.crossings, name=f"demo-data seed {seed}"),
    )
    migrant = _migrant(population)
    logins = _personas(ports, migrant, password or secrets.token_urlsafe(12))
    cooperation = demo_cooperation_load(actor=actor, year=population.until.year)
    narratives = demo_narratives_load(period=str(population.until.year - 1))
    with transaction.atomic():
        audit(
            actor,
            LOADED,
            changes={
                "seed": seed,
                "people": people,
                "until": population.until.isoformat(),
                "stored": imported.stored,
            },
        )
    samples = tuple(mrzs[t.index] for t in _sample_travellers(population, migrant))
    return DemoResult(
        population=population,
        imported=imported,
        logins=logins,
        migrant=migrant,
        samples=samples,
        users_file=write_users_file(logins),
        cooperation=cooperation,
        narratives=narratives,
    )


def _first_until(seed: int) -> datetime | None:
    first = AuditEvent.objects.filter(name=LOADED, changes__seed=seed).order_by("id").first()
    return datetime.fromisoformat(first.changes["until"]) if first else None


def verified_mrzs(population: Population) -> dict[int, str]:
    """Every traveller's MRZ by index, each parsed back and checked against the traveller."""
    today = population.until.date()
    mrzs = {}
    for traveller in population.travellers:
        text = traveller.mrz()
        _verify(traveller, text, today)
        mrzs[traveller.index] = text
    return mrzs


def _verify(traveller: Traveller, text: str, today: date) -> None:
    mrz = parse_mrz(text, today=today)
    read = (mrz.document_number, mrz.date_of_birth, mrz.surname, mrz.given_names)
    wanted = (traveller.number, traveller.date_of_birth, traveller.surname, traveller.given_names)
    if not mrz.valid or read != wanted:
        raise DemoError(f"traveller {traveller.index}: MRZ does not verify: {mrz.errors or read}")


def _ports(actor: Actor) -> dict[str, Port]:
    return {
        port.code: port_save(
            actor=actor,
            code=port.code,
            name=port.name,
            kind=port.kind,
            region=port.region,
            timezone_name=port.timezone,
        )
        for port in PORTS
    }


def _crossed(population: Population) -> list[Traveller]:
    """The travellers with at least one crossing (so the registry knows them)."""
    numbers = set(population.crossings.column("document_number").to_pylist())
    return [t for t in population.travellers if t.number in numbers]


def _migrant(population: Population) -> Traveller:
    """The persona's own record: an adult woman living here if there is one, else a resident,
    else any foreigner, else anyone who crossed."""
    crossed = _crossed(population)
    candidates = (
        [t for t in crossed if t.profile == "resident"]
        or [t for t in crossed if t.nationality != HOME]
        or crossed
    )
    if not candidates:
        raise DemoError("no traveller crossed: the population is too small for a demo")
    adults = [t for t in candidates if t.sex == "F" and t.date_of_birth[:4] <= "2000"]
    return (adults or candidates)[0]


def _personas(
    ports: dict[str, Port], migrant: Traveller, password: str
) -> tuple[PersonaLogin, ...]:
    holder = TravelDocument.objects.get(
        document_kind=migrant.document_type[:1],
        issuing_state=migrant.nationality,
        number=migrant.number,
    ).holder_id
    codes = {
        "port_a": "CAP-AIR",
        "port_b": "NTH-LND",
        "region_a": ports["CAP-AIR"].region,
        "migrant": str(holder),
    }
    persona_users_create(codes=codes, password=password)
    return tuple(
        PersonaLogin(
            username=p.username,
            role=p.role.value if p.role else "(none)",
            scope=f"{p.scope.value}:{codes.get(p.scope_key, '') or '-'}" if p.scope else "-",
            password=password,
        )
        for p in PERSONAS
    )


def _sample_travellers(population: Population, migrant: Traveller) -> list[Traveller]:
    """The migrant persona, a visitor with a passport and a citizen with an identity card."""
    others = [t for t in _crossed(population) if t != migrant]
    visitor = next((t for t in others if t.profile == "visitor"), None)
    card = next((t for t in others if t.document_type == "ID"), None)
    return [migrant] + [t for t in (visitor, card) if t is not None]


def users_table(logins: tuple[PersonaLogin, ...]) -> str:
    """The demo users as a fixed-width table: user name, role, scope, password."""
    rows = [("USER NAME", "ROLE", "SCOPE", "PASSWORD")]
    rows += [(x.username, x.role, x.scope, x.password) for x in logins]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    return (
        "\n".join(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
            for row in rows
        )
        + "\n"
    )


def write_users_file(logins: tuple[PersonaLogin, ...]) -> Path:
    """Write the table to $ORDERLY_VAR_DIR/demo-users.txt, readable by its owner only."""
    path = Path(settings.VAR_DIR) / "demo-users.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(descriptor, 0o600)  # an older file may have been created more openly
    with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
        stream.write(users_table(logins))
    return path


def parse_until(text: str) -> datetime:
    """A --until value: a date (end of that day, UTC) or an ISO instant with its offset."""
    if len(text) == 10:
        return datetime.fromisoformat(text).replace(hour=23, minute=59, tzinfo=UTC)
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError("give the UTC offset, e.g. 2026-01-31T12:00:00+00:00")
    return moment
