"""The stays and the visas and permits as the warehouse takes them, read like the crossings
(records.py): in batches of text, turned into the warehouse's columns by DuckDB.

A stay (``AuthorizedStay``) changes after it is stored: its exit arrives, an extension moves
its end. Each export therefore writes the stays decided since the last one, as new versions,
and the queries read each stay's latest version (``source.py``). A visa or permit never
changes once granted, so each is exported once, when it is recorded.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pyarrow as pa

from orderly.border.models import Crossing
from orderly.registry.models import Person
from orderly.stats.records import (
    UTC_MICROS,
    converted,
    converter,
    hex_id,
    read_text,
    recorded_between,
    utc_text,
)
from orderly.stay.models import Authorization, AuthorizedStay, PackVersion
from orderly.stay.packs_in_force import rules_of

# A version of a stay: the entry that opened it, what was decided and when. Its partition's
# year and month are those of its entry day.
STAY_ROW = pa.schema(
    [
        ("entry_id", pa.string()),  # the entry crossing's id, 32 hex digits
        ("decided_at", UTC_MICROS),
        ("entry_recorded_at", UTC_MICROS),  # when the entry reached the platform
        ("person_key", pa.int64()),
        ("nationality", pa.string()),
        ("category", pa.string()),
        ("entered_on", pa.date32()),
        ("exited_on", pa.date32()),  # empty while the stay is open
        ("exit_unrecorded", pa.bool_()),  # left unseen: another entry closed it
        ("basis", pa.string()),  # the pack's rule that allowed the stay; empty: none did
        ("basis_kind", pa.string()),  # visa_free, rolling, transit, visa, residence_permit
        ("authorized_until", pa.date32()),  # the last lawful day; empty: no basis, or exempt
        ("exempt", pa.bool_()),
        ("port", pa.string()),
        ("region", pa.string()),
    ]
)

# A visa, residence permit or extension granted; its partition is that of the day granted.
AUTHORIZATION_ROW = pa.schema(
    [
        ("kind", pa.string()),  # visa, residence_permit, extension
        ("type", pa.string()),  # the category on it, as the pack names it (L, work, ...)
        ("granted_on", pa.date32()),
        ("valid_from", pa.date32()),
        ("valid_until", pa.date32()),
        ("person_key", pa.int64()),
        ("nationality", pa.string()),
        ("category", pa.string()),
    ]
)

_STAY_READ = (
    "entry_id",
    "decided_at",
    "entry_recorded_at",
    "person_id",
    "nationality",
    "entered_on",
    "exited_on",
    "exit_unrecorded",
    "basis",
    "pack_id",
    "authorized_until",
    "exempt",
    "port",
    "region",
)
_AUTHORIZATION_READ = (
    "kind",
    "type",
    "granted_on",
    "valid_from",
    "valid_until",
    "person_id",
    "nationality",
)

# Both databases give text for a CAST: dates as YYYY-MM-DD, and a flag through CASE as 1 or 0.
# An empty date is NULL from SQLite and empty text from PostgreSQL's COPY: nullif takes both.
_STAY_TO_WAREHOUSE = """
    SELECT s.entry_id, CAST(s.decided_at AS TIMESTAMP)::TIMESTAMPTZ AS decided_at,
           CAST(s.entry_recorded_at AS TIMESTAMP)::TIMESTAMPTZ AS entry_recorded_at,
           person_key((SELECT salt FROM salt), s.person_id) AS person_key,
           n.iso AS nationality, n.category,
           CAST(s.entered_on AS DATE) AS entered_on,
           CAST(nullif(s.exited_on, '') AS DATE) AS exited_on,
           s.exit_unrecorded = '1' AS exit_unrecorded,
           coalesce(s.basis, '') AS basis, coalesce(b.kind, '') AS basis_kind,
           CAST(nullif(s.authorized_until, '') AS DATE) AS authorized_until,
           s.exempt = '1' AS exempt, s.port, s.region
    FROM raw AS s
    JOIN nationalities AS n ON n.code = s.nationality
    LEFT JOIN bases AS b ON b.pack_id = s.pack_id AND b.rule = s.basis
"""

_AUTHORIZATION_TO_WAREHOUSE = """
    SELECT a.kind, a.type, CAST(a.granted_on AS DATE) AS granted_on,
           CAST(a.valid_from AS DATE) AS valid_from, CAST(a.valid_until AS DATE) AS valid_until,
           person_key((SELECT salt FROM salt), a.person_id) AS person_key,
           n.iso AS nationality, n.category
    FROM raw AS a
    JOIN nationalities AS n ON n.code = a.nationality
"""


def stay_batches(since: datetime | None, until: datetime, salt: str) -> Iterator[pa.RecordBatch]:
    """Every stay decided (or decided again) in [``since``, ``until``), as it stands now, in
    batches of ``STAY_ROW``; people's keys salted with ``salt``."""
    stay, person = AuthorizedStay._meta.db_table, Person._meta.db_table
    crossing = Crossing._meta.db_table
    sql = f"""
        SELECT {hex_id("s.entry_id")}, {utc_text("s.decided_at")}, {utc_text("c.recorded_at")},
               {hex_id("s.person_id")}, r.nationality,
               CAST(s.entered_on AS TEXT), CAST(s.exited_on AS TEXT),
               CASE WHEN s.exit_unrecorded THEN '1' ELSE '0' END, s.basis,
               CAST(s.pack_id AS TEXT), CAST(s.authorized_until AS TEXT),
               CASE WHEN s.exempt THEN '1' ELSE '0' END, s.port, s.region
        FROM {stay} AS s JOIN {person} AS r ON r.id = s.person_id
        JOIN {crossing} AS c ON c.id = s.entry_id
        WHERE s.decided_at >= %s AND s.decided_at < %s
    """  # noqa: S608 (table names from the models; the bounds are parameters)
    # Read before the stays: on PostgreSQL the connection is busy with the COPY until its last
    # row, and a query sent meanwhile would wait on it for ever.
    bases = _bases(_packs_deciding(since, until))
    with converter(salt) as db:
        db.register("bases", bases)
        for raw in read_text(sql, recorded_between(since, until), _STAY_READ):
            yield converted(db, raw, _STAY_TO_WAREHOUSE, STAY_ROW)


def authorization_batches(
    since: datetime | None, until: datetime, salt: str
) -> Iterator[pa.RecordBatch]:
    """Every visa, residence permit and extension recorded in [``since``, ``until``), in
    batches of ``AUTHORIZATION_ROW``; people's keys salted with ``salt``."""
    granted, person = Authorization._meta.db_table, Person._meta.db_table
    sql = f"""
        SELECT a.kind, a.category, CAST(a.granted_on AS TEXT), CAST(a.valid_from AS TEXT),
               CAST(a.valid_until AS TEXT), {hex_id("a.person_id")}, r.nationality
        FROM {granted} AS a JOIN {person} AS r ON r.id = a.person_id
        WHERE a.recorded_at >= %s AND a.recorded_at < %s
    """  # noqa: S608 (table names from the models; the bounds are parameters)
    with converter(salt) as db:
        for raw in read_text(sql, recorded_between(since, until), _AUTHORIZATION_READ):
            yield converted(db, raw, _AUTHORIZATION_TO_WAREHOUSE, AUTHORIZATION_ROW)


def _packs_deciding(since: datetime | None, until: datetime) -> list[int]:
    """The pack versions that decided the stays decided in [``since``, ``until``)."""
    decided = AuthorizedStay.objects.filter(decided_at__lt=until)
    if since is not None:
        decided = decided.filter(decided_at__gte=since)
    return list(decided.order_by().values_list("pack_id", flat=True).distinct())


def _bases(pack_ids: list[int]) -> pa.Table:
    """Each rule of the pack versions ``pack_ids`` with its kind: what a stay's basis was."""
    versions = PackVersion.objects.filter(pk__in=pack_ids).defer("text")
    found = [(str(v.pk), rule.id, rule.kind) for v in versions for rule in rules_of(v).rules]
    ids, rules, kinds = zip(*found, strict=True) if found else ((), (), ())
    return pa.table(
        {"pack_id": list(ids), "rule": list(rules), "kind": list(kinds)},
        schema=pa.schema([("pack_id", pa.string()), ("rule", pa.string()), ("kind", pa.string())]),
    )
