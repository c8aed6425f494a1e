"""Who may keep the cooperation records and who may read them; everyone else is refused.

Administrators manage. Administrators, analysts and the review coordinator (who write and sign
off the review's annex) and supervisors (who oversee detention at their ports) read. Officers,
caseworkers, migrants, outsiders and anonymous visitors get nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import Client

from conftest import World
from orderly.cooperation.models import BilateralAgreement
from orderly.cooperation.selectors import consular_deadline, cooperation_annex
from orderly.cooperation.services import (
    bilateral_agreement_end,
    bilateral_agreement_update,
    cooperation_project_create,
    multilateral_mechanism_create,
)
from orderly.cooperation.tests.builders import (
    BALI_PROCESS,
    DATA_PROJECT,
    agreement,
)
from orderly.core.errors import NotPermitted
from orderly.core.roles import ANONYMOUS, Actor, system_actor

pytestmark = pytest.mark.django_db

PERSONAS = (
    "anonymous",
    "officer.ana",
    "officer.ben",
    "supervisor.sara",
    "caseworker.carl",
    "analyst.alma",
    "coordinator.cora",
    "admin.ada",
    "migrant.mia",
    "outsider.otto",
)
MANAGERS = {"admin.ada"}
READERS = {"admin.ada", "analyst.alma", "coordinator.cora", "supervisor.sara"}
DAY = date(2025, 6, 30)


def actor_of(world: World, persona: str) -> Actor:
    return ANONYMOUS if persona == "anonymous" else world.actor(persona)


def _existing(world: World) -> BilateralAgreement:
    return agreement(system_actor("tests"))


MANAGING: dict[str, Callable[[Actor, World], Any]] = {
    "create_an_agreement": lambda actor, world: agreement(actor),
    "update_an_agreement": lambda actor, world: bilateral_agreement_update(
        actor=actor, agreement=_existing(world), notification_hours=72
    ),
    "end_an_agreement": lambda actor, world: bilateral_agreement_end(
        actor=actor, agreement=_existing(world), ended_on=DAY
    ),
    "create_a_mechanism": lambda actor, world: multilateral_mechanism_create(
        actor=actor, **BALI_PROCESS
    ),
    "create_a_project": lambda actor, world: cooperation_project_create(
        actor=actor, **DATA_PROJECT
    ),
}
READING: dict[str, Callable[[Actor], Any]] = {
    "read_the_annex": lambda actor: cooperation_annex(actor=actor, on=DAY),
    "read_a_consular_deadline": lambda actor: consular_deadline(
        actor=actor, nationality="CHN", on=DAY
    ),
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("doing", sorted(MANAGING))
def test_only_administrators_manage_cooperation_records(
    world: World, persona: str, doing: str
) -> None:
    act = MANAGING[doing]
    if persona in MANAGERS:
        assert act(actor_of(world, persona), world) is not None
    else:
        with pytest.raises(NotPermitted):
            act(actor_of(world, persona), world)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("doing", sorted(READING))
def test_administrators_analysts_coordinators_and_supervisors_read_them(
    world: World, persona: str, doing: str
) -> None:
    read = READING[doing]
    if persona in READERS:
        assert read(actor_of(world, persona)) is not None
    else:
        with pytest.raises(NotPermitted):
            read(actor_of(world, persona))


ADMIN_PAGES = (
    "/admin/cooperation/bilateralagreement/",
    "/admin/cooperation/bilateralagreement/add/",
    "/admin/cooperation/multilateralmechanism/",
    "/admin/cooperation/cooperationproject/add/",
)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("page", ADMIN_PAGES)
def test_only_administrators_reach_the_cooperation_admin(
    world: World, persona: str, page: str
) -> None:
    client = Client()
    if persona != "anonymous":
        client.force_login(world.user(persona))
    status = client.get(page).status_code
    # Only administrators are staff: anyone else is sent to the admin's sign-in page.
    assert status == (200 if persona in MANAGERS else 302), (persona, page, status)
