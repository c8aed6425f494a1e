"""The same document always means the same person; nothing is merged silently."""

from __future__ import annotations

from datetime import date

import pytest

from conftest import World, specimen_mrz
from orderly.core.errors import Conflict, InvalidInput, NotPermitted
from orderly.registry.reading import facts_from_mrz, read_mrz
from orderly.registry.rules.names import names_match, normalize_name
from orderly.registry.services import document_register

pytestmark = pytest.mark.django_db


def facts(mrz: str):
    return facts_from_mrz(read_mrz(mrz, today=date(2026, 1, 1)))


def test_registering_a_known_document_again_returns_the_same_holder(world: World) -> None:
    again = document_register(
        actor=world.actor("officer.ana"),
        facts=facts(specimen_mrz(surname="MIGRANT", given_names="MIA", number="M1234567")),
        holder=None,
    )
    assert again.holder_id == world.mia.pk


def test_a_known_document_cannot_be_moved_to_another_person(world: World) -> None:
    with pytest.raises(Conflict):
        document_register(
            actor=world.actor("officer.ana"),
            facts=facts(specimen_mrz(surname="MIGRANT", given_names="MIA", number="M1234567")),
            holder=world.other,
        )


def test_a_confirmed_match_links_the_new_document_to_the_existing_person(world: World) -> None:
    document = document_register(
        actor=world.actor("officer.ana"),
        facts=facts(specimen_mrz(surname="MIGRANT", given_names="MIA", number="M7777777")),
        holder=world.mia,
    )
    assert document.holder_id == world.mia.pk
    assert world.mia.documents.count() == 2


def test_a_document_cannot_be_linked_to_someone_the_match_rule_would_not_propose(
    world: World,
) -> None:
    with pytest.raises(InvalidInput) as refused:
        document_register(
            actor=world.actor("officer.ana"),
            facts=facts(specimen_mrz(surname="MIGRANT", given_names="MIA", number="M8888888")),
            holder=world.other,
        )
    assert refused.value.field == "holder_id"


def test_only_roles_that_register_documents_may_do_so(world: World) -> None:
    with pytest.raises(NotPermitted):
        document_register(
            actor=world.actor("analyst.alma"),
            facts=facts(specimen_mrz(surname="NEW", given_names="NED", number="Z1111111")),
            holder=None,
        )


def test_names_normalize_the_way_icao_transliterates_them() -> None:
    assert normalize_name("Müller-Lüdenscheidt") == "MUELLER LUEDENSCHEIDT"
    assert normalize_name("José  María") == "JOSE MARIA"
    assert normalize_name("ERIKSSON<<ANNA<MARIA") == "ERIKSSON ANNA MARIA"


def test_a_truncated_given_name_still_matches() -> None:
    assert names_match("ERIKSSON", "ANNA MARIA", "Eriksson", "Anna")
    assert not names_match("ERIKSSON", "ANNA", "ERIKSON", "ANNA")


def test_two_desks_registering_the_same_new_document_at_once_get_the_same_person(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from orderly.registry import services

    newcomer = facts(specimen_mrz(surname="RACE", given_names="RITA", number="R1234567"))
    first = document_register(actor=world.actor("officer.ana"), facts=newcomer, holder=None)
    # The second desk looked before the first one wrote: it does not see the document yet.
    real_lookup = services._registered
    calls = iter([None])
    monkeypatch.setattr(services, "_registered", lambda f: next(calls, real_lookup(f)))
    second = document_register(actor=world.actor("officer.ben"), facts=newcomer, holder=None)
    assert second.pk == first.pk
    assert second.holder_id == first.holder_id
