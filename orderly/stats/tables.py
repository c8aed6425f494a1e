"""The registered statistical tables: each a function over the ``crossings`` view whose
docstring states its definition. Other contexts register their own with ``@registered``.

A table computed here is not yet published: publishing passes it through disclosure control.

Most tables count every record as it stands. A table whose figures change as late records
arrive (an exit recorded weeks after it happened) is registered ``as_of=True``: it is computed
as the records stood at the end of a day, and that day is part of its figures.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import duckdb

from orderly.stats.rules.periods import Period, last_day_of_month, parse_day


@dataclass(frozen=True)
class Computed:
    """A table as computed: its rows (dicts with the same keys, ``columns`` first) and the
    figures that stand beside them."""

    columns: tuple[str, ...]
    rows: list[dict[str, Any]]
    figures: dict[str, Any]


# (db, period) -> Computed; a table registered as_of=True also takes ``as_of`` (a day).
Query = Callable[..., Computed]


@dataclass(frozen=True)
class Table:
    """A registered table: published as ``rows`` (its row keys) against ``columns`` (or, with
    none, a single column), each cell the ``value`` of the computed rows with those keys."""

    name: str
    title: str
    query: Query
    rows: tuple[str, ...]
    columns: str | None
    value: str
    # Figures published as a share of the table's total: each the columns whose totals it sums
    # (the overstay rate: the overstays' columns over all expected departures).
    shares: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Computed as the records stood at the end of a day (the query takes ``as_of``).
    as_of: bool = False

    def compute(
        self, db: duckdb.DuckDBPyConnection, period: Period, as_of: date | None = None
    ) -> Computed:
        """The table for ``period``, as of the end of ``as_of`` (default today) if it is
        counted as of a day; ``as_of`` given to a table that is not is a mistake."""
        if as_of is not None:
            self.check_as_of(period, as_of)
        if not self.as_of:
            return self.query(db, period)
        return self.query(db, period, as_of=as_of or today())

    def as_of_asked(self, period: Period, text: str) -> date | None:
        """The as-of day typed (``YYYY-MM-DD``; empty: none), if this table may be published
        as of it for ``period``; ValueError saying why not."""
        if not text.strip():
            return None
        day = parse_day(text)
        self.check_as_of(period, day)
        return day

    def check_as_of(self, period: Period, as_of: date) -> None:
        """Raise ValueError unless ``as_of`` is a day this table may be published as of for
        ``period``: the table is counted as of a day; the day is today or the last day of a
        month, not to come, and not before the period begins (nothing in it would count)."""
        if not self.as_of:
            raise ValueError(f"{self.name} counts every record as it stands: it takes no as-of day")
        if as_of > today():
            raise ValueError(f"{as_of.isoformat()} is a day to come: records are known up to today")
        if as_of != today() and as_of != last_day_of_month(as_of):
            # A table as of every day would let one day's counts be subtracted from the next's.
            raise ValueError(
                f"{as_of.isoformat()}: give today or the last day of a month (such as "
                f"{last_day_of_month(as_of).isoformat()}), so that no day's counts can be "
                "subtracted from the next day's"
            )
        if as_of < period.first_day:
            raise ValueError(
                f"{as_of.isoformat()} is before {period.label} begins: give a day in or after it"
            )

    @property
    def dimensions(self) -> tuple[str, ...]:
        return (*self.rows, self.columns) if self.columns else self.rows

    def column_of(self, row: dict[str, Any]) -> str:
        """The column a computed row's value falls in."""
        return str(row[self.columns]) if self.columns else self.value

    @property
    def definition(self) -> str:
        return inspect.cleandoc(self.query.__doc__ or "")


TABLES: dict[str, Table] = {}


def today() -> date:
    """The default as-of day (a function, so that a test can hold the clock)."""
    return date.today()


def registered(
    name: str,
    title: str,
    *,
    rows: tuple[str, ...],
    columns: str | None,
    value: str,
    shares: dict[str, tuple[str, ...]] | None = None,
    as_of: bool = False,
) -> Callable[[Query], Query]:
    """Register ``query`` as the table ``name`` (its docstring is the definition), published
    as ``rows`` against ``columns`` with ``value`` in the cells, and ``shares`` beside them;
    ``as_of``: computed as of a day, which the query takes as ``as_of``."""

    def register(query: Query) -> Query:
        if name in TABLES:
            raise ValueError(f"a table named {name!r} is registered already")
        if not (query.__doc__ or "").strip():
            raise ValueError(f"table {name!r}: the docstring must state its definition")
        TABLES[name] = Table(name, title, query, rows, columns, value, dict(shares or {}), as_of)
        return query

    return register


def _in(period: Period, *, year_column: str = "year") -> tuple[str, list[int]]:
    """A condition on the partition columns selecting ``period`` (read from those files only)."""
    if period.month is None:
        return f"{year_column} = ?", [period.year]
    return f"{year_column} = ? AND month = ?", [period.year, period.month]


@registered(
    "entry-exit",
    "Entry-exit person-times",
    rows=("category", "nationality"),
    columns="direction",
    value="person_times",
)
def entry_exit(db: duckdb.DuckDBPyConnection, period: Period) -> Computed:
    """Entry-exit person-times: every admitted crossing of the border, entry or exit, counted
    once each time a person crosses, by the calendar day at the port where it happened. Refused
    entries are not crossings; a crossing corrected since is counted as corrected, and one
    struck out not at all. By direction, traveller category and nationality, with the total of
    the same period a year before and the change from it (a fraction: 0.038 is +3.8 %)."""
    return _person_times_by(db, period, "category, nationality")


@registered(
    "travellers",
    "Distinct travellers",
    rows=("category", "nationality"),
    columns=None,
    value="travellers",
)
def travellers(db: duckdb.DuckDBPyConnection, period: Period) -> Computed:
    """Distinct travellers: the number of different people admitted across the border at least
    once in the period, entering or leaving, each counted once however often they crossed, by
    traveller category and nationality (a traveller has one), with the number of the same
    period a year before and the change from it (a fraction)."""
    now, now_values = _in(period)
    before, before_values = _in(period.year_before())
    # ``now`` and ``before`` are _in's fixed conditions; the values are parameters.
    rows = db.execute(
        "SELECT category, nationality, count(DISTINCT person_key) AS travellers "  # noqa: S608
        f"FROM crossings WHERE outcome = 'admitted' AND {now} GROUP BY ALL ORDER BY ALL",
        now_values,
    ).fetchall()
    previous_sql = (
        "SELECT count(DISTINCT person_key) FROM crossings "  # noqa: S608
        f"WHERE outcome = 'admitted' AND {before}"
    )
    ((previous,),) = db.execute(previous_sql, before_values).fetchall()
    total = sum(row[2] for row in rows)
    columns = ("category", "nationality", "travellers")
    return Computed(
        columns=columns,
        rows=[dict(zip(columns, row, strict=True)) for row in rows],
        figures={
            "total": total,
            "previous_total": previous,
            "yoy_change": (total - previous) / previous if previous else None,
        },
    )


@registered(
    "entry-exit-by-month",
    "Entry-exit person-times by month",
    rows=("month",),
    columns="direction",
    value="person_times",
)
def entry_exit_by_month(db: duckdb.DuckDBPyConnection, period: Period) -> Computed:
    """Entry-exit person-times by calendar month at the port and by direction: every admitted
    crossing counted once each time a person crosses, refused entries and crossings struck out
    left out; with the total of the same period a year before and the change from it."""
    return _person_times_by(db, period, "month")


@registered(
    "entry-exit-by-port",
    "Entry-exit person-times by port",
    rows=("port_kind", "port"),
    columns="direction",
    value="person_times",
)
def entry_exit_by_port(db: duckdb.DuckDBPyConnection, period: Period) -> Computed:
    """Entry-exit person-times by port of entry or exit (with its kind: air, land, sea or rail)
    and by direction: every admitted crossing counted once each time a person crosses; with
    the total of the same period a year before and the change from it."""
    return _person_times_by(db, period, "port_kind, port")


def _person_times_by(db: duckdb.DuckDBPyConnection, period: Period, keys: str) -> Computed:
    """Admitted crossings in ``period`` counted by ``keys`` (this module's column names) and
    direction, with the year before's total."""
    now, now_values = _in(period)
    before, before_values = _in(period.year_before())
    cursor = db.execute(
        f"SELECT {keys}, direction, count(*) AS person_times FROM crossings "  # noqa: S608
        f"WHERE outcome = 'admitted' AND {now} GROUP BY ALL ORDER BY ALL",
        now_values,
    )
    columns = tuple(d[0] for d in cursor.description or ())
    rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    previous_sql = f"SELECT count(*) FROM crossings WHERE outcome = 'admitted' AND {before}"  # noqa: S608
    ((previous,),) = db.execute(previous_sql, before_values).fetchall()
    total = sum(row["person_times"] for row in rows)
    return Computed(
        columns=columns,
        rows=rows,
        figures={
            "total": total,
            "previous_total": previous,
            "yoy_change": (total - previous) / previous if previous else None,
        },
    )
