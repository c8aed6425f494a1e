"""How fast ``orderly import-crossings`` loads a historical file, on SQLite and on PostgreSQL.

Run as ``python benchmarks/bench_import.py [--rows N] [--runs N]``. It generates a seeded file of
N crossings (default 1,000,000) from the demo population, as CSV and as Parquet, then imports
each into a fresh database per run: a SQLite file, and, when the PostgreSQL server binaries are
installed, a throwaway cluster it initdb's and starts itself on a free loopback port (then stops
and deletes). Each import runs in a subprocess; the time is that of ``crossings_import`` alone.

Baseline, measured in the same run over the same files: reading and checking every row (the
import's first pass: pyarrow reading plus the vectorized checks), without writing anything. The
ratio import / baseline shows what the database's share of the work is. The goal is at least
200,000 rows per second; the figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

GOAL = 200_000
SEED = 9303
UNTIL = datetime(2025, 12, 31, tzinfo=UTC)
ROWS_PER_PERSON = 5.2  # what the demo population averages


# --- the file ------------------------------------------------------------------------------


def make_files(rows: int, folder: Path) -> dict[str, Path]:
    """A seeded file of exactly ``rows`` crossings, as CSV and as Parquet."""
    import pyarrow.csv as pcsv
    import pyarrow.parquet as pq

    from orderly.demo.population import generate

    people = int(rows / ROWS_PER_PERSON) + 10
    table = generate(seed=SEED, people=people, until=UNTIL).crossings
    while table.num_rows < rows:
        people = int(people * 1.1) + 10
        table = generate(seed=SEED, people=people, until=UNTIL).crossings
    table = table.slice(0, rows)
    files = {"csv": folder / "crossings.csv", "parquet": folder / "crossings.parquet"}
    pcsv.write_csv(table, files["csv"])
    pq.write_table(table, files["parquet"])
    return files


# --- the machine ---------------------------------------------------------------------------


def machine() -> dict[str, str]:
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory_kb = next(
        (
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ),
        0,
    )
    import sqlite3

    import pyarrow

    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "ram": f"{memory_kb / 1024 / 1024:.1f} GiB",
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "pyarrow": pyarrow.__version__,
        "load average": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


# --- the baseline: read and check, write nothing -------------------------------------------


def baseline(path: Path) -> float:
    """Rows per second of reading and checking ``path`` (pass 1 of the import) in this process."""
    from orderly.border.imports.checks import Context, PortTable, check_batch
    from orderly.border.imports.sources import CsvSource, ParquetSource
    from orderly.demo.population import PORTS

    source = CsvSource(path) if path.suffix == ".csv" else ParquetSource(path)
    codes = [port.code for port in PORTS]
    purposes = (
        "tourism",
        "business",
        "work",
        "study",
        "family",
        "transit",
        "residence",
        "crew",
        "other",
        "unknown",
    )
    context = Context(
        ports=PortTable(ids={code: n for n, code in enumerate(codes, 1)}, allowed=frozenset(codes)),
        now=datetime.now(UTC),
        purposes=purposes,
        keys_given=False,
    )
    started, rows = time.perf_counter(), 0
    for batch, lines in source.batches([]):
        rows += check_batch(batch, lines, context).table.num_rows
    return rows / (time.perf_counter() - started)


# --- one import, in a subprocess -----------------------------------------------------------

_DRIVER = """
import json, sys, time
import django
django.setup()
from pathlib import Path
from orderly.border.imports import crossings_import, open_source
from orderly.core.roles import system_actor
source = open_source(Path(sys.argv[1]))
started = time.perf_counter()
result = crossings_import(actor=system_actor("benchmark"), source=source,
                          batch_rows=int(sys.argv[2]))
seconds = time.perf_counter() - started
print(json.dumps({"rows": result.rows, "stored": result.stored, "seconds": seconds}))
"""

_PORTS = """
import django
django.setup()
from orderly.border.services import port_save
from orderly.core.roles import system_actor
from orderly.demo.population import PORTS
for p in PORTS:
    port_save(actor=system_actor("benchmark"), code=p.code, name=p.name, kind=p.kind,
              region=p.region, timezone_name=p.timezone)
"""


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


def _python(code_or_args: list[str], url: str) -> str:
    result = subprocess.run(
        [sys.executable, *code_or_args],
        cwd=ROOT,
        env=_env(url),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(result.stdout + result.stderr)
    return result.stdout


def prepare_database(url: str) -> None:
    """Migrate and add the demo ports."""
    _python(["-m", "django", "migrate", "--no-input", "-v", "0"], url)
    _python(["-c", _PORTS], url)


def import_once(url: str, path: Path, batch_rows: int) -> float:
    """Rows per second of one import of ``path`` into the database at ``url``."""
    out = json.loads(_python(["-c", _DRIVER, str(path), str(batch_rows)], url).splitlines()[-1])
    if out["stored"] != out["rows"]:
        raise RuntimeError(f"stored {out['stored']} of {out['rows']} rows into a fresh database")
    return float(out["rows"]) / float(out["seconds"])


# --- SQLite: a template file, copied per run -----------------------------------------------


def sqlite_runs(
    files: dict[str, Path], folder: Path, runs: int, batch_rows: int
) -> dict[str, list[float]]:
    template = folder / "template.sqlite3"
    prepare_database(f"sqlite:///{template}")
    figures: dict[str, list[float]] = {}
    for kind, path in files.items():
        for run in range(runs):
            target = folder / f"run-{kind}-{run}.sqlite3"
            shutil.copy(template, target)
            figures.setdefault(kind, []).append(
                import_once(f"sqlite:///{target}", path, batch_rows)
            )
            for leftover in folder.glob(f"run-{kind}-{run}.sqlite3*"):
                leftover.unlink()
    return figures


# --- PostgreSQL: a throwaway cluster, a template database, one copy per run -----------------


def _free_port() -> int:
    with closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def pg_bindir() -> Path | None:
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), reverse=True)
    if candidates:
        return candidates[0].parent
    found = shutil.which("pg_ctl")
    return Path(found).parent if found else None


@contextmanager
def throwaway_cluster(bindir: Path) -> Iterator[tuple[str, str]]:
    """(admin URL, server version) of a fresh cluster; stopped and deleted afterwards."""
    tmp = Path(tempfile.mkdtemp(prefix="orderly-bench-import-pg-"))
    # initdb refuses to run as root: as root, the cluster belongs to the postgres OS user.
    as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    password = secrets.token_hex(16)
    (tmp / "pw").write_text(password)
    if as_user:
        for owned in (tmp, tmp / "pw"):
            shutil.chown(owned, "postgres", "postgres")
    port, data = _free_port(), tmp / "data"
    pg_ctl = [*as_user, str(bindir / "pg_ctl"), "-D", str(data)]
    subprocess.run(
        [
            *as_user,
            str(bindir / "initdb"),
            "-D",
            str(data),
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "-A",
            "scram-sha-256",
            f"--pwfile={tmp / 'pw'}",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {tmp}"
    subprocess.run(
        [*pg_ctl, "-l", str(tmp / "log"), "-w", "-o", options, "start"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    try:
        import psycopg

        url = f"postgres://postgres:{password}@127.0.0.1:{port}"
        with psycopg.connect(f"{url}/postgres") as conn:
            version = str(conn.execute("SHOW server_version").fetchone()[0])  # type: ignore[index]
        yield url, version
    finally:
        subprocess.run(
            [*pg_ctl, "-m", "fast", "-w", "stop"], check=False, stdout=subprocess.DEVNULL
        )
        shutil.rmtree(tmp, ignore_errors=True)


def postgres_runs(
    files: dict[str, Path], base: str, runs: int, batch_rows: int
) -> dict[str, list[float]]:
    import psycopg

    _create(base, "template_orderly")
    prepare_database(f"{base}/template_orderly")
    figures: dict[str, list[float]] = {}
    for kind, path in files.items():
        for run in range(runs):
            name = f"run_{kind}_{run}"
            _create(base, name, template="template_orderly")
            figures.setdefault(kind, []).append(import_once(f"{base}/{name}", path, batch_rows))
            with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
                conn.execute(f"DROP DATABASE {name}")
    return figures


def _create(base: str, name: str, template: str = "template0") -> None:
    import psycopg

    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name} TEMPLATE {template}")


# --- the report ----------------------------------------------------------------------------


def report(
    rows: int,
    facts: dict[str, str],
    base: dict[str, float],
    results: dict[str, dict[str, list[float]]],
) -> str:
    lines = [
        f"import-crossings: {rows:,} rows per file, median of each run set, fresh database "
        f"per run (goal {GOAL:,} rows/s)",
        "",
    ]
    lines += [f"  {key:13s} {value}" for key, value in facts.items()]
    lines.append("")
    lines.append(
        f"  {'database':11s} {'file':8s} {'rows/s':>10s} {'runs':>28s}  "
        f"{'read+check':>10s}  import/baseline  goal"
    )
    for database, figures in results.items():
        for kind, values in figures.items():
            median = statistics.median(values)
            runs = ", ".join(f"{v:,.0f}" for v in values)
            lines.append(
                f"  {database:11s} {kind:8s} {median:10,.0f} {runs:>28s}  {base[kind]:10,.0f}"
                f"  {median / base[kind]:15.2f}  {'met' if median >= GOAL else 'not met'}"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=100_000, help="the import's default")
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("ORDERLY_DEBUG", "true")
    import django

    django.setup()  # the checks live in a Django app; the baseline itself touches no database
    folder = Path(tempfile.mkdtemp(prefix="orderly-bench-import-"))
    try:
        files = make_files(args.rows, folder)
        facts = machine()
        base = {
            kind: statistics.median(baseline(path) for _ in range(args.runs))
            for kind, path in files.items()
        }
        results = {"SQLite": sqlite_runs(files, folder, args.runs, args.batch_size)}
        bindir = pg_bindir()
        if bindir is not None and not args.no_postgres:
            with throwaway_cluster(bindir) as (url, version):
                facts["postgresql"] = version
                results["PostgreSQL"] = postgres_runs(files, url, args.runs, args.batch_size)
        else:
            facts["postgresql"] = "not run (no pg_ctl found)" if bindir is None else "not run"
        print(report(args.rows, facts, base, results))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
