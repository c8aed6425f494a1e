"""Regions as data: a region is a named, dated list of economies (ISO 3166 alpha-3, with their
UN M49 code and the name UN DESA gives them) with the source of the list, each economy in a
subregion. Read from a region file (``orderly/review/regions/*.csv``): ESCAP's members, or the
UN M49 standard's regions with their sub-regions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Member:
    iso3: str
    m49: int
    name: str  # as UN DESA writes it (where it names none, as ISO 3166 does)
    subregion: str


@dataclass(frozen=True)
class Region:
    key: str
    title: str
    source: str
    as_of: str  # the day the list was last checked, YYYY-MM-DD
    members: tuple[Member, ...]

    @property
    def subregion_titles(self) -> dict[str, str]:
        """Each subregion's name as a reader knows it (ESCAP's codes spelled out)."""
        return {code: SUBREGION_TITLES.get(code, code) for code in self.subregions}

    @property
    def subregions(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m.subregion for m in self.members))


# ESCAP's five subregions, as its statistics name them.
SUBREGION_TITLES = {
    "ENEA": "East and North-East Asia",
    "SEA": "South-East Asia",
    "SSWA": "South and South-West Asia",
    "NCA": "North and Central Asia",
    "Pacific": "Pacific",
}

# ESCAP's statistics count the economies located in the region: its members and associate
# members without the four non-regional members (France, the Netherlands, the United Kingdom,
# the United States), flagged in_asia_pacific_58.
ESCAP_COLUMNS = ("name_undesa_2019", "iso3", "m49", "escap_subregion", "in_asia_pacific_58")


def escap_region(rows: Sequence[Mapping[str, str]], *, source: str, as_of: str) -> Region:
    """The ESCAP region (Asia and the Pacific) from the rows of its member list; ValueError
    naming the row when one is not as expected."""
    members = []
    for number, row in enumerate(rows, start=2):  # row 1 is the header
        if (row.get("in_asia_pacific_58") or "").strip() != "1":
            continue  # a non-regional member: no subregion, not counted
        missing = [column for column in ESCAP_COLUMNS if not (row.get(column) or "").strip()]
        if missing:
            raise ValueError(f"row {number}: expected {', '.join(missing)}")
        iso3, m49 = row["iso3"].strip().upper(), row["m49"].strip()
        if len(iso3) != 3 or not iso3.isalpha() or not m49.isdigit():
            raise ValueError(f"row {number}: expected an ISO3 code and an M49 number")
        members.append(
            Member(iso3, int(m49), row["name_undesa_2019"].strip(), row["escap_subregion"].strip())
        )
    if not members:
        raise ValueError("expected at least one economy flagged in_asia_pacific_58")
    return Region("escap", "Asia and the Pacific (ESCAP)", source, as_of, tuple(members))


# The UN M49 standard's regions, from the region file derived from UNSD's list (m49.csv): each
# row an economy with its ISO 3166 alpha-3 code, its M49 code, a name, where the name is from,
# and its M49 region, sub-region and (not used here) intermediate region.
M49_COLUMNS = ("iso3", "m49", "name", "name_from", "region", "sub_region")
M49_NAMES_FROM = frozenset({"UN DESA 2019", "ISO 3166"})


def m49_title(region: str) -> str:
    """The title of the UN M49 region ``region`` (Asia: "Asia (UN M49)")."""
    return f"{region} (UN M49)"


def m49_region(
    rows: Sequence[Mapping[str, str]], *, key: str, region: str, source: str, as_of: str
) -> Region:
    """The UN M49 region ``region`` (Africa, Americas, Asia, Europe or Oceania) from the rows of
    the M49 region file, each economy in its M49 sub-region. Every row is checked, not only the
    region's: ValueError naming the row when one is not as expected or repeats an economy."""
    members = []
    first_row: dict[str, int] = {}
    for number, row in enumerate(rows, start=2):  # row 1 is the header
        in_region, member = _m49_member(row, number)
        for code in (member.iso3, f"{member.m49:03d}"):
            if code in first_row:
                raise ValueError(f"row {number}: {code} is on row {first_row[code]} already")
            first_row[code] = number
        if in_region == region:
            members.append(member)
    if not members:
        raise ValueError(f"expected at least one economy in the M49 region {region!r}")
    return Region(key, m49_title(region), source, as_of, tuple(members))


def _m49_member(row: Mapping[str, str], number: int) -> tuple[str, Member]:
    """One row of the M49 region file: the economy's region, and the economy."""
    cells = {column: (row.get(column) or "").strip() for column in M49_COLUMNS}
    missing = [column for column, value in cells.items() if not value]
    if missing:
        raise ValueError(f"row {number}: expected {', '.join(missing)}")
    iso3, m49 = cells["iso3"], cells["m49"]
    if len(iso3) != 3 or not (iso3.isascii() and iso3.isalpha() and iso3.isupper()):
        raise ValueError(f"row {number}: expected an ISO 3166 alpha-3 code, found {iso3!r}")
    if len(m49) != 3 or not (m49.isascii() and m49.isdigit()):
        raise ValueError(f"row {number}: expected a three-digit M49 code, found {m49!r}")
    if (name_from := cells["name_from"]) not in M49_NAMES_FROM:
        expected = " or ".join(sorted(M49_NAMES_FROM))
        raise ValueError(f"row {number}: expected name_from {expected}, found {name_from!r}")
    return cells["region"], Member(iso3, int(m49), cells["name"], cells["sub_region"])
