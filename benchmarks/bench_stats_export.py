"""How fast ``orderly stats export`` copies crossings from the database into the warehouse.

Run as ``python benchmarks/bench_stats_export.py [--rows N] [--runs N]`` (default 1,000,000
rows, 3 runs). It fills a SQLite file and a throwaway PostgreSQL cluster with the same seeded
crossings (``orderly import-crossings`` of the demo population), marks them stored yesterday, and
then, in a fresh process each time, alternately:

* the database alone: the export's query evaluated inside the database, every column of every
  row worked out and measured there, nothing sent: what the database itself can give on this
  machine, whatever the client;
* the floor: the export's own reading of the rows (its query, through COPY on PostgreSQL and
  the driver on SQLite, into Arrow columns of text), keeping nothing: what reading costs before
  any work on the rows;
* the export: ``warehouse_export`` into an empty warehouse, every row written.

Goal (issue: national statistics): at least 500,000 rows a second from each database. The
figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from bench_import import _python, make_files, prepare_database  # noqa: E402
from support import machine, throwaway_cluster  # noqa: E402

GOAL = 500_000

_SETUP = """
import sys, django
django.setup()
from pathlib import Path
from django.db import connection
from orderly.border.imports import crossings_import, open_source
from orderly.core.roles import system_actor
crossings_import(actor=system_actor("benchmark"), source=open_source(Path(sys.argv[1])))
with connection.cursor() as cursor:  # stored yesterday, so that today's export takes them
    cursor.execute("UPDATE border_crossing SET recorded_at = recorded_at - INTERVAL '1 day'"
                   if connection.vendor == "postgresql" else
                   "UPDATE border_crossing SET recorded_at = datetime(recorded_at, '-1 day')")
"""

_FLOOR = """
import json, sys, time, django
django.setup()
from datetime import UTC, datetime
from orderly.stats.records import _READ, _crossings_sql, read_text, recorded_between
started, rows = time.perf_counter(), 0
for batch in read_text(_crossings_sql(), recorded_between(None, datetime.now(UTC)), _READ):
    rows += batch.num_rows
print(json.dumps({"rows": rows, "seconds": time.perf_counter() - started}))
"""

_DATABASE_ALONE = """
import json, sys, time, django
django.setup()
from datetime import UTC, datetime
from django.db import connection
from orderly.stats.records import _READ, _crossings_sql, recorded_between
names = ", ".join(f"c{i}" for i in range(len(_READ)))
lengths = " + ".join(f"coalesce(length(CAST(c{i} AS TEXT)), 0)" for i in range(len(_READ)))
sql = f"WITH t({names}) AS ({_crossings_sql()}) SELECT count(*), sum({lengths}) FROM t"
started = time.perf_counter()
with connection.cursor() as cursor:
    cursor.execute(sql, recorded_between(None, datetime.now(UTC)))
    rows, _ = cursor.fetchone()
print(json.dumps({"rows": rows, "seconds": time.perf_counter() - started}))
"""

_EXPORT = """
import json, sys, time, django
django.setup()
from pathlib import Path
from orderly.core.roles import system_actor
from orderly.stats.export import warehouse_export
from orderly.stats.warehouse import Warehouse
started = time.perf_counter()
done = warehouse_export(actor=system_actor("benchmark"), warehouse=Warehouse(Path(sys.argv[1])))
print(json.dumps({"rows": done.crossings, "seconds": time.perf_counter() - started}))
"""


def _run(code: str, url: str, *args: str) -> dict[str, float]:
    """Run ``code`` in a fresh Python against the database at ``url``: what it printed last."""
    lines = _python(["-c", code, *args], url).strip().splitlines()
    return json.loads(lines[-1]) if lines else {}


def measure(url: str, source: Path, runs: int, scratch: Path) -> tuple[list[float], ...]:
    """Rows per second of the database alone, of the floor and of the export, ``runs`` of
    each, alternated."""
    prepare_database(url)
    _run(_SETUP, url, str(source))
    alone, floors, exports = [], [], []
    for run in range(runs):
        database = _run(_DATABASE_ALONE, url)
        alone.append(database["rows"] / database["seconds"])
        floor = _run(_FLOOR, url)
        folder = scratch / f"warehouse-{run}"
        export = _run(_EXPORT, url, str(folder))
        shutil.rmtree(folder, ignore_errors=True)
        if floor["rows"] != export["rows"]:
            raise RuntimeError(f"the floor read {floor['rows']} rows, the export {export['rows']}")
        floors.append(floor["rows"] / floor["seconds"])
        exports.append(export["rows"] / export["seconds"])
    return alone, floors, exports


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print("orderly stats export (benchmarks/bench_stats_export.py)")
    for key, value in machine().items():
        print(f"  {key:12s} {value}")
    scratch = Path(tempfile.mkdtemp(prefix="orderly-bench-export-"))
    try:
        source = make_files(args.rows, scratch)["parquet"]
        results = {
            "SQLite": measure(f"sqlite:///{scratch / 'db.sqlite3'}", source, args.runs, scratch)
        }
        with throwaway_cluster() as cluster:
            results[f"PostgreSQL {cluster.version.split()[0]}"] = measure(
                cluster.url, source, args.runs, scratch
            )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print(f"\n{args.rows:,} crossings, {args.runs} runs each, medians, fresh process per run:")
    print(
        "  database          database alone      floor (read only)   export"
        "         export / floor   goal"
    )
    for name, figures in results.items():
        alone, floor, export = (statistics.median(runs) for runs in figures)
        met = "met" if export >= GOAL else "NOT met"
        print(
            f"  {name:17s} {alone:10,.0f} rows/s {floor:10,.0f} rows/s {export:10,.0f} rows/s"
            f"   {export / floor:5.2f}        {met}"
        )
    print("  load after  {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
