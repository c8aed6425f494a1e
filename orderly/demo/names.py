"""Synthetic names: syllables per region, joined at random. No name list of real people.

The syllables only give each region's names a plausible sound; any resemblance of a generated
name to a real person is chance, and nothing else about the person (dates, numbers) is real.
"""

from __future__ import annotations

import random

# region -> (surname syllables, given-name syllables)
SYLLABLES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "east_asia": (
        ("WAN", "LIN", "CHEN", "ZHAO", "SUN", "HAN", "TAN", "KIM", "PARK", "SATO", "MORI", "KU"),
        ("MEI", "JUN", "HUI", "YAN", "LING", "HAO", "MIN", "SEO", "YUKI", "RIN", "TAO", "XIA"),
    ),
    "south_asia": (
        ("SHAR", "PAT", "RAO", "SINGH", "DAS", "KUM", "VER", "NAIR", "MEH", "GUP", "BAN", "DEV"),
        ("ANA", "RAJ", "PRI", "VIK", "ASH", "MAYA", "SUN", "DEEP", "KIR", "NIT", "ARU", "LAK"),
    ),
    "southeast_asia": (
        ("NGU", "TRAN", "SAN", "TOS", "LIM", "WIJ", "PRA", "SUK", "BAU", "RAM", "DEL", "HAD"),
        ("SITI", "ANH", "DEWI", "BAO", "NOK", "ARI", "LINH", "PUT", "MAR", "JOSE", "NUR", "TAM"),
    ),
    "europe": (
        ("BERG", "MAR", "KOV", "ROSS", "LUND", "HOFF", "DUB", "FER", "NOV", "SCHM", "ANDER", "VAL"),
        ("ANNA", "LUC", "MAR", "ELI", "JAN", "SOF", "PET", "ILSE", "TOM", "KLA", "EMIL", "NORA"),
    ),
    "mena": (
        ("HAS", "AL", "KHAL", "MANS", "NAS", "SAL", "HAD", "AZIZ", "FAR", "RAH", "YUS", "OMAR"),
        ("LAY", "AMIR", "NOUR", "SAMI", "HANA", "ZAY", "RAM", "MONA", "TAR", "YAS", "DINA", "ALI"),
    ),
    "africa": (
        ("OKO", "MBA", "DIA", "KAM", "TOU", "ADE", "NDI", "MWA", "KEI", "BAL", "OSEI", "SOW"),
        ("AMA", "KOF", "ZURI", "TEN", "NIA", "OLU", "FEMI", "ABA", "KWA", "IMA", "JABU", "SEF"),
    ),
    "americas": (
        ("SIL", "GON", "ROD", "MART", "PER", "SAN", "JOHN", "WIL", "CAR", "MOR", "FLOR", "REY"),
        ("ANA", "LUIS", "JOS", "CAR", "MAR", "ELE", "DAN", "SOF", "LUC", "ISA", "MAT", "GAB"),
    ),
    "oceania": (
        ("TAU", "MOA", "FALE", "TUI", "KAI", "LOLO", "WAKA", "NAPA", "SIO", "HAU", "TAPU", "RERE"),
        (
            "ALO",
            "MELE",
            "TANE",
            "AROHA",
            "SINA",
            "TEVA",
            "LOTU",
            "MANU",
            "PELE",
            "NGA",
            "ATA",
            "EVA",
        ),
    ),
}

# ISO 3166 alpha-3 codes by region, for the nationalities that cross most; every other country
# in pycountry takes syllables from all regions.
REGION_OF: dict[str, str] = {
    code: region
    for region, codes in {
        "east_asia": ("CHN", "JPN", "KOR", "MNG", "PRK"),
        "south_asia": ("IND", "PAK", "BGD", "NPL", "LKA", "BTN", "MDV", "AFG"),
        "southeast_asia": ("VNM", "THA", "IDN", "PHL", "MYS", "SGP", "KHM", "LAO", "MMR", "TLS"),
        "europe": ("DEU", "FRA", "GBR", "ITA", "ESP", "NLD", "SWE", "POL", "RUS", "UKR", "NOR"),
        "mena": ("EGY", "IRN", "IRQ", "JOR", "SAU", "ARE", "TUR", "MAR", "SYR", "LBN"),
        "africa": ("NGA", "KEN", "ETH", "GHA", "ZAF", "SEN", "TZA", "UGA", "SDN", "COD"),
        "americas": ("USA", "CAN", "MEX", "BRA", "ARG", "COL", "PER", "CHL"),
        "oceania": ("AUS", "NZL", "FJI", "PNG", "WSM", "TON", "VUT", "SLB"),
    }.items()
    for code in codes
}


def _word(rng: random.Random, syllables: tuple[str, ...], parts: int) -> str:
    return "".join(rng.choice(syllables) for _ in range(parts))


def synthetic_name(rng: random.Random, nationality: str) -> tuple[str, str]:
    """(surname, given names) in upper-case Latin letters, short enough for any MRZ."""
    region = REGION_OF.get(nationality) or rng.choice(sorted(SYLLABLES))
    surnames, given = SYLLABLES[region]
    surname = _word(rng, surnames, rng.choice((1, 2, 2, 2, 3)))
    first = _word(rng, given, rng.choice((1, 2, 2)))
    if rng.random() < 0.3:
        return surname, f"{first} {_word(rng, given, 2)}"
    return surname, first
