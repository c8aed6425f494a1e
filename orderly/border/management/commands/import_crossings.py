"""``orderly import-crossings FILE``: load historical crossings from CSV or Parquet.

Thin: arguments in, ``crossings_import`` does the work, a report out. Exit code 2 for bad input
(a missing file, an unknown format, a missing column, bad rows), 1 when the user may not import.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from orderly.border.imports import (
    BATCH_ROWS,
    ImportRejected,
    ImportResult,
    crossings_import,
    open_source,
)
from orderly.border.imports.sources import FORMATS
from orderly.core.actors import actor_for_user
from orderly.core.errors import DomainError, NotPermitted
from orderly.core.models import User
from orderly.core.roles import Actor, system_actor


class Command(BaseCommand):
    help = (
        "Import historical crossings from a CSV or Parquet file (docs/howto/import-crossings.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="a .csv or .parquet file")
        parser.add_argument("--format", choices=FORMATS, help="when the suffix does not tell")
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="store the good rows and report the bad ones",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=BATCH_ROWS,
            help=f"rows per transaction (default {BATCH_ROWS:,})",
        )
        parser.add_argument(
            "--max-errors", type=int, default=1000, help="list at most this many errors (0: all)"
        )
        parser.add_argument(
            "--as",
            dest="username",
            help="act as this user (needs border.import.run); default: system",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        bar = _Bar(enabled=options["verbosity"] > 0)
        try:
            result = crossings_import(
                actor=_actor(options["username"]),
                source=open_source(options["file"], options["format"]),
                skip_invalid=options["skip_invalid"],
                batch_rows=options["batch_size"],
                max_errors=max(options["max_errors"], 0),
                progress=bar,
            )
        except ImportRejected as exc:
            bar.close()
            self._print_errors(exc.errors, exc.error_count, exc.line_label)
            raise CommandError(exc.message, returncode=2) from exc
        except NotPermitted as exc:
            raise CommandError(exc.message, returncode=1) from exc
        except DomainError as exc:
            label = f"{exc.field}: " if exc.field and exc.field not in exc.message else ""
            raise CommandError(f"{label}{exc.message}", returncode=2) from exc
        finally:
            bar.close()
        self._print_errors(result.errors, result.error_count, result.line_label)
        self.stdout.write(_report(result))

    def _print_errors(self, errors: list[Any], total: int, line_label: str) -> None:
        for error in errors:
            self.stderr.write(error.describe(line_label))
        if total > len(errors):
            self.stderr.write(f"... and {total - len(errors)} more (--max-errors 0 lists all)")


def _actor(username: str | None) -> Actor:
    if not username:
        return system_actor("import")
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"--as: no active user {username!r}", returncode=2)
    return actor_for_user(user)


def _report(result: ImportResult) -> str:
    return (
        f"{result.source}: {result.rows:,} rows; {result.stored:,} stored, "
        f"{result.already_stored:,} already stored, {result.rejected:,} rejected; "
        f"{result.people_created:,} people and {result.documents_created:,} documents created; "
        f"{result.batches:,} batches committed."
    )


class _Bar:
    """A tqdm progress bar per phase, on standard error."""

    def __init__(self, *, enabled: bool) -> None:
        self.enabled = enabled
        self.bar: tqdm[Any] | None = None

    def start(self, phase: str, total: int | None) -> None:
        self.close()
        if self.enabled:
            self.bar = tqdm(total=total, desc=phase, unit=" rows", unit_scale=True, leave=True)

    def advance(self, rows: int) -> None:
        if self.bar is not None:
            self.bar.update(rows)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None
