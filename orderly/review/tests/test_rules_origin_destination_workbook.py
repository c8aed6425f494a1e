"""UN DESA's official workbook by destination and origin, in its 2019 layout (a matrix of years
and destinations by origins) and its 2020 layout (a row for each pair), each read into the same
table as the cleaned CSV: countries and areas only, the aggregates left out and named. The rows
are built after UN DESA's published description (origin_destination_layouts.py); broken copies
of them are named with what was expected and where."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orderly.review.rules.migrant_stock import DATASET, stock_by_destination
from orderly.review.rules.origin_destination_workbook import (
    origin_destination_layout,
    stock_by_origin_workbook,
)
from orderly.review.rules.sheets import Cell, LayoutError
from orderly.review.tests.origin_destination_layouts import (
    MATRIX_TITLE_ROWS,
    PAIRS_TITLE_ROWS,
    Rows,
    matrix_2019_rows,
    pairs_2020_rows,
)

HEADER_2019 = MATRIX_TITLE_ROWS  # the header's index among the rows
HEADER_2020 = PAIRS_TITLE_ROWS
Break = Callable[[Rows], object]


def without_column(rows: Rows, column: int) -> None:
    for row in rows:
        del row[column]


def set_cell(row: int, column: int, value: Cell) -> Break:
    return lambda rows: rows[row].__setitem__(column, value)


# The 2019 layout: a row for each year and destination.


def test_the_2019_matrix_is_read_by_year_destination_and_origin() -> None:
    table = stock_by_origin_workbook(matrix_2019_rows(), "Table 1")
    assert (table.edition.dataset, table.edition.edition) == (DATASET, "2019")
    assert table.edition.reference == "POP/DB/MIG/Stock/Rev.2019, by destination and origin"
    assert table.years == (1990, 2019)
    # Names come without their indentation and their '*'; '..', empty cells and zeros are
    # absent; the people of unknown origin (Other North, Other South) and the total are not
    # origins.
    assert table.stock[1990]["Tonga"] == {"Fiji": 120.0, "Samoa": 410.0}
    assert table.stock[2019]["Samoa"] == {"Afghanistan": 3.0, "Fiji": 350.0, "Tonga": 780.0}
    assert table.stock[1990]["Micronesia (Fed. States of)"] == {"Fiji": 5.0}  # a country


def test_the_2019_matrix_leaves_out_its_regions_and_names_them() -> None:
    table = stock_by_origin_workbook(matrix_2019_rows(), "Table 1")
    assert table.left_out == ("Micronesia", "Polynesia", "WORLD")
    assert set(table.stock[1990]) == {"Samoa", "Tonga", "Micronesia (Fed. States of)"}


def test_a_2019_header_of_two_rows_is_read_alike() -> None:
    rows = matrix_2019_rows()
    header = rows[HEADER_2019]
    # The headings of the first columns on a row of their own, the origins on the next.
    rows.insert(HEADER_2019, header[:6] + [""] * (len(header) - 6))
    rows[HEADER_2019 + 1][:6] = [""] * 6
    assert origin_destination_layout(rows) == "2019"
    assert stock_by_origin_workbook(rows) == stock_by_origin_workbook(matrix_2019_rows())


@pytest.mark.parametrize(
    ("break_it", "says"),
    [
        (lambda rows: without_column(rows, 3),
         "cell D15 of Table 1: expected the heading 'Notes', found 'Code'"),
        (set_cell(HEADER_2019, 7, "Other"),
         "cell H15 of Table 1: expected the heading 'Other North', found 'Other'"),
        (set_cell(HEADER_2019, 11, ""),
         "cell L15 of Table 1: expected the name of a country or area of origin"),
        (set_cell(HEADER_2019, 12, "Fiji*"),
         "cell M15 of Table 1: the origin Fiji heads an earlier column already"),
        (set_cell(HEADER_2019 + 4, 11, "many"),
         "cell L19 of Table 1: expected a number or '..', found 'many'"),
        (set_cell(HEADER_2019 + 4, 0, "latest"),
         "cell A19 of Table 1: expected a year, found 'latest'"),
        (set_cell(HEADER_2019 + 5, 2, "Samoa*"),
         "cell C20 of Table 1: Samoa in 1990 is on an earlier row already"),
        (set_cell(HEADER_2019 + 4, 4, "WSM"),
         "cell E19 of Table 1: expected an area's numeric code, found 'WSM'"),
        (set_cell(HEADER_2019 + 4, 2, ""),
         "cell C19 of Table 1: expected the name of the area coded 882"),
        (lambda rows: rows.__delitem__(8),
         "Table 1: expected the edition (POP/DB/MIG/Stock/Rev.YYYY)"),
    ],
)  # fmt: skip
def test_a_2019_matrix_laid_out_otherwise_is_named_with_where(break_it: Break, says: str) -> None:
    rows = matrix_2019_rows()
    break_it(rows)
    with pytest.raises(LayoutError, match=re.escape(says)):
        stock_by_origin_workbook(rows, "Table 1")


# The 2020 layout: a row for each destination and origin.


def test_the_2020_pairs_are_read_for_both_sexes_by_year() -> None:
    table = stock_by_origin_workbook(pairs_2020_rows(), "Table 1")
    assert table.edition.edition == "2020"
    assert table.edition.reference == "POP/DB/MIG/Stock/Rev.2020, by destination and origin"
    assert table.years == (1990, 1995, 2000, 2005, 2010, 2015, 2020)
    # Both sexes: the males' and females' blocks (half as many here) are not read.
    assert table.stock[2020]["Samoa"] == {"Fiji": 380.0, "Tonga": 780.0}
    assert table.stock[2020]["New Zealand"] == {"Samoa": 66_000.0, "Tonga": 12_000.0}
    # '..', an empty cell and a zero are absent; a destination with none has no origins.
    assert table.stock[1995]["Samoa"] == {"Fiji": 320.0}
    assert table.stock[2000]["Tonga"] == {}


def test_the_2020_pairs_keep_countries_only_and_name_the_aggregates_left_out() -> None:
    table = stock_by_origin_workbook(pairs_2020_rows(), "Table 1")
    # The world and a region among the destinations, the world, a region and the people of
    # unknown origin ("Other") among the origins: none is summed with the countries.
    assert table.left_out == ("Oceania", "Other", "Sub-Saharan Africa", "WORLD")
    assert set(table.stock[2020]) == {"Samoa", "Tonga", "New Zealand"}
    assert all("Other" not in origins for origins in table.stock[2020].values())


def test_the_2020_edition_is_read_from_the_title_when_the_reference_is_not_there() -> None:
    rows = pairs_2020_rows()
    del rows[2]  # POP/DB/MIG/Stock/Rev.2020
    edition = stock_by_origin_workbook(rows).edition
    assert (edition.edition, edition.reference) == (
        "2020",
        "International Migrant Stock 2020, by destination and origin",
    )


@pytest.mark.parametrize(
    ("break_it", "says"),
    [
        (lambda rows: without_column(rows, 2),
         "cell C11 of Table 1: expected the heading 'Notes of destination', found "
         "'Location code of destination'"),
        (set_cell(HEADER_2020, 0, "Sort order"),
         "cell A11 of Table 1: expected the heading 'Index', found 'Sort order'"),
        (set_cell(HEADER_2020, 7, "Both sexes"),
         "cell H11 of Table 1: expected the years of the stock"),
        (set_cell(HEADER_2020 + 5, 9, "many"),
         "cell J16 of Table 1: expected a number or '..', found 'many'"),
        (set_cell(HEADER_2020 + 6, 5, "Fiji"),
         "cell F17 of Table 1: Fiji in Samoa is on row 16 already"),
        (set_cell(HEADER_2020 + 5, 6, ""),
         "cell G16 of Table 1: expected the location code of the origin"),
        (set_cell(HEADER_2020 + 5, 3, ""),
         "cell D16 of Table 1: expected the location code of the destination"),
        (set_cell(HEADER_2020 + 5, 6, "242a"),
         "cell G16 of Table 1: expected an area's numeric code, found '242a'"),
        (lambda rows: rows.__delitem__(slice(0, 5)), "Table 1: expected the edition"),
    ],
)  # fmt: skip
def test_2020_pairs_laid_out_otherwise_are_named_with_where(break_it: Break, says: str) -> None:
    rows = pairs_2020_rows()
    break_it(rows)
    with pytest.raises(LayoutError, match=re.escape(says)):
        stock_by_origin_workbook(rows, "Table 1")


def test_a_table_with_no_country_pair_is_refused() -> None:
    rows = pairs_2020_rows()[: HEADER_2020 + 5]  # the aggregates only
    with pytest.raises(LayoutError, match="expected a row for each destination"):
        stock_by_origin_workbook(rows, "Table 1")


# Telling the layouts apart, from each other and from the stock by destination (whose workbook
# also keeps its table in a sheet "Table 1").


def stock_by_destination_rows() -> Rows:
    return [
        ["", "", "", "", "International Migrant Stock 2019 (POP/DB/MIG/Stock/Rev.2019)"],
        ["Sort\norder", "Major area, region, country or area of destination", "Notes", "Code",
         "Type of data (a)", "International migrant stock at mid-year (both sexes)", ""],
        ["", "", "", "", "", 2015.0, 2019.0],
        [1.0, "WORLD", "", 900.0, "", 248e6, 272e6],
        [2.0, "Samoa", "", 882.0, "B R", 4_200.0, 4_028.0],
    ]  # fmt: skip


def test_each_layout_is_told_by_its_header_row() -> None:
    assert origin_destination_layout(matrix_2019_rows()) == "2019"
    assert origin_destination_layout(pairs_2020_rows()) == "2020"
    assert origin_destination_layout(stock_by_destination_rows()) is None
    assert stock_by_destination(stock_by_destination_rows()).years == (2015, 2019)


def test_a_table_with_neither_header_says_what_was_expected() -> None:
    with pytest.raises(LayoutError, match="expected, in the first 40 rows, the 2019 header"):
        stock_by_origin_workbook(stock_by_destination_rows(), "Table 1")


CELLS = st.one_of(
    st.text(max_size=12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-(10**6), 10**6),
    st.sampled_from(
        ["", "..", "2019", "Year", "Other North", "Other South", "Location code of origin",
         "Country or area of origin", "WORLD", "900", "882", "Samoa", "Rev.2019"]
    ),
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(CELLS, max_size=16), max_size=6), st.integers(0, 25))
def test_any_rows_give_a_table_or_a_layout_error(rows: list[list[Cell]], at: int) -> None:
    """Whatever the sheet holds, the reader answers with a table or says what was expected:
    never another error (which would reach a person as a crash)."""
    for seed in (matrix_2019_rows(), pairs_2020_rows()):
        mixed = [*seed[:at], *rows, *seed[at:]]
        origin_destination_layout(mixed)
        with contextlib.suppress(LayoutError):
            stock_by_origin_workbook(mixed)
