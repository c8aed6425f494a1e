"""Where rows come from: a CSV or Parquet file, or an Arrow table built in memory (the demo).

Each source yields record batches of string columns (plus ``occurred_at`` as a timestamp when a
Parquet file stores it so) together with the line number of every row, and is read twice: once
to check everything, once to write.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv
import pyarrow.parquet as pq

from orderly.border.imports.format import COLUMNS, REQUIRED
from orderly.core.errors import InvalidInput

FORMATS = ("csv", "parquet")
_SUFFIXES = {".csv": "csv", ".parquet": "parquet", ".pq": "parquet"}
_CSV_BLOCK_BYTES = 8 << 20


@dataclass(frozen=True)
class Lines:
    """The line numbers of a batch's rows: consecutive from ``first``, jumping over the lines in
    ``skipped`` (rows the CSV parser could not split into the header's columns)."""

    first: int
    skipped: tuple[int, ...] = ()

    def of(self, index: int) -> int:
        """The line number of the batch's row ``index``."""
        line = self.first + index
        for skipped in self.skipped:
            if skipped <= line:
                line += 1
        return line

    def numbers(self, count: int) -> pa.Array:
        """The line numbers of the batch's first ``count`` rows (what ``of`` gives, for all)."""
        line = pc.add(pa.array(range(count), pa.int64()), self.first)
        for skipped in self.skipped:
            line = pc.add(line, pc.cast(pc.greater_equal(line, skipped), pa.int64()))
        return line

    def after(self, rows: int) -> int:
        """The line number of the row that follows the batch's last one."""
        return self.first + rows + len(self.skipped)


class Source(Protocol):
    """Rows to import, readable more than once."""

    name: str
    line_label: str  # how a row is named in messages: "line" (CSV) or "row" (Parquet)

    def columns(self) -> tuple[str, ...]: ...

    def batches(self, malformed: list[int]) -> Iterator[tuple[pa.RecordBatch, Lines]]: ...

    def sha256(self) -> str: ...

    def total_rows(self) -> int | None: ...


def open_source(path: Path, file_format: str | None = None) -> Source:
    """The source for ``path``; the format comes from ``file_format`` or the file's suffix."""
    if not path.is_file():
        raise InvalidInput(f"no such file: {path}", field="file")
    kind = file_format or _format_from_suffix(path)
    if kind not in FORMATS:
        raise InvalidInput(f"unknown format {kind!r}: use csv or parquet", field="format")
    source: Source = CsvSource(path) if kind == "csv" else ParquetSource(path)
    _require_columns(source.columns())
    return source


def _format_from_suffix(path: Path) -> str:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] in {".gz", ".bz2", ".zst"}:
        suffixes = suffixes[:-1]
    kind = _SUFFIXES.get(suffixes[-1] if suffixes else "")
    if kind is None:
        raise InvalidInput(
            f"unknown format of {path.name!r}: name it .csv or .parquet, or give --format",
            field="format",
        )
    return kind


def _require_columns(present: tuple[str, ...]) -> None:
    duplicates = sorted({name for name in present if name in COLUMNS and present.count(name) > 1})
    if duplicates:
        raise InvalidInput(f"column {duplicates[0]!r} appears twice", field=duplicates[0])
    missing = [name for name in REQUIRED if name not in present]
    if missing:
        raise InvalidInput(
            f"missing required column{'s' if len(missing) > 1 else ''}: {', '.join(missing)}",
            field=missing[0],
        )


def file_sha256(path: Path) -> str:
    """The SHA-256 of the file's bytes, recorded in the audit trail."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass
class CsvSource:
    """A UTF-8 CSV file with a header line (optionally gzip-, bz2- or zstd-compressed)."""

    path: Path
    line_label: str = "line"
    name: str = ""
    _header: tuple[str, ...] = field(default=(), repr=False)

    def __post_init__(self) -> None:
        self.name = self.name or self.path.name
        self._header = self._read_header()

    def _read_header(self) -> tuple[str, ...]:
        with pa.input_stream(str(self.path), compression="detect") as raw:
            first = raw.read(1 << 16).decode("utf-8-sig", errors="replace").splitlines()
        if not first:
            raise InvalidInput("the file is empty: a header line is required", field="file")
        return tuple(name.strip().lower() for name in next(csv.reader([first[0]])))

    def columns(self) -> tuple[str, ...]:
        return self._header

    def total_rows(self) -> int | None:
        return None

    def sha256(self) -> str:
        return file_sha256(self.path)

    def batches(self, malformed: list[int]) -> Iterator[tuple[pa.RecordBatch, Lines]]:
        """Batches of known columns, as text; rows that do not split into the header's columns
        are left out and their line numbers appended to ``malformed``."""
        reader = self._open(malformed)
        next_line = 2
        seen = 0
        while True:
            try:
                batch = reader.read_next_batch()
            except StopIteration:
                return
            except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
                raise InvalidInput(f"cannot read the CSV file: {exc}", field="file") from exc
            new = tuple(malformed[seen:])
            seen = len(malformed)
            lines = Lines(next_line, new)
            next_line = lines.after(batch.num_rows)
            yield batch, lines

    def _open(self, malformed: list[int]) -> pcsv.CSVStreamingReader:
        known = [name for name in self._header if name in COLUMNS]

        def on_invalid(row: pcsv.InvalidRow) -> str:
            malformed.append(int(row.number or 0))
            return "skip"

        # One thread, so the parser numbers the lines it cannot split.
        read = pcsv.ReadOptions(
            use_threads=False,
            block_size=_CSV_BLOCK_BYTES,
            column_names=list(self._header),
            skip_rows=1,
        )
        parse = pcsv.ParseOptions(ignore_empty_lines=False, invalid_row_handler=on_invalid)
        convert = pcsv.ConvertOptions(
            column_types=dict.fromkeys(known, pa.string()),
            include_columns=known,
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        )
        stream = pa.input_stream(str(self.path), compression="detect")
        try:
            return pcsv.open_csv(
                stream, read_options=read, parse_options=parse, convert_options=convert
            )
        except pa.ArrowInvalid as exc:
            raise InvalidInput(f"cannot read the CSV file: {exc}", field="file") from exc


@dataclass
class ParquetSource:
    """A Parquet file; ``occurred_at`` may be a time-zone-aware timestamp, dates may be dates."""

    path: Path
    batch_rows: int = 65_536
    line_label: str = "row"
    name: str = ""

    def __post_init__(self) -> None:
        self.name = self.name or self.path.name
        try:
            self._file = pq.ParquetFile(self.path)
        except (pa.ArrowInvalid, OSError) as exc:
            raise InvalidInput(f"cannot read the Parquet file: {exc}", field="file") from exc

    def columns(self) -> tuple[str, ...]:
        return tuple(name.lower() for name in self._file.schema_arrow.names)

    def total_rows(self) -> int | None:
        return int(self._file.metadata.num_rows)

    def sha256(self) -> str:
        return file_sha256(self.path)

    def batches(self, malformed: list[int]) -> Iterator[tuple[pa.RecordBatch, Lines]]:
        names = self._file.schema_arrow.names
        wanted = [name for name in names if name.lower() in COLUMNS]
        first = 1
        batches = self._file.iter_batches(batch_size=self.batch_rows, columns=wanted)
        while True:
            try:
                batch = next(batches)
            except StopIteration:
                return
            except (pa.ArrowInvalid, OSError) as exc:
                raise InvalidInput(f"cannot read the Parquet file: {exc}", field="file") from exc
            renamed = batch.rename_columns([name.lower() for name in batch.schema.names])
            yield as_text(renamed), Lines(first)
            first += batch.num_rows


@dataclass
class TableSource:
    """Rows built in memory (the demo population), numbered like Parquet rows."""

    table: pa.Table
    name: str
    batch_rows: int = 65_536
    line_label: str = "row"

    def columns(self) -> tuple[str, ...]:
        return tuple(self.table.column_names)

    def total_rows(self) -> int | None:
        return int(self.table.num_rows)

    def sha256(self) -> str:
        sink = io.BytesIO()
        with pa.ipc.new_stream(sink, self.table.schema) as writer:
            writer.write_table(self.table)
        return hashlib.sha256(sink.getvalue()).hexdigest()

    def batches(self, malformed: list[int]) -> Iterator[tuple[pa.RecordBatch, Lines]]:
        first = 1
        for batch in self.table.to_batches(max_chunksize=self.batch_rows):
            yield as_text(batch), Lines(first)
            first += batch.num_rows


def as_text(batch: pa.RecordBatch) -> pa.RecordBatch:
    """Every column as text, except a time-zone-aware ``occurred_at``, which stays a timestamp.

    Dates become YYYY-MM-DD; other types are refused, naming the column (a document number
    stored as an integer has lost its leading zeros).
    """
    arrays = [_column_as_text(name, batch.column(name)) for name in batch.schema.names]
    return pa.RecordBatch.from_arrays(arrays, names=batch.schema.names)


def _column_as_text(name: str, array: pa.Array) -> pa.Array:
    kind = array.type
    if pa.types.is_dictionary(kind):
        return _column_as_text(name, array.dictionary_decode())
    if pa.types.is_string(kind):
        return array
    if pa.types.is_large_string(kind) or pa.types.is_date(kind):
        return pc.cast(array, pa.string())
    if name == "occurred_at" and pa.types.is_timestamp(kind):
        if kind.tz is None:
            raise InvalidInput("occurred_at: timestamps must carry a time zone", field=name)
        return pc.cast(array, pa.timestamp("us", tz="UTC"))
    raise InvalidInput(f"{name}: column type {kind} cannot be read; store it as text", field=name)
