"""Where the review tests find the official files: ``ORDERLY_OFFICIAL_DATA``, or the folder
``shared/data`` beside the project's checkout. Tests that need them are skipped, saying so,
where they are not."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="session")
def official_data() -> Path:
    folder = Path(os.environ.get("ORDERLY_OFFICIAL_DATA", ROOT.parent / "shared" / "data"))
    if not folder.is_dir():
        pytest.skip(f"the official files are not at {folder} (set ORDERLY_OFFICIAL_DATA)")
    return folder
