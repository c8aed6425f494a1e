"""The stays and the visas and permits of a synthetic national year (``synthetic.py`` writes the
crossings): enough for foreigners present, overstay rates and permits issued to be computed at
full scale with no database behind them.

A foreigner's admitted entry opens a stay, so a month has one stay for each foreign entry in it
(half the foreigners' person-times). Each stay is allowed by one basis of the demo policy pack
(visa-free, transit, a visa, a residence permit) for that basis's number of days; most travellers
leave within it, about one in seventy leaves late (an out-of-country overstay) and about one in
a hundred and twenty has no exit recorded at all (a suspected in-country overstay). A stay on a
visa or residence permit brings the visa or permit granted for it, in the same month.

Generated rows were never decided by the platform: a stay has no entry id, and its traveller is
numbered after the crossings' travellers (the two are drawn apart, not matched crossing by
crossing).
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import pyarrow as pa

from orderly.stats.duck import numbered
from orderly.stats.rules.apportion import spread
from orderly.stats.rules.categories import FOREIGNERS, Categories

# (the pack's rule, its kind, the days a stay on it may last, the category on the visa or permit
# granted for it (none for visa-free and transit), weight among stays)
BASES = (
    ("visa-free-30", "visa_free", 30, "", 30),
    ("visa-free-agreements", "visa_free", 30, "", 15),
    ("visa-free-15", "visa_free", 15, "", 8),
    ("transit-144", "transit", 6, "", 5),
    ("visa-tourism", "visa", 30, "L", 17),
    ("visa-business", "visa", 30, "M", 8),
    ("visa-crew", "visa", 30, "C", 2),
    ("visa-family-visit", "visa", 180, "Q2", 3),
    ("visa-study-short", "visa", 180, "X2", 1),
    ("residence-permit", "residence_permit", 365, "work", 5),
    ("residence-permit", "residence_permit", 365, "study", 3),
    ("residence-permit", "residence_permit", 730, "family", 3),
)  # fmt: skip
# Out of every thousand stays: no exit recorded, and an exit after the last lawful day.
NO_EXIT_PER_THOUSAND = 8
LATE_EXIT_PER_THOUSAND = 15
LATEST_EXIT_DAYS = 60  # how long after the last lawful day a late traveller leaves, at most
VISA_VALID_DAYS = 90  # a visa is valid this long from the day it is granted
STAYS_PER_STAYER = 2  # a foreign traveller comes about twice a year
# A stay's last lawful day, in the statements below (``r``: its draws, ``b``: its basis).
_LAST_LAWFUL = "r.entered_on + (b.stay_days - 1)"


def stays_in(person_times: int, foreign_share: float) -> int:
    """How many stays a year of ``person_times`` has: one for each foreign entry."""
    return round(person_times * foreign_share / 2)


def stay_choices(
    foreign_mix: Sequence[tuple[str, float]], categories: Categories, buckets: int
) -> dict[str, pa.Table]:
    """The weighted choices a stay makes, ``buckets`` rows each (see ``synthetic.py``): its
    nationality, one of ``foreign_mix`` that is foreign to the host state, and its basis."""
    foreign = [(code, weight) for code, weight in foreign_mix if categories.of(code) == FOREIGNERS]
    nationalities = spread([code for code, _ in foreign], [w for _, w in foreign], buckets)
    bases = spread(BASES, [basis[4] for basis in BASES], buckets)
    return {
        "stayer_bucket": pa.table({"bucket": range(buckets), "nationality": nationalities}),
        "basis_bucket": pa.table(
            {
                "bucket": range(buckets),
                "basis": [b[0] for b in bases],
                "basis_kind": [b[1] for b in bases],
                "stay_days": pa.array([b[2] for b in bases], pa.int32()),
                "granted_type": [b[3] for b in bases],
            }
        ),
    }


@dataclass(frozen=True)
class MonthOfStays:
    """What a month's stays are drawn from: its first day, how many, the travellers (numbered
    ``first_key`` and up, ``stayers`` of them) and the seed."""

    month: date
    rows: int
    first_key: int
    stayers: int
    seed: int
    buckets: int

    @property
    def days(self) -> int:
        return calendar.monthrange(self.month.year, self.month.month)[1]


def month_stays_sql(drawn: MonthOfStays) -> str:
    """The month's stays, in the warehouse's STAY_ROW columns and order. Row ``i`` draws its
    entry day, time and basis from one hash of it, its traveller and port from another, and
    its exit from a third; a traveller always has the same nationality."""
    epoch = calendar.timegm(drawn.month.timetuple())
    exit_pick = "e % 1000"
    return f"""
        SELECT NULL::VARCHAR AS entry_id,
               to_timestamp({epoch} + r.day * 86400 + r.second) AS decided_at,
               decided_at AS entry_recorded_at,
               r.person_key, n.nationality, '{FOREIGNERS}' AS category, r.entered_on,
               CASE WHEN {exit_pick} < {NO_EXIT_PER_THOUSAND} THEN NULL
                    WHEN {exit_pick} < {NO_EXIT_PER_THOUSAND + LATE_EXIT_PER_THOUSAND}
                    THEN {_LAST_LAWFUL} + (1 + (e >> 10) % {LATEST_EXIT_DAYS})::INTEGER
                    ELSE entered_on + ((e >> 10) % b.stay_days::UBIGINT)::INTEGER END
                   AS exited_on,
               false AS exit_unrecorded, b.basis, b.basis_kind,
               {_LAST_LAWFUL} AS authorized_until, false AS exempt, w.port, w.region
        FROM ({_draws_sql(drawn)}) AS r
        JOIN basis_bucket AS b ON b.bucket = r.basis_pick
        JOIN way_bucket AS w ON w.bucket = r.way_pick
        JOIN stayer_bucket AS n ON n.bucket = r.nationality_pick
    """  # noqa: S608 (built from this module's constants and the caller's integers and day)


def month_authorizations_sql(drawn: MonthOfStays) -> str:
    """The visa or residence permit granted for each of the month's stays that needed one, in
    the warehouse's AUTHORIZATION_ROW columns and order, granted in the same month: a visa on
    or before the day of entry and valid for ``VISA_VALID_DAYS``, a permit on or after it and
    valid until the stay's last lawful day. The stays are drawn again, only as far as a grant
    needs (no port, no exit)."""
    pick = "(e >> 40)::UBIGINT"  # the exit takes the hash's lower bits
    granted = f"""CASE WHEN b.basis_kind = 'visa'
                       THEN entered_on - ({pick} % (day + 1)::UBIGINT)::INTEGER
                       ELSE entered_on + ({pick} % ({drawn.days} - day)::UBIGINT)::INTEGER END"""
    return f"""
        SELECT kind, type, granted_on, granted_on AS valid_from,
               CASE WHEN kind = 'visa' THEN granted_on + {VISA_VALID_DAYS - 1}
                    ELSE authorized_until END AS valid_until,
               person_key, nationality, '{FOREIGNERS}' AS category
        FROM (
            SELECT b.basis_kind AS kind, b.granted_type AS type, {granted} AS granted_on,
                   {_LAST_LAWFUL} AS authorized_until, person_key, n.nationality
            FROM ({_draws_sql(drawn)}) AS r
            JOIN basis_bucket AS b ON b.bucket = r.basis_pick
            JOIN stayer_bucket AS n ON n.bucket = r.nationality_pick
            WHERE b.granted_type != ''
        )
    """  # noqa: S608 (built from this module's constants and the caller's integers and day)


def _draws_sql(drawn: MonthOfStays) -> str:
    """What each of the month's stays is drawn from: the day of the month it begins (``day``,
    from 0, and ``entered_on``), the second of that day, its traveller's key, the exit's hash,
    and picks of its basis, port and nationality (bucket numbers)."""
    seed, buckets, stayers = drawn.seed, drawn.buckets, drawn.stayers
    month_seed = drawn.month.year * 100 + drawn.month.month
    return f"""
        SELECT ((h & 1048575) % {drawn.days})::INTEGER AS day,
               DATE '{drawn.month.isoformat()}' + day AS entered_on,
               ((h >> 20) & 16777215)::BIGINT % 86400 AS second,
               {drawn.first_key} + who % {stayers} AS person_key, e,
               ((h >> 44) % {buckets})::BIGINT AS basis_pick,
               ((who >> 40) % {buckets})::BIGINT AS way_pick,
               (hash(who % {stayers}, {seed}) % {buckets})::BIGINT AS nationality_pick
        FROM (
            SELECT hash(i, {seed}, {month_seed}, 11) AS h,
                   hash(i, {seed}, {month_seed}, 12) AS who,
                   hash(i, {seed}, {month_seed}, 13) AS e
            FROM {numbered(drawn.rows)}
        )
    """  # noqa: S608 (built from the caller's integers)
