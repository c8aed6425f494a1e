"""The national GCM review of a country-year at full scale, as a PDF.

Run as ``python benchmarks/bench_national_report.py [--person-times N] [--previous N] [--runs N]
[--warehouse DIR]`` (defaults: 670,000,000 and 645,500,000 person-times, 3 runs). Unless
``--warehouse`` names a folder already holding the two years (as ``bench_stats_warehouse.py
--keep DIR`` leaves one), it writes them with ``orderly stats synthesize``'s code into a
temporary folder, deleted afterwards. A throwaway SQLite database holds approved narrative on
all 23 objectives (about 1,500 characters each), so the report is as long as a real one.

Then, each in a fresh process and alternately:

* the baseline: the five statistics tables the review reports (entry-exit, foreigners present,
  overstay rate, stay decisions, permits and visas issued), computed alone, one after another;
* the report: ``orderly review national --format pdf``'s code: the same tables through
  disclosure control, the indicator catalogue, the charts, the HTML and the PDF.

Goal (issue: the GCM review): the national report for a country-year at full scale, PDF
included, in under 30 s on 2 cores. The figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from bench_stats_warehouse import synthesize  # noqa: E402
from support import machine  # noqa: E402

YEAR = 2019
TABLES = (
    "entry-exit",
    "foreigners-present",
    "overstay-rate",
    "stay-decisions",
    "permits-visas-issued",
)

SETUP = """
import os, sys
import django
django.setup()
from django.core.management import call_command
from django.utils import timezone
call_command("migrate", verbosity=0)
from orderly.core.models import User
from orderly.review.models import Narrative
author = User.objects.create(username="bench.author", display_name="Author")
approver = User.objects.create(username="bench.approver", display_name="Approver")
text = ("The State recorded every entry and exit at its ports in one action, and offline posts "
        "synchronised within a day. ") * 8
now = timezone.now()
for number in range(1, 24):
    Narrative.objects.create(
        period="{year}", objective=number, version=1, status="approved", progress=text,
        challenges=text[:600], good_practice=text[:400], written_by=author, written_at=now,
        reviewed_by=approver, reviewed_at=now, approved_by=approver, approved_at=now,
    )
"""

BASELINE = """
import sys, time
import django
django.setup()
from pathlib import Path
from orderly.stats.rules.periods import Period
from orderly.stats.source import statistics_source
from orderly.stats.tables import TABLES
from orderly.stats.warehouse import Warehouse
started = time.perf_counter()
totals = []
for name in {tables!r}:
    with statistics_source(Warehouse(Path(sys.argv[1]))) as db:
        totals.append(TABLES[name].compute(db, Period({year}), None).figures["total"])
print(time.perf_counter() - started, *totals)
"""

REPORT = """
import sys, time
import django
django.setup()
from pathlib import Path
from orderly.core.roles import system_actor
from orderly.review.report import national_report, national_report_html, pdf
started = time.perf_counter()
report = national_report(
    actor=system_actor("benchmark"), period="{year}", warehouse=Path(sys.argv[1])
)
computed = time.perf_counter()
html = national_report_html(report)
written = time.perf_counter()
document = pdf(html)
done = time.perf_counter()
from weasyprint import HTML
pages = len(HTML(string=html).render().pages)
print(done - started, computed - started, written - computed, done - written, len(document), pages)
"""


def timed(code: str, folder: Path, env: dict[str, str]) -> tuple[float, float, list[str]]:
    """Run ``code`` in a fresh Python: its first printed figure (seconds), its peak memory in
    GiB, and the rest of what it printed."""
    process = subprocess.Popen(
        [sys.executable, "-c", code, str(folder)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    out = process.stdout.read().split() if process.stdout else []
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {code.strip().splitlines()[-1][:60]}...")
    return float(out[0]), usage.ru_maxrss / 1024 / 1024, out[1:]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--person-times", type=int, default=670_000_000)
    parser.add_argument("--previous", type=int, default=645_500_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--warehouse", type=Path, help="a folder holding the two years already")
    args = parser.parse_args()

    print("The national GCM review at full scale, as a PDF (benchmarks/bench_national_report.py)")
    for key, value in machine().items():
        print(f"  {key:12s} {value}")
    scratch = Path(tempfile.mkdtemp(prefix="orderly-review-bench-"))
    (scratch / "var").mkdir()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "ORDERLY_DEBUG": "true",
        "ORDERLY_VAR_DIR": str(scratch / "var"),
    }
    env.pop("DATABASE_URL", None)  # a throwaway SQLite database under the scratch folder
    try:
        folder = args.warehouse or scratch / "warehouse"
        if args.warehouse is None:
            years = {YEAR: args.person_times, YEAR - 1: args.previous}
            done, seconds = synthesize(folder, years)
            crossings = sum(year.person_times for year in done)
            print(f"\nsynthesized {crossings:,} crossings in {seconds:.0f} s")
        subprocess.run(
            [sys.executable, "-c", SETUP.format(year=YEAR)], cwd=ROOT, env=env, check=True
        )
        report(folder, args.runs, env)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print("  load after  {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    return 0


def report(folder: Path, runs: int, env: dict[str, str]) -> None:
    baseline_code = BASELINE.format(tables=TABLES, year=YEAR)
    report_code = REPORT.format(year=YEAR)
    baselines, reports = [], []
    for _ in range(runs):  # alternated, so that the machine's moods fall on both
        baselines.append(timed(baseline_code, folder, env))
        reports.append(timed(report_code, folder, env))
    base = statistics.median(r[0] for r in baselines)
    whole = statistics.median(r[0] for r in reports)
    phases = [statistics.median(float(r[2][i]) for r in reports) for i in range(3)]
    size, pages = reports[0][2][3], reports[0][2][4]
    memory = max(r[1] for r in reports)
    totals = baselines[0][2]
    print(f"\nthe national review of {YEAR}, {runs} runs each, medians:")
    print(f"  baseline: the {len(TABLES)} tables alone              {base:6.1f} s")
    print(f"  the report, PDF included                  {whole:6.1f} s  (peak {memory:.2f} GiB)")
    print(f"    indicators (disclosure control), charts {phases[0]:6.1f} s")
    print(f"    HTML                                    {phases[1]:6.1f} s")
    label = f"PDF ({pages} pages, {int(size):,} bytes)"
    print(f"    {label:38s}  {phases[2]:6.1f} s")
    print(f"  ratio to the baseline                     {whole / base:6.2f}x")
    print(f"  totals: {', '.join(f'{n} {int(t):,}' for n, t in zip(TABLES, totals, strict=True))}")
    print("  goal < 30 s:", "met" if whole < 30 else "NOT met")


if __name__ == "__main__":
    raise SystemExit(main())
