"""The regional review's figures for one region and year, from UN DESA's migrant stock and the
World Bank's remittances. Regional reviews report migration both ways, so each is kept apart:

- immigrants: international migrants living in the region's economies (stock by destination);
- emigrants: people born in the region's economies living in any other country (stock by
  destination and origin, summed over every destination);
- intra-regional migrants: born in one of the region's economies, living in another of them;
- the first two as shares (fractions) of the world's international migrant stock;
- remittances received by the region's economies (current US$).

An economy with no figure in a file counts as nothing in the sums and is listed as missing, so
a reader sees what a total leaves out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from orderly.review.rules.regions import Member, Region


@dataclass(frozen=True)
class Sources:
    """What one year's figures are read from (each as the files hold them)."""

    stock: Mapping[int, float | None]  # M49 code -> international migrant stock
    world: float  # the world's international migrant stock
    names: Mapping[int, str]  # M49 code -> the name the stock files give the economy
    by_origin: Mapping[str, Mapping[str, float]]  # destination -> origin -> people
    remittances: Mapping[str, float | None]  # ISO3 -> US$ received


@dataclass(frozen=True)
class EconomyFigures:
    member: Member
    immigrants: float | None
    emigrants: float | None
    intra_regional_immigrants: float | None  # born elsewhere in the region, living here
    remittances_received_usd: float | None


@dataclass(frozen=True)
class RegionalFigures:
    region: Region
    year: int
    world_migrant_stock: float
    economies: tuple[EconomyFigures, ...]
    missing: dict[str, list[str]] = field(default_factory=dict)  # figure -> ISO3 codes

    @property
    def immigrants(self) -> float:
        return _sum(e.immigrants for e in self.economies)

    @property
    def emigrants(self) -> float:
        return _sum(e.emigrants for e in self.economies)

    @property
    def intra_regional(self) -> float:
        return _sum(e.intra_regional_immigrants for e in self.economies)

    @property
    def remittances_received_usd(self) -> float:
        return _sum(e.remittances_received_usd for e in self.economies)

    def by_subregion(self) -> dict[str, dict[str, float]]:
        totals: dict[str, dict[str, float]] = {}
        for e in self.economies:
            sums = totals.setdefault(
                e.member.subregion,
                dict.fromkeys(("immigrants", "emigrants", "intra_regional", "remittances"), 0.0),
            )
            sums["immigrants"] += e.immigrants or 0
            sums["emigrants"] += e.emigrants or 0
            sums["intra_regional"] += e.intra_regional_immigrants or 0
            sums["remittances"] += e.remittances_received_usd or 0
        return totals


def regional_figures(region: Region, year: int, sources: Sources) -> RegionalFigures:
    """The figures of ``region`` in ``year`` from ``sources``."""
    names = _names_in_matrix(region, sources)
    born_here = {name for name in names.values() if name is not None}
    economies = tuple(
        EconomyFigures(
            member=m,
            immigrants=sources.stock.get(m.m49),
            emigrants=_emigrants(names[m.iso3], sources.by_origin),
            intra_regional_immigrants=_intra(names[m.iso3], born_here, sources.by_origin),
            remittances_received_usd=sources.remittances.get(m.iso3),
        )
        for m in region.members
    )
    missing = {
        "immigrants": [e.member.iso3 for e in economies if e.immigrants is None],
        "emigrants": [e.member.iso3 for e in economies if e.emigrants is None],
        "intra_regional": [e.member.iso3 for e in economies if e.intra_regional_immigrants is None],
        "remittances_received_usd": [
            e.member.iso3 for e in economies if e.remittances_received_usd is None
        ],
    }
    return RegionalFigures(
        region, year, sources.world, economies, {k: v for k, v in missing.items() if v}
    )


def _names_in_matrix(region: Region, sources: Sources) -> dict[str, str | None]:
    """Each member's name as the matrix by destination and origin writes it: the name the
    stock by destination gives its M49 code, or else the region file's; None when the matrix
    knows neither (the economy is then listed as missing, never silently left out)."""
    known = set(sources.by_origin)
    for origins in sources.by_origin.values():
        known.update(origins)
    found: dict[str, str | None] = {}
    for m in region.members:
        candidates = (sources.names.get(m.m49), m.name)
        found[m.iso3] = next((n for n in candidates if n is not None and n in known), None)
    return found


def _emigrants(name: str | None, by_origin: Mapping[str, Mapping[str, float]]) -> float | None:
    """Born in ``name``, living in any other country; None if the matrix does not name it."""
    if name is None:
        return None
    found = [
        origins[name]
        for destination, origins in by_origin.items()
        if name in origins and destination != name
    ]
    return sum(found)


def _intra(
    name: str | None, born_in_region: set[str], by_origin: Mapping[str, Mapping[str, float]]
) -> float | None:
    """Born elsewhere in the region, living in ``name``; None if it is not a destination."""
    origins = by_origin.get(name) if name is not None else None
    if origins is None:
        return None
    return sum(
        people for origin, people in origins.items() if origin in born_in_region and origin != name
    )


def _sum(values: Iterable[float | None]) -> float:
    return float(sum(v for v in values if v is not None))
