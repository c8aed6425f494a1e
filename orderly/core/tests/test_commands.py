"""Operator commands: create an account with a role, issue a device token."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from orderly.core.models import AuditEvent, RoleGrant, User
from orderly.core.services import device_token_user

pytestmark = pytest.mark.django_db


def password_file(tmp_path: Path, password: str = "a long enough passphrase 7") -> Path:
    path = tmp_path / "password"
    path.write_text(password)
    return path


def test_create_user_gives_one_role_in_one_scope_and_audits_it(tmp_path: Path) -> None:
    call_command(
        "create_user",
        "officer.zoe",
        role="border_officer",
        scope="port",
        code="CAP-AIR",
        password_file=password_file(tmp_path),
        stdout=StringIO(),
    )
    grant = RoleGrant.objects.get(user__username="officer.zoe")
    assert (grant.role, grant.scope, grant.code) == ("border_officer", "port", "CAP-AIR")
    assert AuditEvent.objects.filter(name="core.role.granted").exists()


def test_create_user_refuses_a_scope_the_role_cannot_hold(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="scope"):
        call_command(
            "create_user",
            "officer.zed",
            role="border_officer",
            scope="nation",
            password_file=password_file(tmp_path),
            stdout=StringIO(),
        )
    assert not User.objects.filter(username="officer.zed").exists()


def test_create_user_refuses_a_weak_password(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="password"):
        call_command(
            "create_user",
            "officer.zed",
            role="analyst",
            scope="nation",
            password_file=password_file(tmp_path, "12345678"),
            stdout=StringIO(),
        )


def test_a_device_token_is_printed_once_and_authenticates_its_user(tmp_path: Path) -> None:
    call_command(
        "create_user",
        "post.north",
        role="border_officer",
        scope="port",
        code="NTH-LND",
        password_file=password_file(tmp_path),
        stdout=StringIO(),
    )
    out = StringIO()
    call_command("issue_device_token", "post.north", name="North gate", stdout=out)
    token = out.getvalue().strip()
    user = device_token_user(token)
    assert user is not None and user.username == "post.north"
    assert token.split(".", 1)[1] not in str(
        list(AuditEvent.objects.values_list("changes", flat=True))
    )


def test_a_revoked_device_token_no_longer_authenticates(tmp_path: Path) -> None:
    call_command(
        "create_user",
        "post.east",
        role="border_officer",
        scope="port",
        code="EST-SEA",
        password_file=password_file(tmp_path),
        stdout=StringIO(),
    )
    out = StringIO()
    call_command("issue_device_token", "post.east", name="East quay", stdout=out)
    token = out.getvalue().strip()
    call_command("revoke_device_token", token.split(".")[0], stdout=StringIO())
    assert device_token_user(token) is None
    assert AuditEvent.objects.filter(name="core.device_token.revoked").exists()


def test_revoking_an_unknown_token_is_a_usage_error() -> None:
    with pytest.raises(CommandError) as refused:
        call_command("revoke_device_token", "deadbeef", stdout=StringIO())
    assert refused.value.returncode == 2
