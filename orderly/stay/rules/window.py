"""Rolling windows: "at most X days in any Y-day period", on day intervals.

Days are ordinals (``date.toordinal()``) and a history is a sorted list of disjoint inclusive
intervals, so every function here is one pass over the stays, never a loop over days.

Both searches rest on one fact. Stay in the country for k days in a row starting on day e: the
days counted in the window ending on day k of the stay are P(e + k - Y) + k, where P(s) is
the number of earlier days on or after s. Moving one day on adds the new day and drops the
window's oldest day, which was an earlier day of presence or not: the count never goes down.
So the last lawful day is where the count first passes X, and a trip of n days is possible from
day d when its last day passes, which is one walk over the intervals each.
"""

from __future__ import annotations

Interval = tuple[int, int]  # first and last day, inclusive


def merged(intervals: list[Interval]) -> list[Interval]:
    """``intervals`` sorted, with overlapping ones joined (a day is counted once)."""
    result: list[Interval] = []
    for first, last in sorted(intervals):
        if result and first <= result[-1][1]:
            if last > result[-1][1]:
                result[-1] = (result[-1][0], last)
        else:
            result.append((first, last))
    return result


def before(intervals: list[Interval], day: int) -> list[Interval]:
    """The part of ``intervals`` before ``day``. A stay left and re-entered on one day shares
    that day with the new stay: it is cut off, not dropped with the days before it."""
    return [(first, min(last, day - 1)) for first, last in intervals if first < day]


def without(first: int, last: int, covers: list[Interval]) -> list[Interval]:
    """``first``..``last`` minus every interval in ``covers``."""
    pieces = [(first, last)] if first <= last else []
    for cover_first, cover_last in covers:
        next_pieces: list[Interval] = []
        for a, b in pieces:
            if cover_last < a or cover_first > b:
                next_pieces.append((a, b))
                continue
            if a < cover_first:
                next_pieces.append((a, cover_first - 1))
            if cover_last < b:
                next_pieces.append((cover_last + 1, b))
        pieces = next_pieces
    return pieces


def days_in(intervals: list[Interval], start: int, end: int) -> int:
    """How many days of ``intervals`` fall within ``start``..``end``."""
    total = 0
    for first, last in intervals:
        if last < start:
            continue
        if first > end:
            break
        total += min(last, end) - max(first, start) + 1
    return total


def last_lawful_day(past: list[Interval], entry: int, max_days: int, window: int) -> int:
    """The last day of a stay entered on ``entry`` that keeps every window within ``max_days``.

    ``past`` holds the earlier counted days (all before ``entry``). Returns ``entry - 1`` when
    even the entry day is over the limit.
    """
    budget = max_days - (days_in(past, entry + 1 - window, entry - 1) + 1)
    if budget < 0:
        return entry - 1
    steps, day = 0, entry + 1 - window  # ``day``: the next day to leave the window
    for first, last in past:
        if last < day:
            continue
        gap = max(first, day) - day  # days outside earlier stays: each costs one
        if gap > budget:
            return entry + steps + budget
        budget -= gap
        steps += gap + last - max(first, day) + 1  # earlier days leaving the window: free
        day = last + 1
    return entry + steps + budget


def earliest_start(past: list[Interval], not_before: int, days: int, max_days: int,
                   window: int) -> int | None:  # fmt: skip
    """The first day from ``not_before`` on that a stay of ``days`` days may begin.

    ``past`` holds the counted days before ``not_before``. None when ``days`` exceeds the
    maximum itself.
    """
    if days > max_days:
        return None
    allowed, total = max_days - days, 0
    # The smallest window start s with at most ``allowed`` earlier days on or after s.
    start: int | None = None
    for first, last in reversed(past):
        length = last - first + 1
        if total + length > allowed:
            start = last + 1 - (allowed - total)
            break
        total += length
    if start is None:
        return not_before
    return max(not_before, start - days + window)
