"""Policy packs as files: a YAML text read into a ``Pack``, every mistake named with its line.

A pack file is a mapping with ``name``, ``title``, ``version``, ``time_zone``, ``notice`` and
``rules``. Each rule has ``id``, ``kind`` and ``reference``, optionally ``title`` and
``effective: {from: DATE, until: DATE}``, and the fields of its kind under the names of
``Rule``'s fields (see ``orderly.stay.rules.pack``).

The text is read as YAML nodes rather than Python values: nodes keep their line, so an error
can say where it is, and they keep every key, so a key written twice is caught instead of the
last one silently winning. Only plain Python is used here; the engine's purity rule (no Django)
holds for this module too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from zoneinfo import available_timezones

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from orderly.stay.rules import pack as kinds
from orderly.stay.rules.pack import Pack, Rule

PACKS_DIR = Path(__file__).resolve().parent / "packs"
DOCUMENT = "(document)"  # the field named when the whole text is at fault

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_RULE_ID = re.compile(r"[a-z0-9][a-z0-9._-]*")
_COUNTRY = re.compile(r"[A-Z]{3}")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# Written in decimal without a leading zero: YAML 1.1 reads "010" as octal 8.
_WHOLE = re.compile(r"-?(?:0|[1-9][0-9]*)")

_PACK_KEYS = ("name", "title", "version", "time_zone", "notice", "rules")
_RULE_KEYS = ("id", "kind", "reference", "title", "effective")
_EFFECTIVE_KEYS = ("from", "until")


class PackError(ValueError):
    """A pack file that cannot be used: where (file, line, field) and what is wrong."""

    def __init__(self, file: str, line: int | None, field: str, message: str) -> None:
        self.file, self.line, self.field, self.message = file, line, field, message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.field}: {self.message}"


class _Invalid(Exception):
    """A mistake found while reading; ``pack_from_text`` adds the file name."""

    def __init__(self, line: int | None, field: str, message: str) -> None:
        super().__init__(message)
        self.line, self.field, self.message = line, field, message


def pack_from_text(text: str, source: str) -> Pack:
    """The pack written in ``text``; ``source`` names the file in errors."""
    try:
        return _pack(_document(text))
    except _Invalid as invalid:
        raise PackError(source, invalid.line, invalid.field, invalid.message) from None


def load_pack(path: Path) -> Pack:
    """The pack in the file at ``path``."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise PackError(str(path), None, DOCUMENT, f"not UTF-8 text ({error.reason})") from None
    return pack_from_text(text, str(path))


def installed_pack_files() -> dict[str, Path]:
    """Every pack shipped in ``PACKS_DIR``, by the name written in its file."""
    found: dict[str, Path] = {}
    for path in sorted(PACKS_DIR.glob("*.yaml")):
        name = load_pack(path).name
        if name in found:
            message = f"the pack name {name!r} is also used by {found[name].name}"
            raise PackError(str(path), None, "name", message)
        found[name] = path
    return found


# --- the document ------------------------------------------------------------------------


def _document(text: str) -> Node:
    """The single YAML document in ``text``, as nodes."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        raise _Invalid(line, DOCUMENT, f"not valid YAML: {error.problem}") from None
    except yaml.YAMLError as error:
        raise _Invalid(None, DOCUMENT, f"not valid YAML: {error}") from None
    if node is None:
        raise _Invalid(1, DOCUMENT, "is empty: a pack is a mapping with name, rules, ...")
    return node


def _line(node: Node) -> int:
    return node.start_mark.line + 1


@dataclass(frozen=True)
class _Entries:
    """A mapping's entries by key, and where the mapping is (to place a missing key)."""

    node: MappingNode
    path: str
    items: dict[str, tuple[ScalarNode, Node]]

    def field(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def get(self, key: str) -> Node | None:
        item = self.items.get(key)
        return item[1] if item else None

    def require(self, key: str) -> Node:
        node = self.get(key)
        if node is None:
            raise _Invalid(_line(self.node), self.field(key), "is required")
        return node

    def only(self, allowed: Iterable[str], what: str) -> None:
        """Refuse a key outside ``allowed``, naming it and what was expected."""
        allowed = tuple(allowed)
        for key, (key_node, _) in self.items.items():
            if key not in allowed:
                expected = ", ".join(allowed)
                message = f"unknown key {key!r} in {what} (expected: {expected})"
                raise _Invalid(_line(key_node), self.field(key), message)


def _entries(node: Node, path: str) -> _Entries:
    """``node`` as a mapping with text keys, each written once."""
    if not isinstance(node, MappingNode):
        raise _Invalid(_line(node), path or DOCUMENT, "must be a mapping of keys to values")
    items: dict[str, tuple[ScalarNode, Node]] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, ScalarNode) or key_node.tag != _STR:
            raise _Invalid(_line(key_node), path or DOCUMENT, "keys must be plain words")
        key = key_node.value
        if key in items:
            first = _line(items[key][0])
            field = f"{path}.{key}" if path else key
            raise _Invalid(_line(key_node), field, f"is written twice (first on line {first})")
        items[key] = (key_node, value_node)
    return _Entries(node, path, items)


# --- the pack ------------------------------------------------------------------------------


def _pack(node: Node) -> Pack:
    top = _entries(node, "")
    top.only(_PACK_KEYS, "a pack")
    name = _text(top.require("name"), "name")
    if not _SLUG.fullmatch(name):
        message = "must be a lower-case slug of letters, digits and hyphens, such as demo-host"
        raise _Invalid(_line(top.require("name")), "name", message)
    return Pack(
        name=name,
        title=_text(top.require("title"), "title"),
        version=_text(top.require("version"), "version"),
        time_zone=_time_zone(top.require("time_zone"), "time_zone"),
        notice=_text(top.require("notice"), "notice"),
        rules=_rules(top.require("rules"), "rules"),
    )


def _time_zone(node: Node, field: str) -> str:
    # The list of zones, not only ZoneInfo(): it would also open stray files such as posixrules.
    zone = _text(node, field)
    if zone not in available_timezones():
        message = f"{zone!r} is not an IANA time zone (such as Europe/Brussels)"
        raise _Invalid(_line(node), field, message)
    return zone


def _rules(node: Node, field: str) -> tuple[Rule, ...]:
    """Every rule, then the checks across rules: unique ids, suspensions of real rules."""
    if not isinstance(node, SequenceNode) or not node.value:
        raise _Invalid(_line(node), field, "must be a list of at least one rule")
    read = [_rule(item, f"{field}[{index}]") for index, item in enumerate(node.value)]
    _check_unique_ids(read)
    _check_suspensions(read)
    return tuple(rule for rule, _ in read)


def _check_unique_ids(read: list[tuple[Rule, _Entries]]) -> None:
    first_line: dict[str, int] = {}
    for rule, entries in read:
        line = _line(entries.require("id"))
        if rule.id in first_line:
            message = f"{rule.id!r} is already the id of the rule on line {first_line[rule.id]}"
            raise _Invalid(line, entries.field("id"), message)
        first_line[rule.id] = line


def _check_suspensions(read: list[tuple[Rule, _Entries]]) -> None:
    by_id = {rule.id: rule for rule, _ in read}
    for rule, entries in read:
        if rule.kind != kinds.SUSPENSION:
            continue
        items = entries.require("suspends").value
        for index, item in enumerate(items):
            field = f"{entries.field('suspends')}[{index}]"
            _check_suspended(by_id.get(item.value), item, field)


def _check_suspended(target: Rule | None, item: ScalarNode, field: str) -> None:
    if target is None:
        raise _Invalid(_line(item), field, f"no rule has the id {item.value!r}")
    # Naming a kind the engine cannot suspend would be a suspension that silently does nothing.
    if target.kind not in kinds.SUSPENDABLE:
        allowed = ", ".join(kinds.SUSPENDABLE)
        message = f"{target.id!r} is a {target.kind} rule; only {allowed} rules can be suspended"
        raise _Invalid(_line(item), field, message)


# --- one rule ------------------------------------------------------------------------------


def _rule(node: Node, path: str) -> tuple[Rule, _Entries]:
    """One rule and its entries (kept to place the errors found across rules)."""
    entries = _entries(node, path)
    kind = _kind(entries)
    effective_from, effective_until = _effective(entries)
    rule = Rule(
        id=_rule_id(entries.require("id"), entries.field("id")),
        kind=kind,
        reference=_text(entries.require("reference"), entries.field("reference")),
        title=_optional_text(entries, "title"),
        effective_from=effective_from,
        effective_until=effective_until,
        **_kind_values(entries, kind),
    )
    check = _KIND_CHECKS.get(kind)
    if check is not None:
        check(rule, entries)
    return rule, entries


def _kind_values(entries: _Entries, kind: str) -> dict[str, Any]:
    """The fields of ``kind``: every required one, the optional ones written, nothing else."""
    required, optional = _KIND_FIELDS[kind]
    entries.only((*_RULE_KEYS, *required, *optional), f"a {kind} rule")
    present = [*required, *(key for key in optional if key in entries.items)]
    return {key: _READERS[key](entries.require(key), entries.field(key)) for key in present}


def _kind(entries: _Entries) -> str:
    node = entries.require("kind")
    kind = _text(node, entries.field("kind"))
    if kind not in kinds.RULE_KINDS:
        message = f"unknown kind {kind!r} (expected: {', '.join(kinds.RULE_KINDS)})"
        raise _Invalid(_line(node), entries.field("kind"), message)
    return kind


def _rule_id(node: Node, field: str) -> str:
    rule_id = _text(node, field)
    if not _RULE_ID.fullmatch(rule_id):
        message = "must be lower-case letters, digits, '.', '_' or '-', such as transit-144"
        raise _Invalid(_line(node), field, message)
    return rule_id


def _effective(rule: _Entries) -> tuple[date | None, date | None]:
    """``effective: {from, until}``: the first and last days the rule is in force."""
    node = rule.get("effective")
    if node is None:
        return None, None
    entries = _entries(node, rule.field("effective"))
    entries.only(_EFFECTIVE_KEYS, "effective")
    start, end = (_optional_date(entries, key) for key in _EFFECTIVE_KEYS)
    _in_order(start, end, entries, "until", "from")
    return start, end


def _optional_date(entries: _Entries, key: str) -> date | None:
    node = entries.get(key)
    return None if node is None else _date(node, entries.field(key))


def _in_order(
    first: date | None, last: date | None, entries: _Entries, key: str, other: str
) -> None:
    """Refuse ``last`` (written under ``key``) when it comes before ``first``."""
    if first is not None and last is not None and last < first:
        message = f"{last.isoformat()} is before {other} ({first.isoformat()})"
        raise _Invalid(_line(entries.require(key)), entries.field(key), message)


# --- what each kind needs, and the checks between its fields --------------------------------


def _check_rolling(rule: Rule, entries: _Entries) -> None:
    if rule.max_days > rule.window_days:
        message = f"{rule.max_days} days cannot fit in a window of {rule.window_days} days"
        raise _Invalid(_line(entries.require("max_days")), entries.field("max_days"), message)


def _check_transit(rule: Rule, entries: _Entries) -> None:
    # The engine admits transit only at a listed port or in a listed region.
    if not rule.ports and not rule.regions:
        message = "a transit rule needs ports or regions (or both)"
        raise _Invalid(_line(entries.node), entries.field("ports"), message)


def _check_automatic_extension(rule: Rule, entries: _Entries) -> None:
    if not rule.months and not rule.days:
        message = "an automatic extension needs months or days (or both)"
        raise _Invalid(_line(entries.node), entries.field("months"), message)
    _in_order(rule.ends_from, rule.ends_until, entries, "ends_until", "ends_from")


def _check_suspension(rule: Rule, entries: _Entries) -> None:
    _in_order(rule.start, rule.end, entries, "end", "start")


# kind -> (fields it requires, fields it may have), by Rule's field names.
_KIND_FIELDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # A rule listing no nationalities exempts, frees or admits in transit nobody (see basis).
    kinds.EXEMPTION: (("nationalities",), ()),
    kinds.VISA_FREE: (("nationalities", "days"), ()),
    kinds.ROLLING: (("max_days", "window_days"), ("limits", "nationalities")),
    kinds.TRANSIT: (("hours", "nationalities"), ("ports", "regions")),
    kinds.VISA: (("categories",), ("stay_days", "ends_by_validity")),
    kinds.RESIDENCE_PERMIT: (("categories",), ()),
    kinds.EXTENSION: ((), ()),
    kinds.AUTOMATIC_EXTENSION: (("ends_from", "ends_until", "applies_to"), ("months", "days")),
    kinds.SUSPENSION: (("suspends",), ("start", "end")),
}
_KIND_CHECKS: dict[str, Callable[[Rule, _Entries], None]] = {
    kinds.ROLLING: _check_rolling,
    kinds.TRANSIT: _check_transit,
    kinds.AUTOMATIC_EXTENSION: _check_automatic_extension,
    kinds.SUSPENSION: _check_suspension,
}


# --- values --------------------------------------------------------------------------------


def _scalar(node: Node, field: str, tags: tuple[str, ...], what: str) -> str:
    """The text of a scalar written with one of ``tags``; otherwise say it must be ``what``."""
    if isinstance(node, ScalarNode) and node.tag == _NULL:
        raise _Invalid(_line(node), field, f"has no value: write {what}, or leave the key out")
    if not isinstance(node, ScalarNode) or node.tag not in tags:
        raise _Invalid(_line(node), field, f"must be {what}")
    return str(node.value)


def _text(node: Node, field: str) -> str:
    # A version such as 2024.1 left unquoted is a number to YAML: ask for quotes.
    value = _scalar(node, field, (_STR,), 'text (put numbers and dates in quotes: "2024.1")')
    if not value.strip():
        raise _Invalid(_line(node), field, "must not be empty")
    return value


def _optional_text(entries: _Entries, key: str) -> str:
    node = entries.get(key)
    return "" if node is None else _text(node, entries.field(key))


def _count(node: Node, field: str) -> int:
    """A positive whole number."""
    value = _scalar(node, field, (_INT,), "a whole number")
    if not _WHOLE.fullmatch(value) or int(value) < 1:
        raise _Invalid(_line(node), field, f"must be a positive whole number, not {value}")
    return int(value)


def _flag(node: Node, field: str) -> bool:
    value = _scalar(node, field, (_BOOL,), "true or false")
    if value not in ("true", "false"):
        raise _Invalid(_line(node), field, f"must be true or false, not {value}")
    return value == "true"


def _date(node: Node, field: str) -> date:
    """A calendar date written YYYY-MM-DD, quoted or not (YAML reads it as a timestamp)."""
    what = "a date written YYYY-MM-DD"
    text = _scalar(node, field, (_STR, _TIMESTAMP), what)
    if not _ISO_DATE.fullmatch(text):
        raise _Invalid(_line(node), field, f"must be {what}, not {text}")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise _Invalid(_line(node), field, f"{text} is not a date in the calendar") from None


def _country(node: Node, field: str) -> str:
    code = _text(node, field)
    if not _COUNTRY.fullmatch(code):
        message = f"{code!r} is not an ISO 3166 alpha-3 code (three capital letters, like DEU)"
        raise _Invalid(_line(node), field, message)
    return code


def _one_of(*allowed: str) -> Callable[[Node, str], str]:
    def read(node: Node, field: str) -> str:
        value = _text(node, field)
        if value not in allowed:
            message = f"{value!r} is not one of: {', '.join(allowed)}"
            raise _Invalid(_line(node), field, message)
        return value

    return read


def _set_of(item: Callable[[Node, str], str]) -> Callable[[Node, str], frozenset[str]]:
    """A reader for a non-empty list of distinct values, each read by ``item``."""

    def read(node: Node, field: str) -> frozenset[str]:
        if not isinstance(node, SequenceNode) or not node.value:
            raise _Invalid(_line(node), field, "must be a list of at least one value")
        first_line: dict[str, int] = {}
        for index, element in enumerate(node.value):
            value = item(element, f"{field}[{index}]")
            if value in first_line:
                message = f"{value!r} is listed twice (first on line {first_line[value]})"
                raise _Invalid(_line(element), f"{field}[{index}]", message)
            first_line[value] = _line(element)
        return frozenset(first_line)

    return read


# Rule field -> how its value is read.
_READERS: dict[str, Callable[[Node, str], Any]] = {
    "nationalities": _set_of(_country),
    "days": _count,
    "max_days": _count,
    "window_days": _count,
    "hours": _count,
    "months": _count,
    "stay_days": _count,
    "limits": _set_of(_one_of(kinds.VISA, kinds.VISA_FREE)),
    "ports": _set_of(_text),
    "regions": _set_of(_text),
    "categories": _set_of(_text),
    "suspends": _set_of(_text),
    "ends_by_validity": _flag,
    "ends_from": _date,
    "ends_until": _date,
    "start": _date,
    "end": _date,
    "applies_to": _set_of(_one_of(kinds.STAY, kinds.RESIDENCE)),
}
