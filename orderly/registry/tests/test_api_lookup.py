"""Finding a person by their document, and proposing (never merging) possible matches."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from conftest import World, specimen_mrz
from orderly.core.models import AuditEvent
from orderly.registry.models import Person, TravelDocument

pytestmark = pytest.mark.django_db

MIA_PASSPORT = specimen_mrz(surname="MIGRANT", given_names="MIA", number="M1234567")
MIA_NEW_PASSPORT = specimen_mrz(surname="MIGRANT", given_names="MIA", number="M7777777")


def lookup(world: World, username: str, body: dict[str, Any]) -> Any:
    client = Client()
    client.force_login(world.user(username))
    return client.post("/api/v1/persons/lookup", body, content_type="application/json")


def test_a_known_document_finds_its_holder(world: World) -> None:
    answer = lookup(world, "officer.ana", {"mrz": MIA_PASSPORT}).json()
    assert answer["found"] is True
    assert answer["person"]["id"] == str(world.mia.pk)
    assert [d["number"] for d in answer["person"]["documents"]] == ["M1234567"]


def test_a_document_can_be_named_by_its_number(world: World) -> None:
    body = {"document_type": "P", "issuing_state": "UTO", "number": "M1234567"}
    assert lookup(world, "caseworker.carl", body).json()["person"]["id"] == str(world.mia.pk)


def test_a_new_document_of_a_known_person_is_proposed_not_merged(world: World) -> None:
    answer = lookup(world, "officer.ana", {"mrz": MIA_NEW_PASSPORT}).json()
    assert answer["found"] is False
    assert [c["id"] for c in answer["candidates"]] == [str(world.mia.pk)]
    assert not TravelDocument.objects.filter(number="M7777777").exists()
    assert Person.objects.count() == 2


def test_a_lookup_is_audited_without_the_full_document_number(world: World) -> None:
    lookup(world, "officer.ana", {"mrz": MIA_PASSPORT})
    event = AuditEvent.objects.get(name="registry.person.searched")
    assert event.actor == world.user("officer.ana")
    assert "M1234567" not in str(event.changes)
    assert event.changes["document"].endswith("567")


def test_an_analyst_may_not_look_anyone_up(world: World) -> None:
    assert lookup(world, "analyst.alma", {"mrz": MIA_PASSPORT}).status_code == 403


def test_a_migrant_reads_their_own_record_but_not_someone_elses(world: World) -> None:
    client = Client()
    client.force_login(world.user("migrant.mia"))
    assert client.get(f"/api/v1/persons/{world.mia.pk}").status_code == 200
    assert client.get(f"/api/v1/persons/{world.other.pk}").status_code == 404


def test_giving_both_an_mrz_and_a_number_is_refused(world: World) -> None:
    body = {"mrz": MIA_PASSPORT, "document_type": "P", "issuing_state": "UTO", "number": "M1234567"}
    assert lookup(world, "officer.ana", body).status_code == 422


def test_an_unreadable_mrz_says_so(world: World) -> None:
    response = lookup(world, "officer.ana", {"mrz": "hello"})
    assert response.status_code == 400
    assert response.json()["field"] == "mrz"
