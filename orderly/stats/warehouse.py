"""The warehouse: crossings as Parquet files under one folder, and the manifest that says which.

Layout (Hive partitions, so DuckDB reads ``year`` and ``month`` from the paths)::

    <root>/manifest.json                              what is in the warehouse, and up to when
    <root>/crossings/year=2025/month=6/part-*.parquet crossings by the port's local month
    <root>/corrections/part-*.parquet                 ids of exported crossings corrected since
    <root>/stays/year=2025/month=6/part-*.parquet     versions of stays, by their entry's month
    <root>/authorizations/year=2025/month=6/...       visas and permits, by the month granted
    <root>/.incoming/<run>/                           a run's files until they are committed

A file is part of the warehouse only once the manifest lists it, and the manifest is replaced in
one rename: an export interrupted at any point leaves nothing half-visible, and the next run
clears what it left. Files are never rewritten: a month is written by the run that closes it,
and a crossing that arrives for it later (an offline post) adds a file beside it.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

MANIFEST = "manifest.json"
LOCK = ".writing"
CROSSINGS = "crossings"
CORRECTIONS = "corrections"
STAYS = "stays"
AUTHORIZATIONS = "authorizations"
KINDS = (CROSSINGS, CORRECTIONS, STAYS, AUTHORIZATIONS)
INCOMING = ".incoming"
FORMAT = 1  # the manifest's layout; a later one says how to read this


class WarehouseError(Exception):
    """The warehouse folder cannot be used as it is (the message says why and where)."""


@dataclass(frozen=True)
class Manifest:
    """What the warehouse holds: crossings recorded before ``exported_until``, and stays decided
    and authorizations recorded before ``stays_exported_until``, in the files listed.

    The two marks are one after any export; they differ only in a warehouse first written
    before stays were exported, whose first export since then takes every stay.
    """

    exported_until: datetime | None = None
    crossings: tuple[str, ...] = ()  # paths relative to the root
    corrections: tuple[str, ...] = ()
    stays_exported_until: datetime | None = None
    stays: tuple[str, ...] = ()
    authorizations: tuple[str, ...] = ()
    synthetic: bool = False  # written by `orderly stats synthesize`, not from the records
    salt: str = ""  # mixed into people's keys (records.py), chosen by the first export
    years: tuple[int, ...] = field(default=())  # the years a synthetic warehouse covers

    def adding(self, until: datetime, placed: dict[str, list[str]]) -> Manifest:
        """This manifest after an export up to ``until`` placed the files ``placed`` (by kind)."""
        return replace(
            self,
            exported_until=until,
            stays_exported_until=until,
            crossings=(*self.crossings, *placed.get(CROSSINGS, ())),
            corrections=(*self.corrections, *placed.get(CORRECTIONS, ())),
            stays=(*self.stays, *placed.get(STAYS, ())),
            authorizations=(*self.authorizations, *placed.get(AUTHORIZATIONS, ())),
        )

    def listed(self) -> set[str]:
        return {*self.crossings, *self.corrections, *self.stays, *self.authorizations}

    def as_json(self) -> dict[str, object]:
        return {
            "format": FORMAT,
            "exported_until": _instant_text(self.exported_until),
            "crossings": list(self.crossings),
            "corrections": list(self.corrections),
            "stays_exported_until": _instant_text(self.stays_exported_until),
            "stays": list(self.stays),
            "authorizations": list(self.authorizations),
            "synthetic": self.synthetic,
            "person_salt": self.salt,
            "years": list(self.years),
        }


class Warehouse:
    """The warehouse folder at ``root`` (created when first written)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def require_folder(self) -> None:
        """Refuse a root that exists but is not a folder."""
        if self.root.exists() and not self.root.is_dir():
            raise WarehouseError(f"{self.root} is a file, not a warehouse folder")

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Hold the warehouse for one writer (an export or a synthesis) until the block ends;
        another is refused at once rather than left to clear this one's files."""
        self.require_folder()
        self.root.mkdir(parents=True, exist_ok=True)
        with (self.root / LOCK).open("w") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise WarehouseError(f"{self.root}: another export is writing it") from None
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def manifest(self) -> Manifest:
        self.require_folder()
        path = self.root / MANIFEST
        if not path.exists():
            return Manifest()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("format") != FORMAT:
                raise WarehouseError(f"{path}: format {data.get('format')!r}, expected {FORMAT}")
            return Manifest(
                exported_until=_instant(data["exported_until"]),
                crossings=tuple(data["crossings"]),
                corrections=tuple(data["corrections"]),
                # Absent from a warehouse written before stays were exported: none are yet.
                stays_exported_until=_instant(data.get("stays_exported_until")),
                stays=tuple(data.get("stays", ())),
                authorizations=tuple(data.get("authorizations", ())),
                synthetic=bool(data.get("synthetic", False)),
                salt=str(data.get("person_salt", "")),
                years=tuple(data.get("years", ())),
            )
        except (ValueError, KeyError, TypeError) as problem:
            raise WarehouseError(f"{path}: not a warehouse manifest ({problem})") from None

    def commit(self, manifest: Manifest) -> None:
        """Make ``manifest`` the warehouse's, in one rename (written and synced aside first)."""
        self.root.mkdir(parents=True, exist_ok=True)
        aside = self.root / f".{MANIFEST}.new"
        with aside.open("w", encoding="utf-8") as out:
            json.dump(manifest.as_json(), out, indent=1)
            out.flush()
            os.fsync(out.fileno())
        os.replace(aside, self.root / MANIFEST)
        _sync_folder(self.root)

    def incoming(self, run: str) -> Path:
        """A fresh folder for ``run``'s files, inside the root so that moving them is a rename."""
        folder = self.root / INCOMING / run
        folder.mkdir(parents=True)
        return folder

    def place(self, incoming: Path, under: str, run: str) -> list[str]:
        """Move every Parquet file written in ``incoming`` to the same place under ``under``,
        named after ``run``; the paths, relative to the root, for the manifest."""
        placed = []
        for number, written in enumerate(sorted(incoming.rglob("*.parquet"))):
            partition = written.parent.relative_to(incoming)
            target = self.root / under / partition / f"part-{run}-{number}.parquet"
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(written, target)
            _sync_folder(target.parent)
            placed.append(target.relative_to(self.root).as_posix())
        return placed

    def tidy(self, manifest: Manifest) -> int:
        """Delete what an interrupted run left: files the manifest does not list. How many."""
        listed = manifest.listed()
        removed = 0
        for kind in KINDS:
            for path in (self.root / kind).rglob("*.parquet"):
                if path.relative_to(self.root).as_posix() not in listed:
                    path.unlink()
                    removed += 1
        shutil.rmtree(self.root / INCOMING, ignore_errors=True)
        return removed

    def paths(self, relative: tuple[str, ...]) -> list[str]:
        return [str(self.root / path) for path in relative]


def _instant(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _instant_text(instant: datetime | None) -> str | None:
    return instant.isoformat() if instant else None


def _sync_folder(folder: Path) -> None:
    # A rename is durable only once the folder holding it is synced.
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
