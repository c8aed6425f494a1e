"""`manage.py check --deploy` finds nothing to warn about under production settings."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def production_env(var_dir: Path) -> dict[str, str]:
    """The environment a production server runs with: no debug, HTTPS, a real secret, one host."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ORDERLY_")}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "ORDERLY_SECRET_KEY": secrets.token_urlsafe(64),
            "ORDERLY_DEBUG": "false",
            "ORDERLY_HTTPS": "true",
            "ORDERLY_ALLOWED_HOSTS": "orderly.example.gov",
            "ORDERLY_VAR_DIR": str(var_dir),
        }
    )
    return env


def test_the_deployment_checklist_passes_under_production_settings(tmp_path: Path) -> None:
    # A subprocess, because the test run itself has ORDERLY_DEBUG=true and settings load once.
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output, output
    assert "WARNING" not in output, output
