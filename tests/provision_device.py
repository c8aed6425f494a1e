"""Provision a border post in the database named by DATABASE_URL and print it as JSON.

Run as a script by tests that start a real server (``tests/test_server_kill.py``): one port, one
officer granted that port, and a device token for the officer, all through the platform's own
services and audited as the system, exactly as an administrator would set up a post.

    python tests/provision_device.py  ->  {"port": "KIL-AIR", "token": "<prefix>.<secret>"}
"""

from __future__ import annotations

import json
import os
import secrets
import sys
from pathlib import Path

PORT_CODE = "KIL-AIR"


def provision() -> dict[str, str]:
    """Create the port, the officer and the token; returns what a device needs to sync."""
    from orderly.border.services import port_save
    from orderly.core.roles import Role, ScopeKind, system_actor
    from orderly.core.services import device_token_issue, role_grant, user_create

    system = system_actor("tests")
    port = port_save(
        actor=system,
        code=PORT_CODE,
        name="Kill Test Airport",
        kind="air",
        region="capital",
        timezone_name="Asia/Shanghai",
    )
    officer = user_create(
        actor=system,
        username="officer.kim",
        password=secrets.token_urlsafe(24),
        display_name="Kim Officer",
    )
    role_grant(
        actor=system, user=officer, role=Role.BORDER_OFFICER, scope=ScopeKind.PORT, code=port.code
    )
    token = device_token_issue(actor=system, user=officer, name="offline post 7")
    return {"port": port.code, "token": token}


def main() -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    print(json.dumps(provision()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
