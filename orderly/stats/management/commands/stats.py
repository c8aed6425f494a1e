"""`orderly stats`: the statistics warehouse and the tables published from it.

orderly stats export [--warehouse DIR] [--until INSTANT]
orderly stats synthesize --year YEAR --person-times N [--previous-year-person-times N]
                         [--seed N] [--warehouse DIR]
orderly stats tables
orderly stats table NAME --period YEAR [--as-of DAY] [--format json|csv|sdmx-csv]
                    [--threshold K] [--rounding BASE] [--warehouse DIR]
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from orderly.core.errors import DomainError
from orderly.core.roles import system_actor
from orderly.stats.publish import FORMATS
from orderly.stats.synthetic import MOST_PERSON_TIMES
from orderly.stats.warehouse import Warehouse, WarehouseError

ARGUMENTS = {
    "until": "--until",
    "warehouse": "--warehouse",
    "year": "--year",
    "person_times": "--person-times",
}


class Command(BaseCommand):
    help = "The statistics warehouse and its tables (see `orderly stats SUBCOMMAND --help`)."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True)
        export = commands.add_parser(
            "export", help="copy the crossings stored since the last export into the warehouse"
        )
        _warehouse_option(export)
        export.add_argument(
            "--until",
            metavar="INSTANT",
            help="export what was stored before this instant, e.g. 2025-07-01T00:00Z "
            "(default: the start of today, UTC)",
        )

        synthesize = commands.add_parser(
            "synthesize",
            help="write a synthetic national year (and the year before) into a warehouse",
        )
        _warehouse_option(synthesize)
        synthesize.add_argument("--year", type=int, required=True)
        synthesize.add_argument("--person-times", type=int, required=True, metavar="N")
        synthesize.add_argument(
            "--previous-year-person-times",
            type=int,
            metavar="N",
            help="also write the year before, with this many",
        )
        synthesize.add_argument(
            "--seed", type=int, default=2019, help="the same seed, the same rows"
        )

        commands.add_parser("tables", help="the registered tables, a line each: name, title")
        table = commands.add_parser("table", help="one table, through disclosure control")
        table.add_argument("name", metavar="NAME")
        table.add_argument("--period", required=True, help="a year, e.g. 2019")
        table.add_argument(
            "--as-of",
            metavar="DAY",
            help="for a table counted as of a day (foreigners present, overstay rate): the "
            "records as they stood at the end of DAY, today or the last day of a month, e.g. "
            "2020-03-31 (default: today)",
        )
        table.add_argument("--format", choices=FORMATS, default="json")
        table.add_argument(
            "--threshold",
            type=int,
            default=10,
            metavar="K",
            help="suppress counts below K (10, or more)",
        )
        table.add_argument("--rounding", type=int, metavar="BASE", help="round to multiples")
        _warehouse_option(table)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, "_" + options["subcommand"].replace("-", "_"))(options)
        except DomainError as problem:
            argument = ARGUMENTS.get(problem.field or "", problem.field or "input")
            raise CommandError(f"{argument}: {problem.message}", returncode=2) from None
        except WarehouseError as problem:
            raise CommandError(f"--warehouse: {problem}", returncode=2) from None

    def _export(self, options: dict[str, Any]) -> None:
        from orderly.stats.export import warehouse_export

        warehouse = Warehouse(options["warehouse"])
        with tqdm(desc="export", unit=" crossings", unit_scale=True, leave=False) as bar:
            done = warehouse_export(
                actor=system_actor("orderly stats export"),
                warehouse=warehouse,
                until=_instant(options["until"], "--until"),
                progress=bar.update,
            )
        since = done.since.isoformat() if done.since else "the beginning"
        self.stdout.write(
            f"{done.crossings:,} crossings, {done.corrections:,} corrections, "
            f"{done.stays:,} stays decided and {done.authorizations:,} visas and permits "
            f"stored from {since} to {done.until.isoformat()} exported to {warehouse.root}"
        )

    def _synthesize(self, options: dict[str, Any]) -> None:
        from orderly.stats.apps import traveller_categories
        from orderly.stats.synthetic import warehouse_synthesize

        year, previous = options["year"], options["previous_year_person_times"]
        if not 1900 <= year <= 9998:
            raise CommandError("--year: give a year between 1900 and 9998", returncode=2)
        years = {year: options["person_times"]}
        if previous is not None:
            years[year - 1] = previous
        for argument, count in (
            ("--person-times", years[year]),
            ("--previous-year-person-times", previous),
        ):
            if count is not None and not 1 <= count <= MOST_PERSON_TIMES:
                raise CommandError(
                    f"{argument}: give between 1 and {MOST_PERSON_TIMES:,}", returncode=2
                )
        warehouse = Warehouse(options["warehouse"])
        total = sum(years.values())
        with tqdm(total=total, desc="synthesize", unit=" rows", unit_scale=True) as bar:
            done = warehouse_synthesize(
                warehouse=warehouse,
                categories=traveller_categories(),
                years=years,
                seed=options["seed"],
                progress=bar.update,
            )
        for each in done:
            self.stdout.write(
                f"{each.year}: {each.person_times:,} person-times, {each.stays:,} stays and "
                f"{each.authorizations:,} visas and permits in {each.files} files "
                f"under {warehouse.root}"
            )

    def _tables(self, options: dict[str, Any]) -> None:
        from orderly.stats.tables import TABLES

        for table in TABLES.values():
            self.stdout.write(f"{table.name}\t{table.title}")

    def _table(self, options: dict[str, Any]) -> None:
        from orderly.stats.publish import published, require_publishable
        from orderly.stats.rules.disclosure import DEFAULT_THRESHOLD
        from orderly.stats.rules.periods import parse_period
        from orderly.stats.source import statistics_source
        from orderly.stats.tables import TABLES

        table = TABLES.get(options["name"])
        if table is None:
            known = ", ".join(TABLES)
            raise CommandError(
                f"NAME: no table {options['name']!r} (tables: {known})", returncode=2
            )
        try:
            period = parse_period(options["period"])
            require_publishable(period)
        except ValueError as problem:
            raise CommandError(f"--period: {problem}", returncode=2) from None
        warehouse = Warehouse(options["warehouse"])
        if not warehouse.root.is_dir():  # a mistyped folder must not pass for an empty one
            raise CommandError(
                f"--warehouse: no warehouse at {warehouse.root}; run `orderly stats export` "
                "first, or name the folder",
                returncode=2,
            )
        if options["threshold"] < DEFAULT_THRESHOLD:
            raise CommandError(
                f"--threshold: at least {DEFAULT_THRESHOLD}; it may be raised, not lowered",
                returncode=2,
            )
        try:
            as_of = table.as_of_asked(period, options["as_of"] or "")
        except ValueError as problem:
            raise CommandError(f"--as-of: {problem}", returncode=2) from None
        computed_at = datetime.now(UTC)
        with statistics_source(warehouse) as db:
            computed = table.compute(db, period, as_of)
        try:
            shown = published(
                table,
                computed,
                period,
                computed_at,
                threshold=options["threshold"],
                rounding=options["rounding"],
            )
        except ValueError as problem:  # a threshold or rounding base that cannot be used
            raise CommandError(f"--threshold/--rounding: {problem}", returncode=2) from None
        if options["format"] == "csv":
            self.stdout.write(shown.as_csv(), ending="")
        elif options["format"] == "sdmx-csv":
            self.stdout.write(shown.as_sdmx_csv(agency=settings.HOST_STATE), ending="")
        else:
            self.stdout.write(json.dumps(shown.as_json(), ensure_ascii=False))


def _warehouse_option(parser: CommandParser) -> None:
    parser.add_argument(
        "--warehouse",
        type=Path,
        default=settings.WAREHOUSE_DIR,
        metavar="DIR",
        help=f"the warehouse folder (default: {settings.WAREHOUSE_DIR})",
    )


def _instant(text: str | None, argument: str) -> datetime | None:
    if text is None:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise CommandError(
            f"{argument}: {text!r} is not an ISO 8601 instant, e.g. 2025-07-01T00:00Z",
            returncode=2,
        ) from None
