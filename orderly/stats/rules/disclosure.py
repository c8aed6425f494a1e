"""Statistical disclosure control for published tables of counts.

The method, as cited under every published table:

1. **Threshold rule (primary suppression).** A table publishes its cells, the total of each row,
   the total of each column and the grand total. Any of these with a value of at least 1 and
   below the threshold *k* (10 unless stated) is suppressed. Zero is published: "nobody" tells
   nothing about anybody.
2. **Secondary suppression.** The published numbers obey linear equations: the cells of a row
   add up to the row total, the cells of a column to the column total, and the row totals and
   the column totals each add up to the grand total. Further non-zero numbers are suppressed
   until none of the suppressed numbers can be worked out from what is published:

   a. every equation holds either no suppressed number or at least two; where one holds
      exactly one, another non-zero published number of that equation is suppressed too,
      chosen in this order of preference: a cell, then a row total, then a column total, and
      the grand total only if nothing else is left (tables that cut the same counts by other
      rows share their column totals and grand total, so one hidden in one table but shown in
      another would give away what it hides); one that also gives a second suppression to
      another equation holding only one; the smallest; the first in reading order (each row's
      cells, then its total; the column totals and the grand total last);
   b. the equations are then solved exactly (rational arithmetic) for the suppressed numbers;
      where some have a single solution, one more number is suppressed: from the equations
      of the first of them (in reading order) that still has a non-zero published number in
      its equations, by the same preference, or failing that any non-zero published number;
      then steps a and b repeat.

   It stops when every suppressed number can move while all the equations still hold. As every
   suppressed number is at least 1, a small enough move keeps all of them non-negative, so each
   one is consistent with more than one table of counts. Zeros are never suppressed, and the
   process always ends: with every non-zero number suppressed, the equations are satisfied by
   any multiple of the true table, so nothing can be worked out.
3. **Rounding (optional).** After suppression, each published number is rounded to the nearest
   multiple of the rounding base, halves rounded up. Suppression is decided on the true counts;
   rounded totals are rounded on their own, so they may differ from the sum of the rounded cells.

Where a table has a single column, each row total *is* its cell, and the column total *is* the
grand total; they are treated as one number published twice, never as two that could disagree
(the same for a single row). Choices between equal candidates are broken by position, so the
same table always gives the same result.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from operator import attrgetter

DEFAULT_THRESHOLD = 10
_BY_POSITION = attrgetter("sort_key")


@dataclass(frozen=True)
class Position:
    """Where a published number sits: a cell, a row or column total, or the grand total.

    ``row`` and ``column`` index the table's labels; ``None`` marks the total over that
    dimension. ``Position(2, None)`` is the total of row 2, ``Position(None, 0)`` the total of
    column 0, and ``Position(None, None)`` the grand total. The class methods name each kind.
    """

    row: int | None
    column: int | None

    @classmethod
    def cell(cls, row: int, column: int) -> Position:
        return cls(row, column)

    @classmethod
    def row_total(cls, row: int) -> Position:
        return cls(row, None)

    @classmethod
    def column_total(cls, column: int) -> Position:
        return cls(None, column)

    @classmethod
    def grand_total(cls) -> Position:
        return cls(None, None)

    @property
    def is_cell(self) -> bool:
        return self.row is not None and self.column is not None

    @property
    def is_grand_total(self) -> bool:
        return self.row is None and self.column is None

    @property
    def sort_key(self) -> tuple[bool, int, bool, int]:
        """Cells in reading order, each row total after its row, column totals, then the grand."""
        return (self.row is None, self.row or 0, self.column is None, self.column or 0)


@dataclass(frozen=True)
class CountTable:
    """A two-way table of non-negative integer counts; a one-way table has one column."""

    row_labels: tuple[str, ...]
    column_labels: tuple[str, ...]
    counts: tuple[tuple[int, ...], ...]  # counts[row][column]

    def __post_init__(self) -> None:
        _require_labels("row", self.row_labels)
        _require_labels("column", self.column_labels)
        if len(self.counts) != len(self.row_labels):
            rows, labels = len(self.counts), len(self.row_labels)
            raise ValueError(f"counts has {rows} rows but there are {labels} row labels")
        for label, row in zip(self.row_labels, self.counts, strict=True):
            _require_counts(label, row, self.column_labels)

    def value(self, position: Position) -> int:
        """The true number at a position: a count, or the sum it totals."""
        rows = self.counts if position.row is None else (self.counts[position.row],)
        if position.column is None:
            return sum(sum(row) for row in rows)
        return sum(row[position.column] for row in rows)


def _require_labels(kind: str, labels: tuple[str, ...]) -> None:
    """A table needs at least one label each way, and no label twice (it names a row in print)."""
    if not labels:
        raise ValueError(f"a table needs at least one {kind} label")
    seen: set[str] = set()
    for label in labels:
        if label in seen:
            raise ValueError(f"the {kind} label {label!r} appears more than once")
        seen.add(label)


def _require_counts(label: str, row: tuple[int, ...], columns: tuple[str, ...]) -> None:
    """Each row has one count per column label, each an integer of at least zero."""
    if len(row) != len(columns):
        raise ValueError(
            f"row {label!r} has {len(row)} counts but there are {len(columns)} column labels"
        )
    for column, count in zip(columns, row, strict=True):
        # bool is an int in Python, but True in a table of counts is a mistake, not a 1.
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise ValueError(
                f"the count at row {label!r}, column {column!r} is {count!r}: "
                "counts must be integers of at least 0"
            )


@dataclass(frozen=True)
class Published:
    """A table as it may be published: ``None`` wherever a number is suppressed.

    ``primary`` holds the positions suppressed for being below the threshold, ``secondary``
    those suppressed to protect them. A number published twice (a one-column table's row totals
    are its cells) is listed under every position it appears at.
    """

    row_labels: tuple[str, ...]
    column_labels: tuple[str, ...]
    cells: tuple[tuple[int | None, ...], ...]
    row_totals: tuple[int | None, ...]
    column_totals: tuple[int | None, ...]
    grand_total: int | None
    primary: frozenset[Position]
    secondary: frozenset[Position]
    threshold: int
    rounding: int | None

    def value(self, position: Position) -> int | None:
        """The published number at a position, ``None`` if suppressed."""
        match position.row, position.column:
            case int() as row, int() as column:
                return self.cells[row][column]
            case int() as row, None:
                return self.row_totals[row]
            case None, int() as column:
                return self.column_totals[column]
        return self.grand_total


def protect(
    table: CountTable, *, threshold: int = DEFAULT_THRESHOLD, rounding: int | None = None
) -> Published:
    """Apply the threshold rule, secondary suppression and optional rounding to a table.

    Every number from 1 to ``threshold - 1`` is suppressed, then as few others as the heuristic
    finds so that no suppressed number can be worked out from the rest (see the module's
    description of the method); with ``rounding``, what is published is rounded to multiples
    of it, halves up.
    """
    _require_parameters(threshold, rounding)
    layout = _Layout.of(table)
    primary = {p for p, value in layout.values.items() if 1 <= value < threshold}
    suppressed = _suppress_until_safe(layout, primary)
    return _publish(table, layout, primary, suppressed, threshold, rounding)


def _require_parameters(threshold: int, rounding: int | None) -> None:
    """A threshold of 1 suppresses nothing; rounding to 1 (or less) would be no rounding."""
    if isinstance(threshold, bool) or not isinstance(threshold, int) or threshold < 1:
        raise ValueError(f"the threshold must be an integer of at least 1, not {threshold!r}")
    if rounding is None:
        return
    if isinstance(rounding, bool) or not isinstance(rounding, int) or rounding < 2:
        raise ValueError(f"rounding must be an integer of at least 2, not {rounding!r}")


Equation = Mapping[Position, int]


@dataclass(frozen=True)
class _Layout:
    """The distinct published numbers of a table and the equations that bind them.

    ``aliases`` maps every published position to the one that stands for its number, so a
    number published twice is decided once.
    """

    aliases: Mapping[Position, Position]
    values: Mapping[Position, int]
    equations: tuple[Equation, ...]

    @classmethod
    def of(cls, table: CountTable) -> _Layout:
        rows, columns = len(table.row_labels), len(table.column_labels)
        aliases = {p: _alias(p, rows, columns) for p in _positions(rows, columns)}
        values = {p: table.value(p) for p in sorted(set(aliases.values()), key=_BY_POSITION)}
        return cls(aliases, values, _equations(aliases, rows, columns))

    def equations_with(self, position: Position) -> list[Equation]:
        return [equation for equation in self.equations if position in equation]


def _positions(rows: int, columns: int) -> list[Position]:
    """Every published position: cells in reading order, then the totals."""
    cells = [Position.cell(r, c) for r in range(rows) for c in range(columns)]
    row_totals = [Position.row_total(r) for r in range(rows)]
    column_totals = [Position.column_total(c) for c in range(columns)]
    return [*cells, *row_totals, *column_totals, Position.grand_total()]


def _alias(position: Position, rows: int, columns: int) -> Position:
    """The position standing for this number: with one column a row total is its cell, etc."""
    row = 0 if position.row is None and rows == 1 else position.row
    column = 0 if position.column is None and columns == 1 else position.column
    return Position(row, column)


def _equations(aliases: Mapping[Position, Position], rows: int, cols: int) -> tuple[Equation, ...]:
    """Each published sum as an equation over aliases: its parts minus its total is zero.

    An equation between a number and itself (a one-column row) vanishes; one written twice
    (the column and the row totals of a one-column table) is kept once.
    """
    kept: list[Equation] = []
    for parts, total in _sums(rows, cols):
        equation = _merge(aliases, [*((part, 1) for part in parts), (total, -1)])
        if equation and equation not in kept:
            kept.append(equation)
    return tuple(kept)


def _sums(rows: int, cols: int) -> list[tuple[list[Position], Position]]:
    """Every sum a table publishes, as its parts and the total they add up to."""
    cell, grand = Position.cell, Position.grand_total()
    sums = [([cell(r, c) for c in range(cols)], Position.row_total(r)) for r in range(rows)]
    sums += [([cell(r, c) for r in range(rows)], Position.column_total(c)) for c in range(cols)]
    sums.append(([Position.row_total(r) for r in range(rows)], grand))
    sums.append(([Position.column_total(c) for c in range(cols)], grand))
    return sums


def _merge(aliases: Mapping[Position, Position], terms: Iterable[tuple[Position, int]]) -> Equation:
    """Add up the coefficients of positions that are the same number, dropping those that cancel."""
    merged: dict[Position, int] = {}
    for position, coefficient in terms:
        alias = aliases[position]
        merged[alias] = merged.get(alias, 0) + coefficient
    return {p: merged[p] for p in sorted(merged, key=_BY_POSITION) if merged[p]}


def _suppress_until_safe(layout: _Layout, primary: set[Position]) -> set[Position]:
    """Steps 2a and 2b of the method, repeated until no suppressed number is determined."""
    suppressed = set(primary)
    while True:
        _give_every_equation_a_partner(layout, suppressed)
        determined = _determined(layout.equations, suppressed)
        if not determined:
            return suppressed
        suppressed.add(_partner_for_determined(layout, suppressed, determined))


def _give_every_equation_a_partner(layout: _Layout, suppressed: set[Position]) -> None:
    """Until no equation holds exactly one suppressed number, add the best partner to one."""
    while lonely := _lonely_equations(layout.equations, suppressed):
        # An equation with one suppressed number x > 0 always has another non-zero member:
        # were the others all zero, the equation would make x zero too.
        candidates = _candidates(lonely[0], layout.values, suppressed)
        best = min(candidates, key=lambda p: _preference(p, layout, suppressed, lonely[1:]))
        suppressed.add(best)


def _lonely_equations(equations: Iterable[Equation], suppressed: set[Position]) -> list[Equation]:
    return [e for e in equations if sum(1 for p in e if p in suppressed) == 1]


def _candidates(
    equation: Equation, values: Mapping[Position, int], suppressed: set[Position]
) -> list[Position]:
    """Members of an equation that may still be suppressed: published and non-zero."""
    return [p for p in equation if p not in suppressed and values[p] > 0]


def _preference(
    position: Position, layout: _Layout, suppressed: set[Position], lonely: Iterable[Equation]
) -> tuple[bool, bool, bool, bool, bool, int, tuple[bool, int, bool, int]]:
    """Lower is better: a cell, then a row total, then a column total, the grand total last,
    a cell whose hiding would force a column total to be hidden after the others; then one
    that also partners another lonely equation; the smallest value; the earliest position."""
    # Column totals and the grand total come last: tables that cut the same counts by other
    # rows (nationality, port, month) share them, so one hidden here but shown in another table
    # would give away what it was hiding. Unless small themselves, they are hidden only when
    # nothing else is left.
    if _shared(position):
        # Chosen by value and place alone, never by the rows around it: every table sharing
        # these totals then hides the same one of them, and none fills in another's gap.
        return (position.is_grand_total, True, False, True, False, layout.values[position],
                position.sort_key)  # fmt: skip
    partners_another = any(position in equation for equation in lonely)
    return (
        position.is_grand_total,
        False,
        _forces_shared(position, layout, suppressed),
        not position.is_cell,
        not partners_another,
        layout.values[position],
        position.sort_key,
    )


def _shared(position: Position) -> bool:
    """A column total or the grand total: what tables cutting the same counts share."""
    return position.row is None


def _forces_shared(position: Position, layout: _Layout, suppressed: set[Position]) -> bool:
    """Whether hiding ``position`` would leave one of its equations with nothing else to hide
    but a column total or the grand total."""
    hidden = suppressed | {position}
    for equation in layout.equations_with(position):
        if sum(1 for p in equation if p in hidden) != 1:
            continue
        others = _candidates(equation, layout.values, hidden)
        if others and all(_shared(p) for p in others):
            return True
    return False


def _partner_for_determined(
    layout: _Layout, suppressed: set[Position], determined: list[Position]
) -> Position:
    """The best candidate in an equation of the first determined number that has one.

    If none of their equations has a candidate left, any published non-zero number will do:
    suppressing more can only widen what the suppressed numbers could be. There is always one,
    because with every non-zero number suppressed nothing is determined.
    """
    for position in determined:
        equations = layout.equations_with(position)
        candidates = [p for e in equations for p in _candidates(e, layout.values, suppressed)]
        if candidates:
            return min(candidates, key=lambda p: _preference(p, layout, suppressed, ()))
    remaining = [p for p, value in layout.values.items() if p not in suppressed and value > 0]
    return min(remaining, key=lambda p: _preference(p, layout, suppressed, ()))


def _determined(equations: Iterable[Equation], suppressed: set[Position]) -> list[Position]:
    """The suppressed numbers that the equations fix to a single value, in position order.

    With the published numbers moved to the right-hand side, the equations over the suppressed
    ones reduce (exact Gauss-Jordan elimination) to one row per pivot. A number is fixed exactly
    when it is a pivot whose row has no other entry; every other suppressed number has a
    direction of the solution space along which it moves.
    """
    unknowns = sorted(suppressed, key=_BY_POSITION)
    matrix = [[Fraction(equation.get(p, 0)) for p in unknowns] for equation in equations]
    fixed = []
    for row, column in _reduce(matrix, len(unknowns)):
        if all(value == 0 for j, value in enumerate(matrix[row]) if j != column):
            fixed.append(unknowns[column])
    return sorted(fixed, key=_BY_POSITION)


def _reduce(matrix: list[list[Fraction]], width: int) -> list[tuple[int, int]]:
    """Bring the matrix to reduced row echelon form in place; return its (row, column) pivots."""
    pivots: list[tuple[int, int]] = []
    for column in range(width):
        row = len(pivots)
        found = next((r for r in range(row, len(matrix)) if matrix[r][column] != 0), None)
        if found is None:
            continue
        matrix[row], matrix[found] = matrix[found], matrix[row]
        lead = matrix[row][column]
        matrix[row] = [value / lead for value in matrix[row]]
        for other in range(len(matrix)):
            factor = matrix[other][column]
            if other != row and factor != 0:
                matrix[other] = [
                    a - factor * b for a, b in zip(matrix[other], matrix[row], strict=True)
                ]
        pivots.append((row, column))
    return pivots


def _publish(
    table: CountTable,
    layout: _Layout,
    primary: set[Position],
    suppressed: set[Position],
    threshold: int,
    rounding: int | None,
) -> Published:
    """Write out every published position from the decision taken on the number it stands for."""

    def shown(position: Position) -> int | None:
        alias = layout.aliases[position]
        if alias in suppressed:
            return None
        return _round(layout.values[alias], rounding)

    rows, columns = range(len(table.row_labels)), range(len(table.column_labels))
    return Published(
        row_labels=table.row_labels,
        column_labels=table.column_labels,
        cells=tuple(tuple(shown(Position.cell(r, c)) for c in columns) for r in rows),
        row_totals=tuple(shown(Position.row_total(r)) for r in rows),
        column_totals=tuple(shown(Position.column_total(c)) for c in columns),
        grand_total=shown(Position.grand_total()),
        primary=frozenset(p for p, alias in layout.aliases.items() if alias in primary),
        secondary=frozenset(
            p for p, alias in layout.aliases.items() if alias in suppressed - primary
        ),
        threshold=threshold,
        rounding=rounding,
    )


def _round(value: int, base: int | None) -> int:
    """Round to the nearest multiple of ``base``, halves up; integers only, so no float error."""
    if base is None:
        return value
    return (2 * value + base) // (2 * base) * base
