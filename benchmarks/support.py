"""What the benchmarks share: the machine they ran on, free ports, a throwaway PostgreSQL cluster
and CPU accounting by process.

Imported by the ``bench_*.py`` scripts next to it (run as scripts, so this folder is on the path).
"""

from __future__ import annotations

import os
import platform
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def machine() -> dict[str, str]:
    """What figures ran on: CPU model, usable cores, RAM, kernel, Python and the busy-ness.

    The load average is printed because a benchmark on a shared machine measures the neighbours
    too: figures taken at a high load are lower bounds, not the platform's capacity.
    """
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown",
    )
    mem_kb = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    return {
        "cpu": cpu,
        "cores": str(len(os.sched_getaffinity(0))),
        "ram": f"{mem_kb / 1024 / 1024:.1f} GiB",
        "kernel": platform.release(),
        "python": platform.python_version(),
        "load before": "{:.2f} {:.2f} {:.2f} (1, 5, 15 min)".format(*os.getloadavg()),
    }


def free_port() -> int:
    """A TCP port on loopback nobody listens on right now."""
    with closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# --- a throwaway PostgreSQL cluster ---------------------------------------------------------


@dataclass(frozen=True)
class Cluster:
    """A running throwaway cluster: its URL (role ``orderly``, database ``orderly``)."""

    url: str
    version: str
    postmaster_pid: int


def pg_bindir() -> Path:
    """The newest installed PostgreSQL server binaries (Debian keeps them off the PATH)."""
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), reverse=True)
    if candidates:
        return candidates[0].parent
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    sys.exit("PostgreSQL server binaries are needed: apt-get install postgresql")


@contextmanager
def throwaway_cluster() -> Iterator[Cluster]:
    """A fresh cluster in a temporary directory on a free loopback port; stopped and deleted after.

    Durability settings are PostgreSQL's defaults (fsync, synchronous commit): the figures are
    those of a real server, not of one that may lose commits.
    """
    bindir = pg_bindir()
    tmp = Path(tempfile.mkdtemp(prefix="orderly-bench-pg-"))
    # initdb refuses to run as root; as root, the cluster belongs to the postgres OS user.
    as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    superpass = secrets.token_hex(16)
    (tmp / "pw").write_text(superpass)
    if as_user:
        for path in (tmp, tmp / "pw"):
            shutil.chown(path, "postgres", "postgres")
    port, data = free_port(), tmp / "data"
    pg_ctl = [*as_user, str(bindir / "pg_ctl"), "-D", str(data)]
    initdb = [*as_user, str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "-E", "UTF8"]
    initdb += ["--locale=C.UTF-8", "-A", "scram-sha-256", f"--pwfile={tmp / 'pw'}"]
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {tmp}"
    try:
        subprocess.run(initdb, check=True, stdout=subprocess.DEVNULL)
        subprocess.run(
            [*pg_ctl, "-l", str(tmp / "log"), "-w", "-o", options, "start"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        yield _provision_role(port, superpass, data)
    finally:
        if (data / "postmaster.pid").exists():
            subprocess.run(
                [*pg_ctl, "-m", "fast", "-w", "stop"], check=False, stdout=subprocess.DEVNULL
            )
        shutil.rmtree(tmp, ignore_errors=True)


def _provision_role(port: int, superpass: str, data: Path) -> Cluster:
    import psycopg
    from psycopg import sql

    password = secrets.token_hex(16)
    admin = f"postgres://postgres:{superpass}@127.0.0.1:{port}/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        row = conn.execute("SHOW server_version").fetchone()
        conn.execute(sql.SQL("CREATE ROLE orderly LOGIN CREATEDB PASSWORD {}").format(password))
        conn.execute("CREATE DATABASE orderly OWNER orderly")
    postmaster = int((data / "postmaster.pid").read_text().split()[0])
    url = f"postgres://orderly:{password}@127.0.0.1:{port}/orderly"
    return Cluster(url=url, version=str(row[0]) if row else "?", postmaster_pid=postmaster)


# --- CPU accounting -------------------------------------------------------------------------


def _processes() -> Iterator[tuple[int, int, int, float]]:
    """(pid, parent pid, process group, CPU seconds) of every process we can see, the CPU of its
    reaped children included."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue  # it exited while we looked
        fields = stat[stat.rindex(")") + 2 :].split()
        yield (
            int(entry.name),
            int(fields[1]),
            int(fields[2]),
            # utime + stime, and cutime + cstime: the CPU of children that exited and were
            # reaped, such as PostgreSQL backends whose connection the server recycled.
            sum(int(f) for f in fields[11:15]) / TICKS,
        )


def cpu_seconds(*, group: int, parent: int) -> tuple[float, float]:
    """CPU used so far by process group ``group`` (a server) and by ``parent`` and its children
    (the postmaster and its backends). Only a difference of two readings means anything."""
    in_group = of_parent = 0.0
    for pid, ppid, pgrp, seconds in _processes():
        if pgrp == group:
            in_group += seconds
        elif pid == parent or ppid == parent:
            of_parent += seconds
    return in_group, of_parent
