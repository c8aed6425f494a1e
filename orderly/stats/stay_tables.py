"""The registered tables over stays and the visas and permits granted: foreigners present,
overstay rates by the method of the US DHS Entry/Exit Overstay Report, the status decided for
each stay and why, permits and visas issued.

The tables over stays are counted as the records stood at the end of an as-of day (the
``stays_as_of`` macro, ``source.py``): a late exit changes them, so the day is part of each figure
and is published with it. Visas and permits, never changed once granted, are counted as they are.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import duckdb

from orderly.stats import tables
from orderly.stats.rules.categories import FOREIGNERS
from orderly.stats.rules.periods import Period
from orderly.stats.tables import Computed, registered

DEPARTED_ON_TIME = "departed on time"
OUT_OF_COUNTRY = "out-of-country overstay"
IN_COUNTRY = "suspected in-country overstay"


@registered(
    "foreigners-present",
    "Foreigners present",
    rows=("nationality",),
    columns="basis",
    value="foreigners",
    as_of=True,
)
def foreigners_present(db: duckdb.DuckDBPyConnection, period: Period, *, as_of: date) -> Computed:
    """Foreigners present: the number of foreign nationals in the country at the end of the
    period's last day, or of the as-of day if it comes first (of yesterday, as of today), as
    the records stood at the end of the as-of day, each counted once for each stay open then.
    A stay is open from the day of its admitted entry until the day of the exit that closed
    it; a traveller who left unseen (entered again without a recorded exit) is
    counted as leaving on the day of the entry, as the lawful-stay rules count it. By
    nationality and by the basis of the stay: visa-free, rolling visa-free, transit, visa, or
    the residence permit rule of the policy pack ("exempt" for those the rules do not apply
    to, "no basis" for an entry no rule allowed); with the number on the same day a year
    before, as the records stood a year before the as-of day, and the change from it (a
    fraction)."""
    on = min(period.last_day, as_of, tables.today() - timedelta(days=1))
    rows = _present_on(db, on, as_of)
    # Like for like: the day a year before as the records stood a year before.
    before = _present_on(db, _year_before(on), _year_before(as_of))
    total, previous = sum(r["foreigners"] for r in rows), sum(r["foreigners"] for r in before)
    return Computed(
        columns=("nationality", "basis", "foreigners"),
        rows=rows,
        figures={
            "on": on.isoformat(),
            "as_of_day": as_of.isoformat(),
            "total": total,
            "previous_total": previous,
            "yoy_change": (total - previous) / previous if previous else None,
        },
    )


def _present_on(db: duckdb.DuckDBPyConnection, on: date, as_of: date) -> list[dict[str, Any]]:
    cursor = db.execute(
        """
        SELECT nationality,
               CASE WHEN exempt THEN 'exempt'
                    WHEN basis = '' THEN 'no basis'
                    WHEN basis_kind = 'residence_permit' THEN basis
                    ELSE basis_kind END AS basis,
               count(*) AS foreigners
        FROM stays_as_of(?)
        WHERE category = ? AND entered_on <= ? AND (exited_on IS NULL OR exited_on > ?)
        GROUP BY ALL ORDER BY ALL
        """,
        [as_of, FOREIGNERS, on, on],
    )
    return _as_dicts(cursor)


@registered(
    "overstay-rate",
    "Overstays and expected departures (DHS method)",
    rows=("nationality",),
    columns="status",
    value="stays",
    shares={
        "overstay_rate": (OUT_OF_COUNTRY, IN_COUNTRY),
        "suspected_in_country_rate": (IN_COUNTRY,),
        "out_of_country_rate": (OUT_OF_COUNTRY,),
    },
    as_of=True,
)
def overstay_rate(db: duckdb.DuckDBPyConnection, period: Period, *, as_of: date) -> Computed:
    """Overstay rate, by the method of the US DHS Entry/Exit Overstay Report: overstays divided
    by expected departures. An expected departure is a stay of a traveller the rules on stay
    apply to (not the exempt) whose last lawful day fell in the period and before the as-of
    day; an entry no rule allowed has no lawful day and is not one. Each is counted as departed
    on time (an exit recorded on or before the last lawful day), an out-of-country overstay
    (an exit recorded after it) or a suspected in-country overstay (no exit recorded by the
    end of the as-of day); a traveller who left unseen (entered again without a recorded exit)
    departed on the day of the entry, as the lawful-stay rules count it. Stays, exits and
    corrections recorded after the as-of day are not counted: as exits recorded late arrive,
    suspected in-country overstays become departures, so the figure holds as of that day only.
    By nationality, with the rates (fractions) of all overstays, in-country and
    out-of-country."""
    statuses = (IN_COUNTRY, OUT_OF_COUNTRY, DEPARTED_ON_TIME)
    cursor = db.execute(
        """
        SELECT nationality,
               CASE WHEN exited_on IS NULL THEN ?
                    WHEN exited_on > authorized_until THEN ?
                    ELSE ? END AS status,
               count(*) AS stays
        FROM stays_as_of(?)
        WHERE NOT exempt AND authorized_until BETWEEN ? AND ? AND authorized_until < ?
        GROUP BY ALL ORDER BY ALL
        """,
        [*statuses, as_of, period.first_day, period.last_day, as_of],
    )
    rows = _as_dicts(cursor)
    return Computed(
        columns=("nationality", "status", "stays"),
        rows=rows,
        figures={"as_of_day": as_of.isoformat(), "total": sum(r["stays"] for r in rows)},
    )


# The status the lawful-stay rules give a stay as of a day, and the reason, each reason under
# one status.
REGULAR, IRREGULAR, EXEMPT = "regular", "irregular", "exempt"
REASONS = {
    "exempt from the rules on stay": EXEMPT,
    "no rule allowed the entry": IRREGULAR,
    "left within the lawful stay": REGULAR,
    "left after the lawful stay ended": IRREGULAR,
    "within the lawful stay": REGULAR,
    "past the lawful stay, no exit recorded": IRREGULAR,
}
(EXEMPTED, NO_BASIS, LEFT_IN_TIME, LEFT_LATE, WITHIN, PAST_NO_EXIT) = REASONS


@registered(
    "stay-decisions",
    "Stays by the status decided and its reason",
    rows=("basis", "reason"),
    columns="status",
    value="stays",
    shares={"irregular_share": (IRREGULAR,)},
    as_of=True,
)
def stay_decisions(db: duckdb.DuckDBPyConnection, period: Period, *, as_of: date) -> Computed:
    """Stays by the status decided and its reason: the stays of foreign nationals whose entry
    fell in the period (and by the as-of day), by the basis the rules on stay found for each
    (visa-free, rolling visa-free, transit, visa, the residence permit rule of the policy pack,
    "exempt", or "no basis") and by the status the rules give it as the records stood at the
    end of the as-of day, with the reason: regular (left within the lawful stay, or still
    within it), irregular (no rule allowed the entry; left after the lawful stay ended; past
    it with no exit recorded) or exempt from the rules on stay. A traveller who left unseen
    (entered again without a recorded exit) left on the day of that entry, as the lawful-stay
    rules count it. With the share of stays irregular (a fraction)."""
    reason_sql = """
        CASE WHEN exempt THEN ?
             WHEN basis = '' THEN ?
             WHEN exited_on IS NOT NULL
                  AND (authorized_until IS NULL OR exited_on <= authorized_until) THEN ?
             WHEN exited_on IS NOT NULL THEN ?
             WHEN authorized_until IS NULL OR authorized_until >= ? THEN ?
             ELSE ? END"""
    reasons = [EXEMPTED, NO_BASIS, LEFT_IN_TIME, LEFT_LATE, as_of, WITHIN, PAST_NO_EXIT]
    cursor = db.execute(
        f"""
        SELECT CASE WHEN exempt THEN 'exempt'
                    WHEN basis = '' THEN 'no basis'
                    WHEN basis_kind = 'residence_permit' THEN basis
                    ELSE basis_kind END AS basis,
               {reason_sql} AS reason,
               count(*) AS stays
        FROM stays_as_of(?)
        WHERE category = ? AND entered_on BETWEEN ? AND ?
        GROUP BY ALL ORDER BY ALL
        """,  # noqa: S608 (reason_sql is this function's constant; values are parameters)
        [*reasons, as_of, FOREIGNERS, period.first_day, min(period.last_day, as_of)],
    )
    rows = [row | {"status": REASONS[row["reason"]]} for row in _as_dicts(cursor)]
    return Computed(
        columns=("basis", "reason", "status", "stays"),
        rows=rows,
        figures={"as_of_day": as_of.isoformat(), "total": sum(r["stays"] for r in rows)},
    )


@registered(
    "permits-visas-issued",
    "Visas and permits issued",
    rows=("kind", "type"),
    columns=None,
    value="issued",
)
def permits_visas_issued(db: duckdb.DuckDBPyConnection, period: Period) -> Computed:
    """Visas and permits issued: the visas, residence permits and extensions of stay granted
    on a day in the period, each counted once, by kind and by type (the category on it, as the
    policy pack names it); with the number a year before and the change from it (a fraction)."""
    sql = (
        "SELECT kind, type, count(*) AS issued FROM authorizations "
        "WHERE granted_on BETWEEN ? AND ? GROUP BY ALL ORDER BY ALL"
    )
    rows = _as_dicts(db.execute(sql, [period.first_day, period.last_day]))
    before = period.year_before()
    ((previous,),) = db.execute(
        "SELECT count(*) FROM authorizations WHERE granted_on BETWEEN ? AND ?",
        [before.first_day, before.last_day],
    ).fetchall()
    total = sum(r["issued"] for r in rows)
    return Computed(
        columns=("kind", "type", "issued"),
        rows=rows,
        figures={
            "total": total,
            "previous_total": previous,
            "yoy_change": (total - previous) / previous if previous else None,
        },
    )


def _as_dicts(cursor: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    columns = [d[0] for d in cursor.description or ()]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def _year_before(day: date) -> date:
    """The same day a year before (28 February for a 29th)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)
