"""The official files as published, and broken copies of them: each is read by its layout, and a
layout that differs is named with what was expected and where."""

from __future__ import annotations

import contextlib
import csv
import io
import re
from datetime import date
from pathlib import Path
from typing import cast

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from orderly.review.files import read_official_file
from orderly.review.rules.migrant_stock import StockByDestination, stock_by_destination
from orderly.review.rules.origin_destination import StockByOrigin, stock_by_origin
from orderly.review.rules.remittances import Remittances, remittances
from orderly.review.rules.sheets import Cell, LayoutError

STOCK_2019 = "UN_MigrantStockTotal_2019.xlsx"
STOCK_2020 = "undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx"
ORIGIN_2019 = "UN_MigrantStockByOriginAndDestination_2019_clean.csv"
REMITTANCES = "API_BX.TRF.PWKR.CD.DT_DS2_en_excel_v2_6000901.xls"


def sheet(path: Path, name: str) -> list[list[Cell]]:
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(name).to_python()
    return cast(list[list[Cell]], rows)


def test_the_2019_stock_by_destination_is_read_with_its_edition(official_data: Path) -> None:
    read = read_official_file(official_data / STOCK_2019)
    table = read.content
    assert isinstance(table, StockByDestination)
    assert (table.edition.edition, table.edition.reference) == ("2019", "POP/DB/MIG/Stock/Rev.2019")
    assert table.years == (1990, 1995, 2000, 2005, 2010, 2015, 2019)
    by_code = {area.code: area for area in table.areas}
    assert by_code[900].stock[2019] == 271_642_105  # the world, as the workbook prints it
    assert not by_code[900].is_country and by_code[156].is_country
    assert (by_code[156].name, by_code[156].notes, by_code[156].stock[2019]) == (
        "China",
        "9",
        1_030_871,
    )
    assert sum(area.is_country for area in table.areas) == 232
    assert read.sha256.startswith("135ff4de3884917b")


def test_the_2020_edition_lays_its_table_out_otherwise_and_is_read_alike(
    official_data: Path,
) -> None:
    table = read_official_file(official_data / STOCK_2020).content
    assert isinstance(table, StockByDestination)
    assert table.edition.edition == "2020" and table.years[-1] == 2020
    by_code = {area.code: area for area in table.areas}
    assert by_code[900].stock[2020] == 280_598_105
    # Names come without their indentation and without the '*' that points to a note.
    assert (by_code[570].name, by_code[570].notes) == ("Niue", "39")
    assert sum(area.is_country for area in table.areas) == 232


def test_the_stock_by_origin_leaves_out_the_regional_subtotals_it_still_holds(
    official_data: Path,
) -> None:
    table = read_official_file(official_data / ORIGIN_2019).content
    assert isinstance(table, StockByOrigin)
    assert table.left_out == ("Caribbean", "Melanesia", "Micronesia", "Polynesia", "South America")
    assert len(table.stock[2019]) == 232
    assert "Micronesia (Fed. States of)" in table.stock[2019]  # a country, not the subregion
    # Afghans in Pakistan, 2019, as the matrix holds them.
    assert table.stock[2019]["Pakistan"]["Afghanistan"] == pytest.approx(1_453_155, rel=0.5)


def test_the_remittances_download_is_read_with_its_vintage(official_data: Path) -> None:
    table = read_official_file(official_data / REMITTANCES).content
    assert isinstance(table, Remittances)
    assert table.edition.vintage == "2023-10-26"
    assert table.years[0] == 1960 and table.years[-1] == 2022
    assert table.received["CHN"][2019] == pytest.approx(18_294_313_104.25)
    assert table.received["AFE"][2019] is not None  # an aggregate: kept, never an economy


def test_the_remittances_csv_layout_says_the_same_as_the_excel_one(
    official_data: Path, tmp_path: Path
) -> None:
    rows = sheet(official_data / REMITTANCES, "Data")
    as_csv = tmp_path / "API_BX.TRF.PWKR.CD.DT_DS2_en_csv_v2.csv"
    as_csv.write_text(wdi_csv(rows), encoding="utf-8-sig")
    from_csv = read_official_file(as_csv).content
    from_excel = remittances(rows)
    assert isinstance(from_csv, Remittances)
    assert from_csv.received == from_excel.received
    assert from_csv.edition == from_excel.edition


def wdi_csv(rows: list[list[Cell]]) -> str:
    """The rows as the World Bank writes its CSV download: every cell quoted, the date as text,
    a trailing comma on each line."""
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator=",\n")
    for row in rows:
        cells = [c.isoformat() if isinstance(c, date) else c for c in row]
        writer.writerow(
            ["" if c == "" else (f"{c:.17g}" if isinstance(c, float) else c) for c in cells]
        )
    return out.getvalue()


# Broken copies: the rows of a real layout, with one thing changed.


def stock_rows() -> list[list[Cell]]:
    return [
        ["", "", "", "", "Workbook: UN_MigrantStockTotal_2024.xlsx"],
        ["", "", "", "", "International Migrant Stock 2024 (POP/DB/MIG/Stock/Rev.2024)"],
        ["Sort", "Region, country or area of destination", "Notes", "Code", "Type of data",
         "International migrant stock at mid-year (both sexes)", "", "(male)"],
        ["", "", "", "", "", 2020.0, 2024.0, 2020.0],
        [1.0, "WORLD", "", 900.0, "", 280.0, 300.0, 140.0],
        [2.0, "Fiji*", "3", 242.0, "B", 14.0, "..", 7.0],
    ]  # fmt: skip


def test_a_newer_edition_of_the_same_layout_is_read() -> None:
    table = stock_by_destination(stock_rows(), "Table 1")
    assert table.edition.edition == "2024" and table.years == (2020, 2024)
    fiji = table.areas[1]
    assert (fiji.name, fiji.notes, fiji.is_country, fiji.stock) == (
        "Fiji",
        "3",
        True,
        {2020: 14.0, 2024: None},
    )


@pytest.mark.parametrize(
    ("break_it", "says"),
    [
        (lambda rows: rows[2].__setitem__(3, "Numero"), "expected a header row naming"),
        (lambda rows: rows[2].__setitem__(5, "stock"), "expected a column headed 'both sexes'"),
        (lambda rows: rows[3].__setitem__(5, "mid-year"), "cell F4 of Table 1: expected the years"),
        (lambda rows: rows[5].__setitem__(5, "fourteen"), "cell F6 of Table 1: expected a number"),
        (lambda rows: rows[5].__setitem__(3, "FJI"), "cell D6 of Table 1: expected an area's"),
        (lambda rows: rows.__delitem__(1), "expected the edition"),
        (lambda rows: rows.__delitem__(4), "expected a row for the WORLD"),
    ],
)
def test_a_stock_table_laid_out_otherwise_is_named_with_where(break_it: object, says: str) -> None:
    rows = stock_rows()
    break_it(rows)  # type: ignore[operator]
    with pytest.raises(LayoutError, match=says):
        stock_by_destination(rows, "Table 1")


def remittance_rows() -> list[list[Cell]]:
    return [
        ["Data Source", "World Development Indicators"],
        ["Last Updated Date", "2025-07-01"],
        [],
        ["Country Name", "Country Code", "Indicator Name", "Indicator Code", "2019", "2020"],
        ["Fiji", "FJI", "Personal remittances", "BX.TRF.PWKR.CD.DT", 285.5, ""],
    ]


@pytest.mark.parametrize(
    ("break_it", "says"),
    [
        (lambda rows: rows[3].__setitem__(1, "Code"), "expected the header Country Name"),
        (lambda rows: rows[4].__setitem__(3, "BX.X"), "cell D5 of Data: expected the indicator"),
        (lambda rows: rows[4].__setitem__(4, "n.a."), "cell E5 of Data: expected a number"),
        (lambda rows: rows[1].__setitem__(1, "July 2025"), "expected the last updated date"),
        (lambda rows: rows.__delitem__(1), "expected a 'Last Updated Date' row"),
        (lambda rows: rows[3].__setitem__(4, "YR2019"), None),  # one year left: still read
    ],
)  # fmt: skip
def test_a_remittances_download_laid_out_otherwise_is_named_with_where(
    break_it: object, says: str | None
) -> None:
    rows = remittance_rows()
    break_it(rows)  # type: ignore[operator]
    if says is None:
        assert remittances(rows).years == (2020,)
        return
    with pytest.raises(LayoutError, match=says):
        remittances(rows)


def test_an_origin_matrix_laid_out_otherwise_is_named_with_where() -> None:
    header = ["Year", "Dest", "Fiji", "Samoa"]
    with pytest.raises(
        LayoutError, match=re.escape("row 1 of m.csv: expected the header Year, Dest")
    ):
        stock_by_origin([["Yr", "Dest", "Fiji"]], "m.csv")
    with pytest.raises(LayoutError, match=re.escape("row 2 of m.csv: expected 4 cells, found 3")):
        stock_by_origin([header, ["2019", "Tonga", "1"]], "m.csv")
    with pytest.raises(
        LayoutError, match=re.escape("cell A2 of m.csv: expected a year and a destination")
    ):
        stock_by_origin([header, ["latest", "Tonga", "1", "2"]], "m.csv")
    table = stock_by_origin([header, ["2019", "Tonga", "1", ".."], ["2019", "Polynesia", "9", "9"]])
    assert table.stock == {2019: {"Tonga": {"Fiji": 1.0}}} and table.left_out == ("Polynesia",)


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("notes.txt", b"hello", "not a .csv, .xlsx or .xls file"),
        ("stock.xlsx", b"not a zip", "cannot be read as a spreadsheet"),
        ("members.csv", b"name,iso3\nFiji,FJI\n", "not a layout this platform reads"),
        ("latin1.csv", "Year,Dest,Curaçao\n".encode("latin-1"), "not UTF-8 text"),
    ],
)
def test_a_file_of_another_kind_says_what_was_expected(
    tmp_path: Path, name: str, content: bytes, says: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(LayoutError, match=says):
        read_official_file(path)


@pytest.mark.parametrize("figure", ["nan", "Infinity", "1e400", "-inf"])
def test_a_figure_that_is_not_a_finite_number_is_refused(figure: str) -> None:
    rows = stock_rows()
    rows[5][5] = figure
    with pytest.raises(LayoutError, match="cell F6 of Table 1: expected a number"):
        stock_by_destination(rows, "Table 1")


def test_a_destination_twice_in_a_year_or_a_footnoted_code_is_refused() -> None:
    header = ["Year", "Dest", "Fiji"]
    with pytest.raises(LayoutError, match=re.escape("cell B3 of m.csv: Tonga in 2019 is on")):
        stock_by_origin([header, ["2019", "Tonga", "1"], ["2019", "Tonga", "2"]], "m.csv")
    rows = stock_rows()
    rows[5][3] = "242\u00b9"  # a footnote marker on the code
    with pytest.raises(LayoutError, match="cell D6 of Table 1: expected an area's numeric code"):
        stock_by_destination(rows, "Table 1")


CELLS = st.one_of(
    st.text(max_size=12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-(10**12), 10**12),
    st.sampled_from(
        ["", "..", "2019", "Code", "WORLD", "both sexes", "Rev.2019", "BX.TRF.PWKR.CD.DT"]
    ),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(CELLS, max_size=8), max_size=8), st.integers(0, 5))
def test_any_rows_give_a_table_or_a_layout_error(rows: list[list[Cell]], at: int) -> None:
    """Whatever a file holds, the parsers answer with a table or say what was expected: never
    another error (which would reach a person as a crash)."""
    for seed in (stock_rows(), remittance_rows(), [["Year", "Dest", "Fiji"]]):
        mixed = [*seed[:at], *rows, *seed[at:]]
        for parse in (stock_by_destination, remittances, stock_by_origin):
            with contextlib.suppress(LayoutError):
                parse(mixed)
