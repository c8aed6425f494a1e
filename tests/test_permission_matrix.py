"""Every endpoint and page against every persona: deny by default, scope by jurisdiction.

Each row is one request; each column the status one persona must get. An officer at another
port and a migrant looking at someone else are columns like any other.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from conftest import World, specimen_mrz
from orderly.border.services import CrossingRequest, crossing_record
from orderly.core.roles import system_actor

pytestmark = pytest.mark.django_db

PERSONAS = [
    "anonymous",
    "officer.ana",
    "officer.ben",
    "supervisor.sara",
    "caseworker.carl",
    "analyst.alma",
    "admin.ada",
    "migrant.mia",
    "outsider.otto",
]


def _crossing_of_other_at_port_a(world: World) -> str:
    document = world.other.documents.get()
    recorded = crossing_record(
        actor=system_actor("tests"),
        document=document,
        request=CrossingRequest(
            port_code="CAP-AIR", direction="entry", idempotency_key=uuid.uuid4().hex
        ),
    )
    return str(recorded.crossing.pk)


def _new_entry(port: str) -> dict[str, Any]:
    return {
        "idempotency_key": uuid.uuid4().hex,
        "port": port,
        "direction": "entry",
        "mrz": specimen_mrz(surname="MATRIX", given_names="MAX", number="Q1234567"),
    }


def _desk_read() -> dict[str, Any]:
    return {
        "port": "CAP-AIR",
        "mrz": specimen_mrz(surname="DESK", given_names="DORA", number="D7654321"),
    }


def _desk_record() -> dict[str, Any]:
    return {
        **_desk_read(),
        "idempotency_key": uuid.uuid4().hex,
        "action": "entry",
        "purpose": "tourism",
        "holder": "new",
        "refusal_reason": "",
    }


def _sync_batch() -> dict[str, Any]:
    return {"items": [{**_new_entry("CAP-AIR"), "occurred_at": "2026-01-01T10:00:00+00:00"}]}


def _stay_question() -> dict[str, Any]:
    return {
        "pack": "schengen-90-180",
        "nationality": "USA",
        "as_of": "2026-01-01",
        "stays": [{"entry": "2025-10-01", "exit": "2025-11-15"}],
    }


Request = Callable[[Client, World], Any]


def get(path: str | Callable[[World], str]) -> Request:
    return lambda client, world: client.get(path(world) if callable(path) else path)


def post_json(path: str, body: Callable[[], dict[str, Any]]) -> Request:
    return lambda client, world: client.post(path, body(), content_type="application/json")


def post_json_to(path: Callable[[World], str], body: Callable[[], dict[str, Any]]) -> Request:
    return lambda client, world: client.post(path(world), body(), content_type="application/json")


def post_form(path: str, body: Callable[[], dict[str, Any]]) -> Request:
    return lambda client, world: client.post(path, body())


# persona order:   anon ana  ben  sara carl alma ada  mia  otto
MATRIX: list[tuple[str, Request, list[int]]] = [
    ("home page", get("/"), [302, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("desk page", get("/desk/"), [302, 200, 200, 403, 403, 403, 403, 403, 403]),
    (
        "desk: read a document at port A",
        post_form("/desk/read", _desk_read),
        [302, 200, 400, 403, 403, 403, 403, 403, 403],
    ),
    (
        "desk: record an entry at port A",
        post_form("/desk/record", _desk_record),
        [302, 303, 403, 403, 403, 403, 403, 403, 403],
    ),
    ("admin index", get("/admin/"), [302, 302, 302, 302, 302, 302, 200, 302, 302]),
    ("admin ports", get("/admin/border/port/"), [302, 302, 302, 302, 302, 302, 200, 302, 302]),
    (
        "admin audit trail",
        get("/admin/core/auditevent/"),
        [302, 302, 302, 302, 302, 302, 200, 302, 302],
    ),
    (
        "admin crossing corrections",
        get("/admin/border/crossingcorrection/"),
        [302, 302, 302, 302, 302, 302, 200, 302, 302],
    ),
    (
        "admin role grants",
        get("/admin/core/rolegrant/"),
        [302, 302, 302, 302, 302, 302, 200, 302, 302],
    ),
    ("API list ports", get("/api/v1/ports"), [401, 200, 200, 200, 200, 200, 200, 403, 403]),
    (
        "API record an entry at port A",
        post_json("/api/v1/crossings", lambda: _new_entry("CAP-AIR")),
        [401, 201, 403, 403, 403, 403, 403, 403, 403],
    ),
    ("API list crossings", get("/api/v1/crossings"), [401, 200, 200, 200, 200, 403, 403, 200, 403]),
    (
        "API fetch someone else's crossing at port A",
        get(lambda w: f"/api/v1/crossings/{_crossing_of_other_at_port_a(w)}"),
        [401, 200, 404, 200, 200, 403, 403, 404, 403],
    ),
    (
        "API sync a batch at port A",
        post_json("/api/v1/crossings/sync", _sync_batch),
        [401, 200, 200, 403, 403, 403, 403, 403, 403],
    ),
    (
        "API correct someone else's crossing at port A",
        post_json_to(
            lambda w: f"/api/v1/crossings/{_crossing_of_other_at_port_a(w)}/correction",
            lambda: {"reason": "Recorded at the wrong desk", "direction": "exit"},
        ),
        [401, 403, 403, 201, 403, 403, 403, 403, 403],
    ),
    (
        "API look up a document",
        post_json(
            "/api/v1/persons/lookup",
            lambda: {"document_type": "P", "issuing_state": "UTO", "number": "M1234567"},
        ),
        [401, 200, 200, 200, 200, 403, 403, 403, 403],
    ),
    (
        "API read the migrant's own record",
        get(lambda w: f"/api/v1/persons/{w.mia.pk}"),
        [401, 200, 200, 200, 200, 403, 403, 200, 403],
    ),
    (
        "API read someone else's record",
        get(lambda w: f"/api/v1/persons/{w.other.pk}"),
        [401, 200, 200, 200, 200, 403, 403, 404, 403],
    ),
    (
        "stay calculator page",
        get("/stay/calculator"),
        [200, 200, 200, 200, 200, 200, 200, 200, 200],
    ),
    (
        "stay calculator page with a question",
        get("/stay/calculator?pack=demo-host&as_of=2026-01-01&stays=2025-12-20:"),
        [200, 200, 200, 200, 200, 200, 200, 200, 200],
    ),
    (
        "API list policy packs",
        get("/api/v1/stay/packs"),
        [200, 200, 200, 200, 200, 200, 200, 200, 200],
    ),
    (
        "API stay calculator",
        post_json("/api/v1/stay/calculate", _stay_question),
        [200, 200, 200, 200, 200, 200, 200, 200, 200],
    ),
    (
        "API the migrant's own stay status",
        get(lambda w: f"/api/v1/persons/{w.mia.pk}/stay"),
        [401, 200, 200, 200, 200, 403, 403, 200, 403],
    ),
    (
        "API someone else's stay status",
        get(lambda w: f"/api/v1/persons/{w.other.pk}/stay"),
        [401, 200, 200, 200, 200, 403, 403, 404, 403],
    ),
    (
        "API list overstays",
        get("/api/v1/stay/overstays?as_of=2026-01-01"),
        [401, 403, 403, 200, 200, 403, 403, 403, 403],
    ),
    (
        "overstays page",
        get("/stay/overstays?as_of=2026-01-01"),
        [302, 403, 403, 200, 200, 403, 403, 403, 403],
    ),
    (
        "statistics dashboard",
        get("/statistics/?period=2025"),
        [302, 403, 403, 403, 403, 200, 403, 403, 403],
    ),
    (
        "API list statistical tables",
        get("/api/v1/stats/tables"),
        [401, 403, 403, 403, 403, 200, 403, 403, 403],
    ),
    (
        "API a published statistical table",
        get("/api/v1/stats/tables/entry-exit?period=2025"),
        [401, 403, 403, 403, 403, 200, 403, 403, 403],
    ),
]

CASES = [
    pytest.param(request, persona, expected, id=f"{label} as {persona}")
    for label, request, statuses in MATRIX
    for persona, expected in zip(PERSONAS, statuses, strict=True)
]


@pytest.mark.parametrize("request_, persona, expected", CASES)
def test_each_persona_gets_exactly_what_their_role_allows(
    world: World, request_: Request, persona: str, expected: int
) -> None:
    client = Client()
    if persona != "anonymous":
        client.force_login(world.user(persona))
    response = request_(client, world)
    assert response.status_code == expected


def test_a_session_post_without_the_csrf_token_is_refused(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.user("officer.ana"))
    response = client.post(
        "/api/v1/crossings", _new_entry("CAP-AIR"), content_type="application/json"
    )
    # Signed in, so the session is the credential: without the token the post is forged.
    assert response.status_code == 403


def test_an_officer_at_another_port_is_refused_in_a_synced_batch_item(world: World) -> None:
    client = Client()
    client.force_login(world.user("officer.ben"))
    answer = client.post(
        "/api/v1/crossings/sync", _sync_batch(), content_type="application/json"
    ).json()
    assert answer["results"][0]["status"] == "rejected"
    assert answer["results"][0]["field"] == "port"
