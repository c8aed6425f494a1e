"""The regional figures on a small region worked out by hand, and the ESCAP region's list."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from orderly.review.rules.regional import Sources, regional_figures
from orderly.review.rules.regions import Member, Region, escap_region

# Two economies of a region (Fiji and Samoa, Pacific; Nepal, SSWA) and one outside (Australia).
REGION = Region(
    "test",
    "A test region",
    "made for the test",
    "2026-01-01",
    (
        Member("FJI", 242, "Fiji", "Pacific"),
        Member("WSM", 882, "Samoa", "Pacific"),
        Member("NPL", 524, "Nepal", "SSWA"),
    ),
)
SOURCES = Sources(
    stock={242: 14_000.0, 882: 4_000.0, 524: None, 36: 7_500_000.0},
    world=270_000_000.0,
    names={242: "Fiji", 882: "Samoa", 524: "Nepal", 36: "Australia"},
    by_origin={
        "Fiji": {"Samoa": 1_000.0, "Australia": 3_000.0},
        "Samoa": {"Fiji": 500.0, "Nepal": 10.0},
        "Australia": {"Fiji": 70_000.0, "Samoa": 6_000.0, "Nepal": 120_000.0},
    },
    remittances={"FJI": 285e6, "WSM": 160e6},
)


def test_immigrants_emigrants_and_intra_regional_migrants_are_told_apart() -> None:
    figures = regional_figures(REGION, 2019, SOURCES)
    assert figures.immigrants == 14_000 + 4_000  # Nepal's stock is not available
    # Born in the region, living anywhere else: Samoans in Fiji and Australia, Fijians in Samoa
    # and Australia, Nepalese in Samoa and Australia.
    assert figures.emigrants == (1_000 + 6_000) + (500 + 70_000) + (10 + 120_000)
    # Born in one of the region's economies, living in another of them.
    assert figures.intra_regional == 1_000 + 500 + 10
    assert figures.remittances_received_usd == 285e6 + 160e6
    assert figures.missing == {
        "immigrants": ["NPL"],
        "intra_regional": ["NPL"],  # no destination row for Nepal in the matrix
        "remittances_received_usd": ["NPL"],
    }
    assert figures.by_subregion()["Pacific"]["immigrants"] == 18_000
    assert figures.by_subregion()["SSWA"]["emigrants"] == 120_010


def test_an_economy_the_files_name_apart_is_matched_or_listed_as_missing() -> None:
    # The stock by destination calls Samoa by another name than the matrix, which the region
    # file's name matches; Nepal's name is in neither file's spelling of the matrix.
    stock_names = {**SOURCES.names, 882: "Western Samoa"}
    by_origin = {
        destination: {("Nepal (Federal Democratic Republic)" if o == "Nepal" else o): v
                      for o, v in origins.items()}
        for destination, origins in SOURCES.by_origin.items()
    }  # fmt: skip
    sources = Sources(**{**SOURCES.__dict__, "names": stock_names, "by_origin": by_origin})
    figures = regional_figures(REGION, 2019, sources)
    assert figures.emigrants == (1_000 + 6_000) + (500 + 70_000)  # Samoans and Fijians
    assert figures.intra_regional == 1_000 + 500
    assert figures.missing["emigrants"] == ["NPL"] and figures.missing["intra_regional"] == ["NPL"]


def escap_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as rows:
        return list(csv.DictReader(rows))


REGION_FILE = Path(__file__).resolve().parents[1] / "regions" / "escap.csv"


def test_asia_and_the_pacific_is_its_58_regional_economies_in_five_subregions() -> None:
    escap = escap_region(escap_rows(REGION_FILE), source="ESCAP", as_of="2026-11-29")
    codes = {m.iso3 for m in escap.members}
    assert len(escap.members) == 58
    assert not codes & {"FRA", "NLD", "GBR", "USA"}  # members, but not of the region
    assert {"CHN", "FJI", "HKG", "MAC", "NIU"} <= codes  # associate members count
    assert set(escap.subregions) == {"ENEA", "SEA", "SSWA", "NCA", "Pacific"}


def test_a_region_file_row_without_what_it_needs_is_named() -> None:
    rows = escap_rows(REGION_FILE)
    rows[0]["escap_subregion"] = ""
    with pytest.raises(ValueError, match="row 2: expected escap_subregion"):
        escap_region(rows, source="ESCAP", as_of="2026-11-29")
    rows = escap_rows(REGION_FILE)
    rows[3]["iso3"] = "F1"
    with pytest.raises(ValueError, match="row 5: expected an ISO3 code"):
        escap_region(rows, source="ESCAP", as_of="2026-11-29")
