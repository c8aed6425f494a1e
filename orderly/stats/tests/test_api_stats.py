"""The statistics API: published tables only, for analysts, with no personal data in them."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

import pytest
from django.test import Client

from conftest import World
from orderly.stats.tables import TABLES

pytestmark = pytest.mark.django_db


def analyst(world: World) -> Client:
    client = Client()
    client.force_login(world.user("analyst.alma"))
    return client


def test_an_analyst_reads_a_table_with_the_small_counts_suppressed(
    world: World, travellers: list[Any]
) -> None:
    response = analyst(world).get("/api/v1/stats/tables/entry-exit?period=2025")
    assert response.status_code == 200
    body = response.json()
    cells = {(r["nationality"], r["direction"]): r["person_times"] for r in body["rows"]}
    # The German's three entries are suppressed; so is a partner, as the total is shown.
    assert cells[("DEU", "entry")] is None
    assert body["total"] == 33
    assert None in (cells[("VNM", "entry")], cells[("VNM", "exit")])
    assert body["definition"].startswith("Entry-exit person-times")


def test_no_personal_data_reaches_a_statistics_answer(world: World, travellers: list[Any]) -> None:
    client = analyst(world)
    answers = [client.get("/api/v1/stats/tables").content]
    for name in TABLES:
        for form in ("json", "csv", "sdmx-csv"):
            response = client.get(f"/api/v1/stats/tables/{name}?period=2025&format={form}")
            assert response.status_code == 200, (name, form)
            answers.append(response.content)
    answers.append(client.get("/statistics/?period=2025").content)
    answers.append(client.get("/statistics/?period=2025&format=json").content)
    personal = [person.surname for person in travellers]  # chosen so no table holds them
    for person in [*travellers, world.mia, world.other]:
        personal += [str(person.pk), person.pk.hex, str(person.date_of_birth)]
        personal += [d.number for d in person.documents.all()]
    for answer in answers:
        text = answer.decode()
        assert not [value for value in personal if value in text]


def test_each_table_downloads_as_csv_and_sdmx_csv_saying_the_same(
    world: World, travellers: list[Any]
) -> None:
    client = analyst(world)
    as_json = client.get("/api/v1/stats/tables/entry-exit?period=2025").json()["rows"]
    download = client.get("/api/v1/stats/tables/entry-exit?period=2025&format=csv")
    assert download["Content-Type"].startswith("text/csv")
    assert 'filename="entry-exit-2025.csv"' in download["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(download.content.decode())))
    assert [r["person_times"] or None for r in rows] == [
        None if r["person_times"] is None else str(r["person_times"]) for r in as_json
    ]
    sdmx = client.get("/api/v1/stats/tables/entry-exit?period=2025&format=sdmx-csv")
    assert sdmx.content.decode().startswith("DATAFLOW,CATEGORY,NATIONALITY,DIRECTION,")


def test_a_table_counted_as_of_a_day_says_the_day_in_its_answer_and_file_name(
    world: World, travellers: list[Any]
) -> None:
    client = analyst(world)
    path = "/api/v1/stats/tables/overstay-rate?period=2025"
    today = date.today().isoformat()
    as_of_today = client.get(path).json()
    assert as_of_today["as_of_day"] == today
    assert as_of_today["rows"]  # the German's stays, recorded this year, are counted now
    assert client.get(f"{path}&as_of=").json()["as_of_day"] == today  # empty: today
    # The crossings were recorded this year: at the end of 2025 none was known yet.
    year_end = client.get(f"{path}&as_of=2025-12-31").json()
    assert (year_end["as_of_day"], year_end["total"], year_end["rows"]) == ("2025-12-31", 0, [])
    download = client.get(f"{path}&as_of=2025-12-31&format=csv")
    assert 'filename="overstay-rate-2025-as-of-2025-12-31.csv"' in download["Content-Disposition"]


@pytest.mark.parametrize(
    ("path", "status", "field"),
    [
        ("/api/v1/stats/tables/nope?period=2025", 404, "name"),
        ("/api/v1/stats/tables/entry-exit?period=2025-13", 400, "period"),
        ("/api/v1/stats/tables/entry-exit?period=2025-03", 400, "period"),  # years only
        ("/api/v1/stats/tables/entry-exit?period=last-year", 422, "query.period"),
        ("/api/v1/stats/tables/entry-exit?period=2025&format=xlsx", 422, "query.format"),
        ("/api/v1/stats/tables/entry-exit?period=2999", 400, "period"),  # not begun
        ("/api/v1/stats/tables/overstay-rate?period=2025&as_of=2999-01-31", 400, "as_of"),
        ("/api/v1/stats/tables/overstay-rate?period=2025&as_of=2024-12-31", 400, "as_of"),
        ("/api/v1/stats/tables/overstay-rate?period=2025&as_of=31-03-2026", 400, "as_of"),
        ("/api/v1/stats/tables/overstay-rate?period=2025&as_of=20251231", 400, "as_of"),
        ("/api/v1/stats/tables/overstay-rate?period=2025&as_of=2025-02-30", 400, "as_of"),
        # A month's last day or today: no day's table to subtract from the next day's.
        ("/api/v1/stats/tables/overstay-rate?period=2025&as_of=2025-07-15", 400, "as_of"),
        # Person-times count every record as it stands: no as-of day to choose.
        ("/api/v1/stats/tables/entry-exit?period=2025&as_of=2025-12-31", 400, "as_of"),
    ],
)
def test_a_bad_request_names_the_field(
    world: World, travellers: list[Any], path: str, status: int, field: str
) -> None:
    response = analyst(world).get(path)
    assert response.status_code == status
    assert response.json()["field"] == field


def test_an_unreadable_warehouse_is_a_503_not_a_500(
    world: World, travellers: list[Any], settings: Any, tmp_path: Any
) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "manifest.json").write_text("{not json")
    settings.WAREHOUSE_DIR = broken
    response = analyst(world).get("/api/v1/stats/tables/entry-exit?period=2025")
    assert response.status_code == 503
    assert "cannot be read right now" in response.json()["detail"]
    page = analyst(world).get("/statistics/?period=2025")
    assert page.status_code == 503
