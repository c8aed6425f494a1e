"""UN DESA's workbooks by destination and origin handed to the platform as files: each is told
from the workbook by destination (which also keeps its table in a sheet "Table 1") by its
header row, imported like the cleaned CSV, and used by the regional review unchanged. The
workbooks are written here from rows built after UN DESA's published layouts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import World
from orderly.review.files import read_official_file
from orderly.review.models import OfficialFile, OriginDestinationFigure
from orderly.review.rules.migrant_stock import StockByDestination
from orderly.review.rules.origin_destination import StockByOrigin
from orderly.review.rules.origin_destination_workbook import stock_by_origin_workbook
from orderly.review.rules.sheets import LayoutError
from orderly.review.selectors import regional_review, regional_review_json
from orderly.review.services import official_file_import
from orderly.review.tests.origin_destination_layouts import (
    MATRIX_TITLE_ROWS,
    Rows,
    matrix_2019_rows,
    pairs_2020_rows,
    write_xlsx,
)

ORIGIN_2019 = "UN_MigrantStockByOriginAndDestination_2019.xlsx"
ORIGIN_2020 = "undesa_pd_2020_ims_stock_by_sex_destination_and_origin.xlsx"
STOCK_2020 = "undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx"
REMITTANCES = "API_BX.TRF.PWKR.CD.DT_DS2_en_excel_v2_6000901.xls"


def workbook_2019(folder: Path, table: Rows | None = None) -> Path:
    sheets: dict[str, Rows] = {"CONTENTS": [["Contents"]], "Table 1": table or matrix_2019_rows()}
    return write_xlsx(folder / ORIGIN_2019, {**sheets, "Table 2": [["Males"]]})


def workbook_2020(folder: Path) -> Path:
    sheets: dict[str, Rows] = {"Table of contents": [["Contents"]], "Table 1": pairs_2020_rows()}
    return write_xlsx(folder / ORIGIN_2020, {**sheets, "Notes": [["Notes"]]})


def test_the_2019_workbook_by_destination_and_origin_is_told_by_its_header(
    tmp_path: Path,
) -> None:
    table = read_official_file(workbook_2019(tmp_path)).content
    assert isinstance(table, StockByOrigin)
    assert table == stock_by_origin_workbook(matrix_2019_rows())
    assert table.edition.edition == "2019" and table.years == (1990, 2019)


def test_the_2020_workbook_by_destination_and_origin_is_told_by_its_header(
    tmp_path: Path,
) -> None:
    table = read_official_file(workbook_2020(tmp_path)).content
    assert isinstance(table, StockByOrigin)
    assert table.edition.edition == "2020"
    assert table.left_out == ("Oceania", "Other", "Sub-Saharan Africa", "WORLD")


def test_a_workbook_by_destination_is_still_read_as_one(tmp_path: Path) -> None:
    rows: Rows = [
        ["", "", "", "", "International Migrant Stock 2020 (POP/DB/MIG/Stock/Rev.2020)"],
        ["", "", "", "", "", "International migrant stock at mid-year, both sexes combined"],
        ["", "Region, development group, country or area", "Notes", "Location code",
         "Type of data", 2015.0, 2020.0],
        [1.0, "WORLD", "", 900.0, "", 248e6, 281e6],
        [2.0, "   Samoa", "", 882.0, "B R", 4_200.0, 4_028.0],
    ]  # fmt: skip
    path = write_xlsx(tmp_path / STOCK_2020, {"Table 1": rows})
    table = read_official_file(path).content
    assert isinstance(table, StockByDestination) and table.years == (2015, 2020)


def test_a_table_1_of_neither_kind_says_what_each_would_have(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "other.xlsx", {"Table 1": [["Country", "Migrants"]]})
    with pytest.raises(LayoutError) as refused:
        read_official_file(path)
    message = str(refused.value)
    assert message.startswith("other.xlsx, sheet 'Table 1': expected, in the first 40 rows")
    assert "the header of the stock by destination (naming the 'country or area'" in message
    assert "the 2019 header (Year, Sort order" in message
    assert "the 2020 header (Index, Region, development group" in message


def test_a_broken_workbook_is_named_by_file_sheet_and_cell(tmp_path: Path) -> None:
    rows = matrix_2019_rows()
    rows[MATRIX_TITLE_ROWS][7] = "Other"
    path = workbook_2019(tmp_path, rows)
    says = f"cell H15 of {ORIGIN_2019}, sheet 'Table 1': expected the heading 'Other North'"
    with pytest.raises(LayoutError, match=re.escape(says)):
        read_official_file(path)


@pytest.mark.django_db
def test_a_workbook_by_destination_and_origin_is_imported_like_the_csv(
    world: World, tmp_path: Path
) -> None:
    imported = official_file_import(actor=world.actor("admin.ada"), path=workbook_2020(tmp_path))
    recorded = imported.file
    assert (recorded.kind, recorded.edition, recorded.years) == (
        OfficialFile.Kind.STOCK_BY_ORIGIN,
        "2020",
        "1990-2020",
    )
    assert recorded.reference == "POP/DB/MIG/Stock/Rev.2020, by destination and origin"
    assert recorded.left_out == ["Oceania", "Other", "Sub-Saharan Africa", "WORLD"]
    in_2020 = OriginDestinationFigure.objects.filter(source=recorded, year=2020)
    assert sorted(in_2020.values_list("destination", "origin", "value")) == [
        ("New Zealand", "Samoa", 66_000.0),
        ("New Zealand", "Tonga", 12_000.0),
        ("Samoa", "Fiji", 380.0),
        ("Samoa", "Tonga", 780.0),
        ("Tonga", "Samoa", 540.0),
    ]


@pytest.mark.django_db
def test_the_regional_review_reads_the_2020_workbook_unchanged(
    world: World, official_data: Path, tmp_path: Path
) -> None:
    ada = world.actor("admin.ada")
    for path in (official_data / STOCK_2020, workbook_2020(tmp_path), official_data / REMITTANCES):
        official_file_import(actor=ada, path=path)
    review = regional_review(actor=world.actor("analyst.alma"), region_key="m49-oceania", year=2020)
    published = regional_review_json(review)
    # Born in Fiji, Samoa or Tonga, living in another country: all of them in Oceania.
    assert published["emigrants"] == 380 + (780 + 12_000) + (540 + 66_000)
    assert published["intra_regional"] == published["emigrants"]
    origin = next(s for s in published["sources"] if s["file"] == ORIGIN_2020)
    assert (origin["edition"], origin["reference"]) == (
        "2020",
        "POP/DB/MIG/Stock/Rev.2020, by destination and origin",
    )
