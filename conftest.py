"""Shared fixtures: ports, people and the named personas every test signs in as."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from orderly.border.models import Port
from orderly.core.actors import actor_for_user
from orderly.core.models import User
from orderly.core.personas import persona_users_create
from orderly.core.roles import Actor, system_actor
from orderly.registry.models import Person

PERSONA_PASSWORD = "correct horse battery staple 42"


@dataclass
class World:
    """The little country the tests run in: two ports in two regions, two people, the personas."""

    port_a: Port
    port_b: Port
    mia: Person  # the migrant persona's own person record
    other: Person  # somebody else
    users: dict[str, User]

    def user(self, username: str) -> User:
        return self.users[username]

    def actor(self, username: str) -> Actor:
        return actor_for_user(self.users[username])


def specimen_mrz(
    *,
    surname: str,
    given_names: str,
    number: str,
    nationality: str = "UTO",
    date_of_birth: str = "1990-05-17",
    sex: str = "F",
    expiry: str = "2031-01-01",
    issuing_state: str | None = None,
) -> str:
    """A valid TD3 passport MRZ for test travellers."""
    from orderly.registry.rules.mrz import build_mrz

    return build_mrz(
        format="TD3",
        document_type="P",
        issuing_state=issuing_state or nationality,
        document_number=number,
        nationality=nationality,
        date_of_birth=date_of_birth,
        expiry_date=expiry,
        sex=sex,
        surname=surname,
        given_names=given_names,
    )


def _facts(mrz_text: str):
    from orderly.registry.reading import facts_from_mrz, read_mrz

    return facts_from_mrz(read_mrz(mrz_text, today=date(2026, 1, 1)))


@pytest.fixture
def world(db) -> World:
    from orderly.border.services import port_save
    from orderly.registry.services import document_register

    system = system_actor("tests")
    port_a = port_save(
        actor=system,
        code="CAP-AIR",
        name="Capital International Airport",
        kind="air",
        region="capital",
        timezone_name="Asia/Shanghai",
    )
    port_b = port_save(
        actor=system,
        code="NTH-LND",
        name="Northern Land Crossing",
        kind="land",
        region="north",
        timezone_name="Asia/Urumqi",
    )
    mia_doc = document_register(
        actor=system,
        facts=_facts(specimen_mrz(surname="MIGRANT", given_names="MIA", number="M1234567")),
        holder=None,
    )
    other_doc = document_register(
        actor=system,
        facts=_facts(
            specimen_mrz(surname="TRAVELLER", given_names="TOM", number="T7654321", sex="M")
        ),
        holder=None,
    )
    users = persona_users_create(
        codes={
            "port_a": port_a.code,
            "port_b": port_b.code,
            "region_a": port_a.region,
            "migrant": str(mia_doc.holder_id),
        },
        password=PERSONA_PASSWORD,
    )
    return World(
        port_a=port_a, port_b=port_b, mia=mia_doc.holder, other=other_doc.holder, users=users
    )


@pytest.fixture
def commands_keep_the_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run ``orderly`` commands in-process without closing the test's database connection.

    A command run from the command line closes every connection when it ends; on PostgreSQL
    the test's transaction lives on that connection, so the next query would fail.
    """
    monkeypatch.setattr("django.db.connections.close_all", lambda: None)
