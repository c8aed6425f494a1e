"""The regions the platform knows, each a file of its economies beside this module (see the
README there for where each list comes from, its licence and how to add one)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from orderly.review.rules.regions import Region, escap_region, m49_region, m49_title

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Known:
    """A region the platform knows: its title, its file, the source of the list and the day it
    was last checked; for a UN M49 region, the M49 region its economies are chosen by."""

    title: str
    file_name: str
    source: str
    as_of: str  # YYYY-MM-DD
    m49_region: str = ""


M49_SOURCE = (
    "UN M49 standard (United Nations Statistics Division, Standard country or area codes for "
    "statistical use): the {region} region's countries and areas in its sub-regions, with their "
    "ISO 3166-1 alpha-3 codes, as compiled from UNSD M49 in 'ISO-3166-Countries-with-Regional-"
    "Codes' by Luke Duncalfe (CC BY-SA 4.0; the derived region file keeps that licence); names "
    "as UN DESA's International Migrant Stock 2019 writes them, or ISO 3166's where it names "
    "none"
)
M49_REGIONS = ("Africa", "Americas", "Asia", "Europe", "Oceania")


def _m49(region: str) -> Known:
    return Known(
        m49_title(region), "m49.csv", M49_SOURCE.format(region=region), "2026-11-29", region
    )


KNOWN: dict[str, Known] = {
    "escap": Known(
        "Asia and the Pacific (ESCAP)",
        "escap.csv",
        "ESCAP membership: 53 members and 9 associate members; the 58 regional economies "
        "(members and associate members less France, the Netherlands, the United Kingdom and "
        "the United States), in ESCAP's subregions ENEA, SEA, SSWA, NCA and Pacific",
        "2026-11-29",
    ),
    **{f"m49-{region.lower()}": _m49(region) for region in M49_REGIONS},
}


def region_choices() -> tuple[tuple[str, str], ...]:
    """Each region the platform knows as (key, title), in the order to offer them: for a
    command's ``--region`` help and a page's list of regions."""
    return tuple((key, known.title) for key, known in KNOWN.items())


def region(key: str) -> Region:
    """The region ``key``; KeyError if the platform knows none by that name."""
    known = KNOWN[key]
    with (HERE / known.file_name).open(encoding="utf-8", newline="") as rows:
        listed = list(csv.DictReader(rows))
    if known.m49_region:
        return m49_region(
            listed, key=key, region=known.m49_region, source=known.source, as_of=known.as_of
        )
    return escap_region(listed, source=known.source, as_of=known.as_of)
