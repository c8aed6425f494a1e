"""On the border desk, a known traveller's card shows the stay decision before the officer acts."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from conftest import World, specimen_mrz
from orderly.core.models import AuditEvent
from orderly.stay.tests.pages import text_of
from orderly.stay.tests.travellers import traveller

pytestmark = pytest.mark.django_db


def read_at_port_a(world: World, mrz: str) -> Any:
    client = Client()
    client.force_login(world.user("officer.ana"))
    return client.post("/desk/read", {"port": "CAP-AIR", "mrz": mrz})


def test_a_citizen_arriving_is_shown_as_exempt_with_the_rule(world: World) -> None:
    mrz = specimen_mrz(surname="TRAVELLER", given_names="TOM", number="T7654321", sex="M")
    page = text_of(read_at_port_a(world, mrz))
    assert "If admitted now: Exempt" in page
    assert "[citizens;" in page  # the rule and its legal reference


def test_a_foreigner_with_no_visa_is_shown_as_irregular_with_the_reason(world: World) -> None:
    traveller("NOV000001", nationality="VNM", surname="NOVISA", given_names="NGUYEN")
    mrz = specimen_mrz(
        surname="NOVISA", given_names="NGUYEN", number="NOV000001", nationality="VNM"
    )
    response = read_at_port_a(world, mrz)
    page = text_of(response)
    assert "If admitted now: Irregular" in page
    assert "no rule of demo-host gives a basis for the entry" in page
    assert '<details class="desk-stay__reasons" open>' in response.content.decode()


def test_showing_the_decision_is_an_audited_read(world: World) -> None:
    mrz = specimen_mrz(surname="TRAVELLER", given_names="TOM", number="T7654321", sex="M")
    read_at_port_a(world, mrz)
    viewed = AuditEvent.objects.filter(name="stay.status.viewed", object_id=str(world.other.pk))
    assert viewed.count() == 1
    assert viewed.get().changes["status"] == "exempt"


def test_a_new_document_gets_no_panel_until_its_holder_is_known(world: World) -> None:
    mrz = specimen_mrz(surname="NEWCOMER", given_names="NINA", number="NEW000001")
    assert "If admitted now" not in text_of(read_at_port_a(world, mrz))
