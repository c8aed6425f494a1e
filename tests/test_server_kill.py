"""Killing the server mid-batch loses nothing committed, and re-sending doubles nothing.

An offline post syncs batches to a real ``orderly serve`` (gunicorn) on a scratch database. The
whole server process group is killed with SIGKILL while a batch is in flight, as a power cut or
an OOM kill would. Then the server is started again and the post re-sends every batch, including
the ones whose answers it never received, which is what a real post does.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from orderly.registry.rules.mrz import build_mrz
from tests.scratch_db import ScratchDb, scratch_database

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
BATCHES = 24
ITEMS_PER_BATCH = 40
ANSWERED_BEFORE_KILL = 3
# The post's clock: Beijing time, with its offset written out as the sync API requires.
POST_TZ = timezone(timedelta(hours=8))


def _free_port() -> int:
    with closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _env(db: ScratchDb, tmp_path: Path, bind: str = "127.0.0.1:0") -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ORDERLY_")}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": db.url,
            "ORDERLY_DEBUG": "true",
            "ORDERLY_HTTPS": "false",
            "ORDERLY_BIND": bind,
            "ORDERLY_VAR_DIR": str(tmp_path),
            "ORDERLY_WORKERS": "2",
            "ORDERLY_THREADS": "4",
            "ORDERLY_LOG_LEVEL": "WARNING",
        }
    )
    return env


def _run(args: list[str], env: dict[str, str]) -> str:
    result = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


# --- the server -----------------------------------------------------------------------------


class Server:
    """``orderly serve`` in its own process group, so one signal reaches master and workers."""

    def __init__(self, db: ScratchDb, tmp_path: Path) -> None:
        self.port = _free_port()
        self.log = (tmp_path / f"serve-{self.port}.log").open("w")
        # No control socket: its default path is per user, shared with any other gunicorn here.
        self.process = subprocess.Popen(
            [sys.executable, "-m", "orderly.cli", "serve", "--no-control-socket"],
            cwd=ROOT,
            env=_env(db, tmp_path, f"127.0.0.1:{self.port}"),
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self._wait_until_ready()

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert self.process.poll() is None, "the server exited while starting"
            try:
                if _request(self.port, "GET", "/healthz", timeout=2)[0] == 200:
                    return
            except OSError:
                time.sleep(0.2)
        raise AssertionError("the server did not answer /healthz within 60 s")

    def kill(self) -> None:
        """SIGKILL the whole group: no graceful shutdown, no chance to finish anything."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        self.log.close()


def _request(
    port: int, method: str, path: str, body: Any = None, token: str = "", timeout: float = 120
) -> tuple[int, Any]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        conn.request(method, path, body=None if body is None else json.dumps(body), headers=headers)
        response = conn.getresponse()
        raw = response.read()
        ctype = response.getheader("Content-Type", "")
        return response.status, json.loads(raw) if "json" in ctype else raw
    finally:
        conn.close()


# --- the offline post -----------------------------------------------------------------------


def _batches(port_code: str) -> list[list[dict[str, Any]]]:
    """Every batch the post holds: each item a different traveller's passport, read offline."""
    start = datetime.now(UTC) - timedelta(hours=6)
    batches = []
    for b in range(BATCHES):
        batch = []
        for i in range(ITEMS_PER_BATCH):
            n = b * ITEMS_PER_BATCH + i
            mrz = build_mrz(
                format="TD3",
                document_type="P",
                issuing_state="UTO",
                document_number=f"K{n:07d}",
                nationality="UTO",
                date_of_birth="1988-03-14",
                expiry_date="2034-03-13",
                sex="F",
                surname="KILLTEST",
                given_names="ERIKA",
            )
            batch.append(
                {
                    "idempotency_key": f"post7-{b:03d}-{i:03d}",
                    "port": port_code,
                    "direction": "entry",
                    "purpose": "tourism",
                    "mrz": mrz,
                    "occurred_at": (start + timedelta(seconds=n)).astimezone(POST_TZ).isoformat(),
                }
            )
        batches.append(batch)
    return batches


@dataclass
class Post:
    """Sends batches one after another, as a post coming back online does, until cut off."""

    port: int
    token: str
    batches: list[list[dict[str, Any]]]
    answers: dict[int, dict[str, Any]] = field(default_factory=dict)
    lost: list[int] = field(default_factory=list)
    refused: list[tuple[int, Any]] = field(default_factory=list)
    answered: threading.Semaphore = field(default_factory=lambda: threading.Semaphore(0))

    def run(self) -> None:
        for index, batch in enumerate(self.batches):
            try:
                status, body = _request(
                    self.port, "POST", "/api/v1/crossings/sync", {"items": batch}, self.token
                )
            except OSError:
                self.lost.append(index)  # the answer never came: the server died under us
                return
            if status != 200:  # kept for the test to report: an assert here would die unseen
                self.refused.append((status, body))
                return
            self.answers[index] = body
            self.answered.release()


def _verdicts(answer: dict[str, Any]) -> dict[str, str]:
    return {r["idempotency_key"]: r["status"] for r in answer["results"]}


# --- the test -------------------------------------------------------------------------------


def test_a_killed_server_loses_no_committed_crossing_and_a_rerun_doubles_none(
    tmp_path: Path,
) -> None:
    with scratch_database(tmp_path, "server-kill") as db:
        env = _env(db, tmp_path)
        _run([sys.executable, "-m", "orderly.cli", "migrate", "--no-input", "-v", "0"], env)
        post = json.loads(_run([sys.executable, str(ROOT / "tests" / "provision_device.py")], env))
        batches = _batches(post["port"])

        first = _send_until_killed_mid_batch(db, tmp_path, post["token"], batches)
        db.wait_until_sessions_end()
        stored = set(db.column("SELECT idempotency_key FROM border_crossing"))
        answered_items = sum(len(batches[i]) for i in first.answers)
        assert len(stored) > answered_items, "the kill should have landed mid-batch"
        for answer in first.answers.values():
            verdicts = _verdicts(answer)
            assert set(verdicts.values()) == {"stored"}, answer
            assert set(verdicts) <= stored, "a crossing acknowledged as stored was lost"
        _assert_each_crossing_audited_once(db)

        for status, answer in _resend_everything(db, tmp_path, post["token"], batches):
            assert status == 200, answer
            for key, verdict in _verdicts(answer).items():
                assert verdict == ("duplicate" if key in stored else "stored"), (key, verdict)
        keys = db.column("SELECT idempotency_key FROM border_crossing")
        all_keys = {item["idempotency_key"] for batch in batches for item in batch}
        assert len(keys) == len(set(keys)) == len(all_keys)
        assert set(keys) == all_keys
        _assert_each_crossing_audited_once(db)


def _send_until_killed_mid_batch(
    db: ScratchDb, tmp_path: Path, token: str, batches: list[list[dict[str, Any]]]
) -> Post:
    """Sync from a thread; SIGKILL the server once a batch past the answered ones is committing."""
    server = Server(db, tmp_path)
    try:
        post = Post(server.port, token, batches)
        sender = threading.Thread(target=post.run, daemon=True)
        sender.start()
        for _ in range(ANSWERED_BEFORE_KILL):
            assert post.answered.acquire(timeout=120), f"no answer from the server: {post.refused}"
        _wait_until_stored(db, more_than=ANSWERED_BEFORE_KILL * ITEMS_PER_BATCH)
        server.kill()
        sender.join(timeout=120)
    finally:
        server.kill()
    assert not post.refused, post.refused
    assert post.lost, "the kill should have cut off a batch in flight"
    return post


def _resend_everything(
    db: ScratchDb, tmp_path: Path, token: str, batches: list[list[dict[str, Any]]]
) -> list[tuple[int, Any]]:
    """What the post does when the server is back: send every batch again, answered or not."""
    server = Server(db, tmp_path)
    try:
        return [
            _request(server.port, "POST", "/api/v1/crossings/sync", {"items": batch}, token)
            for batch in batches
        ]
    finally:
        server.kill()


def _wait_until_stored(db: ScratchDb, *, more_than: int) -> None:
    """Return as soon as the batch in flight has committed its first items."""
    deadline = time.monotonic() + 120
    while len(db.column("SELECT idempotency_key FROM border_crossing")) <= more_than:
        assert time.monotonic() < deadline, "the batch in flight never started committing"
        time.sleep(0.01)


def _assert_each_crossing_audited_once(db: ScratchDb) -> None:
    """Each crossing and its audit event were committed together, or neither was."""
    crossings = db.column("SELECT id FROM border_crossing")
    audited = db.column(
        "SELECT object_id FROM core_auditevent WHERE name = 'border.crossing.recorded'"
    )
    normalized = sorted(c.replace("-", "") for c in crossings)
    assert sorted(a.replace("-", "") for a in audited) == normalized
