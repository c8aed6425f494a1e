"""The UN M49 regions as data: each region's economies with their ISO 3166 and M49 codes, the name
UN DESA gives them and their M49 sub-region, checked against the compilation the region file
was derived from and against UN DESA's 2019 workbook where those files are at hand."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from orderly.review.regions import HERE, KNOWN, region, region_choices
from orderly.review.rules.regions import m49_region
from orderly.review.rules.sheets import text

M49_CSV = "iso3166_m49_all.csv"
STOCK_2019 = "UN_MigrantStockTotal_2019.xlsx"
ASIA = ("Central Asia", "Eastern Asia", "South-eastern Asia", "Southern Asia", "Western Asia")


def m49_file_rows() -> list[dict[str, str]]:
    with (HERE / "m49.csv").open(encoding="utf-8", newline="") as rows:
        return list(csv.DictReader(rows))


def compilation(official_data: Path) -> list[dict[str, str]]:
    with (official_data / M49_CSV).open(encoding="utf-8", newline="") as rows:
        return list(csv.DictReader(rows))


def test_asia_is_m49s_fifty_economies_in_its_five_sub_regions() -> None:
    asia = region("m49-asia")
    assert (asia.key, asia.title) == ("m49-asia", "Asia (UN M49)")
    assert len(asia.members) == 50
    assert asia.subregions == ASIA
    by_iso3 = {m.iso3: m for m in asia.members}
    # Names as UN DESA writes them, codes as M49 has them.
    assert (by_iso3["KOR"].name, by_iso3["KOR"].m49) == ("Republic of Korea", 410)
    hong_kong = by_iso3["HKG"]
    assert (hong_kong.name, hong_kong.subregion) == ("China, Hong Kong SAR", "Eastern Asia")
    assert by_iso3["CYP"].subregion == "Western Asia"  # M49's Asia, whatever other lists say
    assert "TWN" not in by_iso3  # M49 places it in no region


def test_the_m49_asia_members_are_the_compilations(official_data: Path) -> None:
    listed = {r["alpha-3"]: r for r in compilation(official_data) if r["region"] == "Asia"}
    asia = region("m49-asia")
    assert len(asia.members) == len(listed)
    assert {m.iso3: (f"{m.m49:03d}", m.subregion) for m in asia.members} == {
        code: (r["country-code"], r["sub-region"]) for code, r in listed.items()
    }


@pytest.mark.parametrize("name", ["Africa", "Americas", "Asia", "Europe", "Oceania"])
def test_each_m49_region_holds_the_economies_the_compilation_places_in_it(
    official_data: Path, name: str
) -> None:
    listed = {r["alpha-3"]: r["sub-region"] for r in compilation(official_data)}
    placed = {r["alpha-3"] for r in compilation(official_data) if r["region"] == name}
    members = region(f"m49-{name.lower()}").members
    assert {m.iso3 for m in members} == placed
    assert all(m.subregion == listed[m.iso3] for m in members)


def test_every_economy_the_compilation_places_in_a_region_is_in_one(official_data: Path) -> None:
    placed = {r["alpha-3"] for r in compilation(official_data) if r["region"]}
    in_regions = [m.iso3 for key in KNOWN if key.startswith("m49-") for m in region(key).members]
    assert sorted(in_regions) == sorted(placed)  # each once


def test_names_are_un_desas_where_it_lists_the_economy_else_iso(official_data: Path) -> None:
    sheet = CalamineWorkbook.from_path(str(official_data / STOCK_2019)).get_sheet_by_name("Table 1")
    rows = sheet.to_python()
    # Countries and areas: a code, and a type of data (column E), from the table's first row on.
    desa = {int(text(row[3])): text(row[1]) for row in rows[12:] if text(row[3]) and row[4]}
    iso = {r["alpha-3"]: r["name"] for r in compilation(official_data)}
    for row in m49_file_rows():
        code = int(row["m49"])
        expected = (desa[code], "UN DESA 2019") if code in desa else (iso[row["iso3"]], "ISO 3166")
        assert (row["name"], row["name_from"]) == expected, row


def test_each_m49_regions_immigrants_are_un_desas_own_total(official_data: Path) -> None:
    """The sum over a region's members of UN DESA's 2019 stock by destination is UN DESA's
    total for the region: no economy counted twice or forgotten (Europe's less the Channel
    Islands, which UN DESA counts as one area with no ISO 3166 code)."""
    rows = (
        CalamineWorkbook.from_path(str(official_data / STOCK_2019))
        .get_sheet_by_name("Table 1")
        .to_python()
    )
    stock = {
        int(text(row[3])): float(text(row[11]))
        for row in rows[12:]
        if text(row[3]) and row[11] != ".."
    }
    channel_islands = stock[830]
    for key, total in (("m49-asia", 935), ("m49-africa", 903), ("m49-oceania", 909)):
        members = region(key).members
        assert sum(stock.get(m.m49, 0.0) for m in members) == stock[total], key
    europe = sum(stock.get(m.m49, 0.0) for m in region("m49-europe").members)
    assert europe + channel_islands == stock[908]


def test_the_known_regions_are_listed_with_their_titles() -> None:
    choices = dict(region_choices())
    assert list(choices) == list(KNOWN)
    assert choices == {
        "escap": "Asia and the Pacific (ESCAP)",
        "m49-africa": "Africa (UN M49)",
        "m49-americas": "Americas (UN M49)",
        "m49-asia": "Asia (UN M49)",
        "m49-europe": "Europe (UN M49)",
        "m49-oceania": "Oceania (UN M49)",
    }
    assert all(region(key).title == title for key, title in choices.items())


def test_an_m49_region_names_its_source_and_licence() -> None:
    asia = region("m49-asia")
    assert "UN M49" in asia.source and "CC BY-SA 4.0" in asia.source
    assert "Asia region" in asia.source and asia.as_of == "2026-11-29"


def read(rows: list[dict[str, str]], name: str = "Asia") -> object:
    return m49_region(rows, key="m49-test", region=name, source="test", as_of="2026-01-01")


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"sub_region": ""}, "row 5: expected sub_region"),
        ({"iso3": "", "region": " "}, "row 5: expected iso3, region"),
        ({"iso3": "A1G"}, "row 5: expected an ISO 3166 alpha-3 code, found 'A1G'"),
        ({"iso3": "dza"}, "row 5: expected an ISO 3166 alpha-3 code, found 'dza'"),
        ({"m49": "12"}, "row 5: expected a three-digit M49 code, found '12'"),
        ({"m49": "0\u00b912"}, "row 5: expected a three-digit M49 code"),
        ({"name_from": "Wikipedia"}, "row 5: expected name_from ISO 3166 or UN DESA 2019"),
        ({"iso3": "DZA"}, "row 5: DZA is on row 2 already"),
        ({"m49": "012"}, "row 5: 012 is on row 2 already"),
    ],
)
def test_a_malformed_row_of_the_region_file_is_refused_naming_it(
    change: dict[str, str], says: str
) -> None:
    rows = m49_file_rows()
    rows[3].update(change)  # row 5 of the file, under the header; rows 2-4 are Africa's
    with pytest.raises(ValueError, match=re.escape(says)):
        read(rows)


def test_a_region_with_no_economy_is_refused() -> None:
    with pytest.raises(ValueError, match="expected at least one economy in the M49 region 'Asi'"):
        read(m49_file_rows(), "Asi")
