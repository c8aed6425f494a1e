"""Reporting periods as people write them."""

from __future__ import annotations

from datetime import date

import pytest

from orderly.stats.rules.periods import Period, last_day_of_month, parse_day, parse_period


def test_a_year_and_a_month_are_periods_each_with_the_one_a_year_before() -> None:
    assert parse_period("2019") == Period(2019)
    assert parse_period(" 2019-07 ") == Period(2019, 7)
    assert parse_period("2019-07").year_before().label == "2018-07"
    assert parse_period("2019").year_before().label == "2018"


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("19", "give a year"),
        ("2019-7", "give a year"),
        ("2019-13", "the month must be between 01 and 12"),
        ("0999", "the year must be between"),
        ("last year", "give a year"),
    ],
)
def test_anything_else_is_refused_saying_what_a_period_looks_like(text: str, says: str) -> None:
    with pytest.raises(ValueError, match=says):
        parse_period(text)


def test_a_period_runs_from_its_first_day_to_its_last_leap_days_included() -> None:
    assert (Period(2024).first_day, Period(2024).last_day) == (date(2024, 1, 1), date(2024, 12, 31))
    assert (Period(2024, 2).first_day, Period(2024, 2).last_day) == (
        date(2024, 2, 1),
        date(2024, 2, 29),
    )
    assert Period(2023, 2).last_day == date(2023, 2, 28)


@pytest.mark.parametrize(
    "text", ["20200331", "2020-W13-2", "2020-02-30", "31/03/2020", "", "2020-3-31"]
)
def test_a_day_is_written_yyyy_mm_dd_and_nothing_else(text: str) -> None:
    with pytest.raises(ValueError, match="give one as YYYY-MM-DD"):
        parse_day(text)


def test_a_day_and_the_last_day_of_its_month() -> None:
    assert parse_day(" 2020-02-29 ") == date(2020, 2, 29)
    assert last_day_of_month(date(2020, 2, 3)) == date(2020, 2, 29)
    assert last_day_of_month(date(2019, 12, 31)) == date(2019, 12, 31)
