"""Sharing a total out by weights."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from orderly.stats.rules.apportion import apportion, spread


def test_a_year_of_person_times_is_shared_out_by_month_exactly() -> None:
    assert apportion(670_000_000, [1] * 12) == [55_833_334] * 4 + [55_833_333] * 8
    assert apportion(10, [3, 1]) == [8, 2]  # 7.5 and 2.5: the tie goes to the first


@given(
    st.integers(min_value=0, max_value=10**10),
    st.lists(st.floats(min_value=0, max_value=1000), min_size=1, max_size=40).filter(
        lambda w: sum(w) > 0
    ),
)
def test_the_shares_add_up_and_each_is_within_one_of_its_exact_part(
    total: int, weights: list[float]
) -> None:
    shares = apportion(total, weights)
    assert sum(shares) == total
    whole = sum(weights)
    for share, weight in zip(shares, weights, strict=True):
        assert abs(share - total * weight / whole) < 1 + 1e-6 * total


@pytest.mark.parametrize(("total", "weights"), [(-1, [1]), (5, []), (5, [0, 0]), (5, [1, -1])])
def test_a_negative_total_or_unusable_weights_are_refused(total: int, weights: list[float]) -> None:
    with pytest.raises(ValueError, match="must"):
        apportion(total, weights)


def test_a_weighted_choice_is_spread_over_slots_in_proportion() -> None:
    slots = spread(["visa-free", "visa", "permit"], [5, 3, 2], 10)
    assert slots == ["visa-free"] * 5 + ["visa"] * 3 + ["permit"] * 2
    assert spread(["a", "b"], [1, 2], 4) == ["a", "b", "b", "b"]  # 1.33 and 2.67
