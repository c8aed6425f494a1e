"""Disclosure control: what a published table may show, and that nothing hidden can be recovered.

Whether a hidden number can be recovered is checked here without the rule's own arithmetic: for
each suppressed number, a linear program finds the least and the greatest value it could take in
any table of non-negative numbers that agrees with everything published and adds up.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from orderly.stats.rules.disclosure import CountTable, Position, Published, protect

cell, row_total, column_total = Position.cell, Position.row_total, Position.column_total
GRAND = Position.grand_total()


def table(*rows: tuple[int, ...]) -> CountTable:
    """A table with rows r0, r1, ... and columns c0, c1, ..."""
    return CountTable(
        row_labels=tuple(f"r{r}" for r in range(len(rows))),
        column_labels=tuple(f"c{c}" for c in range(len(rows[0]))),
        counts=rows,
    )


def every_position(rows: int, columns: int) -> list[Position]:
    cells = [cell(r, c) for r in range(rows) for c in range(columns)]
    totals = [row_total(r) for r in range(rows)] + [column_total(c) for c in range(columns)]
    return [*cells, *totals, GRAND]


def shown(published: Published, position: Position) -> int | None:
    """Read a published number straight from the fields a reader sees."""
    if position.is_grand_total:
        return published.grand_total
    if position.row is None:
        return published.column_totals[position.column or 0]
    if position.column is None:
        return published.row_totals[position.row]
    return published.cells[position.row][position.column]


def true_value(source: CountTable, position: Position) -> int:
    rows = range(len(source.row_labels)) if position.row is None else [position.row]
    columns = range(len(source.column_labels)) if position.column is None else [position.column]
    return sum(source.counts[r][c] for r in rows for c in columns)


def suppressed(published: Published) -> list[Position]:
    rows, columns = len(published.row_labels), len(published.column_labels)
    return [p for p in every_position(rows, columns) if shown(published, p) is None]


def equations(rows: int, columns: int) -> list[dict[Position, int]]:
    """What any table adds up to: rows, columns, and both sets of totals to the grand total."""
    found = [{**{cell(r, c): 1 for c in range(columns)}, row_total(r): -1} for r in range(rows)]
    found += [{**{cell(r, c): 1 for r in range(rows)}, column_total(c): -1} for c in range(columns)]
    found.append({**{row_total(r): 1 for r in range(rows)}, GRAND: -1})
    found.append({**{column_total(c): 1 for c in range(columns)}, GRAND: -1})
    return found


def possible_range(published: Published, hidden: Position) -> tuple[float, float]:
    """The least and greatest value ``hidden`` takes over every non-negative table agreeing
    with what is published (the greatest may be infinite when the grand total is hidden)."""
    rows, columns = len(published.row_labels), len(published.column_labels)
    positions = every_position(rows, columns)
    index = {p: i for i, p in enumerate(positions)}
    a_eq = np.zeros((len(equations(rows, columns)), len(positions)))
    for i, equation in enumerate(equations(rows, columns)):
        for position, coefficient in equation.items():
            a_eq[i, index[position]] = coefficient
    bounds = [(v, v) if (v := shown(published, p)) is not None else (0, None) for p in positions]
    goal = np.zeros(len(positions))
    goal[index[hidden]] = 1
    least = linprog(goal, A_eq=a_eq, b_eq=np.zeros(len(a_eq)), bounds=bounds, method="highs")
    most = linprog(-goal, A_eq=a_eq, b_eq=np.zeros(len(a_eq)), bounds=bounds, method="highs")
    assert least.status == 0, "what is published must itself be consistent"
    return least.fun, (math.inf if most.status == 3 else -most.fun)


def assert_nothing_hidden_can_be_recovered(published: Published) -> None:
    # With the signs of the column equations and of the column totals' equation flipped, each
    # number sits in exactly two equations, once added and once taken away: a network matrix,
    # so the bounds found are whole numbers and "can take two values" means a range of at
    # least 1, well clear of floating-point noise.
    for hidden in suppressed(published):
        least, most = possible_range(published, hidden)
        assert most - least > 0.5, f"{hidden} is pinned to {least}"


def test_the_recovery_check_catches_a_table_that_hides_only_its_small_cell() -> None:
    # Without this, a check that never fails would let every property below pass.
    full = protect(table((3, 40), (20, 60)), threshold=1)
    naive = replace(full, cells=((None, 40), (20, 60)))
    with pytest.raises(AssertionError, match="is pinned to 3"):
        assert_nothing_hidden_can_be_recovered(naive)


def test_a_table_with_no_small_numbers_is_published_in_full() -> None:
    published = protect(table((25, 40), (60, 12)))
    assert published.cells == ((25, 40), (60, 12))
    assert published.row_totals == (65, 72)
    assert published.column_totals == (85, 52)
    assert published.grand_total == 137
    assert published.primary == published.secondary == frozenset()


def test_a_single_small_cell_is_hidden_in_a_rectangle_of_four_leaving_the_totals() -> None:
    published = protect(table((3, 40, 50), (20, 60, 70), (25, 80, 90)))
    assert published.primary == {cell(0, 0)}
    assert published.secondary == {cell(0, 1), cell(1, 0), cell(1, 1)}
    assert published.cells == ((None, None, 50), (None, None, 70), (25, 80, 90))
    assert published.row_totals == (93, 150, 195)
    assert published.column_totals == (48, 180, 210)
    assert published.grand_total == 438
    assert_nothing_hidden_can_be_recovered(published)


def test_a_small_row_total_is_hidden_with_its_cells_and_protected_by_another_row() -> None:
    published = protect(table((2, 3, 0), (40, 50, 60), (70, 80, 90)))
    assert published.primary == {cell(0, 0), cell(0, 1), row_total(0)}
    assert published.secondary == {cell(1, 0), cell(1, 1), row_total(1)}
    assert published.row_totals == (None, None, 240)
    assert published.grand_total == 395
    assert_nothing_hidden_can_be_recovered(published)


def test_a_one_column_table_publishes_each_row_total_as_its_cell() -> None:
    published = protect(table((3,), (50,), (60,)))
    assert published.cells == ((None,), (None,), (60,))
    assert published.row_totals == (None, None, 60)
    assert published.column_totals == (113,)
    assert published.grand_total == 113
    assert published.primary == {cell(0, 0), row_total(0)}
    assert published.secondary == {cell(1, 0), row_total(1)}
    assert_nothing_hidden_can_be_recovered(published)


def test_a_one_row_table_publishes_each_column_total_as_its_cell() -> None:
    published = protect(table((4, 30, 45)))
    assert published.cells == ((None, None, 45),)
    assert published.column_totals == (None, None, 45)
    assert published.row_totals == (79,)
    assert published.grand_total == 79
    assert_nothing_hidden_can_be_recovered(published)


def test_zeros_are_published_and_never_suppressed() -> None:
    published = protect(table((0, 4, 30), (0, 25, 40)))
    assert published.cells == ((0, None, None), (0, None, None))
    assert published.column_totals == (0, 29, 70)
    assert published.primary == {cell(0, 1)}
    assert_nothing_hidden_can_be_recovered(published)


def test_a_lone_small_number_in_an_empty_row_and_column_is_protected_through_the_totals() -> None:
    published = protect(table((3, 0, 0), (0, 40, 50), (0, 60, 70)))
    assert published.primary == {cell(0, 0), row_total(0), column_total(0)}
    # The column totals equation needs a partner for the small column total: another column
    # total. Around it, cells and row totals are hidden rather than more column totals.
    assert published.secondary == {
        cell(1, 1),
        cell(1, 2),
        row_total(1),
        cell(2, 1),
        cell(2, 2),
        column_total(1),
    }
    assert published.grand_total == 223
    assert_nothing_hidden_can_be_recovered(published)


@pytest.mark.parametrize(
    "rows",
    [
        # A first pass leaves numbers pinned by the equations of their neighbours.
        ((5, 1, 0), (54, 9, 6), (3, 32, 0)),
        # Nothing is left to suppress beside a pinned number, so protection is found further away.
        ((9, 10, 10), (0, 8, 0), (0, 4, 3)),
    ],
)
def test_a_number_the_first_pass_leaves_pinned_is_protected_further(
    rows: tuple[tuple[int, ...], ...],
) -> None:
    assert_nothing_hidden_can_be_recovered(protect(table(*rows)))


def test_a_table_of_only_small_numbers_hides_everything_but_its_zeros() -> None:
    published = protect(table((3, 4), (2, 0)))
    assert published.cells == ((None, None), (None, 0))
    assert published.row_totals == published.column_totals == (None, None)
    assert published.grand_total is None
    assert published.secondary == frozenset()


def test_a_single_small_number_is_hidden_everywhere_it_appears() -> None:
    published = protect(table((3,)))
    assert published.cells == ((None,),)
    assert published.grand_total is None
    assert published.primary == {cell(0, 0), row_total(0), column_total(0), GRAND}


def test_the_threshold_decides_what_is_small() -> None:
    assert protect(table((3, 40), (20, 60)), threshold=3).primary == frozenset()
    assert protect(table((3, 40), (20, 60)), threshold=4).primary == {cell(0, 0)}


def test_rounding_rounds_every_published_number_halves_up() -> None:
    published = protect(table((12, 23, 37), (48, 52, 103)), rounding=5)
    assert published.cells == ((10, 25, 35), (50, 50, 105))
    assert published.row_totals == (70, 205)
    assert published.column_totals == (60, 75, 140)
    assert published.grand_total == 275
    assert published.rounding == 5


def test_rounding_comes_after_suppression_decided_on_the_true_counts() -> None:
    # 8 would round to 10, which is not below the threshold, yet it is hidden all the same.
    published = protect(table((8, 30), (22, 60)), rounding=5)
    assert published.primary == {cell(0, 0)}
    assert published.cells == ((None, None), (None, None))
    assert published.row_totals == (40, 80)
    assert published.column_totals == (30, 90)
    assert published.grand_total == 120


@pytest.mark.parametrize(
    ("labels", "counts", "says"),
    [
        ((("a",), ("x", "y")), ((1, 2), (3, 4)), "counts has 2 rows but there are 1 row labels"),
        ((("a",), ("x", "y")), ((1,),), "row 'a' has 1 counts but there are 2 column labels"),
        ((("a",), ("x",)), ((-1,),), "row 'a', column 'x' is -1"),
        ((("a",), ("x",)), ((True,),), "row 'a', column 'x' is True"),
        ((("a",), ("x",)), ((2.0,),), "row 'a', column 'x' is 2.0"),
        ((("a", "a"), ("x",)), ((1,), (2,)), "the row label 'a' appears more than once"),
        ((("a",), ("x", "x")), ((1, 2),), "the column label 'x' appears more than once"),
        (((), ("x",)), (), "at least one row label"),
    ],
)
def test_a_malformed_table_is_refused_naming_what_is_wrong(
    labels: tuple[tuple[str, ...], tuple[str, ...]], counts: tuple[tuple[int, ...], ...], says: str
) -> None:
    with pytest.raises(ValueError, match=says):
        CountTable(labels[0], labels[1], counts)


@pytest.mark.parametrize(
    ("threshold", "rounding", "says"),
    [
        (0, None, "threshold must be an integer of at least 1"),
        (10, 1, "rounding must be an integer of at least 2"),
        (10, 0, "rounding must be an integer of at least 2"),
    ],
)
def test_a_threshold_below_one_or_rounding_below_two_is_refused(
    threshold: int, rounding: int | None, says: str
) -> None:
    with pytest.raises(ValueError, match=says):
        protect(table((1,)), threshold=threshold, rounding=rounding)


ADVERSARIAL_TABLE = ((5, 1, 0, 12), (54, 9, 6, 0), (3, 32, 0, 7), (0, 11, 4, 200))

_PRINT_IN_ANOTHER_PROCESS = """
import json
from orderly.stats.rules.disclosure import CountTable, protect
rows = {rows!r}
t = CountTable(tuple(f"r{{i}}" for i in range(len(rows))), ("a", "b", "c", "d"), rows)
p = protect(t)
key = lambda q: q.sort_key
print(json.dumps([p.cells, p.row_totals, p.column_totals, p.grand_total,
                  [q.sort_key for q in sorted(p.primary, key=key)],
                  [q.sort_key for q in sorted(p.secondary, key=key)]]))
"""


def test_the_same_table_gives_the_same_result_in_another_process() -> None:
    # Hashes of positions may differ between processes; the result must not depend on them.
    outputs = set()
    for seed in ("0", "1", "2"):
        completed = subprocess.run(
            [sys.executable, "-c", _PRINT_IN_ANOTHER_PROCESS.format(rows=ADVERSARIAL_TABLE)],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            cwd=Path(__file__).resolve().parents[3],
        )
        outputs.add(completed.stdout)
    assert len(outputs) == 1
    assert json.loads(outputs.pop())[3] is not None


def counts_mostly_small() -> st.SearchStrategy[int]:
    """Mostly numbers around the threshold, many zeros, now and then a large one."""
    return st.integers(0, 9).flatmap(
        lambda pick: (
            st.integers(13, 500) if pick == 0 else st.just(0) if pick == 1 else st.integers(0, 12)
        )
    )


@st.composite
def adversarial_tables(draw: st.DrawFn) -> CountTable:
    rows, columns = draw(st.integers(1, 6)), draw(st.integers(1, 5))
    row = st.tuples(*[counts_mostly_small()] * columns)
    return table(*draw(st.lists(row, min_size=rows, max_size=rows)))


thresholds = st.one_of(st.just(10), st.integers(1, 15))


@settings(max_examples=150, deadline=None)
@given(adversarial_tables(), thresholds)
def test_every_number_below_the_threshold_and_above_zero_is_suppressed(
    source: CountTable, threshold: int
) -> None:
    published = protect(source, threshold=threshold)
    rows, columns = len(source.row_labels), len(source.column_labels)
    small = {p for p in every_position(rows, columns) if 1 <= true_value(source, p) < threshold}
    assert published.primary == small
    assert all(shown(published, p) is None for p in small)


@settings(max_examples=120, deadline=None)
@given(adversarial_tables(), thresholds)
def test_no_suppressed_number_can_be_recovered_from_what_is_published(
    source: CountTable, threshold: int
) -> None:
    assert_nothing_hidden_can_be_recovered(protect(source, threshold=threshold))


@settings(max_examples=150, deadline=None)
@given(adversarial_tables(), thresholds)
def test_what_is_published_is_true_and_only_the_listed_positions_are_hidden(
    source: CountTable, threshold: int
) -> None:
    published = protect(source, threshold=threshold)
    rows, columns = len(source.row_labels), len(source.column_labels)
    assert not published.primary & published.secondary
    for position in every_position(rows, columns):
        hidden = position in published.primary | published.secondary
        expected = None if hidden else true_value(source, position)
        assert shown(published, position) == expected
        assert not (hidden and true_value(source, position) == 0), "zeros are never hidden"


@settings(max_examples=80, deadline=None)
@given(adversarial_tables(), thresholds, st.integers(2, 10))
def test_rounding_changes_the_numbers_but_not_what_is_hidden(
    source: CountTable, threshold: int, base: int
) -> None:
    exact = protect(source, threshold=threshold)
    rounded = protect(source, threshold=threshold, rounding=base)
    assert (rounded.primary, rounded.secondary) == (exact.primary, exact.secondary)
    rows, columns = len(source.row_labels), len(source.column_labels)
    for position in every_position(rows, columns):
        value, published = shown(exact, position), shown(rounded, position)
        if value is None:
            assert published is None
            continue
        assert published is not None
        assert abs(published - value) * 2 <= base
        assert published == base * round_half_up(value, base)


def round_half_up(value: int, base: int) -> int:
    """How many ``base``s ``value`` is nearest to, counting a half as the next one up."""
    below, rest = divmod(value, base)
    return below + (1 if 2 * rest >= base else 0)


@settings(max_examples=80, deadline=None)
@given(adversarial_tables(), thresholds)
def test_the_same_table_always_gives_the_same_result(source: CountTable, threshold: int) -> None:
    copy = CountTable(source.row_labels, source.column_labels, tuple(map(tuple, source.counts)))
    assert protect(source, threshold=threshold) == protect(copy, threshold=threshold)


SMALLISH = st.integers(min_value=0, max_value=14)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 3), st.integers(0, 4), st.integers(0, 1), SMALLISH),
        min_size=1,
        max_size=25,
    )
)
def test_two_tables_cutting_the_same_counts_by_other_rows_show_the_same_shared_totals(
    records: list[tuple[int, int, int, int]],
) -> None:
    # The same crossings counted by month and by nationality (rows), against direction
    # (columns): whatever one table shows of the direction totals and the grand total, the
    # other shows too, so neither fills in a gap the other left.
    def cut(by: int) -> Published:
        labels = sorted({r[by] for r in records})
        counts = [[0, 0] for _ in labels]
        for record in records:
            counts[labels.index(record[by])][record[2]] += record[3]
        names = tuple(str(label) for label in labels)
        return protect(CountTable(names, ("entry", "exit"), tuple(map(tuple, counts))))

    if sum(r[3] for r in records) == 0:
        return
    by_month, by_nationality = cut(0), cut(1)
    assert by_month.column_totals == by_nationality.column_totals
    assert by_month.grand_total == by_nationality.grand_total
