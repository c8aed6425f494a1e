"""The rolling-window maths against a day-by-day reference that cannot be clever.

``window.py`` walks over intervals; the reference below puts every day in a set and counts.
Days are small integers here (ordinals in the engine): only their differences matter.
"""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from orderly.stay.rules.window import (
    Interval,
    before,
    days_in,
    earliest_start,
    last_lawful_day,
    merged,
    without,
)

# --- the reference: one day at a time -------------------------------------------------------


def day_set(intervals: list[Interval]) -> set[int]:
    return {day for first, last in intervals for day in range(first, last + 1)}


def ref_merged(intervals: list[Interval]) -> list[Interval]:
    """The runs of consecutive days, each ending where a day is missing."""
    days = sorted(day_set(intervals))
    runs: list[Interval] = []
    for day in days:
        if runs and day == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


def ref_days_in(days: set[int], start: int, end: int) -> int:
    return sum(1 for day in range(start, end + 1) if day in days)


def ref_window_ok(days: set[int], last: int, max_days: int, window: int) -> bool:
    """The window of ``window`` days ending on ``last`` holds at most ``max_days`` days."""
    return ref_days_in(days, last - window + 1, last) <= max_days


def ref_last_lawful_day(past: list[Interval], entry: int, max_days: int, window: int) -> int:
    """Stay one more day while the window ending on that day keeps to the maximum."""
    days = day_set(past)
    day = entry
    while True:
        days.add(day)
        if not ref_window_ok(days, day, max_days, window):
            return day - 1
        day += 1


def ref_earliest_start(
    past: list[Interval], not_before: int, length: int, max_days: int, window: int
) -> int | None:
    """Try each first day in turn; every window ending during the stay must keep to it."""
    if length > max_days:
        return None
    day = not_before
    while True:
        days = day_set(past) | set(range(day, day + length))
        if all(ref_window_ok(days, last, max_days, window) for last in range(day, day + length)):
            return day
        day += 1


# --- strategies ----------------------------------------------------------------------------

raw_intervals = st.lists(
    st.tuples(st.integers(0, 300), st.integers(0, 40)).map(lambda p: (p[0], p[0] + p[1])),
    max_size=8,
)


@st.composite
def limits(draw: st.DrawFn) -> tuple[int, int]:
    """A window of ``window`` days and a maximum below it (90 in 180, 5 in 7, 1 in 2...)."""
    window = draw(st.integers(2, 200))
    return draw(st.integers(1, window - 1)), window


# --- worked examples -----------------------------------------------------------------------


def test_merging_joins_overlapping_stays_and_counts_a_shared_day_once() -> None:
    # 1..10 and 10..12 share day 10: 12 days in all, one interval.
    assert merged([(10, 12), (1, 10)]) == [(1, 12)]
    assert days_in(merged([(10, 12), (1, 10)]), 0, 100) == 12


def test_merging_keeps_apart_stays_with_no_day_in_common() -> None:
    assert merged([(5, 6), (1, 3), (2, 2)]) == [(1, 3), (5, 6)]


def test_days_in_counts_only_the_part_inside_the_window() -> None:
    # Days 1..10 and 21..30 seen through the window 6..25: 5 + 5 days.
    assert days_in([(1, 10), (21, 30)], 6, 25) == 10


def test_with_no_past_stay_the_last_lawful_day_is_the_maximum_less_one_after_entry() -> None:
    # 90 in 180 from day 1000: days 1000..1089 are 90 days.
    assert last_lawful_day([], 1000, 90, 180) == 1089


def test_a_full_window_leaves_no_lawful_day_on_entry() -> None:
    # 90 days on 900..989; entering on 1000 the window 821..1000 already holds 90 + 1.
    assert last_lawful_day([(900, 989)], 1000, 90, 180) == 999


def test_days_leaving_the_window_free_room_one_for_one() -> None:
    # 10 days on 0..9, entry on 170 (window 170-179=-9..170 holds all 10): budget 90-11 = 79
    # paid days would end on 249, but days 0..9 leave the windows ending 180..189 for free,
    # so the stay can run 90 days in a row: 170..259.
    assert last_lawful_day([(0, 9)], 170, 90, 180) == 259
    assert ref_last_lawful_day([(0, 9)], 170, 90, 180) == 259


def test_the_earliest_start_waits_until_enough_old_days_leave_the_window() -> None:
    # 90 days on 0..89: a one-day stay needs the window ending on its day to hold at most 89
    # past days, so day 0 must have left it: first window start 1, first day 1 + 179 = 180.
    assert earliest_start([(0, 89)], 90, 1, 90, 180) == 180
    # A 30-day stay needs 60 past days at most: start after day 29, last day 30 + 179 = 209,
    # first day 209 - 29 = 180 as well (days 0..29 leave while it runs).
    assert earliest_start([(0, 89)], 90, 30, 90, 180) == 180


def test_no_start_fits_a_stay_longer_than_the_maximum() -> None:
    assert earliest_start([], 0, 91, 90, 180) is None


# --- properties against the reference ------------------------------------------------------


@settings(max_examples=300)
@given(raw_intervals)
def test_merged_matches_the_day_by_day_runs(intervals: list[Interval]) -> None:
    result = merged(intervals)
    assert day_set(result) == day_set(intervals)
    # Sorted and disjoint; touching runs may stay apart, which counts the same.
    assert all(a[1] < b[0] for a, b in pairwise(result))
    assert merged(ref_merged(intervals)) == ref_merged(intervals)


def test_cutting_a_history_before_a_day_keeps_the_earlier_part_of_a_stay_on_it() -> None:
    # Left and re-entered on day 30: days 1..29 stay, day 30 goes with the new stay.
    assert before([(1, 30), (40, 50)], 30) == [(1, 29)]


def test_days_under_a_permit_are_taken_out_of_a_stay() -> None:
    # Days 1..100 with a permit on 20..29 and 90..120: 1..19 and 30..89 remain.
    assert without(1, 100, [(20, 29), (90, 120)]) == [(1, 19), (30, 89)]


@settings(max_examples=200)
@given(raw_intervals, st.integers(-10, 350))
def test_before_matches_keeping_the_days_before(intervals: list[Interval], day: int) -> None:
    history = merged(intervals)
    cut = before(history, day)
    assert day_set(cut) == {d for d in day_set(history) if d < day}
    assert cut == merged(cut)


@settings(max_examples=200)
@given(st.integers(0, 300), st.integers(0, 60), raw_intervals)
def test_without_matches_removing_the_covered_days(
    first: int, length: int, covers: list[Interval]
) -> None:
    pieces = without(first, first + length, covers)
    assert day_set(pieces) == set(range(first, first + length + 1)) - day_set(covers)
    assert sum(last - start + 1 for start, last in pieces) == len(day_set(pieces))


@settings(max_examples=300)
@given(raw_intervals, st.integers(-10, 350), st.integers(0, 120))
def test_days_in_matches_counting_day_by_day(
    intervals: list[Interval], start: int, length: int
) -> None:
    history = merged(intervals)
    end = start + length
    assert days_in(history, start, end) == ref_days_in(day_set(history), start, end)


@settings(max_examples=300)
@given(raw_intervals, limits(), st.integers(0, 250))
def test_last_lawful_day_matches_staying_one_day_at_a_time(
    intervals: list[Interval], limit: tuple[int, int], gap: int
) -> None:
    max_days, window = limit
    past = merged(intervals)
    entry = (past[-1][1] + 1 if past else 0) + gap
    expected = ref_last_lawful_day(past, entry, max_days, window)
    assert last_lawful_day(past, entry, max_days, window) == expected


@settings(max_examples=200)
@given(raw_intervals, limits(), st.integers(0, 60), st.integers(1, 60))
def test_earliest_start_matches_trying_each_day_in_turn(
    intervals: list[Interval], limit: tuple[int, int], gap: int, length: int
) -> None:
    max_days, window = limit
    past = merged(intervals)
    not_before = (past[-1][1] + 1 if past else 0) + gap
    expected = ref_earliest_start(past, not_before, length, max_days, window)
    assert earliest_start(past, not_before, length, max_days, window) == expected


@settings(max_examples=200)
@given(raw_intervals, limits(), st.integers(0, 250))
def test_a_stay_to_the_last_lawful_day_is_possible_from_its_entry(
    intervals: list[Interval], limit: tuple[int, int], gap: int
) -> None:
    # The two searches agree: a stay ending on the last lawful day may start on the entry day
    # exactly when it is not empty.
    max_days, window = limit
    past = merged(intervals)
    entry = (past[-1][1] + 1 if past else 0) + gap
    last = last_lawful_day(past, entry, max_days, window)
    if last >= entry:
        assert earliest_start(past, entry, last - entry + 1, max_days, window) == entry
    else:
        assert earliest_start(past, entry, 1, max_days, window) != entry
