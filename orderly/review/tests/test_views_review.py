"""The review's pages and API: what an analyst reads, the same in HTML, JSON and the API, and
what others are told."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from conftest import World
from orderly.stats.rules.categories import parse_categories
from orderly.stats.synthetic import warehouse_synthesize
from orderly.stats.warehouse import Warehouse

pytestmark = pytest.mark.django_db


def signed_in(world: World, username: str) -> Client:
    client = Client()
    client.force_login(world.user(username))
    return client


def test_an_analyst_reads_the_regional_review_with_where_each_figure_comes_from(
    world: World, imported: None
) -> None:
    client = signed_in(world, "analyst.alma")
    page = client.get("/review/regional/?region=escap&year=2019").content.decode()
    assert "Asia and the Pacific (ESCAP), 2019" in page
    for text in ("Immigrants", "Emigrants", "Intra-regional migrants", "Remittances received"):
        assert text in page
    assert "of the world&#x27;s" in page  # the shares
    assert "UN_MigrantStockTotal_2019.xlsx" in page and "2023-10-26" in page
    assert "Top destinations" in page and "Russian Federation" in page
    assert "South and South-West Asia" in page  # ESCAP's subregion codes spelled out
    twin = client.get("/review/regional/?region=escap&year=2019&format=json").json()
    api = client.get("/api/v1/review/regional?region=escap&year=2019").json()
    assert twin["immigrants"] == api["immigrants"] and api["schema"] == "regional-review/1"
    assert len(api["countries"]) == 58


def test_without_the_files_the_regional_review_says_which_to_import(world: World) -> None:
    client = signed_in(world, "analyst.alma")
    response = client.get("/review/regional/?year=2019")
    assert response.status_code == 400
    assert "holds 2019: import the file from its publisher" in response.content.decode()
    api = client.get("/api/v1/review/regional?year=2019")
    assert (api.status_code, api.json()["field"]) == (400, "year")


@pytest.mark.parametrize(
    ("path", "status", "field"),
    [
        ("/api/v1/review/regional?year=twenty", 422, "query.year"),
        ("/api/v1/review/regional?year=2019&region=mars", 404, "region"),
        ("/api/v1/review/regional?year=2019&region=ESCAP!", 422, "query.region"),
        ("/api/v1/review/national?period=2019-07", 422, "query.period"),
        ("/api/v1/review/national?period=2999", 400, "period"),
    ],
)
def test_a_bad_request_names_the_field(world: World, path: str, status: int, field: str) -> None:
    response = signed_in(world, "analyst.alma").get(path)
    assert (response.status_code, response.json()["field"]) == (status, field)


@pytest.mark.parametrize("year", ["last", "2019\u00b9", "12019"])
def test_a_bad_year_on_the_page_is_named_on_its_field(world: World, year: str) -> None:
    response = signed_in(world, "analyst.alma").get("/review/regional/", {"year": year})
    assert response.status_code == 400
    assert 'id="year-error"' in response.content.decode()


@pytest.fixture
def warehouse(settings: Any, tmp_path: Path) -> Path:
    folder = tmp_path / "warehouse"
    categories = parse_categories("UTO", "")
    warehouse_synthesize(
        warehouse=Warehouse(folder), categories=categories, years={2019: 8_000, 2018: 7_500}
    )
    settings.WAREHOUSE_DIR = folder
    return folder


def test_an_analyst_reads_the_national_review_objective_by_objective(
    world: World, warehouse: Path
) -> None:
    client = signed_in(world, "analyst.alma")
    page = client.get("/review/?period=2019").content.decode()
    assert page.count('<section id="objective-') == 23
    assert "Objective 11: Manage borders in an integrated, secure and coordinated manner" in page
    assert "Entry-exit person-times" in page and "Not reported yet" in page
    twin = client.get("/review/?period=2019&format=json").json()
    api = client.get("/api/v1/review/national?period=2019").json()
    first = twin["objectives"][0]["indicators"][0]
    assert first["id"] == "entry-exit-person-times"
    assert first["reported"]["value"] == api["objectives"][0]["indicators"][0]["reported"]["value"]
    assert api["cooperation"] == twin["cooperation"] is not None


def test_others_are_told_the_review_is_not_for_them(world: World) -> None:
    for username in ("officer.ana", "migrant.mia", "supervisor.sara", "admin.ada"):
        client = signed_in(world, username)
        assert client.get("/review/").status_code == 403
        assert client.get("/review/regional/").status_code == 403
        assert client.get("/api/v1/review/regional?year=2019").status_code == 403
    assert Client().get("/review/").status_code == 302


def test_administrators_see_the_files_imported_and_cannot_change_them(
    world: World, imported: None
) -> None:
    client = signed_in(world, "admin.ada")
    listing = client.get("/admin/review/officialfile/")
    assert listing.status_code == 200
    assert "UN_MigrantStockTotal_2019.xlsx" in listing.content.decode()
    assert client.get("/admin/review/officialfile/add/").status_code == 403
    assert signed_in(world, "officer.ana").get("/admin/review/officialfile/").status_code in {
        302,
        403,
    }


def test_the_regional_report_is_read_or_downloaded_from_the_page_for_any_known_region(
    world: World, imported: None
) -> None:
    client = signed_in(world, "analyst.alma")
    page = client.get("/review/regional/?region=m49-asia&year=2019").content.decode()
    assert '<option value="m49-asia" selected>' in page
    document = client.get("/review/regional/?region=escap&year=2019&format=report")
    assert "International migration in the region, 2019" in document.content.decode()
    download = client.get("/review/regional/?region=escap&year=2019&format=pdf")
    assert download["Content-Type"] == "application/pdf"
    assert download.content.startswith(b"%PDF-")


def test_a_json_or_report_asked_for_with_a_bad_year_is_refused_as_json(world: World) -> None:
    client = signed_in(world, "analyst.alma")
    for path in ("/review/?period=20x9&format=json", "/review/regional/?year=abc&format=pdf"):
        refused = client.get(path)
        assert refused.status_code == 400 and refused["Content-Type"] == "application/json"
        assert refused.json()["field"] in {"period", "year"}


def test_the_national_page_writes_figures_for_people(world: World, warehouse: Path) -> None:
    page = signed_in(world, "analyst.alma").get("/review/?period=2019").content.decode()
    overstays = page[page.index("Overstay rate (DHS method)") :]
    assert re.match(r"[^<]*</h3>\s*<p><strong>\d+\.\d %</strong>", overstays)
    assert re.search(
        r"<strong>\d{1,3}(,\d{3})+</strong> person-times; change on the year before [+-]", page
    )
