"""Checking a batch of rows, column by column with Arrow kernels (no Python loop over rows).

``check_batch`` normalizes the columns (trimmed, codes upper-case, UTC instants, defaults for
empty optional columns) and reports every problem as a ``RowError`` with its line number and
field. Only what the file itself shows and the ports table are checked here; whether an
idempotency key was already used for another crossing needs the crossings table and is checked
while writing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

import pyarrow as pa
import pyarrow.compute as pc

from orderly.border.imports.format import IDENTITY_KINDS, MAX_LENGTHS, RowError
from orderly.border.imports.sources import Lines
from orderly.border.rules.instants import CLOCK_SKEW, EARLIEST
from orderly.border.rules.keys import CORRECTION_KEY_PREFIX
from orderly.registry.rules.documents import PARTIAL_BIRTH_DATE
from orderly.registry.rules.mrz_states import KNOWN_CODES
from orderly.registry.rules.names import normalize_name

DIRECTIONS = ("entry", "exit")
OUTCOMES = ("admitted", "refused")
SEXES = ("F", "M", "X")

_INSTANT = (
    r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d{1,6})?"
    r"(Z|z|[+-]\d{2}(:?\d{2})?)$"
)
_NAIVE_INSTANT = r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?$"
_BIRTH = PARTIAL_BIRTH_DATE
_FULL_DATE = r"^\d{4}-\d{2}-\d{2}$"
_DOCUMENT_TYPE = r"^[A-Z][A-Z]?$"
_NUMBER = r"^[A-Z0-9]{1,24}$"
_STATE_CODES = pa.array(sorted(KNOWN_CODES))


@dataclass(frozen=True)
class PortTable:
    """The ports a run may name: code -> database id, and the codes the actor may import at."""

    ids: dict[str, int]
    allowed: frozenset[str]


@dataclass(frozen=True)
class Context:
    """What a check needs beyond the rows themselves."""

    ports: PortTable
    now: datetime  # aware, UTC
    purposes: tuple[str, ...]
    keys_given: bool  # the file has an idempotency_key column
    name_keys: dict[str, str] = field(default_factory=dict)  # cache: name -> normalize_name


@dataclass
class Checked:
    """A checked batch: normalized columns for every row, which rows are bad, and why."""

    table: pa.Table
    bad: pa.BooleanArray
    errors: list[RowError]

    @property
    def bad_rows(self) -> int:
        return int(pc.sum(self.bad).as_py() or 0)

    def good(self) -> pa.Table:
        """The rows without any error."""
        return self.table.filter(pc.invert(self.bad)) if self.errors else self.table


class _Batch:
    """Collects errors and the columns as they are normalized."""

    def __init__(self, batch: pa.RecordBatch, lines: Lines) -> None:
        self.raw = batch
        self.lines = lines
        self.rows = batch.num_rows
        self.columns: dict[str, pa.Array] = {}
        self.bad = pa.array([False] * self.rows, pa.bool_())
        self.errors: list[RowError] = []

    def text(self, name: str) -> pa.Array:
        """The column trimmed, empty when absent or null."""
        if name not in self.raw.schema.names:
            return pa.array([""] * self.rows, pa.string())
        column = self.raw.column(name)
        if pa.types.is_timestamp(column.type):
            return column
        return pc.utf8_trim_whitespace(pc.fill_null(column, ""))

    def flag(
        self,
        name: str,
        mask: pa.Array,
        explain: Callable[[str], str] | str,
        values: pa.Array | None = None,
    ) -> None:
        """Record an error on ``name`` for every row where ``mask`` is true."""
        mask = pc.fill_null(mask, False)
        if not pc.any(mask).as_py():
            return
        self.bad = pc.or_(self.bad, mask)
        indices = pc.indices_nonzero(mask).to_pylist()
        shown = pc.filter(values, mask).to_pylist() if values is not None else [""] * len(indices)
        for index, value in zip(indices, shown, strict=True):
            message = explain if isinstance(explain, str) else explain(_shown(value))
            self.errors.append(RowError(self.lines.of(index), name, message))


def _shown(value: object) -> str:
    text = str(value)
    return repr(text if len(text) <= 40 else text[:37] + "...")


def _empty(array: pa.Array) -> pa.Array:
    return pc.equal(pc.utf8_length(array), 0)


def _not_matching(array: pa.Array, pattern: str) -> pa.Array:
    return pc.invert(pc.match_substring_regex(array, pattern))


def check_batch(batch: pa.RecordBatch, lines: Lines, context: Context) -> Checked:
    """Check and normalize one batch; see the module docstring."""
    rows = _Batch(batch, lines)
    _check_port(rows, context.ports)
    _check_choices(rows, context.purposes)
    _check_refusal(rows)
    _check_instant(rows, context.now)
    _check_document(rows)
    _check_holder(rows, context)
    _check_key(rows, context.keys_given)
    rows.columns["line"] = lines.numbers(rows.rows)
    table = pa.table(rows.columns)
    rows.errors.sort()
    return Checked(table=table, bad=rows.bad, errors=rows.errors)


def _required(rows: _Batch, name: str, value: pa.Array) -> pa.Array:
    """Flag empty values of a required column; returns the mask of empty ones."""
    empty = _empty(value)
    rows.flag(name, empty, "is required")
    return empty


def _check_port(rows: _Batch, ports: PortTable) -> None:
    code = pc.utf8_upper(rows.text("port"))
    empty = _required(rows, "port", code)
    codes = pa.array(sorted(ports.ids), pa.string())
    position = pc.index_in(code, value_set=codes)
    unknown = pc.and_(pc.is_null(position), pc.invert(empty))
    rows.flag("port", unknown, lambda v: f"no port with code {v}", code)
    allowed = pc.is_in(code, value_set=pa.array(sorted(ports.allowed), pa.string()))
    refused = pc.and_(pc.invert(allowed), pc.is_valid(position))
    rows.flag("port", refused, lambda v: f"you may not import crossings at {v}", code)
    ids = pa.array([ports.ids[c] for c in codes.to_pylist()], pa.int64())
    rows.columns["port_id"] = pc.fill_null(pc.take(ids, position), 0)
    rows.columns["port"] = code


def _choice(rows: _Batch, name: str, choices: tuple[str, ...], default: str) -> pa.Array:
    value = pc.utf8_lower(rows.text(name))
    if default:
        value = pc.if_else(_empty(value), default, value)
    else:
        _required(rows, name, value)
    wrong = pc.and_(
        pc.invert(pc.is_in(value, value_set=pa.array(choices))), pc.invert(_empty(value))
    )
    rows.flag(name, wrong, lambda v: f"must be one of {', '.join(choices)}, not {v}", value)
    rows.columns[name] = value
    return value


def _check_choices(rows: _Batch, purposes: tuple[str, ...]) -> None:
    _choice(rows, "direction", DIRECTIONS, "")
    _choice(rows, "outcome", OUTCOMES, "admitted")
    _choice(rows, "purpose", purposes, "unknown")


def _check_refusal(rows: _Batch) -> None:
    reason = rows.text("refusal_reason")
    refused = pc.equal(rows.columns["outcome"], "refused")
    not_entry = pc.not_equal(rows.columns["direction"], "entry")
    rows.flag("outcome", pc.and_(refused, not_entry), "only an entry can be refused")
    rows.flag(
        "refusal_reason", pc.and_(refused, _empty(reason)), "a refused entry needs the reason"
    )
    rows.flag(
        "refusal_reason",
        pc.and_(pc.invert(refused), pc.invert(_empty(reason))),
        "a reason is given only when entry is refused",
    )
    _check_length(rows, "refusal_reason", reason)
    rows.columns["refusal_reason"] = reason


def _check_length(rows: _Batch, name: str, value: pa.Array) -> None:
    limit = MAX_LENGTHS[name]
    rows.flag(name, pc.greater(pc.utf8_length(value), limit), f"is longer than {limit} characters")
    rows.flag(name, pc.match_substring_regex(value, r"[\r\n]"), "contains a line break")


def _check_instant(rows: _Batch, now: datetime) -> None:
    raw = rows.text("occurred_at")
    if pa.types.is_timestamp(raw.type):
        instant = raw
        rows.flag("occurred_at", pc.is_null(instant), "is required")
    else:
        instant = _parse_instants(rows, raw)
    latest = pa.scalar(now + CLOCK_SKEW, pa.timestamp("us", tz="UTC"))
    earliest = pa.scalar(EARLIEST, pa.timestamp("us", tz="UTC"))
    rows.flag("occurred_at", pc.greater(instant, latest), "cannot be in the future")
    rows.flag("occurred_at", pc.less(instant, earliest), "is before 1900")
    rows.columns["occurred_at"] = instant


def _parse_instants(rows: _Batch, raw: pa.Array) -> pa.Array:
    empty = _required(rows, "occurred_at", raw)
    shaped = pc.match_substring_regex(raw, _INSTANT)
    naive = pc.match_substring_regex(raw, _NAIVE_INSTANT)
    rows.flag("occurred_at", naive, lambda v: f"{v} needs its UTC offset (Z or +08:00)", raw)
    other = pc.and_(pc.invert(shaped), pc.invert(pc.or_(naive, empty)))
    rows.flag(
        "occurred_at",
        other,
        lambda v: f"{v} is not an ISO 8601 instant such as 2024-03-01T08:15:00+08:00",
        raw,
    )
    candidates = pc.if_else(shaped, raw, pa.scalar(None, pa.string()))
    parsed, wrong = _cast_each(candidates, pa.timestamp("us", tz="UTC"))
    rows.flag("occurred_at", wrong, lambda v: f"{v} is not a real date and time", raw)
    return parsed


def _cast_each(values: pa.Array, target: pa.DataType) -> tuple[pa.Array, pa.Array]:
    """Cast ``values``; where one cannot be cast (30 February), give null and flag it.

    The whole batch is cast at once; only a batch that holds an impossible value is retried
    value by value to find it.
    """
    try:
        return pc.cast(values, target), pa.array([False] * len(values))
    except pa.ArrowInvalid:
        cast, wrong = [], []
        for value in values.to_pylist():
            try:
                cast.append(pc.cast(pa.array([value], pa.string()), target)[0].as_py())
                wrong.append(False)
            except pa.ArrowInvalid:
                cast.append(None)
                wrong.append(True)
        return pa.array(cast, target), pa.array(wrong)


def _code(rows: _Batch, name: str) -> pa.Array:
    return pc.utf8_rtrim(pc.utf8_upper(rows.text(name)), characters="<")


def _check_document(rows: _Batch) -> None:
    kind_code = _code(rows, "document_type")
    empty = _required(rows, "document_type", kind_code)
    wrong = pc.and_(_not_matching(kind_code, _DOCUMENT_TYPE), pc.invert(empty))
    rows.flag("document_type", wrong, lambda v: f"{v} is not an ICAO document code", kind_code)
    kind = pc.utf8_slice_codeunits(kind_code, 0, 1)
    visa = pc.and_(
        pc.invert(pc.is_in(kind, value_set=pa.array(sorted(IDENTITY_KINDS)))),
        pc.invert(pc.or_(wrong, empty)),
    )
    rows.flag(
        "document_type",
        visa,
        lambda v: f"{v} does not identify its holder; give the passport or identity card",
        kind_code,
    )
    number = pc.utf8_upper(rows.text("document_number"))
    empty = _required(rows, "document_number", number)
    rows.flag(
        "document_number",
        pc.and_(_not_matching(number, _NUMBER), pc.invert(empty)),
        "must be 1 to 24 letters A-Z and digits",
    )
    rows.columns.update(document_type=kind_code, document_kind=kind, document_number=number)
    rows.columns["issuing_state"] = _state(rows, "issuing_state")
    rows.columns["expiry_date"] = _optional_date(rows, "expiry_date")


def _state(rows: _Batch, name: str) -> pa.Array:
    code = _code(rows, name)
    empty = _required(rows, name, code)
    unknown = pc.and_(pc.invert(pc.is_in(code, value_set=_STATE_CODES)), pc.invert(empty))
    rows.flag(name, unknown, lambda v: f"{v} is not an ICAO state code", code)
    return code


def _optional_date(rows: _Batch, name: str) -> pa.Array:
    value = rows.text(name)
    given = pc.invert(_empty(value))
    shaped = pc.match_substring_regex(value, _FULL_DATE)
    rows.flag(name, pc.and_(given, pc.invert(shaped)), lambda v: f"{v} is not YYYY-MM-DD", value)
    _, wrong = _cast_each(pc.if_else(shaped, value, pa.scalar(None, pa.string())), pa.date32())
    rows.flag(name, wrong, lambda v: f"{v} is not a real date", value)
    return pc.if_else(shaped, value, pa.scalar(None, pa.string()))


def _check_holder(rows: _Batch, context: Context) -> None:
    surname = rows.text("surname")
    _required(rows, "surname", surname)
    given = rows.text("given_names")
    for name, value in (("surname", surname), ("given_names", given)):
        _check_length(rows, name, value)
        rows.columns[name] = value
        rows.columns[f"{name}_key"] = _name_keys(value, context.name_keys)
    no_letters = pc.and_(_empty(rows.columns["surname_key"]), pc.invert(_empty(surname)))
    rows.flag("surname", no_letters, "has no letters")
    rows.columns["date_of_birth"] = _birth_date(rows, context.now.date())
    sex = pc.utf8_upper(rows.text("sex"))
    sex = pc.if_else(pc.equal(sex, "<"), "X", sex)
    empty = _required(rows, "sex", sex)
    wrong = pc.and_(pc.invert(pc.is_in(sex, value_set=pa.array(SEXES))), pc.invert(empty))
    rows.flag("sex", wrong, lambda v: f"must be F, M or X, not {v}", sex)
    rows.columns["sex"] = sex
    rows.columns["nationality"] = _state(rows, "nationality")


def _name_keys(names: pa.Array, cache: dict[str, str]) -> pa.Array:
    """normalize_name for every row, computed once per distinct name."""
    distinct = pc.unique(names)
    keys = []
    for name in distinct.to_pylist():
        key = cache.get(name)
        if key is None:
            key = cache[name] = normalize_name(name)
        keys.append(key)
    return pc.take(pa.array(keys, pa.string()), pc.index_in(names, value_set=distinct))


def _birth_date(rows: _Batch, today: date) -> pa.Array:
    value = pc.utf8_upper(rows.text("date_of_birth"))
    empty = _required(rows, "date_of_birth", value)
    shaped = pc.match_substring_regex(value, _BIRTH)
    rows.flag(
        "date_of_birth",
        pc.and_(pc.invert(shaped), pc.invert(empty)),
        lambda v: f"{v} is not YYYY-MM-DD (XX for an unknown month or day)",
        value,
    )
    full = pc.and_(shaped, pc.match_substring_regex(value, _FULL_DATE))
    _, wrong = _cast_each(pc.if_else(full, value, pa.scalar(None, pa.string())), pa.date32())
    rows.flag("date_of_birth", wrong, lambda v: f"{v} is not a real date", value)
    earliest_reading = pc.replace_substring(value, "XX", "00")  # 1990-XX-XX: from 1990-00-00
    future = pc.and_(shaped, pc.greater(earliest_reading, today.isoformat()))
    rows.flag("date_of_birth", pc.and_(future, pc.invert(wrong)), "is in the future")
    return value


def _check_key(rows: _Batch, keys_given: bool) -> None:
    key = rows.text("idempotency_key")
    if keys_given:
        length = pc.utf8_length(key)
        wrong = pc.and_(pc.invert(_empty(key)), pc.or_(pc.less(length, 8), pc.greater(length, 64)))
        rows.flag("idempotency_key", wrong, "must be 8 to 64 characters")
        rows.flag(
            "idempotency_key", pc.match_substring_regex(key, r"[\r\n]"), "contains a line break"
        )
        reserved = pc.starts_with(key, CORRECTION_KEY_PREFIX)
        rows.flag("idempotency_key", reserved, f"must not begin with {CORRECTION_KEY_PREFIX!r}")
    rows.columns["idempotency_key"] = key
