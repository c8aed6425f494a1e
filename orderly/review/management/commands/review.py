"""`orderly review`: the official files for the GCM review, and the regional review.

orderly review import FILE...
orderly review indicators
orderly review national --period YEAR [--format json|html|pdf] [--output FILE] [--warehouse DIR]
orderly review regional --region escap --year YEAR [--format json|html|pdf] [--output FILE]
orderly review receive FILE...         keep national reviews States sent (JSON, national-review/1)
orderly review received --period YEAR  the reviews received, side by side, as JSON

HTML and JSON are written to standard output unless --output names a file; a PDF needs --output.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from orderly.core.errors import DomainError
from orderly.core.roles import system_actor
from orderly.review.regions import region_choices

ARGUMENTS = {"file": "FILE", "region": "--region", "year": "--year", "period": "--period"}
FORMATS = ("json", "html", "pdf")


class Command(BaseCommand):
    help = "The GCM review's official files and reports (see `orderly review SUBCOMMAND --help`)."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True)
        imported = commands.add_parser(
            "import",
            help="import official files (UN DESA migrant stock, World Bank remittances), each "
            "recognised by its layout, with its edition",
        )
        imported.add_argument("files", nargs="+", type=Path, metavar="FILE")
        commands.add_parser("indicators", help="the indicator catalogue, a line each")
        national = commands.add_parser("national", help="the national review for a year")
        national.add_argument("--period", required=True, help="a year, e.g. 2019")
        national.add_argument("--format", choices=FORMATS, default="json")
        national.add_argument("--output", type=Path, metavar="FILE", help="write the report here")
        national.add_argument(
            "--warehouse",
            type=Path,
            metavar="DIR",
            help="the statistics warehouse (default: the platform's)",
        )
        receive = commands.add_parser(
            "receive", help="keep national reviews States sent (JSON, schema national-review/1)"
        )
        receive.add_argument("files", nargs="+", type=Path, metavar="FILE")
        received = commands.add_parser(
            "received", help="the national reviews received for a year, side by side (JSON)"
        )
        received.add_argument("--period", required=True, help="a year, e.g. 2025")
        regional = commands.add_parser("regional", help="the regional review for a year")
        regional.add_argument(
            "--region",
            default="escap",
            help="the region (default: escap): "
            + "; ".join(f"{key} ({title})" for key, title in region_choices()),
        )
        regional.add_argument("--year", type=int, required=True)
        regional.add_argument("--format", choices=FORMATS, default="json")
        regional.add_argument("--output", type=Path, metavar="FILE", help="write the report here")

    def handle(self, *args: Any, **options: Any) -> None:
        if options.get("format") == "pdf" and options.get("output") is None:
            raise CommandError(
                "--output: a PDF is written to a file: give --output FILE", returncode=2
            )
        output = options.get("output")
        if output is not None and (output.is_dir() or not output.parent.is_dir()):
            where = output if output.is_dir() else output.parent
            problem = "is a folder: name a file in it" if output.is_dir() else "no such folder"
            raise CommandError(f"--output: {where}: {problem}", returncode=2)
        try:
            getattr(self, "_" + options["subcommand"])(options)
        except DomainError as problem:
            argument = ARGUMENTS.get(problem.field or "", problem.field or "input")
            raise CommandError(f"{argument}: {problem.message}", returncode=2) from None

    def _import(self, options: dict[str, Any]) -> None:
        from orderly.review.services import official_file_import

        actor = system_actor("orderly review import")
        for path in options["files"]:
            done = official_file_import(actor=actor, path=path)
            recorded = done.file
            left_out = f"; left out: {', '.join(recorded.left_out)}" if recorded.left_out else ""
            said = "imported" if done.new else "imported before"
            self.stdout.write(
                f"{path.name}: {said}: {recorded.get_kind_display()}, {recorded}, "
                f"years {recorded.years}{left_out}"
            )

    def _receive(self, options: dict[str, Any]) -> None:
        from orderly.review.services import received_review_import

        actor = system_actor("orderly review receive")
        for path in options["files"]:
            done = received_review_import(actor=actor, path=path)
            said = "received" if done.new else "received before"
            self.stdout.write(f"{path.name}: {said}: {done.review}")

    def _received(self, options: dict[str, Any]) -> None:
        from orderly.review.selectors import received_comparison

        if not (len(options["period"]) == 4 and options["period"].isdigit()):
            raise CommandError("--period: expected a year, e.g. 2025", returncode=2)

        compared = received_comparison(
            actor=system_actor("orderly review received"), period=options["period"]
        )
        self.stdout.write(json.dumps(compared, ensure_ascii=False))

    def _regional(self, options: dict[str, Any]) -> None:
        from orderly.review.selectors import regional_review, regional_review_json

        review = regional_review(
            actor=system_actor("orderly review regional"),
            region_key=options["region"],
            year=options["year"],
        )
        if options["format"] == "json":
            self._write(options, json.dumps(regional_review_json(review), ensure_ascii=False))
            return
        from orderly.review.report import regional_report, regional_report_html

        self._write_document(options, regional_report_html(regional_report(review)))

    def _indicators(self, options: dict[str, Any]) -> None:
        from orderly.review.catalogue import INDICATORS

        for i in INDICATORS.values():
            objectives = ",".join(str(n) for n in i.objectives)
            sdg = f"SDG {i.sdg}" if i.sdg else "-"
            self.stdout.write(f"{i.id}\tobjectives {objectives}\t{sdg}\t{i.source}\t{i.name}")

    def _national(self, options: dict[str, Any]) -> None:
        from orderly.review.selectors import national_review_json

        actor = system_actor("orderly review national")
        asked = {"period": options["period"], "warehouse": options["warehouse"]}
        if options["format"] == "json":
            review = national_review_json(actor=actor, **asked)
            self._write(options, json.dumps(review, ensure_ascii=False))
            return
        from orderly.review.report import national_report, national_report_html

        self._write_document(options, national_report_html(national_report(actor=actor, **asked)))

    def _write_document(self, options: dict[str, Any], html: str) -> None:
        if options["format"] == "html":
            self._write(options, html)
            return
        from orderly.review.report import pdf

        options["output"].write_bytes(pdf(html))
        self.stderr.write(f"wrote {options['output']}")

    def _write(self, options: dict[str, Any], text: str) -> None:
        if options["output"] is None:
            self.stdout.write(text)
        else:
            options["output"].write_text(text + "\n", encoding="utf-8")
            self.stderr.write(f"wrote {options['output']}")
