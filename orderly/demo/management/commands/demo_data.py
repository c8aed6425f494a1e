"""``orderly demo-data``: a synthetic demo population, its ports and the persona users.

Prints each persona's user name, role, scope and password (also written, owner-only, to
$ORDERLY_VAR_DIR/demo-users.txt) and three MRZs to paste into the desk. Imports the official
files for the regional review from ``--official-data`` when they are there, and says so when
they are not.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from orderly.core.errors import DomainError
from orderly.core.roles import system_actor
from orderly.demo.authorizations import demo_authorizations_grant
from orderly.demo.services import DEFAULT_PEOPLE, demo_data_load, parse_until, users_table
from orderly.review.services import official_file_import
from orderly.stay.services import stays_refresh_everyone

# The official files the regional review reads, as their publishers name them.
OFFICIAL_FILES = (
    "UN_MigrantStockTotal_*.xlsx",
    "undesa_pd_*_ims_stock_by_sex_and_destination.xlsx",
    "UN_MigrantStockByOriginAndDestination_*.csv",
    "API_BX.TRF.PWKR.CD.DT_*",
)


class Command(BaseCommand):
    help = "Load a seeded, reproducible synthetic population (no real personal data)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=2018, help="same seed, same population")
        parser.add_argument(
            "--people",
            type=int,
            default=DEFAULT_PEOPLE,
            help=f"travellers to generate (default {DEFAULT_PEOPLE:,})",
        )
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="multiply --people, e.g. --scale 100 for ~1 million crossings",
        )
        parser.add_argument(
            "--until",
            help="last day of the two years (YYYY-MM-DD); default: "
            "the first load's for this seed, else today",
        )
        parser.add_argument(
            "--official-data",
            type=Path,
            default=settings.BASE_DIR.parent / "shared" / "data",
            metavar="DIR",
            help="where the UN DESA and World Bank files for the regional review are "
            "(default: shared/data beside the project)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        people = int(options["people"] * options["scale"])
        if people < 1:
            raise CommandError("--people times --scale must be at least 1", returncode=2)
        try:
            until = parse_until(options["until"]) if options["until"] else None
        except ValueError as exc:
            raise CommandError(f"--until: {exc}", returncode=2) from exc
        if until is not None and until > timezone.now():
            raise CommandError("--until: cannot be in the future", returncode=2)
        started = timezone.now()
        result = demo_data_load(seed=options["seed"], people=people, until=until)
        actor = system_actor("demo-data")
        demo_authorizations_grant(actor=actor, seed=options["seed"])
        # Bulk-imported crossings skip the per-crossing hook: decide everyone's stays once.
        stays_refresh_everyone(actor=actor)
        seconds = (timezone.now() - started).total_seconds()
        imported = result.imported
        self.stdout.write(
            f"Demo population (seed {options['seed']}, until {result.population.until:%Y-%m-%d}):"
            f" {len(result.population.travellers):,} travellers, {imported.rows:,} crossings "
            f"({imported.stored:,} new, {imported.already_stored:,} already stored) "
            f"in {seconds:.1f} s.\n"
        )
        cooperation = result.cooperation
        self.stdout.write(
            f"Cooperation: {cooperation.agreements} bilateral agreements, "
            f"{cooperation.mechanisms} multilateral mechanisms, {cooperation.projects} projects "
            f"({cooperation.new} new).\n"
        )
        narratives = result.narratives
        self.stdout.write(
            f"National review {narratives.period}: {narratives.approved} objectives' texts "
            f"approved, {narratives.drafts} draft waiting for review (new this run).\n"
        )
        self.stdout.write(users_table(result.logins))
        self.stdout.write(f"(also in {result.users_file}, readable by you only)\n")
        self.stdout.write("\nMRZs of demo travellers to paste into the desk:")
        for mrz in result.samples:
            self.stdout.write(f"\n{mrz}")
        self._official_files(options["official_data"])

    def _official_files(self, folder: Path) -> None:
        found = sorted(
            {
                path
                for pattern in OFFICIAL_FILES
                for path in folder.glob(pattern)
                if path.suffix.lower() in (".csv", ".xls", ".xlsx")
            }
        )
        if not found:
            self.stdout.write(
                f"\n\nNo official files for the regional review in {folder}: the regional "
                "review will say which to import (orderly review import FILE..., see "
                "docs/howto/regional-review.md).\n"
            )
            return
        actor = system_actor("demo-data")
        self.stdout.write(f"\n\nOfficial files for the regional review, from {folder}:")
        for path in found:
            try:
                done = official_file_import(actor=actor, path=path)
            except DomainError as problem:  # a file of another layout: said, and skipped
                self.stdout.write(f"  {path.name}: skipped: {problem.message}")
                continue
            said = "imported" if done.new else "imported before"
            self.stdout.write(f"  {path.name}: {said} ({done.file})")
