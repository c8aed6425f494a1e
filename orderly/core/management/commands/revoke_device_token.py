"""`orderly revoke-device-token`: stop a lost or retired device's token from working."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from orderly.core.errors import DomainError
from orderly.core.roles import system_actor
from orderly.core.services import device_token_revoke


class Command(BaseCommand):
    help = "Revoke a device token by its prefix (the part before the dot)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("prefix")

    def handle(self, *args: Any, **options: Any) -> None:
        prefix = options["prefix"].partition(".")[0]  # a whole token pasted by mistake still works
        try:
            token = device_token_revoke(actor=system_actor("revoke-device-token"), prefix=prefix)
        except DomainError as exc:
            raise CommandError(f"{exc.field}: {exc.message}", returncode=2) from exc
        self.stdout.write(f"revoked {token.name} ({token.prefix})")
