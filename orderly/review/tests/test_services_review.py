"""Importing the official files and computing the regional review from them, checked against
sums made here straight from the files."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from conftest import World
from orderly.cli import main
from orderly.core.errors import InvalidInput, NotPermitted
from orderly.core.models import AuditEvent
from orderly.review.models import AreaFigure, OfficialFile, OriginDestinationFigure
from orderly.review.regions import region
from orderly.review.selectors import regional_review, regional_review_json
from orderly.review.services import official_file_import

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("commands_keep_the_connection")]

STOCK_2019 = "UN_MigrantStockTotal_2019.xlsx"
ORIGIN_2019 = "UN_MigrantStockByOriginAndDestination_2019_clean.csv"
REMITTANCES = "API_BX.TRF.PWKR.CD.DT_DS2_en_excel_v2_6000901.xls"


def test_an_official_file_is_imported_once_with_its_edition_and_audited(
    world: World, official_data: Path
) -> None:
    ada = world.actor("admin.ada")
    first = official_file_import(actor=ada, path=official_data / STOCK_2019)
    again = official_file_import(actor=ada, path=official_data / STOCK_2019)
    assert first.new and not again.new and again.file == first.file
    recorded = first.file
    assert (recorded.kind, recorded.edition, recorded.years) == (
        OfficialFile.Kind.STOCK_BY_DESTINATION,
        "2019",
        "1990-2019",
    )
    # 278 areas (Oceania and two others are listed under two groupings: kept once), 7 years.
    assert AreaFigure.objects.filter(source=recorded).count() == 278 * 7
    (event,) = AuditEvent.objects.filter(name="review.official_file.imported")
    assert event.changes["sha256"] == recorded.sha256 and event.actor_label == "admin.ada"


def test_a_file_laid_out_otherwise_is_refused_naming_it_and_nothing_is_kept(
    world: World, tmp_path: Path
) -> None:
    broken = tmp_path / "stock.csv"
    broken.write_text("Year,Dest,Fiji\n2019,Tonga,many\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as refused:
        official_file_import(actor=world.actor("admin.ada"), path=broken)
    assert refused.value.field == "file"
    assert "cell C2 of stock.csv: expected a number or '..', found 'many'" in refused.value.message
    assert not OfficialFile.objects.exists() and not OriginDestinationFigure.objects.exists()
    with pytest.raises(InvalidInput, match="cannot be read"):
        official_file_import(actor=world.actor("admin.ada"), path=tmp_path / "missing.xlsx")


def test_only_those_who_prepare_the_review_import_its_files(
    world: World, official_data: Path
) -> None:
    for username in ("officer.ana", "supervisor.sara", "migrant.mia"):
        with pytest.raises(NotPermitted):
            official_file_import(actor=world.actor(username), path=official_data / REMITTANCES)
        with pytest.raises(NotPermitted):
            regional_review(actor=world.actor(username), region_key="escap", year=2019)
    assert not OfficialFile.objects.exists()


def test_the_regional_figures_agree_with_sums_made_straight_from_the_files(
    world: World, official_data: Path, imported: None
) -> None:
    review = regional_review(actor=world.actor("analyst.alma"), region_key="escap", year=2019)
    published = regional_review_json(review)
    escap = region("escap")
    by_hand = sums_by_hand(official_data, {m.m49 for m in escap.members})
    assert published["immigrants"] == by_hand["immigrants"]
    assert published["world_migrant_stock"] == by_hand["world"] == 271_642_105
    assert published["emigrants"] == by_hand["emigrants"]
    assert published["intra_regional"] == by_hand["intra_regional"]
    assert published["remittances_received_usd"] == pytest.approx(
        remittances_by_hand(official_data, {m.iso3 for m in escap.members})
    )
    assert published["immigrants_share_of_world"] == pytest.approx(
        by_hand["immigrants"] / by_hand["world"]
    )
    assert len(published["countries"]) == 58
    assert {s["file"] for s in published["sources"]} == {STOCK_2019, ORIGIN_2019, REMITTANCES}


def sums_by_hand(folder: Path, members: set[int]) -> dict[str, float]:
    """Straight from the files: the 2019 stock of the members' rows of Table 1 (by code), and
    the members' names there, looked up in the matrix by destination and origin."""
    rows = CalamineWorkbook.from_path(str(folder / STOCK_2019)).get_sheet_by_name("Table 1")
    stock, world, names = 0.0, 0.0, set()
    for code, name, stock_2019 in ((r[3], str(r[1]), r[11]) for r in rows.to_python()[12:]):
        figure = float(stock_2019) if isinstance(stock_2019, int | float) else 0.0
        if code == 900:
            world = figure
        if code in members:
            stock += figure
            names.add(name.strip())
    emigrants = intra = 0.0
    with (folder / ORIGIN_2019).open(encoding="utf-8", newline="") as lines:
        matrix = csv.DictReader(lines)
        assert len(names) == len(members) and names <= set(matrix.fieldnames or ())
        for line in matrix:
            destination = line["Dest"]
            if line["Year"] != "2019" or destination in SUBTOTALS:
                continue
            born_here = {n: people(line[n]) for n in names if n != destination}
            emigrants += sum(born_here.values())
            if destination in names:
                intra += sum(born_here.values())
    return {"immigrants": stock, "world": world, "emigrants": emigrants, "intra_regional": intra}


SUBTOTALS = {"Caribbean", "South America", "Melanesia", "Micronesia", "Polynesia"}


def people(cell: str) -> float:
    return 0.0 if cell in ("", "..") else float(cell)


def remittances_by_hand(folder: Path, members: set[str]) -> float:
    rows = CalamineWorkbook.from_path(str(folder / REMITTANCES)).get_sheet_by_name("Data")
    data = rows.to_python()
    column = data[3].index("2019")
    received = 0.0
    for row in data[4:]:
        figure = row[column]
        if row[1] in members and isinstance(figure, int | float):
            received += figure
    return received


def test_the_shares_of_a_year_two_editions_hold_are_of_the_edition_of_the_emigrants(
    world: World, official_data: Path, imported: None
) -> None:
    official_file_import(
        actor=world.actor("admin.ada"),
        path=official_data / "undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx",
    )
    review = regional_review(actor=world.actor("analyst.alma"), region_key="escap", year=2015)
    published = regional_review_json(review)
    assert published["world_migrant_stock"] == 248_861_296  # the 2019 edition's, not 2020's
    assert {s["edition"] for s in published["sources"][:2]} == {"2019"}


def test_the_command_imports_and_prints_the_regional_json_contract(
    world: World, official_data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = [str(official_data / name) for name in (STOCK_2019, ORIGIN_2019, REMITTANCES)]
    assert main(["review", "import", *files]) == 0
    said = capsys.readouterr().out
    assert "left out: Caribbean, Melanesia, Micronesia, Polynesia, South America" in said
    assert main(["review", "regional", "--region", "escap", "--year", "2019"]) == 0
    published = json.loads(capsys.readouterr().out)
    for key in (
        "immigrants",
        "emigrants",
        "intra_regional",
        "world_migrant_stock",
        "immigrants_share_of_world",
        "emigrants_share_of_world",
        "remittances_received_usd",
        "sources",
        "countries",
    ):
        assert key in published
    assert {"dataset", "edition", "vintage"} <= set(published["sources"][0])
    assert 0 < published["immigrants_share_of_world"] < published["emigrants_share_of_world"] < 1


@pytest.mark.parametrize(
    ("arguments", "says"),
    [
        (
            ["review", "regional", "--region", "mars", "--year", "2019"],
            "--region: no region 'mars'",
        ),
        (["review", "regional", "--year", "1850"], "--year: no file of the"),
        (["review", "import", "/nowhere/stock.xlsx"], "FILE: /nowhere/stock.xlsx: cannot be read"),
    ],
)
def test_a_bad_argument_is_named_with_exit_code_2(
    world: World, capsys: pytest.CaptureFixture[str], arguments: list[str], says: str
) -> None:
    assert main(arguments) == 2
    assert says in capsys.readouterr().err
