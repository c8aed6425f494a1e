"""Names UN DESA gives to groups of countries, not to a country or area: the regions of the UN
M49 standard and the development and income groups. A table that still holds rows for them (a
cleaned copy that kept some subtotals) must leave those rows out before anything is summed."""

from __future__ import annotations

_M49_REGIONS = (
    "World",
    "Africa",
    "Northern Africa",
    "Sub-Saharan Africa",
    "Eastern Africa",
    "Middle Africa",
    "Southern Africa",
    "Western Africa",
    "Americas",
    "Latin America and the Caribbean",
    "Caribbean",
    "Central America",
    "South America",
    "Northern America",
    "Asia",
    "Central Asia",
    "Eastern Asia",
    "South-Eastern Asia",
    "Southern Asia",
    "Western Asia",
    "Europe",
    "Eastern Europe",
    "Northern Europe",
    "Southern Europe",
    "Western Europe",
    "Oceania",
    "Australia and New Zealand",
    "Melanesia",
    "Micronesia",
    "Polynesia",
)
# UN DESA's own groupings in the migrant stock tables (SDG regions, development and income).
_UN_DESA_GROUPS = (
    "Northern Africa and Western Asia",
    "Central and Southern Asia",
    "Eastern and South-Eastern Asia",
    "Oceania (excluding Australia and New Zealand)",
    "Europe and Northern America",
    "More developed regions",
    "Less developed regions",
    "Least developed countries",
    "Less developed regions, excluding least developed countries",
    "Land-locked Developing Countries (LLDC)",
    "Small island developing States (SIDS)",
    "High-income countries",
    "Middle-income countries",
    "Upper-middle-income countries",
    "Lower-middle-income countries",
    "Low-income countries",
    "No income group available",
)
GROUP_NAMES = frozenset(name.casefold() for name in _M49_REGIONS + _UN_DESA_GROUPS)


def is_group(name: str) -> bool:
    """Whether ``name`` is a region or group of countries, not a country or area."""
    return name.strip().rstrip("*").strip().casefold() in GROUP_NAMES
