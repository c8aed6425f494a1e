"""`orderly create-user`: an account with one role grant, for operators on the server."""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from orderly.core.errors import DomainError
from orderly.core.roles import Role, ScopeKind, system_actor
from orderly.core.services import role_grant, user_create


class Command(BaseCommand):
    help = "Create a user with one role in one scope (port, region, nation or self)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--role", required=True, choices=[r.value for r in Role if r is not Role.SYSTEM]
        )
        parser.add_argument("--scope", required=True, choices=[s.value for s in ScopeKind])
        parser.add_argument("--code", default="", help="Port code, region code or person id")
        parser.add_argument("--display-name", default="")
        parser.add_argument(
            "--password-file",
            type=Path,
            help="Read the password from this file instead of prompting",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        password = self._password(options["password_file"])
        try:
            validate_password(password)
        except ValidationError as exc:
            raise CommandError(f"password: {' '.join(exc.messages)}", returncode=2) from exc
        actor = system_actor("create-user")
        role = Role(options["role"])
        try:
            with transaction.atomic():
                user = user_create(
                    actor=actor,
                    username=options["username"],
                    password=password,
                    display_name=options["display_name"],
                    is_staff=role is Role.ADMINISTRATOR,
                )
                role_grant(
                    actor=actor,
                    user=user,
                    role=role,
                    scope=ScopeKind(options["scope"]),
                    code=options["code"],
                )
        except DomainError as exc:
            raise CommandError(f"{exc.field}: {exc.message}", returncode=2) from exc
        self.stdout.write(
            f"created {user.username} as {role.value} ({options['scope']} {options['code']})"
        )

    def _password(self, path: Path | None) -> str:
        if path is None:
            return getpass.getpass("Password: ")
        try:
            return path.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise CommandError(f"--password-file: cannot read {path}: {exc}", returncode=2) from exc
