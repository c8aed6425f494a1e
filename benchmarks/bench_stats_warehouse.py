"""The statistics warehouse at national scale: writing a synthetic year, and the annual table.

Run as ``python benchmarks/bench_stats_warehouse.py [--person-times N] [--previous N] [--runs N]``
(defaults: 670,000,000 and 645,500,000 person-times, 3 runs). It writes the two years with
``orderly stats synthesize``'s code into a temporary folder (deleted afterwards unless
``--keep DIR`` names one to keep), then times, each in a fresh process so that its peak memory is
its own, alternately:

* the floor: DuckDB alone over the same files, counting the year's admitted crossings by
  direction, category and nationality and the year before's total (``count(*) ... GROUP BY``);
* the platform: the registered ``entry-exit`` table, through the view the statistics read;

and then, once each, the tables over the stays and the visas and permits granted (foreigners
present, the overstay rate as of today and as of a day after the year, permits issued).

Goals (issue: national statistics at full scale): synthesize at least 5 million rows a second;
the annual table with its year-on-year change within 60 s and 4 GB on 2 cores, and at most 1.5
times the floor. The figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from support import machine  # noqa: E402

YEAR = 2019

FLOOR = """
import sys, time, duckdb
from pathlib import Path
from orderly.stats.warehouse import Warehouse
warehouse = Warehouse(Path(sys.argv[1]))
files = warehouse.paths(warehouse.manifest().crossings)
started = time.perf_counter()
db = duckdb.connect()
db.execute("SET enable_progress_bar = false")
db.read_parquet(files, hive_partitioning=True).create_view("files")
rows = db.execute(
    "SELECT direction, category, nationality, count(*) FROM files "
    "WHERE year = {year} AND outcome = 'admitted' GROUP BY ALL"
).fetchall()
previous = db.execute(
    "SELECT count(*) FROM files WHERE year = {before} AND outcome = 'admitted'"
).fetchall()
print(time.perf_counter() - started, sum(r[3] for r in rows), previous[0][0], len(rows))
"""

PLATFORM = """
import os, sys, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("ORDERLY_DEBUG", "true")
import django
django.setup()
from pathlib import Path
from orderly.stats.rules.periods import Period
from orderly.stats.source import statistics_source
from orderly.stats.tables import entry_exit
from orderly.stats.warehouse import Warehouse
started = time.perf_counter()
with statistics_source(Warehouse(Path(sys.argv[1]))) as db:
    table = entry_exit(db, Period({year}))
elapsed = time.perf_counter() - started
print(elapsed, table.figures["total"], table.figures["previous_total"], len(table.rows))
"""

# One registered table, as of a day when it is counted as of one ("" for today).
STAY_TABLE = """
import os, sys, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("ORDERLY_DEBUG", "true")
import django
django.setup()
from datetime import date
from pathlib import Path
from orderly.stats.rules.periods import Period
from orderly.stats.source import statistics_source
from orderly.stats.tables import TABLES
from orderly.stats.warehouse import Warehouse
as_of = date.fromisoformat("{as_of}") if "{as_of}" else None
started = time.perf_counter()
with statistics_source(Warehouse(Path(sys.argv[1]))) as db:
    table = TABLES["{name}"].compute(db, Period({year}), as_of)
elapsed = time.perf_counter() - started
print(elapsed, table.figures["total"], len(table.rows))
"""
STAY_TABLES = (
    ("foreigners-present", ""),
    ("overstay-rate", ""),
    ("overstay-rate", f"{YEAR + 1}-03-31"),
    ("permits-visas-issued", ""),
)


def synthesize(folder: Path, years: dict[int, int]) -> tuple[list[Any], float]:
    """Write ``years`` into ``folder``; what was written each year, and the seconds it took."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("ORDERLY_DEBUG", "true")
    import django

    django.setup()
    from orderly.stats.apps import traveller_categories
    from orderly.stats.synthetic import warehouse_synthesize
    from orderly.stats.warehouse import Warehouse

    started = time.perf_counter()
    done = warehouse_synthesize(
        warehouse=Warehouse(folder), categories=traveller_categories(), years=years
    )
    return done, time.perf_counter() - started


def timed(code: str, folder: Path) -> tuple[float, float, float, str]:
    """Run ``code`` in a fresh Python: the query's seconds (as it printed them), the process's
    wall seconds, its peak memory in GiB, and the figures it printed."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", code, str(folder)], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    out = process.stdout.read().strip() if process.stdout else ""
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {code[:60]}...")
    query, figures = out.split(" ", 1)
    return float(query), wall, usage.ru_maxrss / 1024 / 1024, figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--person-times", type=int, default=670_000_000)
    parser.add_argument("--previous", type=int, default=645_500_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--keep",
        type=Path,
        help="write into this folder and keep it (holding the years already: only the table)",
    )
    args = parser.parse_args()

    print("The statistics warehouse at national scale (benchmarks/bench_stats_warehouse.py)")
    for key, value in machine().items():
        print(f"  {key:12s} {value}")
    folder = args.keep or Path(tempfile.mkdtemp(prefix="orderly-warehouse-"))
    try:
        years = {YEAR: args.person_times, YEAR - 1: args.previous}
        report_synthesize(folder, years)
        report_table(folder, args.runs)
        report_stay_tables(folder)
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    print("  load after  {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    return 0


def report_synthesize(folder: Path, years: dict[int, int]) -> None:
    done, seconds = synthesize(folder, years)
    rows = sum(year.rows for year in done)
    crossings = sum(year.person_times for year in done)
    stays = sum(year.stays for year in done)
    size = sum(p.stat().st_size for p in folder.rglob("*.parquet")) / 1024**3
    print(f"\nsynthesize   {rows:,} rows in {seconds:.1f} s: {rows / seconds / 1e6:.2f} M rows/s")
    print(
        f"             ({crossings:,} crossings, {stays:,} stays, "
        f"{rows - crossings - stays:,} visas and permits)"
    )
    print(f"             {size:.1f} GiB of Parquet ({size * 1024**3 / rows:.1f} bytes a row)")
    print("             goal >= 5 M rows/s:", "met" if rows / seconds >= 5e6 else "NOT met")


def report_table(folder: Path, runs: int) -> None:
    floor_code = FLOOR.format(year=YEAR, before=YEAR - 1)
    platform_code = PLATFORM.format(year=YEAR)
    floors, platforms = [], []
    for _ in range(runs):  # alternated, so that the machine's moods fall on both
        floors.append(timed(floor_code, folder))
        platforms.append(timed(platform_code, folder))
    floor, table = _medians(floors), _medians(platforms)
    total, previous, cells = platforms[0][3].split()
    print(f"\nannual entry-exit table for {YEAR} and the year before, {runs} runs each, medians:")
    print("                                   query    process   peak memory")
    for label, (query, wall, memory) in (
        ("floor: DuckDB count(*) GROUP BY", floor),
        ("entry-exit table", table),
    ):
        print(f"  {label:31s} {query:6.1f} s  {wall:6.1f} s  {memory:6.2f} GiB")
    ratio = table[0] / floor[0]
    print(f"  ratio (query)                   {ratio:6.2f}x")
    agree = all(run[3] == floors[0][3] for run in floors + platforms)
    print(
        f"  total {int(total):,}, year before {int(previous):,}, {cells} cells; all agree: {agree}"
    )
    met = table[1] <= 60 and table[2] <= 4 and ratio <= 1.5
    print("  goals <= 60 s, <= 4 GiB, <= 1.5x the floor:", "met" if met else "NOT met")


def report_stay_tables(folder: Path) -> None:
    print(f"\nthe tables over stays and permits for {YEAR}, once each:")
    print("                                         query    process   peak memory   total")
    for name, as_of in STAY_TABLES:
        code = STAY_TABLE.format(name=name, as_of=as_of, year=YEAR)
        query, wall, memory, figures = timed(code, folder)
        label = f"{name} as of {as_of or 'today'}" if name == "overstay-rate" else name
        total = int(figures.split()[0])
        print(f"  {label:37s} {query:6.1f} s  {wall:6.1f} s  {memory:6.2f} GiB  {total:>12,}")


def _medians(runs: list[tuple[float, float, float, str]]) -> tuple[float, float, float]:
    return (
        statistics.median(r[0] for r in runs),
        statistics.median(r[1] for r in runs),
        max(r[2] for r in runs),
    )


if __name__ == "__main__":
    raise SystemExit(main())
