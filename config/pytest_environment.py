"""Environment for the test suite, loaded as a pytest plugin before Django reads its settings.

Tests talk plain HTTP to the test client and the live server, and need no secret key of their own.
The production defaults are checked separately (tests/test_deploy_settings.py).
"""

import os

os.environ.setdefault("ORDERLY_DEBUG", "true")
os.environ.setdefault("ORDERLY_HTTPS", "false")
