"""`orderly stay`: the policy packs, and the stay calculator for scripts.

orderly stay packs
orderly stay calculate --pack PACK [--nationality ISO3] --stay ENTRY:EXIT ... [--stay ENTRY:]
                       [--planned-entry DATE [--planned-days N]] --as-of DATE [--json]
orderly stay load-pack FILE
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from orderly.core.errors import DomainError
from orderly.core.roles import system_actor
from orderly.stay.calculator import Question, calculate, parse_day, parse_stay
from orderly.stay.packs_in_force import pack_in_force, pack_names
from orderly.stay.rules import StayDecision

# The calculator's fields as the command line spells them, for error messages.
ARGUMENTS = {
    "pack": "--pack",
    "nationality": "--nationality",
    "planned_entry": "--planned-entry",
    "planned_days": "--planned-days",
    "as_of": "--as-of",
    "stays": "--stay",
}


class Command(BaseCommand):
    help = "Policy packs and the stay calculator (see `orderly stay SUBCOMMAND --help`)."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True)
        commands.add_parser("packs", help="the installed packs, one a line, name first")
        calc = commands.add_parser("calculate", help="days used and remaining; stores nothing")
        calc.add_argument("--pack", required=True)
        calc.add_argument("--nationality", help="ISO 3166 alpha-3, e.g. USA")
        calc.add_argument("--stay", action="append", default=[], metavar="ENTRY:EXIT")
        calc.add_argument("--planned-entry", metavar="DATE")
        calc.add_argument("--planned-days", type=int, metavar="N")
        calc.add_argument("--as-of", required=True, metavar="DATE")
        calc.add_argument("--json", action="store_true", help="one JSON object")
        load = commands.add_parser("load-pack", help="load a pack file as a new version")
        load.add_argument("file", type=Path)
        commands.add_parser(
            "refresh", help="recompute everyone's authorized stays (after a bulk import)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, "_" + options["subcommand"].replace("-", "_"))(options)
        except DomainError as problem:
            field = _argument(problem.field)
            raise CommandError(f"{field}: {problem.message}", returncode=2) from None

    def _packs(self, options: dict[str, Any]) -> None:
        for name in pack_names():
            pack = pack_in_force(name)
            self.stdout.write(f"{name}\t{pack.label}\t{pack.pack.title}")

    def _calculate(self, options: dict[str, Any]) -> None:
        question = Question(
            pack=options["pack"],
            nationality=options["nationality"].upper() if options["nationality"] else None,
            stays=tuple(parse_stay(text, f"stays[{n}]") for n, text in enumerate(options["stay"])),
            planned_entry=(
                parse_day(options["planned_entry"], "planned_entry")
                if options["planned_entry"]
                else None
            ),
            planned_days=options["planned_days"],
            as_of=parse_day(options["as_of"], "as_of"),
        )
        decision = calculate(question)
        if options["json"]:
            self.stdout.write(json.dumps(decision.as_dict(), ensure_ascii=False))
        else:
            self.stdout.write(_as_text(decision))

    def _load_pack(self, options: dict[str, Any]) -> None:
        from orderly.stay.services import pack_load

        path: Path = options["file"]
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as problem:
            raise CommandError(
                f"file: cannot read {path}: {problem.strerror}", returncode=2
            ) from None
        version = pack_load(
            actor=system_actor("orderly stay load-pack"), text=text, source=path.name
        )
        self.stdout.write(f"{version.name} {version.label} is in force")

    def _refresh(self, options: dict[str, Any]) -> None:
        from orderly.stay.services import stays_refresh_everyone

        people, changed = stays_refresh_everyone(actor=system_actor("orderly stay refresh"))
        self.stdout.write(f"{people:,} people, {changed:,} stays recomputed")


def _argument(field: str) -> str:
    name, _, index = field.partition("[")
    argument = ARGUMENTS.get(name, field or "input")
    if index:
        return f"{argument} #{int(index.rstrip(']')) + 1}"
    return argument


def _as_text(decision: StayDecision) -> str:
    values = decision.as_dict()
    lines = [
        f"{key.replace('_', ' ')}: {value}" for key, value in values.items() if key != "reasons"
    ]
    lines.append("reasons:")
    lines += [f"  - {r['text']} [{r['rule']}; {r['reference']}]" for r in values["reasons"]]
    return "\n".join(lines)
