"""`orderly issue-device-token`: a bearer token for a border-post device, shown once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from orderly.core.models import User
from orderly.core.roles import system_actor
from orderly.core.services import device_token_issue


class Command(BaseCommand):
    help = "Issue an API token for a device acting as USERNAME (printed once; only a hash is kept)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", required=True, help="Which device, e.g. 'North gate post 3'")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError(f"username: no active user {options['username']!r}", returncode=2)
        token = device_token_issue(
            actor=system_actor("issue-device-token"), user=user, name=options["name"]
        )
        self.stdout.write(token)
