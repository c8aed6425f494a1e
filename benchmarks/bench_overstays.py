"""How long the overstay list takes, and how much memory, over millions of people present.

Run as ``python benchmarks/bench_overstays.py [--people N] [--runs N] [--db FILE]``.

The issue: *overstay list as of a date over 10 million persons present: < 10 s and < 2 GB on 2
cores (indexed authorized ends or a columnar scan, not a Python loop over persons).*

What the script does, all in a temporary folder thrown away afterwards (unless ``--db``):

1. migrates a fresh SQLite file (``python -m django migrate`` in a subprocess);
2. fills it with the ``sqlite3`` module directly, in large transactions: ``--people`` persons
   present on the day (default 10,000,000) and about 6% more who have left, each with a passport,
   one admitted entry at one port (and the exit, for those who left), one ``AuthorizedStay``
   (the engine's cached authorized end, reasons included) and a few applications; one policy
   pack version. Seeded: the same database on every run. The shares, drawn per person: about
   3% overstaying in the country (a tenth of them with an application refused by the day, still
   counted), 0.3% more overstaying but awaiting a decision on an application filed in time
   (left out), 0.1% present with no basis at all (counted), 2% exempt (free movement, left out)
   and the rest lawfully present; of the people who left, 1% of ``--people`` after their last
   lawful day (counted out of the country) and 5% on time;
3. in a fresh subprocess per measurement, so its memory is its own: ``overstays_list`` as the
   system actor as of the day, for each kind (all, in the country, out of the country), timed
   ``--runs`` times (median), with the subprocess's peak resident memory; the counts it returns
   are checked against the numbers seeded;
4. the baselines, in the same run: ``SELECT count(*) FROM stay_authorizedstay``, the cheapest
   count the database can do, and a count that has to read every row (a full scan); then each
   statement the list ran, with its time and SQLite's plan for it (EXPLAIN QUERY PLAN).

Every figure is printed, never asserted. The fill at 10,000,000 people takes a while (progress is
printed); ``--db FILE`` keeps the filled database in FILE and reuses it on the next run.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from support import machine  # noqa: E402

AS_OF = date(2025, 6, 1)
SEED = 20250601
FILL_VERSION = 4  # bump when the fill changes, so a kept database is refilled
GOAL_SECONDS = 10.0
GOAL_BYTES = 2 * 1024**3
PACK_FILE = ROOT / "orderly" / "stay" / "packs" / "schengen-90-180.yaml"
PORT = ("XAP", "Capital airport", "air", "capital", "Europe/Brussels")
BASIS = "short-stay-90-180"
STAMP = "2025-06-01 06:00:00"  # when the rows say they were recorded and decided

# The share of each kind of person, drawn per person present; the people who left are added on
# top of ``--people`` (LEFT_LATE and LEFT_ON_TIME of it), so that ``--people`` are present.
OVERSTAY = 0.03
PENDING = 0.003
NO_BASIS = 0.001
EXEMPT = 0.02
LEFT_LATE = 0.01
LEFT_ON_TIME = 0.05

SURNAMES = ["SMITH", "GARCIA", "NGUYEN", "TANAKA", "SILVA", "KIM", "MUELLER", "OKAFOR", "ROSSI"]
GIVEN = ["ANNA", "JOHN", "MARIA", "WEI", "AHMED", "SOFIA", "LUCAS", "AMARA", "KENJI", "ELENA"]
VISA_FREE = ["USA", "CAN", "AUS", "JPN", "GBR", "BRA", "KOR", "MEX", "NZL", "ARG"]
FREE_MOVEMENT = ["FRA", "DEU", "ITA", "ESP", "POL", "NLD"]
VISA_NEEDED = ["IND", "CHN", "NGA", "PAK", "EGY"]


# --- the reasons a stay carries -------------------------------------------------------------

_RULE_REF = (
    "Regulation (EU) 2016/399 (Schengen Borders Code), art. 6(1); Regulation (EU) 2018/1806, "
    "art. 4 and Annex II (illustrative selection)"
)


def _reasons_template(kind: str) -> str:
    """The JSON reasons of a stay of ``kind``, as the engine words them, with %s for the
    nationality and the dates.

    The rows' size matters to a scan, so they carry reasons of the engine's real length.
    """
    if kind == "exempt":
        reasons = [
            {
                "rule": "free-movement",
                "reference": "Directive 2004/38/EC (illustrative citation), arts. 5 and 6; EEA "
                "Agreement; EU-Swiss Agreement on the Free Movement of Persons",
                "text": "EU, EEA and Swiss nationals exercise free movement",
                "facts": ["nationality: %s", "entry on %s at XAP"],
            }
        ]
        return json.dumps(reasons)
    if kind == "no_basis":
        reasons = [
            {
                "rule": "no-basis",
                "reference": "",
                "text": "no rule of schengen-90-180 gives a basis for the entry on this day",
                "facts": ["entry at XAP", "nationality: %s", "entered on %s"],
            }
        ]
        return json.dumps(reasons)
    reasons = [
        {
            "rule": BASIS,
            "reference": _RULE_REF,
            "text": "visa-free short stay: at most 90 days in any 180-day period",
            "facts": ["nationality: %s", "entry on %s at XAP"],
        },
        {
            "rule": BASIS,
            "reference": _RULE_REF,
            "text": "at most 90 days in any 180-day period: the last day this stay keeps to it "
            "is %s",
            "facts": ["stay %s to %s"],
        },
    ]
    return json.dumps(reasons)


REASONS = {kind: _reasons_template(kind) for kind in ("exempt", "no_basis", "stay")}
NATIONALITIES = {"exempt": FREE_MOVEMENT, "no_basis": VISA_NEEDED}


# --- the seeded population ------------------------------------------------------------------


@dataclass
class Seeded:
    """What was put in the database, to check the list's counts against."""

    people: int = 0  # present on the day
    left: int = 0
    stays: int = 0
    in_country: int = 0  # overstays the list must count in the country
    out_of_country: int = 0  # left after the last lawful day
    pending: int = 0  # overstayed, but an application filed in time awaits a decision
    exempt: int = 0
    applications: int = 0


@dataclass
class Rows:
    """One batch of rows, a list per table, in the tables' column order."""

    person: list[tuple[object, ...]] = field(default_factory=list)
    document: list[tuple[object, ...]] = field(default_factory=list)
    crossing: list[tuple[object, ...]] = field(default_factory=list)
    stay: list[tuple[object, ...]] = field(default_factory=list)
    application: list[tuple[object, ...]] = field(default_factory=list)


def _kind(rng: random.Random, present: bool) -> str:
    if not present:
        return "left_late" if rng.random() < LEFT_LATE / (LEFT_LATE + LEFT_ON_TIME) else "left"
    roll = rng.random()
    if roll < OVERSTAY:
        return "overstay"
    if roll < OVERSTAY + PENDING:
        return "pending"
    if roll < OVERSTAY + PENDING + NO_BASIS:
        return "no_basis"
    if roll < OVERSTAY + PENDING + NO_BASIS + EXEMPT:
        return "exempt"
    return "lawful"


def _days(rng: random.Random, kind: str) -> tuple[date, date | None, date | None]:
    """Entered, authorized until and exited, for a person of ``kind``; 90-day stays."""
    if kind in ("exempt", "no_basis"):
        return AS_OF - timedelta(days=rng.randint(0, 2000)), None, None
    if kind == "lawful":
        entered = AS_OF - timedelta(days=rng.randint(0, 89))
        return entered, entered + timedelta(days=89), None
    if kind in ("overstay", "pending"):
        entered = AS_OF - timedelta(days=rng.randint(91, 700))
        return entered, entered + timedelta(days=89), None
    if kind == "left_late":
        entered = AS_OF - timedelta(days=rng.randint(91, 700))
        until = entered + timedelta(days=89)
        return entered, until, until + timedelta(days=rng.randint(1, (AS_OF - until).days))
    entered = AS_OF - timedelta(days=rng.randint(0, 700))  # left on time, by the day
    stayed = rng.randint(0, min(89, (AS_OF - entered).days))
    return entered, entered + timedelta(days=89), entered + timedelta(days=stayed)


def _key(rng: random.Random, n: int, slot: int) -> str:
    """A UUID as Django stores it on SQLite (32 hex digits) for row ``slot`` of person ``n``.

    Ascending with ``n``, like time-ordered UUIDs (version 7), then random: the fill appends to
    the key indexes instead of rewriting pages all over them (with random keys, every
    transaction rewrote most of their pages, and the fill slowed down threefold by 4 million
    people). The list never reads rows in key order (it scans, or follows ``unlawful_from``),
    so its figures do not depend on this.
    """
    return f"{n:012x}{slot:x}{rng.getrandbits(76):019x}"


def _add_person(rows: Rows, seeded: Seeded, rng: random.Random, n: int, present: bool) -> None:
    kind = _kind(rng, present)
    person, document, entry = _key(rng, n, 0), _key(rng, n, 1), _key(rng, n, 2)
    surname, given = rng.choice(SURNAMES), rng.choice(GIVEN)
    nationality = rng.choice(NATIONALITIES.get(kind, VISA_FREE))
    born = date(1940, 1, 1) + timedelta(days=rng.randint(0, 24_000))
    rows.person.append(
        (person, surname, given, surname, given, born.isoformat(), rng.choice("FMX"),
         nationality, STAMP)
    )  # fmt: skip
    rows.document.append(
        (document, "P", "P", nationality, f"B{n:09d}", "2030-01-01", STAMP, person)
    )
    entered, until, exited = _days(rng, kind)
    rows.crossing.append(_crossing(entry, f"b{n:010d}-in", "entry", entered, document, person))
    if exited is not None:
        out = _crossing(_key(rng, n, 3), f"b{n:010d}-out", "exit", exited, document, person)
        rows.crossing.append(out)
    rows.stay.append(
        (entry, entered.isoformat(), PORT[0], PORT[3], BASIS if until else "",
         until.isoformat() if until else None, None, _unlawful_from(kind, entered, until),
         exited.isoformat() if exited else None, int(kind == "exempt"),
         _reasons(kind, nationality, entered, until, exited), STAMP, person, 1)
    )  # fmt: skip
    _add_applications(rows, seeded, rng, person, kind, until)
    _count(seeded, kind, present)


def _unlawful_from(kind: str, entered: date, until: date | None) -> str | None:
    """As the platform keeps it: the day after the last lawful day, the entry day without a
    basis, nothing for the exempt."""
    if kind == "exempt":
        return None
    return (until + timedelta(days=1) if until else entered).isoformat()


def _reasons(kind: str, nationality: str, entered: date, until: date | None,
             exited: date | None) -> str:  # fmt: skip
    if until is None:
        return REASONS[kind] % (nationality, entered)
    last = (exited or AS_OF).isoformat()
    return REASONS["stay"] % (nationality, entered, until, entered, last)


def _add_applications(rows: Rows, seeded: Seeded, rng: random.Random, person: str, kind: str,
                      until: date | None) -> None:  # fmt: skip
    """A pending application for ``pending`` people; a refused one for a tenth of overstayers."""
    if until is None:
        return
    filed = until - timedelta(days=rng.randint(0, 20))
    if kind == "pending":
        rows.application.append(("extension", filed.isoformat(), None, STAMP, person))
    elif kind == "overstay" and rng.random() < 0.1:  # refused by the day: still an overstay
        decided = (until + timedelta(days=rng.randint(1, (AS_OF - until).days))).isoformat()
        rows.application.append(("extension", filed.isoformat(), decided, STAMP, person))
    else:
        return
    seeded.applications += 1


def _crossing(id_: str, key: str, direction: str, day: date, document: str, person: str
              ) -> tuple[object, ...]:  # fmt: skip
    at = f"{day.isoformat()} 09:00:00"
    return (id_, key, direction, "admitted", "", at, at, "import", "tourism", "[]", document,
            person, 1, None)  # fmt: skip


def _count(seeded: Seeded, kind: str, present: bool) -> None:
    seeded.stays += 1
    if present:
        seeded.people += 1
    else:
        seeded.left += 1
    seeded.in_country += kind in ("overstay", "no_basis")
    seeded.out_of_country += kind == "left_late"
    seeded.pending += kind == "pending"
    seeded.exempt += kind == "exempt"


# --- the fill -------------------------------------------------------------------------------

INSERTS = {
    "person": "INSERT INTO registry_person (id, surname, given_names, surname_key, "
    "given_names_key, date_of_birth, sex, nationality, created_at) VALUES (?,?,?,?,?,?,?,?,?)",
    "document": "INSERT INTO registry_traveldocument (id, document_type, document_kind, "
    "issuing_state, number, expiry_date, created_at, holder_id) VALUES (?,?,?,?,?,?,?,?)",
    "crossing": "INSERT INTO border_crossing (id, idempotency_key, direction, outcome, "
    "refusal_reason, occurred_at, recorded_at, source, purpose, flags, document_id, person_id, "
    "port_id, officer_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
    "stay": "INSERT INTO stay_authorizedstay (entry_id, entered_on, port, region, basis, "
    "authorized_until, authorized_until_instant, unlawful_from, exited_on, exempt, reasons, "
    "decided_at, person_id, pack_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
    "application": "INSERT INTO stay_application (kind, filed_on, decided_on, recorded_at, "
    "person_id) VALUES (?,?,?,?,?)",
}
FILLED_TABLES = (
    "registry_person",
    "registry_traveldocument",
    "border_crossing",
    "stay_authorizedstay",
    "stay_application",
)


def _env(url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ORDERLY_")}
    env.update(
        {
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "ORDERLY_DEBUG": "true",
            "ORDERLY_LOG_LEVEL": "WARNING",
        }
    )
    return env


def migrate(path: Path) -> None:
    """Create the platform's schema in a fresh SQLite file, as ``orderly`` itself would."""
    subprocess.run(
        [sys.executable, "-m", "django", "migrate", "--no-input", "-v", "0"],
        cwd=ROOT,
        env=_env(f"sqlite:///{path}"),
        check=True,
    )


def fill(path: Path, people: int, batch: int) -> Seeded:
    """Fill the migrated database at ``path``; returns what was seeded."""
    db = sqlite3.connect(path, isolation_level=None)
    # Only for this scratch fill, never for a database anyone keeps: no foreign-key checks and
    # no fsync (a crash would only cost a rerun). The rows are consistent by construction.
    db.execute("PRAGMA foreign_keys=OFF")
    db.execute("PRAGMA synchronous=OFF")
    db.execute("PRAGMA cache_size=-1000000")  # 1 GB
    indexes = _drop_secondary_indexes(db)
    _fill_fixed(db)
    seeded, rng = Seeded(), random.Random(SEED)
    total = people + round(people * (LEFT_LATE + LEFT_ON_TIME))
    started = last_report = time.monotonic()
    for first in range(0, total, batch):
        rows = Rows()
        for n in range(first, min(first + batch, total)):
            _add_person(rows, seeded, rng, n, present=n < people)
        _insert(db, rows)
        done = min(first + batch, total)
        if time.monotonic() - last_report > 30 or done == total:
            last_report = time.monotonic()
            rate = done / (last_report - started)
            print(
                f"  filled {done:,} of {total:,} people ({rate:,.0f}/s, "
                f"{(total - done) / rate:,.0f} s to go)",
                flush=True,
            )
    _recreate_indexes(db, indexes)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return seeded


def _drop_secondary_indexes(db: sqlite3.Connection) -> list[tuple[str, str]]:
    """Drop the filled tables' secondary indexes, keeping their exact SQL to create them again
    after the fill (sorting once is much faster than inserting 10 million keys one by one).
    Primary keys and unique constraints stay and are checked on every insert."""
    marks = ",".join("?" * len(FILLED_TABLES))  # placeholders only: the names are parameters
    query = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
    found = db.execute(f"{query} AND tbl_name IN ({marks})", FILLED_TABLES).fetchall()
    for name, _ in found:
        db.execute(f'DROP INDEX "{name}"')
    return found


def _recreate_indexes(db: sqlite3.Connection, indexes: list[tuple[str, str]]) -> None:
    for name, sql in indexes:
        started = time.monotonic()
        db.execute(sql)
        print(f"  index {name} built in {time.monotonic() - started:.0f} s", flush=True)


def _fill_fixed(db: sqlite3.Connection) -> None:
    """The port and the policy pack version every stay points at (both id 1)."""
    text = PACK_FILE.read_text()
    db.execute("BEGIN")
    db.execute(
        "INSERT INTO border_port (id, code, name, kind, region, timezone, active) "
        "VALUES (1, ?, ?, ?, ?, ?, 1)",
        PORT,
    )
    db.execute(
        "INSERT INTO stay_packversion (id, name, version, title, text, sha256, source, "
        "loaded_at, loaded_by_id) VALUES (1, ?, ?, ?, ?, ?, ?, ?, NULL)",
        (
            "schengen-90-180",
            "2025.1",
            "Schengen area, short stays of 90 days in any 180-day period",
            text,
            hashlib.sha256(text.encode()).hexdigest(),
            str(PACK_FILE.relative_to(ROOT)),
            STAMP,
        ),
    )
    db.execute("COMMIT")


def _insert(db: sqlite3.Connection, rows: Rows) -> None:
    db.execute("BEGIN")
    for table, statement in INSERTS.items():
        db.executemany(statement, getattr(rows, table))
    db.execute("COMMIT")


# --- the measurements, each in its own process ----------------------------------------------

_MEASURE = r"""
import json, statistics, sys, time
import django
django.setup()
from datetime import date
from django.db import connection
from orderly.core.roles import system_actor
from orderly.stay.selectors import overstays_list


def peak():
    # VmHWM, not ru_maxrss: Linux carries the parent's high-water mark over into ru_maxrss
    # across fork and exec, and the parent may have just filled the database.
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return 0


what, as_of, runs = sys.argv[1], date.fromisoformat(sys.argv[2]), int(sys.argv[3])
result = {"rss_before": peak()}
seconds = []
if what in ("count", "scan"):
    sql = "SELECT count(*) FROM stay_authorizedstay"
    if what == "scan":  # no index holds these columns: every row is read
        sql += " WHERE NOT exempt AND entered_on <= %s"
    with connection.cursor() as cursor:
        for _ in range(runs):
            started = time.perf_counter()
            cursor.execute(sql, [as_of.isoformat()] if what == "scan" else [])
            result["count"] = cursor.fetchone()[0]
            seconds.append(time.perf_counter() - started)
else:
    kind = None if what == "all" else what
    statements = []

    def record(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            statements.append((sql, params, time.perf_counter() - started))

    actor = system_actor("benchmark")
    for run in range(runs):
        started = time.perf_counter()
        if run == 0:
            with connection.execute_wrapper(record):
                listed = overstays_list(actor=actor, as_of=as_of, kind=kind)
        else:
            listed = overstays_list(actor=actor, as_of=as_of, kind=kind)
        seconds.append(time.perf_counter() - started)
    result.update(in_country=listed.in_country, out_of_country=listed.out_of_country,
                  rows=len(listed.rows))
    plans = []
    with connection.cursor() as cursor:
        for sql, params, spent in statements:
            steps = []
            if sql.lstrip().upper().startswith("SELECT"):
                cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
                steps = [row[-1] for row in cursor.fetchall()]
            plans.append([sql, spent, steps])
    result["plans"] = plans
result["seconds"] = seconds
result["rss_peak"] = peak()
print(json.dumps(result))
"""


def measure(path: Path, what: str, runs: int) -> dict[str, Any]:
    """One measurement (``count``, ``scan``, ``all``, ``in_country``, ``out_of_country``) in a
    fresh process; its JSON answer."""
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, what, AS_OF.isoformat(), str(runs)],
        cwd=ROOT,
        env=_env(f"sqlite:///{path}"),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(done.stdout + done.stderr)
    answer: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    return answer


# --- the report -----------------------------------------------------------------------------


def _database(args: argparse.Namespace, folder: Path) -> tuple[Path, Seeded]:
    """The filled database: the kept one when it matches, else a freshly filled one."""
    path = Path(args.db) if args.db else folder / "overstays.sqlite3"
    sidecar = path.with_name(path.name + ".seeded.json")
    wanted = {"people": args.people, "seed": SEED, "fill": FILL_VERSION}
    if path.exists() and not sidecar.exists():
        print(f"{path} exists and was not filled by this script: give --db another file",
              file=sys.stderr)  # fmt: skip
        raise SystemExit(2)
    if path.exists():
        kept = json.loads(sidecar.read_text())
        if kept.get("wanted") == wanted:
            print(f"database    : reusing {path} (filled earlier with the same seed)")
            return path, Seeded(**kept["seeded"])
    for stale in (path, sidecar, *path.parent.glob(path.name + "-*")):
        stale.unlink(missing_ok=True)
    print(f"database    : filling {path}", flush=True)
    started = time.monotonic()
    migrate(path)
    seeded = fill(path, args.people, args.batch)
    sidecar.write_text(json.dumps({"wanted": wanted, "seeded": asdict(seeded)}))
    size = path.stat().st_size / 1024**3
    print(f"  filled in {time.monotonic() - started:,.0f} s; {size:.1f} GiB on disk", flush=True)
    return path, seeded


def _report_seeded(seeded: Seeded) -> None:
    print(
        f"seeded      : {seeded.people:,} people present, {seeded.left:,} who left, "
        f"{seeded.stays:,} stays, {seeded.applications:,} applications"
    )
    print(
        f"              expected overstays: {seeded.in_country:,} in the country, "
        f"{seeded.out_of_country:,} out of it; left out: {seeded.pending:,} awaiting a decision "
        f"on an application filed in time, {seeded.exempt:,} exempt"
    )


def _report(path: Path, seeded: Seeded, runs: int) -> None:
    print(f"\n{'measurement':<40} {'median s':>9} {'runs (s)':<20} {'peak RSS':>9}")
    base = measure(path, "count", runs)
    base_seconds = _line("baseline: count(*) of the stays", base)
    print(f"{'':<40} {base['count']:,} stays")
    scan = measure(path, "scan", runs)
    scan_seconds = _line("a full scan of the stays' rows", scan)
    print(f"{'':<40} {scan['count']:,} stays matched")
    slowest, biggest, plans = 0.0, max(int(base["rss_peak"]), int(scan["rss_peak"])), None
    for what in ("all", "in_country", "out_of_country"):
        got = measure(path, what, runs)
        median = _line(f"overstays_list(kind={None if what == 'all' else what!r})", got)
        slowest, biggest = max(slowest, median), max(biggest, int(got["rss_peak"]))
        plans = plans or got["plans"]
        counted = (got["in_country"], got["out_of_country"])
        match = counted == (seeded.in_country, seeded.out_of_country)
        print(
            f"{'':<40} {got['in_country']:,} in, {got['out_of_country']:,} out, {got['rows']} "
            f"rows: {'match' if match else 'MISMATCH'} the seeded counts"
        )
        print(
            f"{'':<40} {median / base_seconds:,.0f}x the baseline, "
            f"{median / scan_seconds:.1f}x a full scan"
        )
    print(
        f"\nmemory      : a process after django.setup(), before any query: "
        f"{_mib(base['rss_before'])}"
    )
    print(
        "statements  : what overstays_list(kind=None) ran, with the time of each on its first "
        "call and SQLite's plan (EXPLAIN QUERY PLAN)"
    )
    for sql, spent, plan in plans or []:
        print(f"  {spent:7.2f} s  {_shortened(sql)}")
        for step in plan:
            print(f"              {step}")
    time_ok = "met" if slowest < GOAL_SECONDS else "NOT met"
    memory_ok = "met" if biggest < GOAL_BYTES else "NOT met"
    print(
        f"\ngoal        : < {GOAL_SECONDS:.0f} s over {seeded.people:,} people present: "
        f"slowest median {slowest:.2f} s, {time_ok}; < 2 GB: peak {_mib(biggest)}, {memory_ok}"
    )


def _line(label: str, got: dict[str, Any]) -> float:
    """Print one measurement's times and memory; returns its median."""
    median = statistics.median(got["seconds"])
    print(
        f"{label:<40} {median:9.3f} {_runs(got['seconds']):<20} {_mib(got['rss_peak']):>9}",
        flush=True,
    )
    return median


def _shortened(sql: str) -> str:
    """The statement without its column list and conditions: what it reads, and its limit."""
    head, _, tail = sql.partition(" WHERE ")
    head = re.sub(r"^SELECT (.{40,}?) FROM", "SELECT ... FROM", head)
    head = re.sub(r"^(INSERT INTO \S+) .*", r"\1 ...", head)
    limit = re.search(r" LIMIT \d+$", tail)
    return head + (" WHERE ..." if tail else "") + (limit.group(0) if limit else "")


def _runs(seconds: list[float]) -> str:
    return " ".join(f"{s:.2f}" for s in seconds)


def _mib(size: int) -> str:
    return f"{size / 1024**2:,.0f} MiB"


def main(argv: list[str] | None = None) -> int:
    """Fill (or reuse) the database, then print the machine, the timings, memory and plans."""
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--people", type=int, default=10_000_000, help="people present")
    options.add_argument("--runs", type=int, default=3, help="timed calls per kind (median)")
    options.add_argument("--batch", type=int, default=100_000, help="people per transaction")
    options.add_argument("--db", help="keep the filled database in this file and reuse it")
    args = options.parse_args(argv)
    for key, value in machine().items():
        print(f"{key:<12}: {value}")
    print(f"{'sqlite':<12}: {sqlite3.sqlite_version}")
    print(f"{'as of':<12}: {AS_OF}, seed {SEED}", flush=True)
    folder = Path(tempfile.mkdtemp(prefix="orderly-bench-overstays-"))
    try:
        path, seeded = _database(args, folder)
        _report_seeded(seeded)
        _report(path, seeded, args.runs)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print("load after  : {:.2f} {:.2f} {:.2f} (1, 5, 15 min)".format(*os.getloadavg()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
