"""Killing ``orderly import-crossings`` mid-batch loses nothing committed; a re-run doubles nothing.

The import runs as a real process on a scratch database (a SQLite file, or a PostgreSQL database
of its own when DATABASE_URL points to PostgreSQL) and is killed with SIGKILL while it writes,
after some batches have committed. What is left must be whole batches only, every crossing with
its person and document, each batch with its audit event. Running the same file again must then
store exactly the rest.
"""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.scratch_db import ScratchDb, scratch_database

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
ROWS = 300_000
CROSSINGS_PER_DOCUMENT = 3
BATCH = 20_000
KILL_AFTER_BATCHES = 2

PORTS = """
import django
django.setup()
from orderly.border.services import port_save
from orderly.core.roles import system_actor
for code, zone in (("CAP-AIR", "Asia/Shanghai"), ("WST-AIR", "Asia/Kathmandu")):
    port_save(actor=system_actor("tests"), code=code, name=code, kind="air", region="capital",
              timezone_name=zone)
"""


def _env(db: ScratchDb, tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ORDERLY_")}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": db.url,
            "ORDERLY_DEBUG": "true",
            "ORDERLY_VAR_DIR": str(tmp_path),
            "ORDERLY_LOG_LEVEL": "WARNING",
        }
    )
    return env


def _run(args: list[str], env: dict[str, str]) -> str:
    result = subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def write_file(path: Path) -> None:
    """ROWS crossings: each document enters, leaves and enters again, at two ports."""
    start = datetime(2024, 1, 1, tzinfo=UTC)
    beijing = timedelta(hours=8)
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(
            [
                "port",
                "direction",
                "occurred_at",
                "document_type",
                "issuing_state",
                "document_number",
                "surname",
                "given_names",
                "date_of_birth",
                "sex",
                "nationality",
            ]
        )
        for n in range(ROWS):
            document, leg = divmod(n, CROSSINGS_PER_DOCUMENT)
            moment = start + timedelta(minutes=document, days=leg * 5) + beijing
            writer.writerow(
                [
                    "CAP-AIR" if leg else "WST-AIR",
                    "exit" if leg == 1 else "entry",
                    moment.strftime("%Y-%m-%dT%H:%M:%S+08:00"),
                    "P",
                    "UTO",
                    f"K{document:08d}",
                    "KILLTEST",
                    "ERIKA",
                    "1988-03-14",
                    "F",
                    "UTO",
                ]
            )


def _kill_mid_batch(process: subprocess.Popen[bytes], db: ScratchDb) -> int:
    """SIGKILL the import halfway through the batch after KILL_AFTER_BATCHES have committed;
    returns the batches committed when the kill was sent."""
    committed, last_commit, interval = 0, time.monotonic(), 1.0
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        assert process.poll() is None, "the import finished before it could be killed"
        now_committed = db.value(
            "SELECT count(*) FROM core_auditevent WHERE name = 'border.crossings.batch_imported'"
        )
        if now_committed != committed:
            interval = (time.monotonic() - last_commit) / max(now_committed - committed, 1)
            committed, last_commit = now_committed, time.monotonic()
        if committed >= KILL_AFTER_BATCHES and time.monotonic() - last_commit >= interval / 2:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)
            return committed
        time.sleep(0.02)
    raise AssertionError("the import committed too few batches within 300 s")


def assert_whole_batches_only(db: ScratchDb) -> int:
    crossings = db.value("SELECT count(*) FROM border_crossing")
    batches = db.value(
        "SELECT count(*) FROM core_auditevent WHERE name = 'border.crossings.batch_imported'"
    )
    assert crossings == batches * BATCH, "a batch was stored in part"
    assert KILL_AFTER_BATCHES * BATCH <= crossings < ROWS
    assert (
        db.value("SELECT count(*) FROM core_auditevent WHERE name = 'border.crossings.imported'")
        == 0
    ), "the run was not killed"
    assert (
        db.value(
            "SELECT count(*) FROM border_crossing c "
            "LEFT JOIN registry_traveldocument d ON d.id = c.document_id "
            "LEFT JOIN registry_person p ON p.id = c.person_id "
            "WHERE d.id IS NULL OR p.id IS NULL OR d.holder_id <> c.person_id"
        )
        == 0
    )
    assert (
        db.value(
            "SELECT count(*) FROM registry_traveldocument d WHERE NOT EXISTS "
            "(SELECT 1 FROM border_crossing c WHERE c.document_id = d.id)"
        )
        == 0
    ), "a document was stored without the crossings of its batch"
    return crossings


def test_a_killed_import_keeps_whole_batches_and_a_re_run_stores_exactly_the_rest(
    tmp_path: Path,
) -> None:
    data = tmp_path / "crossings.csv"
    write_file(data)
    with scratch_database(tmp_path, "import-kill") as db:
        env = _env(db, tmp_path)
        _run(["-m", "django", "migrate", "--no-input", "-v", "0"], env)
        _run(["-c", PORTS], env)
        command = [
            sys.executable,
            "-m",
            "orderly.cli",
            "import-crossings",
            str(data),
            "--batch-size",
            str(BATCH),
        ]
        with (tmp_path / "import.log").open("w") as log:
            process = subprocess.Popen(
                command,
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            committed_at_kill = _kill_mid_batch(process, db)
        db.wait_until_sessions_end()

        kept = assert_whole_batches_only(db)
        assert kept >= committed_at_kill * BATCH, "a committed batch was lost"

        out = _run(["-m", "orderly.cli", "import-crossings", str(data), "-v", "0"], env)

        assert f"{ROWS - kept:,} stored, {kept:,} already stored" in out
        assert db.value("SELECT count(*) FROM border_crossing") == ROWS
        assert db.value("SELECT count(DISTINCT idempotency_key) FROM border_crossing") == ROWS
        assert (
            db.value(
                "SELECT count(*) FROM (SELECT DISTINCT document_id, port_id, direction, "
                "occurred_at FROM border_crossing) AS distinct_crossings"
            )
            == ROWS
        )
        documents = ROWS // CROSSINGS_PER_DOCUMENT
        assert db.value("SELECT count(*) FROM registry_traveldocument") == documents
        assert db.value("SELECT count(*) FROM registry_person") == documents
