"""Recording crossings through the API on PostgreSQL, under load from a second process.

Issue goal: p99 < 50 ms and >= 300 crossings/s on 2 cores, 50 concurrent clients on loopback.

What it does, all on this machine and all thrown away afterwards:

1. starts a throwaway PostgreSQL cluster (initdb in a temporary directory, a free port);
2. migrates it and provisions a port, an officer with a device token and a pool of travellers
   whose documents are already registered (a subprocess running this script with --provision);
3. starts ``orderly serve`` (gunicorn, gthread) with production settings (no debug, HTTPS assumed
   behind a proxy: requests carry ``X-Forwarded-Proto: https``);
4. drives it with wrk, a separate process, through a Lua script that makes every request body
   unique (idempotency key) and stops after a fixed number of answers;
5. checks the rows landed (crossings in the database == 201 answers) and prints median, p99,
   throughput and errors next to a same-run baseline (GET /healthz through the same server).

    python benchmarks/bench_api_load.py [--requests 20000] [--connections 50] [--mrz]

Needs the PostgreSQL server binaries (Debian: postgresql) and wrk; as root it installs wrk with
apt-get when missing. Figures are printed, never asserted: they depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PORT_CODE = "BEN-AIR"
# 2 cores shared by gunicorn, PostgreSQL and wrk: one process per core keeps the GIL from being
# the ceiling, and 4 threads each let a process keep working while its other requests wait on
# PostgreSQL round trips. More processes or threads only add context switches here (see
# docs/howto/benchmarks.md for the figures that chose this).
DEFAULT_WORKERS = 2
DEFAULT_THREADS = 4

LUA = r"""
-- Unique bodies and a fixed number of requests. wrk has no request count of its own, so:
-- delay() hands out the quota (wrk asks it before every request) and then parks each connection;
-- the last awaited answer prints QUOTA-DONE, on which the parent stops wrk with SIGINT. No
-- request is left half-done, so the database holds exactly one row per 201 answer.
-- (Sends are counted in delay(), not request(): wrk calls request() once more to validate it.)
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  mode, limit, prefix, token, port = args[1], tonumber(args[2]), args[3], args[4], args[5]
  docs, mrzs = {}, {}
  if args[6] then
    for line in io.lines(args[6]) do
      local doc, mrz = line:match("^([^|]+)|(.*)$")
      table.insert(docs, doc)
      table.insert(mrzs, mrz)
    end
  end
  quota, keys, answered, created, failed = 0, 0, 0, 0, 0
  wrk.headers["X-Forwarded-Proto"] = "https"
  if mode ~= "healthz" then
    wrk.method = "POST"
    wrk.headers["Content-Type"] = "application/json"
    wrk.headers["Authorization"] = "Bearer " .. token
  end
end

function delay()
  if quota >= limit then return 3600000 end
  quota = quota + 1
  return 0
end

function request()
  keys = keys + 1
  if mode == "healthz" then return wrk.format("GET", "/healthz") end
  local i = (keys + id * 7919) % #docs + 1
  local key = string.format("%s-%d-%d", prefix, id, keys)
  local who
  if mode == "mrz" then
    who = string.format('"mrz":"%s"', mrzs[i])
  else
    who = string.format('"document_id":"%s"', docs[i])
  end
  local body = string.format(
    '{"idempotency_key":"%s","port":"%s","direction":"entry",%s}', key, port, who)
  return wrk.format(nil, "/api/v1/crossings", nil, body)
end

function response(status, headers, body)
  answered = answered + 1
  if status == 201 or (mode == "healthz" and status == 200) then
    created = created + 1
  else
    failed = failed + 1
  end
  if answered == limit then
    io.write("QUOTA-DONE\n")
    io.stdout:flush()
  end
end

function done(summary, latency, requests)
  local ok, bad = 0, 0
  for _, t in ipairs(threads) do
    ok = ok + t:get("created")
    bad = bad + t:get("failed")
  end
  local e = summary.errors
  io.write(string.format(
    'RESULT {"answers":%d,"ok":%d,"failed":%d,"duration_us":%d,"p50_us":%d,"p90_us":%d,' ..
    '"p99_us":%d,"max_us":%d,"mean_us":%.1f,"connect_errors":%d,"read_errors":%d,' ..
    '"write_errors":%d,"timeouts":%d}\n',
    summary.requests, ok, bad, summary.duration, latency:percentile(50),
    latency:percentile(90), latency:percentile(99), latency.max, latency.mean,
    e.connect, e.read, e.write, e.timeout))
end
"""


# --- the machine ----------------------------------------------------------------------------


def machine() -> dict[str, str]:
    """What the figures ran on: they mean nothing without it."""
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kb = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    import django
    import gunicorn

    return {
        "cpu": cpu,
        "cores": str(len(os.sched_getaffinity(0))),
        "ram": f"{mem_kb / 1024 / 1024:.1f} GiB",
        "kernel": platform.release(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "gunicorn": gunicorn.__version__,
        "wrk": _first_line([_wrk(), "--version"]),
    }


def _first_line(args: list[str]) -> str:
    result = subprocess.run(args, capture_output=True, text=True, check=False)
    return (result.stdout or result.stderr).splitlines()[0].strip()


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


def _free_port() -> int:
    with closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# --- a throwaway PostgreSQL cluster ---------------------------------------------------------


def _pg_bindir() -> Path:
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), reverse=True)
    if candidates:
        return candidates[0].parent
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    sys.exit("PostgreSQL server binaries are needed: apt-get install postgresql")


@contextmanager
def throwaway_cluster() -> Iterator[tuple[str, str]]:
    """Yield (DATABASE_URL, server version) of a fresh cluster; stop and delete it afterwards."""
    bindir = _pg_bindir()
    tmp = Path(tempfile.mkdtemp(prefix="orderly-bench-pg-"))
    # initdb refuses to run as root: as root, the cluster belongs to the postgres OS user.
    as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if as_user:
        shutil.chown(tmp, "postgres", "postgres")
    superpass = secrets.token_hex(16)
    pwfile = tmp / "pw"
    pwfile.write_text(superpass)
    if as_user:
        shutil.chown(pwfile, "postgres", "postgres")
    port = _free_port()
    data = tmp / "data"
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
            f"--pwfile={pwfile}",
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

        admin = f"postgres://postgres:{superpass}@127.0.0.1:{port}/postgres"
        password = secrets.token_hex(16)
        with psycopg.connect(admin, autocommit=True) as conn:
            version = str(conn.execute("SHOW server_version").fetchone()[0])  # type: ignore[index]
            conn.execute(f"CREATE ROLE orderly LOGIN CREATEDB PASSWORD '{password}'")  # type: ignore[arg-type]
            conn.execute("CREATE DATABASE orderly OWNER orderly")
        yield f"postgres://orderly:{password}@127.0.0.1:{port}/orderly", version
    finally:
        subprocess.run(
            [*pg_ctl, "-m", "fast", "-w", "stop"], check=False, stdout=subprocess.DEVNULL
        )
        shutil.rmtree(tmp, ignore_errors=True)


# --- provisioning (runs in a subprocess, inside Django) ------------------------------------


def provision(travellers: int, pool_file: Path) -> dict[str, str]:
    """A port, an officer with a device token, and ``travellers`` registered documents.

    The pool file has one ``<document uuid>|<MRZ, lines joined by a JSON \\n>`` per line, for
    the Lua script to pick travellers from.
    """
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from orderly.border.services import port_save
    from orderly.core.roles import Role, ScopeKind, system_actor
    from orderly.core.services import device_token_issue, role_grant, user_create
    from orderly.registry.reading import facts_from_mrz, read_mrz
    from orderly.registry.rules.mrz import build_mrz
    from orderly.registry.services import document_register

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
    today = __import__("datetime").date.today()
    with pool_file.open("w") as pool:
        for n in range(travellers):
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
            document = document_register(
                actor=system, facts=facts_from_mrz(read_mrz(mrz, today=today)), holder=None
            )
            pool.write(f"{document.pk}|{mrz.replace(chr(10), chr(92) + 'n')}\n")
    return {"port": port.code, "token": token}


# --- the server and the load --------------------------------------------------------------


@dataclass(frozen=True)
class Setup:
    database_url: str
    env: dict[str, str]
    port: int
    token: str
    pool_file: Path
    work: Path


def _env(database_url: str, work: Path, bind: str, workers: int, threads: int) -> dict[str, str]:
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
            "ORDERLY_WORKERS": str(workers),
            "ORDERLY_THREADS": str(threads),
            "ORDERLY_LOG_LEVEL": "WARNING",
        }
    )
    return env


@contextmanager
def server(setup: Setup) -> Iterator[subprocess.Popen[bytes]]:
    """``orderly serve`` in its own process group; the access log goes to a file, as in production."""
    log = (setup.work / "serve.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "orderly.cli", "serve", "--no-control-socket"],
        cwd=ROOT,
        env=setup.env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                request = urllib.request.Request(
                    f"http://127.0.0.1:{setup.port}/healthz", headers={"X-Forwarded-Proto": "https"}
                )
                with urllib.request.urlopen(request, timeout=2):  # noqa: S310 (loopback)
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"server did not start; see {log.name}") from None
                time.sleep(0.2)
        yield process
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        log.close()


def load(setup: Setup, mode: str, requests: int, connections: int, prefix: str) -> dict[str, Any]:
    """Run wrk (one thread: the cores are for the server) until ``requests`` answers came back."""
    script = setup.work / "load.lua"
    script.write_text(LUA)
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
            str(script),
            f"http://127.0.0.1:{setup.port}",
            "--",
            mode,
            str(requests),
            prefix,
            setup.token,
            PORT_CODE,
            str(setup.pool_file),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert wrk.stdout is not None
    # A watchdog: if answers stop coming (socket errors), stop wrk anyway and report the errors.
    watchdog = threading.Timer(max(120.0, requests / 20), wrk.send_signal, [signal.SIGINT])
    watchdog.start()
    result = None
    try:
        for line in wrk.stdout:
            if line.startswith("QUOTA-DONE"):
                wrk.send_signal(signal.SIGINT)  # wrk then prints its summary and exits
            elif line.startswith("RESULT "):
                result = line.removeprefix("RESULT ")
    finally:
        watchdog.cancel()
        wrk.wait()
    if result is None:
        raise RuntimeError(f"wrk gave no result (exit code {wrk.returncode})")
    figures: dict[str, Any] = json.loads(result)
    figures["throughput"] = figures["answers"] / (figures["duration_us"] / 1e6)
    return figures


def rows_with_prefix(database_url: str, prefix: str) -> int:
    import psycopg

    with psycopg.connect(database_url) as conn:
        row = conn.execute(
            "SELECT count(*) FROM border_crossing WHERE idempotency_key LIKE %s", [f"{prefix}-%"]
        ).fetchone()
    return int(row[0]) if row else 0


# --- the run --------------------------------------------------------------------------------


def _row(name: str, f: dict[str, Any]) -> str:
    return (
        f"{name:<28} {f['throughput']:>8.0f}/s  median {f['p50_us'] / 1000:>6.1f} ms  "
        f"p90 {f['p90_us'] / 1000:>6.1f} ms  p99 {f['p99_us'] / 1000:>6.1f} ms  "
        f"max {f['max_us'] / 1000:>6.1f} ms  errors {_errors(f)}"
    )


def _errors(f: dict[str, Any]) -> int:
    return int(
        f["failed"] + f["connect_errors"] + f["read_errors"] + f["write_errors"] + f["timeouts"]
    )


def run(args: argparse.Namespace) -> int:
    facts = machine()
    work = Path(tempfile.mkdtemp(prefix="orderly-bench-"))
    try:
        with throwaway_cluster() as (database_url, pg_version):
            facts["postgresql"] = pg_version
            port = _free_port()
            env = _env(database_url, work, f"127.0.0.1:{port}", args.workers, args.threads)
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
            setup = Setup(database_url, env, port, provisioned["token"], pool_file, work)
            results = _measure(setup, args)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    _report(facts, args, results)
    return 0 if all(_errors(f) == 0 and f.get("rows_ok", True) for f in results.values()) else 1


def _measure(setup: Setup, args: argparse.Namespace) -> dict[str, dict[str, Any]]:
    modes = ["document"] + (["mrz"] if args.mrz else [])
    results: dict[str, dict[str, Any]] = {}
    with server(setup):
        load(setup, "healthz", args.warmup, args.connections, "warm-h")
        results["healthz"] = load(setup, "healthz", args.requests, args.connections, "base")
        for mode in modes:
            load(setup, mode, args.warmup, args.connections, f"warm-{mode}")
            figures = load(setup, mode, args.requests, args.connections, f"run-{mode}")
            # Give in-flight work nothing to hide behind: count what the database holds.
            figures["rows"] = rows_with_prefix(setup.database_url, f"run-{mode}")
            figures["rows_ok"] = figures["rows"] == figures["ok"]
            results[mode] = figures
    return results


def _report(facts: dict[str, str], args: argparse.Namespace, results: dict[str, Any]) -> None:
    print("Recording crossings through the API on PostgreSQL (bench_api_load)")
    for key, value in facts.items():
        print(f"  {key:<11} {value}")
    print(
        f"  server      orderly serve: gunicorn gthread, {args.workers} workers x "
        f"{args.threads} threads, DEBUG off, access log to a file"
    )
    print(
        f"  load        wrk, 1 thread, {args.connections} connections, {args.requests} requests "
        f"per scenario after {args.warmup} warm-up requests"
    )
    print()
    labels = {
        "healthz": "baseline GET /healthz",
        "document": "POST crossing (document_id)",
        "mrz": "POST crossing (mrz)",
    }
    for mode, figures in results.items():
        print(_row(labels[mode], figures))
    print()
    base = results["healthz"]
    for mode in ("document", "mrz"):
        if mode not in results:
            continue
        f = results[mode]
        print(
            f"{labels[mode]}: rows in database {f['rows']} / 201 answers {f['ok']} "
            f"({'match' if f['rows_ok'] else 'MISMATCH'}); throughput "
            f"{f['throughput'] / base['throughput']:.0%} of baseline; goal p99 < 50 ms: "
            f"{'met' if f['p99_us'] < 50_000 else 'not met'}, >= 300/s: "
            f"{'met' if f['throughput'] >= 300 else 'not met'}"
        )
    if args.json:
        Path(args.json).write_text(json.dumps({"machine": facts, "results": results}, indent=2))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--warmup", type=int, default=2_000)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--travellers", type=int, default=2_000)
    parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS)
    parser.add_argument("--threads", type=int, default=DEFAULT_THREADS)
    parser.add_argument("--mrz", action="store_true", help="also measure the MRZ variant")
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--provision", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--pool-file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    # A plain kill must still stop the server and the cluster: run the finally blocks.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if args.provision is not None:
        print(json.dumps(provision(args.provision, args.pool_file)))
        return 0
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
