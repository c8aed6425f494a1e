"""Publishing a table: through disclosure control, then as JSON, CSV or SDMX-CSV.

Nothing computed by a query leaves the platform another way. A table is protected as a two-way
table (its row keys against its column key, with every row's and column's total and the grand
total, as they are published), so that no suppressed count can be worked out from what is shown.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from orderly.stats.rules.disclosure import CountTable, protect
from orderly.stats.rules.periods import Period
from orderly.stats.tables import Computed, Table, today

FORMATS = ("json", "csv", "sdmx-csv")
SDMX_VERSION = "1.0"


@dataclass(frozen=True)
class PublishedTable:
    """A table as the public may see it: ``None`` stands for a suppressed count."""

    table: Table
    period: Period
    as_of: datetime
    threshold: int
    rounding: int | None
    figures: dict[str, Any]
    rows: list[dict[str, Any]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "table": self.table.name,
            "title": self.table.title,
            "definition": self.table.definition,
            "period": self.period.label,
            "as_of": self.as_of.isoformat(),
            "disclosure_control": {
                "threshold": self.threshold,
                "rounding": self.rounding,
                "method": "counts from 1 to threshold - 1 suppressed, with other counts so that "
                "none can be worked out from the totals; null marks a suppressed count",
            },
            **self.figures,
            "rows": self.rows,
        }

    def as_csv(self) -> str:
        out = io.StringIO()
        columns = [*self.table.dimensions, self.table.value]
        writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        for row in self.rows:
            writer.writerow({k: "" if row[k] is None else row[k] for k in columns})
        return out.getvalue()

    def as_sdmx_csv(self, agency: str) -> str:
        """SDMX-CSV (version 1.0): one observation a line; a suppressed one has no value and
        the confidentiality status C (F: free)."""
        out = io.StringIO()
        dimensions = list(self.table.dimensions)
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(
            [
                "DATAFLOW",
                *(d.upper() for d in dimensions),
                "TIME_PERIOD",
                "OBS_VALUE",
                "CONF_STATUS",
            ]
        )
        flow = f"{agency}:DF_{self.table.name.upper().replace('-', '_')}({SDMX_VERSION})"
        for row in self.rows:
            value = row[self.table.value]
            status = "C" if value is None else "F"
            shown = "" if value is None else value
            writer.writerow([flow, *(row[d] for d in dimensions), self.period.label, shown, status])
        return out.getvalue()


def published(
    table: Table,
    computed: Computed,
    period: Period,
    as_of: datetime,
    *,
    threshold: int = 10,
    rounding: int | None = None,
) -> PublishedTable:
    """``computed`` through disclosure control, as it may be published (whole years only)."""
    require_publishable(period)
    rows: list[dict[str, Any]] = []
    grand_total: int | None = None
    column_totals: dict[str, int | None] = {}
    if computed.rows:  # nobody crossed in the period: nothing to protect but the figures
        counts = _as_two_way(table, computed)
        shown = protect(counts.table, threshold=threshold, rounding=rounding)
        grand_total = shown.grand_total
        column_totals = dict(zip(counts.table.column_labels, shown.column_totals, strict=True))
        rows = [
            {
                **dict(zip(table.rows, key, strict=True)),
                **_column(table, column),
                table.value: value,
            }
            for key, cells in zip(counts.keys, shown.cells, strict=True)
            for column, value in zip(counts.table.column_labels, cells, strict=True)
            if value != 0  # no one: not a row, as the query would not have returned one
        ]
    return PublishedTable(
        table=table,
        period=period,
        as_of=as_of,
        threshold=threshold,
        rounding=rounding,
        figures={
            **_figures(computed.figures, grand_total, threshold, rounding),
            **_shares(table, column_totals, grand_total),
        },
        rows=rows,
    )


def require_publishable(period: Period) -> None:
    """Refuse a period that has not begun (nothing is recorded in it yet), and one shorter than
    a year: its counts subtracted from its year's (or its year's other months') could give
    away what either table suppressed."""
    if period.first_day > today():
        raise ValueError(f"{period.label} has not begun: nothing is recorded in it yet")
    if period.month is not None:
        raise ValueError(
            f"{period.label}: tables are published for whole years only, so that no month's "
            "counts can be subtracted from its year's"
        )


@dataclass(frozen=True)
class _TwoWay:
    table: CountTable
    keys: list[tuple[Any, ...]]  # each row's key, in the table's row order


def _as_two_way(table: Table, computed: Computed) -> _TwoWay:
    keys = sorted({tuple(row[k] for k in table.rows) for row in computed.rows})
    columns = sorted({table.column_of(row) for row in computed.rows})
    where = {key: n for n, key in enumerate(keys)}
    across = {column: n for n, column in enumerate(columns)}
    counts = [[0] * len(columns) for _ in keys]
    for row in computed.rows:
        key = tuple(row[k] for k in table.rows)
        counts[where[key]][across[table.column_of(row)]] += int(row[table.value])
    labels = tuple(" / ".join(str(part) for part in key) for key in keys)
    return _TwoWay(
        CountTable(labels, tuple(str(c) for c in columns), tuple(tuple(r) for r in counts)),
        keys,
    )


def _column(table: Table, column: str) -> dict[str, str]:
    """The column a published row is in, unless the table has a single one."""
    return {table.columns: column} if table.columns else {}


def _figures(
    figures: dict[str, Any], grand_total: int | None, threshold: int, rounding: int | None
) -> dict[str, Any]:
    """The figures beside the table: the total as the table's protection left it, the year
    before's total (if the table has one) under the same rule, and the change only when both
    are shown."""
    if "total" not in figures:
        return dict(figures)
    total = grand_total if figures["total"] else 0
    if "previous_total" not in figures:
        return {**figures, "total": total}
    previous = _alone(figures["previous_total"], threshold, rounding)
    change = (total - previous) / previous if total is not None and previous else None
    return {**figures, "total": total, "previous_total": previous, "yoy_change": change}


def _shares(
    table: Table, column_totals: dict[str, int | None], grand_total: int | None
) -> dict[str, float | None]:
    """Each of ``table``'s shares, from the totals as published: None when one of them is
    suppressed or there is nothing to share."""
    shares: dict[str, float | None] = {}
    for name, columns in table.shares.items():
        parts = [column_totals.get(column, 0) for column in columns]
        known = grand_total and all(part is not None for part in parts)
        shares[name] = sum(p or 0 for p in parts) / grand_total if known and grand_total else None
    return shares


def _alone(count: int, threshold: int, rounding: int | None) -> int | None:
    """A count published by itself: suppressed when from 1 to ``threshold`` - 1."""
    protected = protect(
        CountTable(("all",), ("count",), ((count,),)), threshold=threshold, rounding=rounding
    )
    return protected.cells[0][0]
