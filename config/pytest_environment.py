"""Environment for the test suite, loaded as a pytest plugin before Django reads its settings.

Tests talk plain HTTP to the test client and the live server, and need no secret key of their own.
The production defaults are checked separately (tests/test_deploy_settings.py).
"""

import os

os.environ.setdefault("ORDERLY_DEBUG", "true")
os.environ.setdefault("ORDERLY_HTTPS", "false")


def skip_unless_required(reason: str) -> None:
    """Skip a test whose tool is missing on a developer's machine; fail it on CI.

    `.ci/run` sets ORDERLY_TEST_REQUIRE_ALL=1 after installing Chromium and PostgreSQL, so a
    journey or a kill test that silently stopped running there would be a failure, not a gap.
    """
    import pytest

    if os.environ.get("ORDERLY_TEST_REQUIRE_ALL") == "1":
        pytest.fail(f"required on CI: {reason}")
    pytest.skip(reason)
