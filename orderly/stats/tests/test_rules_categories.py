"""Who counts as a citizen, a foreigner, or in a category the host state defines."""

from __future__ import annotations

import pytest

from orderly.stats.rules.categories import CITIZENS, FOREIGNERS, Categories, parse_categories

SPECIAL = "residents of special regions"


def test_the_host_states_own_nationals_are_citizens_and_everyone_else_a_foreigner() -> None:
    categories = Categories(host_state="UTO")
    assert [categories.of(code) for code in ("UTO", "VNM", "DEU")] == [
        CITIZENS,
        FOREIGNERS,
        FOREIGNERS,
    ]


def test_a_category_the_host_state_defines_takes_its_nationalities_out_of_the_foreigners() -> None:
    categories = parse_categories("UTO", f"{SPECIAL}=HKG MAC; crew=XXA")
    assert categories.of_each(["HKG", "MAC", "XXA", "VNM", "UTO"]) == {
        "HKG": SPECIAL,
        "MAC": SPECIAL,
        "XXA": "crew",
        "VNM": FOREIGNERS,
        "UTO": CITIZENS,
    }
    assert categories.names == [CITIZENS, "crew", SPECIAL, FOREIGNERS]


def test_no_categories_defined_is_an_empty_setting() -> None:
    assert parse_categories("UTO", " ; ").special == {}


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("HKG MAC", "expected a name"),
        (f"{SPECIAL}=", "expected a name"),
        (f"{SPECIAL}=HK", "'HK' is not an ISO 3166 alpha-3 code"),
        (f"{SPECIAL}=hkg", "'hkg' is not an ISO 3166 alpha-3 code"),
        (f"{SPECIAL}=HKG; crew=HKG", "HKG is counted in another category"),
        (f"{SPECIAL}=UTO", "UTO is counted in another category"),
        ("foreigners=HKG", "'foreigners' is a category of its own"),
    ],
)
def test_a_faulty_setting_is_refused_naming_the_part(text: str, named: str) -> None:
    with pytest.raises(ValueError, match=named):
        parse_categories("UTO", text)
