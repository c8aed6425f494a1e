"""Recording crossings through the API on PostgreSQL, under load from a second process.

The issue's goal: p99 < 50 ms and >= 300 crossings/s on 2 cores, 50 concurrent clients on loopback.

Everything runs on this machine and is thrown away afterwards:

1. a throwaway PostgreSQL cluster (initdb in a temporary directory, a free port; support.py);
2. migrations, then a port, an officer with a device token and a pool of travellers whose
   documents are already registered (this script again, with --provision, inside Django);
3. ``orderly serve`` (gunicorn gthread) with production settings: no debug, HTTPS assumed behind
   a proxy (requests carry ``X-Forwarded-Proto: https``), the access log written to a file;
4. wrk, a separate process, with api_load.lua: 50 connections, unique idempotency keys, a fixed
   number of requests after a warm-up, in these scenarios:
   - baseline: GET /healthz through the same server (what serving alone costs);
   - saturated: POST /api/v1/crossings naming a known document, as fast as answers come back
     (the throughput ceiling; latency is then mostly queueing: 50 clients / throughput);
   - paced: the same on a fixed schedule (--rates, 300/s and 150/s): the latency a desk sees at
     that load; the goal's p99 is judged at the first rate;
   - mrz (with --mrz): the traveller named by the MRZ instead, parsed and verified each time;
5. counts the rows in the database (== 201 answers) and the CPU the server and PostgreSQL used.

    python benchmarks/bench_api_load.py [--requests 20000] [--rates 300,150] [--mrz]

Needs PostgreSQL's server binaries (Debian: postgresql) and wrk (as root it installs wrk with
apt-get). Figures are printed, never asserted: they belong to the machine (printed with them).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from support import cpu_seconds, free_port, machine, throwaway_cluster

ROOT = Path(__file__).resolve().parent.parent
LUA = Path(__file__).resolve().parent / "api_load.lua"
PORT_CODE = "BEN-AIR"
# 2 cores shared by the server, PostgreSQL and wrk. Two processes let both cores run Python (one
# process never uses more than one core, the GIL); four threads each keep a process busy while
# its other requests wait on PostgreSQL round trips. More processes or threads measured slower
# here: more context switches and GIL hand-offs for the same two cores (docs/howto/benchmarks.md).
DEFAULT_WORKERS = 2
DEFAULT_THREADS = 4


# --- provisioning (runs in a subprocess, inside Django) ------------------------------------


def provision(travellers: int, pool_file: Path) -> dict[str, str]:
    """A port, an officer with a device token, and ``travellers`` registered documents.

    The pool file holds ``<document uuid>|<MRZ with its lines joined by a JSON \\n>`` per line,
    for the Lua script to pick travellers from.
    """
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from orderly.border.services import port_save
    from orderly.core.roles import Role, ScopeKind, system_actor
    from orderly.core.services import device_token_issue, role_grant, user_create

    system = system_actor("benchmark")
    port = port_save(
        actor=system,
        code=PORT_CODE,
        name="Benchmark Airport",
        kind="air",
        region="capital",
        timezone_name="Asia/Shanghai",
    )
    officer = user_create(actor=system, username="officer.bench", password=secrets.token_hex(16))
    role_grant(
        actor=system, user=officer, role=Role.BORDER_OFFICER, scope=ScopeKind.PORT, code=port.code
    )
    token = device_token_issue(actor=system, user=officer, name="benchmark device")
    with pool_file.open("w") as pool:
        for n in range(travellers):
            document, mrz = _traveller(system, n)
            pool.write(f"{document}|{mrz.replace(chr(10), chr(92) + 'n')}\n")
    return {"port": port.code, "token": token}


def _traveller(system: Any, n: int) -> tuple[str, str]:
    from orderly.registry.reading import facts_from_mrz, read_mrz
    from orderly.registry.rules.mrz import build_mrz
    from orderly.registry.services import document_register

    mrz = build_mrz(
        format="TD3",
        document_type="P",
        issuing_state="UTO",
        document_number=f"B{n:07d}",
        nationality="UTO",
        date_of_birth="1985-07-21",
        expiry_date="2035-07-20",
        sex="M" if n % 2 else "F",
        surname="BENCH",
        given_names="TRAVELLER",
    )
    facts = facts_from_mrz(read_mrz(mrz, today=datetime.date.today()))
    return str(document_register(actor=system, facts=facts, holder=None).pk), mrz


# --- the server and the load --------------------------------------------------------------


@dataclass(frozen=True)
class Setup:
    database_url: str
    postmaster_pid: int
    env: dict[str, str]
    port: int
    token: str
    pool_file: Path
    work: Path


def _env(database_url: str, work: Path, bind: str, args: argparse.Namespace) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ORDERLY_")}
    (work / "static").mkdir(exist_ok=True)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": database_url,
            "ORDERLY_SECRET_KEY": secrets.token_urlsafe(50),
            "ORDERLY_DEBUG": "false",
            "ORDERLY_HTTPS": "true",
            "ORDERLY_BIND": bind,
            "ORDERLY_VAR_DIR": str(work),
            "ORDERLY_WORKERS": str(args.workers),
            "ORDERLY_THREADS": str(args.threads),
            "ORDERLY_LOG_LEVEL": "WARNING",
        }
    )
    return env


@contextmanager
def server(setup: Setup) -> Iterator[int]:
    """``orderly serve`` in its own process group (yielded), stopped with SIGTERM afterwards."""
    log = (setup.work / "serve.log").open("w")
    # No control socket: its default path is per user, and a second gunicorn would take it over.
    process = subprocess.Popen(
        [sys.executable, "-m", "orderly.cli", "serve", "--no-control-socket"],
        cwd=ROOT,
        env=setup.env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        _wait_until_ready(process, setup.port, log.name)
        yield process.pid
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        log.close()


def _wait_until_ready(process: subprocess.Popen[bytes], port: int, log: str) -> None:
    deadline = time.monotonic() + 60
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/healthz", headers={"X-Forwarded-Proto": "https"}
    )
    while True:
        try:
            with urllib.request.urlopen(request, timeout=2):  # noqa: S310 (our own loopback URL)
                return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the server did not start; see {log}") from None
            time.sleep(0.2)


def load(
    setup: Setup,
    server_group: int,
    mode: str,
    requests: int,
    *,
    connections: int,
    prefix: str,
    rate: int = 0,
) -> dict[str, Any]:
    """Run wrk (one thread: the cores are for the server) until ``requests`` answers came back."""
    before = cpu_seconds(group=server_group, parent=setup.postmaster_pid)
    wrk = subprocess.Popen(
        [
            _wrk(),
            "-t",
            "1",
            "-c",
            str(connections),
            "-d",
            "3600s",
            "--timeout",
            "10s",
            "-s",
            str(LUA),
            f"http://127.0.0.1:{setup.port}",
            "--",
            mode,
            str(requests),
            prefix,
            setup.token,
            PORT_CODE,
            str(setup.pool_file),
            str(rate),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    result = _read_wrk(wrk, timeout=max(300.0, requests / 10))
    after = cpu_seconds(group=server_group, parent=setup.postmaster_pid)
    figures: dict[str, Any] = json.loads(result)
    figures["throughput"] = figures["answers"] / (figures["duration_us"] / 1e6)
    figures["server_cpu_ms"] = (after[0] - before[0]) * 1000 / max(figures["answers"], 1)
    figures["postgres_cpu_ms"] = (after[1] - before[1]) * 1000 / max(figures["answers"], 1)
    return figures


def _read_wrk(wrk: subprocess.Popen[str], *, timeout: float) -> str:
    assert wrk.stdout is not None
    # A watchdog: if answers stop coming (socket errors), stop wrk anyway and report the errors.
    watchdog = threading.Timer(timeout, wrk.send_signal, [signal.SIGINT])
    watchdog.start()
    result = ""
    try:
        for line in wrk.stdout:
            if line.startswith("QUOTA-DONE"):
                wrk.send_signal(signal.SIGINT)  # wrk then prints its summary and exits
            elif line.startswith("RESULT "):
                result = line.removeprefix("RESULT ")
    finally:
        watchdog.cancel()
        wrk.wait()
    if not result:
        raise RuntimeError(f"wrk gave no result (exit code {wrk.returncode})")
    return result


def _wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "wrk"], check=True, stdout=subprocess.DEVNULL
        )
        return shutil.which("wrk") or "wrk"
    sys.exit("wrk is needed: apt-get install wrk")


def rows_with_prefix(database_url: str, prefix: str) -> int:
    """Crossings stored under this run's idempotency keys, counted in the database itself."""
    import psycopg

    with psycopg.connect(database_url) as conn:
        row = conn.execute(
            "SELECT count(*) FROM border_crossing WHERE idempotency_key LIKE %s", [f"{prefix}-%"]
        ).fetchone()
    return int(row[0]) if row else 0


# --- the run --------------------------------------------------------------------------------


def run(args: argparse.Namespace) -> int:
    facts = machine()
    facts["wrk"] = subprocess.run(
        [_wrk(), "--version"], capture_output=True, text=True, check=False
    ).stdout.splitlines()[0]
    work = Path(tempfile.mkdtemp(prefix="orderly-bench-"))
    try:
        with throwaway_cluster() as cluster:
            facts["postgresql"] = cluster.version
            port = free_port()
            env = _env(cluster.url, work, f"127.0.0.1:{port}", args)
            subprocess.run(
                [sys.executable, "-m", "orderly.cli", "migrate", "--no-input", "-v", "0"],
                cwd=ROOT,
                env=env,
                check=True,
            )
            pool_file = work / "pool.txt"
            provisioned = json.loads(
                subprocess.run(
                    [
                        sys.executable,
                        __file__,
                        "--provision",
                        str(args.travellers),
                        "--pool-file",
                        str(pool_file),
                    ],
                    cwd=ROOT,
                    env=env,
                    check=True,
                    capture_output=True,
                    text=True,
                ).stdout
            )
            setup = Setup(
                cluster.url,
                cluster.postmaster_pid,
                env,
                port,
                provisioned["token"],
                pool_file,
                work,
            )
            results = _measure(setup, args)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    facts["load after"] = "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg())
    _report(facts, args, results)
    return 0 if all(_errors(f) == 0 and f.get("rows_ok", True) for f in results.values()) else 1


def _measure(setup: Setup, args: argparse.Namespace) -> dict[str, dict[str, Any]]:
    scenarios = [("saturated", "document", 0)]
    scenarios += [(f"paced-{rate}", "document", rate) for rate in args.rates]
    if args.mrz:
        scenarios.append(("mrz", "mrz", 0))
    results: dict[str, dict[str, Any]] = {}
    with server(setup) as group:

        def run_load(mode: str, count: int, prefix: str, rate: int = 0) -> dict[str, Any]:
            return load(
                setup, group, mode, count, connections=args.connections, prefix=prefix, rate=rate
            )

        run_load("healthz", args.warmup, "warm-healthz")
        results["baseline"] = run_load("healthz", args.requests, "baseline")
        run_load("document", args.warmup, "warm-document")
        for name, mode, rate in scenarios:
            figures = run_load(mode, args.requests, f"run-{name}", rate)
            # What the clients were told is compared with what the database holds.
            figures["rows"] = rows_with_prefix(setup.database_url, f"run-{name}")
            figures["rows_ok"] = figures["rows"] == figures["ok"]
            results[name] = figures
    return results


def _label(name: str) -> str:
    if name.startswith("paced-"):
        return f"POST crossing, {name.removeprefix('paced-')}/s paced"
    return LABELS[name]


LABELS = {
    "baseline": "GET /healthz (baseline)",
    "saturated": "POST crossing, saturated",
    "mrz": "POST crossing by MRZ, sat.",
}


def _errors(f: dict[str, Any]) -> int:
    keys = ("failed", "connect_errors", "read_errors", "write_errors", "timeouts")
    return int(sum(f[k] for k in keys))


def _report(facts: dict[str, str], args: argparse.Namespace, results: dict[str, Any]) -> None:
    print("Recording crossings through the API on PostgreSQL (benchmarks/bench_api_load.py)")
    for key, value in facts.items():
        print(f"  {key:<12} {value}")
    print(
        f"  server       orderly serve: gunicorn gthread, {args.workers} workers x "
        f"{args.threads} threads, DEBUG off, access log to a file"
    )
    rates = ", ".join(f"{rate}/s" for rate in args.rates)
    print(
        f"  client       wrk, 1 thread, {args.connections} connections, {args.requests} "
        f"requests per scenario after {args.warmup} warm-up; paced at {rates}"
    )
    print()
    print(
        f"{'scenario':<27} {'req/s':>7} {'median':>8} {'p90':>8} {'p99':>8} {'max':>8} "
        f"{'errors':>6}  CPU ms/request: server + PostgreSQL"
    )
    for name, f in results.items():
        print(
            f"{_label(name):<27} {f['throughput']:>7.0f} {f['p50_us'] / 1000:>6.1f}ms "
            f"{f['p90_us'] / 1000:>6.1f}ms {f['p99_us'] / 1000:>6.1f}ms "
            f"{f['max_us'] / 1000:>6.1f}ms {_errors(f):>6}  "
            f"{f['server_cpu_ms']:.2f} + {f['postgres_cpu_ms']:.2f}"
        )
    print()
    for name, f in results.items():
        if "rows" in f:
            verdict = "match" if f["rows_ok"] else "MISMATCH"
            print(
                f"{_label(name)}: {f['rows']} rows in the database for {f['ok']} answers "
                f"201 ({verdict})"
            )
    _verdict(results, args.rates[0])
    if args.json:
        Path(args.json).write_text(json.dumps({"machine": facts, "results": results}, indent=2))


def _verdict(results: dict[str, Any], rate: int) -> None:
    saturated, paced = results["saturated"], results[f"paced-{rate}"]
    ratio = saturated["throughput"] / results["baseline"]["throughput"]
    print(
        f"Throughput goal >= 300 crossings/s: {saturated['throughput']:.0f}/s saturated "
        f"({'met' if saturated['throughput'] >= 300 else 'NOT met'}; {ratio:.0%} of /healthz)"
    )
    print(
        f"Latency goal p99 < 50 ms at {paced['throughput']:.0f}/s: p99 "
        f"{paced['p99_us'] / 1000:.1f} ms ({'met' if paced['p99_us'] < 50_000 else 'NOT met'})"
    )
    if paced["throughput"] < 0.95 * rate:
        # Then requests queued on the 50 connections: the paced run was a saturated one.
        print(f"  (the server could not keep up with {rate}/s: that p99 is a saturated one)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--requests", type=int, default=20_000, help="per scenario")
    parser.add_argument("--warmup", type=int, default=2_000)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument(
        "--rates",
        type=lambda text: [int(r) for r in text.split(",")],
        default=[300, 150],
        help="requests/s of the paced scenarios, comma-separated; the first is the goal's",
    )
    parser.add_argument("--travellers", type=int, default=2_000)
    parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS)
    parser.add_argument("--threads", type=int, default=DEFAULT_THREADS)
    parser.add_argument("--mrz", action="store_true", help="also measure the MRZ variant")
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--provision", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--pool-file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    # A plain kill must still stop the server and the cluster: let the finally blocks run.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if args.provision is not None:
        print(json.dumps(provision(args.provision, args.pool_file)))
        return 0
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
