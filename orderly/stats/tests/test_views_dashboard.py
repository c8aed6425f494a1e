"""The statistics dashboard: what an analyst reads, and its JSON twin."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client

from conftest import World
from orderly.stats.tests.crossings import crossed, on
from orderly.stay.tests.travellers import traveller

pytestmark = pytest.mark.django_db


def signed_in(world: World, username: str) -> Client:
    client = Client()
    client.force_login(world.user(username))
    return client


def test_an_analyst_reads_each_table_with_its_definition_and_as_of_time(
    world: World,
    travellers: list[Any],
) -> None:
    response = signed_in(world, "analyst.alma").get("/statistics/?period=2025")
    assert response.status_code == 200
    page = response.content.decode()
    for title in (
        "Entry-exit person-times by month, 2025",
        "Entry-exit person-times, 2025",
        "Entry-exit person-times by port, 2025",
        "Distinct travellers, 2025",
        "Foreigners present, 2025",
        "Overstays and expected departures (DHS method), 2025",
        "Visas and permits issued, 2025",
    ):
        assert title in page
    assert page.count("<strong>Definition.</strong>") == 7
    # Foreigners present and overstays as the records stood at the end of a day; others as of now.
    assert page.count(f"As of {date.today().year}-") == 5
    assert page.count(f"As the records stood at the end of {date.today().isoformat()}") == 2
    assert "on 2025-12-31" in page  # the day foreigners present are counted on
    assert "as of " in page  # the day overstays are counted as of
    assert "suppressed: too few to publish" in page  # the German traveller's three entries
    assert "<strong>33</strong>" in page  # person-times in 2025
    assert "March · entry" in page  # the months by name
    for person in travellers:
        assert person.surname not in page and str(person.pk) not in page


def test_the_json_twin_holds_the_same_tables(
    world: World,
    travellers: list[Any],
) -> None:
    client = signed_in(world, "analyst.alma")
    twin = client.get("/statistics/?period=2025&format=json").json()
    assert [t["table"] for t in twin["tables"]] == [
        "entry-exit-by-month",
        "entry-exit",
        "entry-exit-by-port",
        "travellers",
        "foreigners-present",
        "overstay-rate",
        "permits-visas-issued",
    ]
    api = client.get("/api/v1/stats/tables/entry-exit?period=2025").json()
    assert twin["tables"][1]["rows"] == api["rows"]
    assert twin["tables"][1]["total"] == api["total"] == 33


def test_a_bad_period_is_named_on_the_page(world: World, travellers: list[Any]) -> None:
    response = signed_in(world, "analyst.alma").get("/statistics/?period=2025-13")
    assert response.status_code == 400
    assert "the month must be between 01 and 12" in response.content.decode()


def test_an_analyst_chooses_the_day_overstays_are_counted_as_of(
    world: World, settings: Any, tmp_path: Any
) -> None:
    settings.WAREHOUSE_DIR = tmp_path / "warehouse"
    thai_travellers_of_whom_ten_left_late(world)  # recorded two days ago
    client = signed_in(world, "analyst.alma")
    page = client.get("/statistics/?period=2025&as_of=2025-12-31").content.decode()
    assert "As the records stood at the end of 2025-12-31" in page
    overstays = "/api/v1/stats/tables/overstay-rate?period=2025&amp;as_of=2025-12-31"
    assert f"{overstays}&amp;format=csv" in page
    # The tables counted from every record are downloaded without the day.
    assert "/api/v1/stats/tables/entry-exit?period=2025&amp;format=csv" in page
    twin = client.get("/statistics/?period=2025&as_of=2025-12-31&format=json").json()
    (as_then,) = [t for t in twin["tables"] if t["table"] == "overstay-rate"]
    twin = client.get("/statistics/?period=2025&format=json").json()
    (as_now,) = [t for t in twin["tables"] if t["table"] == "overstay-rate"]
    assert (as_then["as_of_day"], as_then["total"]) == ("2025-12-31", 0)  # none recorded yet
    assert (as_now["as_of_day"], as_now["total"]) == (date.today().isoformat(), 20)


@pytest.mark.parametrize(
    ("as_of", "message"),
    [
        ("31/03/2026", "is not a day: give one as YYYY-MM-DD"),
        ("2024-12-31", "is before 2025 begins"),
        ("2999-01-31", "is a day to come"),
        ("2025-07-15", "give today or the last day of a month"),
    ],
)
def test_a_bad_as_of_day_is_named_on_its_field(
    world: World, travellers: list[Any], as_of: str, message: str
) -> None:
    response = signed_in(world, "analyst.alma").get(f"/statistics/?period=2025&as_of={as_of}")
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="as_of-error"' in page and message in page
    assert 'id="period-error"' not in page


def test_other_roles_are_told_it_is_not_for_them(world: World) -> None:
    response = signed_in(world, "supervisor.sara").get("/statistics/")
    assert response.status_code == 403
    assert "The statistics are for analysts" in response.content.decode()
    assert Client().get("/statistics/").status_code == 302


def test_overstay_rates_are_shown_by_nationality_from_the_published_counts(
    world: World, settings: Any, tmp_path: Any
) -> None:
    settings.WAREHOUSE_DIR = tmp_path / "warehouse"
    thai_travellers_of_whom_ten_left_late(world)
    client = signed_in(world, "analyst.alma")
    page = client.get("/statistics/?period=2025").content.decode()
    assert "overstay rate 50.00 %" in page
    assert "THA (of 20)" in page
    twin = client.get("/statistics/?period=2025&format=json").json()
    (overstays,) = [t for t in twin["tables"] if t["table"] == "overstay-rate"]
    assert overstays["total"] == 20
    assert overstays["overstay_rate"] == 0.5
    assert overstays["out_of_country_rate"] == 0.5
    assert overstays["suspected_in_country_rate"] == 0.0


def thai_travellers_of_whom_ten_left_late(world: World) -> None:
    """Twenty Thai travellers, who may stay 30 days visa-free: ten leave within them, ten a
    month late."""
    for n in range(20):
        person = traveller(f"R{n:08d}", nationality="THA")
        crossed(world, person, "entry", on("2025-02-01T04:00:00"))
        left = "2025-02-20T04:00:00" if n < 10 else "2025-04-01T04:00:00"
        crossed(world, person, "exit", on(left))
