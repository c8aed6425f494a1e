"""Regions as data: a region is a named, dated list of economies (ISO 3166 alpha-3, with their
UN M49 code and the name UN DESA gives them) with the source of the list, each economy in a
subregion. Read from a region file (``orderly/review/regions/*.csv``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Member:
    iso3: str
    m49: int
    name: str  # as UN DESA writes it
    subregion: str


@dataclass(frozen=True)
class Region:
    key: str
    title: str
    source: str
    as_of: str  # the day the list was last checked, YYYY-MM-DD
    members: tuple[Member, ...]

    @property
    def subregions(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m.subregion for m in self.members))


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
