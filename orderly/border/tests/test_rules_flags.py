"""Crossing flags: worked examples and properties of the pure rule (no database)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from orderly.border.rules.flags import (
    DOCUMENT_EXPIRED,
    ENTRY_WITHOUT_EXIT,
    EXIT_WITHOUT_ENTRY,
    RECORDED_LATE,
    CrossingFacts,
    crossing_flags,
)

NOON = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


def facts(**changes: object) -> CrossingFacts:
    base = {
        "direction": "entry",
        "admitted": True,
        "occurred_at": NOON,
        "recorded_at": NOON,
        "local_day": date(2026, 5, 1),
        "document_expiry": date(2030, 1, 1),
        "previous_admitted_direction": None,
    }
    base.update(changes)
    return CrossingFacts(**base)  # type: ignore[arg-type]


def test_a_first_entry_raises_no_flag() -> None:
    assert crossing_flags(facts()) == []


def test_an_exit_with_no_entry_before_it_is_flagged() -> None:
    assert crossing_flags(facts(direction="exit")) == [EXIT_WITHOUT_ENTRY]


def test_two_exits_in_a_row_flag_the_second() -> None:
    assert crossing_flags(facts(direction="exit", previous_admitted_direction="exit")) == [
        EXIT_WITHOUT_ENTRY
    ]


def test_an_entry_while_already_inside_is_flagged() -> None:
    assert crossing_flags(facts(previous_admitted_direction="entry")) == [ENTRY_WITHOUT_EXIT]


def test_a_refused_entry_says_nothing_about_presence() -> None:
    assert crossing_flags(facts(admitted=False, previous_admitted_direction="entry")) == []


def test_a_document_is_valid_through_its_expiry_day_in_the_ports_calendar() -> None:
    assert crossing_flags(facts(local_day=date(2030, 1, 1), document_expiry=date(2030, 1, 1))) == []
    assert crossing_flags(facts(local_day=date(2030, 1, 2), document_expiry=date(2030, 1, 1))) == [
        DOCUMENT_EXPIRED
    ]


def test_a_crossing_synced_four_days_late_is_flagged_as_late() -> None:
    assert crossing_flags(facts(recorded_at=NOON + timedelta(days=4))) == [RECORDED_LATE]


@given(
    direction=st.sampled_from(["entry", "exit"]),
    admitted=st.booleans(),
    previous=st.sampled_from([None, "entry", "exit"]),
    delay_hours=st.integers(min_value=0, max_value=200),
)
def test_presence_flags_follow_only_from_the_previous_admitted_crossing(
    direction: str, admitted: bool, previous: str | None, delay_hours: int
) -> None:
    flags = crossing_flags(
        facts(
            direction=direction,
            admitted=admitted,
            previous_admitted_direction=previous,
            recorded_at=NOON + timedelta(hours=delay_hours),
        )
    )
    assert (EXIT_WITHOUT_ENTRY in flags) == (
        admitted and direction == "exit" and previous != "entry"
    )
    assert (ENTRY_WITHOUT_EXIT in flags) == (
        admitted and direction == "entry" and previous == "entry"
    )
    assert (RECORDED_LATE in flags) == (delay_hours > 72)
    assert len(flags) == len(set(flags))
