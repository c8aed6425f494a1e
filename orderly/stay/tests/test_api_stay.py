"""The stay API: the calculator and the packs need no account; a person's status and the
overstay list are scoped to the caller; bad input is a 4xx naming the field, never a 500."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client

from conftest import World
from orderly.core.models import AuditEvent
from orderly.stay.calculator import PastStay, Question, calculate
from orderly.stay.packfiles import installed_pack_files
from orderly.stay.services import pack_load
from orderly.stay.tests.travellers import cross, day, stay, traveller, visa

pytestmark = pytest.mark.django_db

CALCULATE = "/api/v1/stay/calculate"

# A United States citizen in the Schengen area: 42 + 45 days of the 90 allowed in 180.
TRAVELLER = {
    "pack": "schengen-90-180",
    "nationality": "USA",
    "as_of": "2026-06-01",
    "stays": [
        {"entry": "2026-01-10", "exit": "2026-02-20"},
        {"entry": "2026-04-01", "exit": "2026-05-15"},
    ],
}


def signed_in(world: World, username: str) -> Client:
    client = Client()
    client.force_login(world.user(username))
    return client


def ask(body: dict[str, Any], client: Client | None = None) -> Any:
    return (client or Client()).post(CALCULATE, body, content_type="application/json")


def refusal(response: Any) -> tuple[int, str]:
    return response.status_code, response.json()["field"]


# --- the calculator --------------------------------------------------------------------------


def test_the_calculator_answers_without_an_account(db: None) -> None:
    response = ask(TRAVELLER)
    assert response.status_code == 200
    answer = response.json()
    assert (answer["status"], answer["days_used"], answer["days_remaining"]) == (
        "not_present",
        87,
        3,
    )
    assert (answer["window_start"], answer["window_end"]) == ("2025-12-04", "2026-06-01")


def test_the_calculator_gives_the_engines_answer_in_full(db: None) -> None:
    question = Question(
        pack="schengen-90-180",
        nationality="USA",
        as_of=date(2026, 6, 1),
        stays=(PastStay(day("2026-01-10"), day("2026-02-20")), PastStay(day("2026-04-01"), None)),
    )
    body = {**TRAVELLER, "stays": [TRAVELLER["stays"][0], {"entry": "2026-04-01"}]}
    answer = ask(body).json()
    assert answer == calculate(question).as_dict()
    assert (answer["status"], answer["authorized_until"], answer["overstay_days"]) == (
        "irregular",
        "2026-05-18",
        14,
    )
    assert {"rule", "reference", "text", "facts"} <= set(answer["reasons"][0])


def test_the_calculator_stores_nothing_and_audits_nothing(db: None) -> None:
    before = AuditEvent.objects.count()
    ask(TRAVELLER)
    assert AuditEvent.objects.count() == before


def test_a_planned_trip_is_judged_as_if_it_began_on_its_day(db: None) -> None:
    answer = ask({**TRAVELLER, "planned_entry": "2026-06-10", "planned_days": 10}).json()
    # 87 of 90 days used, and both earlier stays are still in the window on 10 to 12 June.
    assert (answer["basis"], answer["authorized_until"]) == ("short-stay-90-180", "2026-06-12")
    assert "2026-06-19" in answer["reasons"][-1]["text"]


def test_a_re_entry_on_the_day_of_an_exit_counts_that_day_once(db: None) -> None:
    body = {
        **TRAVELLER,
        "as_of": "2026-02-01",
        "stays": [
            {"entry": "2026-01-01", "exit": "2026-01-10"},
            {"entry": "2026-01-10", "exit": "2026-01-20"},
        ],
    }
    answer = ask(body).json()
    assert (answer["days_used"], answer["days_remaining"]) == (20, 70)


@pytest.mark.parametrize(
    ("change", "status", "field"),
    [
        ({"stays": [{"entry": "2026-03-10", "exit": "2026-03-01"}]}, 400, "stays[0]"),
        (
            {"stays": [{"entry": "2026-03-01", "exit": "2026-03-10"}, {"entry": "2026-03-05"}]},
            400,
            "stays[1]",
        ),
        ({"stays": [{"entry": "2026-07-01"}]}, 400, "stays[0]"),
        ({"pack": "atlantis"}, 404, "pack"),
        ({"planned_days": 5}, 400, "planned_days"),
        ({"planned_entry": "2026-05-01"}, 400, "planned_entry"),
        ({"as_of": "9999-12-31", "stays": [{"entry": "9999-12-01"}]}, 400, "as_of"),
        ({"as_of": "1899-12-31", "stays": []}, 400, "as_of"),
        ({"stays": [{"entry": "0001-01-01", "exit": "0001-01-02"}]}, 400, "stays[0]"),
        ({"planned_entry": "9999-12-01"}, 400, "planned_entry"),
    ],
)
def test_a_question_the_engine_cannot_answer_names_the_field(
    db: None, change: dict[str, Any], status: int, field: str
) -> None:
    assert refusal(ask({**TRAVELLER, **change})) == (status, field)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"as_of": "2026-02-30"}, "as_of"),
        ({"as_of": "1 June 2026"}, "as_of"),
        ({"stays": [{"entry": "2026-13-01"}]}, "entry"),
        ({"nationality": "usa"}, "nationality"),
        ({"planned_days": 0, "planned_entry": "2026-06-10"}, "planned_days"),
        ({"planned_days": "10", "planned_entry": "2026-06-10"}, "planned_days"),
        ({"colour": "blue"}, "colour"),
        ({"pack": ""}, "pack"),
    ],
)
def test_a_badly_typed_field_is_a_422_naming_it(
    db: None, change: dict[str, Any], field: str
) -> None:
    status, named = refusal(ask({**TRAVELLER, **change}))
    assert status == 422
    assert named.split(".")[-1] == field


def test_a_missing_day_of_control_is_named(db: None) -> None:
    body = {key: value for key, value in TRAVELLER.items() if key != "as_of"}
    status, named = refusal(ask(body))
    assert (status, named.split(".")[-1]) == (422, "as_of")


# --- the packs ---------------------------------------------------------------------------------


def test_the_packs_are_listed_without_an_account(db: None) -> None:
    response = Client().get("/api/v1/stay/packs")
    assert response.status_code == 200
    packs = {pack["name"]: pack for pack in response.json()}
    assert set(packs) == set(installed_pack_files())
    assert packs["demo-host"]["version"].startswith("2025.1+")
    assert "not legal advice" in packs["schengen-90-180"]["notice"]


def test_the_packs_list_shows_the_version_in_force(world: World) -> None:
    text = installed_pack_files()["demo-host"].read_text(encoding="utf-8")
    loaded = pack_load(
        actor=world.actor("admin.ada"),
        text=text.replace('version: "2025.1"', 'version: "2026.1"'),
        source="host.yaml",
    )
    packs = {pack["name"]: pack for pack in Client().get("/api/v1/stay/packs").json()}
    assert packs["demo-host"]["version"] == loaded.label
    assert ask({**TRAVELLER, "pack": "demo-host"}).json()["pack_version"] == loaded.label


# --- a person's status -------------------------------------------------------------------------


def test_a_migrant_sees_their_own_status(world: World) -> None:
    response = signed_in(world, "migrant.mia").get(f"/api/v1/persons/{world.mia.pk}/stay")
    assert response.status_code == 200
    # Mia holds a passport of Utopia, the demo host state: a citizen, exempt.
    assert (response.json()["status"], response.json()["reasons"][0]["rule"]) == (
        "exempt",
        "citizens",
    )


def test_a_migrant_cannot_see_anyone_elses_status(world: World) -> None:
    response = signed_in(world, "migrant.mia").get(f"/api/v1/persons/{world.other.pk}/stay")
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(name="stay.status.viewed").exists()


def test_an_officer_sees_a_travellers_status_as_of_a_day_and_the_read_is_audited(
    world: World,
) -> None:
    tourist = traveller("V00000001", nationality="VNM")
    visa(tourist, valid_from=day("2025-05-01"))
    stay(tourist, day("2025-06-01"))
    client = signed_in(world, "officer.ben")
    within = client.get(f"/api/v1/persons/{tourist.pk}/stay?as_of=2025-06-15").json()
    after = client.get(f"/api/v1/persons/{tourist.pk}/stay?as_of=2025-07-05").json()
    assert (within["status"], within["authorized_until"]) == ("regular", "2025-06-30")
    assert (after["status"], after["overstay_days"]) == ("irregular", 5)
    assert within["pack_version"].startswith("2025.1+")
    assert (
        AuditEvent.objects.filter(
            name="stay.status.viewed", object_id=str(tourist.pk), actor_label="officer.ben"
        ).count()
        == 2
    )


def test_a_status_as_of_a_far_day_is_an_answer_or_a_named_refusal(world: World) -> None:
    tourist = traveller("V00000001", nationality="VNM")
    visa(tourist, valid_from=day("2025-05-01"))
    stay(tourist, day("2025-06-01"), day("2025-06-20"))
    cross(tourist, "entry", day("2025-08-01"))
    client = signed_in(world, "caseworker.carl")
    for as_of in ["9999-12-31", "0001-01-01"]:
        response = client.get(f"/api/v1/persons/{tourist.pk}/stay?as_of={as_of}")
        assert response.status_code in {200, 400}, response.content
        if response.status_code == 400:
            assert response.json()["field"] == "as_of"


@pytest.mark.parametrize("as_of", ["2025-02-30", "tomorrow", "20250601"])
def test_a_bad_day_for_a_status_is_named(world: World, as_of: str) -> None:
    client = signed_in(world, "caseworker.carl")
    response = client.get(f"/api/v1/persons/{world.other.pk}/stay?as_of={as_of}")
    assert response.status_code == 422
    assert response.json()["field"].split(".")[-1] == "as_of"


def test_a_status_needs_an_account(world: World) -> None:
    assert Client().get(f"/api/v1/persons/{world.mia.pk}/stay").status_code == 401


# --- overstays ---------------------------------------------------------------------------------


@pytest.fixture
def overstayers(world: World) -> dict[str, str]:
    """One overstayer who entered in the capital and is still there, one who entered in the
    north and left late, and one lawful visitor."""
    people = {}
    for number, port, exit_ in [
        ("V00000001", "CAP-AIR", None),
        ("V00000002", "NTH-LND", day("2025-07-10")),
        ("V00000003", "CAP-AIR", day("2025-06-20")),
    ]:
        person = traveller(number, nationality="VNM")
        visa(person, valid_from=day("2025-05-01"))
        stay(person, day("2025-06-01"), exit_, port=port)
        people[number] = str(person.pk)
    return people


def test_a_caseworker_lists_overstays_with_their_evidence(
    world: World, overstayers: dict[str, str]
) -> None:
    response = signed_in(world, "caseworker.carl").get("/api/v1/stay/overstays?as_of=2025-08-01")
    assert response.status_code == 200
    body = response.json()
    assert (body["as_of"], body["in_country"], body["out_of_country"]) == ("2025-08-01", 1, 1)
    rows = {row["person_id"]: row for row in body["rows"]}
    assert set(rows) == {overstayers["V00000001"], overstayers["V00000002"]}
    still_there = rows[overstayers["V00000001"]]
    assert (still_there["kind"], still_there["overstay_days"], still_there["exited_on"]) == (
        "in_country",
        32,
        None,
    )
    gone = rows[overstayers["V00000002"]]
    assert (gone["kind"], gone["overstay_days"], gone["exited_on"], gone["port"]) == (
        "out_of_country",
        10,
        "2025-07-10",
        "NTH-LND",
    )
    assert gone["authorized_until"] == "2025-06-30"
    assert gone["reasons"][0]["rule"] == "visa-tourism"


def test_an_entry_without_a_basis_whose_exit_went_unrecorded_says_so(world: World) -> None:
    person = traveller("V00000009", nationality="VNM")  # no visa: no basis to enter
    cross(person, "entry", day("2025-06-01"))
    cross(person, "entry", day("2025-07-01"))  # back again, never seen leaving
    body = signed_in(world, "caseworker.carl").get("/api/v1/stay/overstays?as_of=2025-08-01").json()
    first = next(row for row in body["rows"] if row["entered_on"] == "2025-06-01")
    assert (first["kind"], first["exited_on"], first["exit_unrecorded"]) == (
        "out_of_country",
        "2025-06-01",
        True,
    )
    assert all(row["exit_unrecorded"] is False for row in body["rows"] if row is not first)


def test_a_supervisor_lists_only_their_regions_overstays(
    world: World, overstayers: dict[str, str]
) -> None:
    body = signed_in(world, "supervisor.sara").get("/api/v1/stay/overstays?as_of=2025-08-01").json()
    assert [row["person_id"] for row in body["rows"]] == [overstayers["V00000001"]]
    assert (body["in_country"], body["out_of_country"]) == (1, 0)


def test_one_kind_of_overstay_can_be_asked_for(world: World, overstayers: dict[str, str]) -> None:
    client = signed_in(world, "caseworker.carl")
    body = client.get("/api/v1/stay/overstays?as_of=2025-08-01&kind=out_of_country").json()
    assert [row["person_id"] for row in body["rows"]] == [overstayers["V00000002"]]


@pytest.mark.parametrize("username", ["officer.ana", "analyst.alma", "admin.ada", "migrant.mia"])
def test_the_overstay_list_is_refused_to_other_roles(world: World, username: str) -> None:
    response = signed_in(world, username).get("/api/v1/stay/overstays?as_of=2025-08-01")
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("", "as_of"),
        ("as_of=2025-13-01", "as_of"),
        ("as_of=2025-08-01&kind=everyone", "kind"),
        ("as_of=2025-08-01&limit=0", "limit"),
        ("as_of=2025-08-01&limit=501", "limit"),
        ("as_of=2025-08-01&offset=-1", "offset"),
    ],
)
def test_a_bad_overstay_query_names_the_field(world: World, query: str, field: str) -> None:
    response = signed_in(world, "caseworker.carl").get(f"/api/v1/stay/overstays?{query}")
    assert response.status_code == 422
    assert response.json()["field"].split(".")[-1] == field
