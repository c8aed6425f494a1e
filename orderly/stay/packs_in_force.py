"""Which text of each policy pack is in force: the latest one loaded, else the shipped file.

Parsed packs are kept per text digest, so a process never parses YAML twice for the same text,
nor reads a stored text more than once.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import lru_cache

from orderly.core.errors import NotFound
from orderly.stay.models import PackVersion
from orderly.stay.packfiles import installed_pack_files, pack_from_text
from orderly.stay.rules import PersonFacts, StayDecision, decide
from orderly.stay.rules.pack import Pack

# The pack people are judged by. One host state runs one pack.
DEFAULT_PACK = "demo-host"


@dataclass(frozen=True)
class PackInForce:
    pack: Pack
    version: PackVersion | None  # None: the shipped file, never loaded into the database
    label: str  # what a decision records: the stated version and the text's digest


def pack_names() -> list[str]:
    """Every pack that can be used: those shipped with Orderly and those loaded since."""
    loaded = PackVersion.objects.values_list("name", flat=True).distinct()
    return sorted(set(installed_pack_files()) | set(loaded))


def pack_in_force(name: str) -> PackInForce:
    """The pack called ``name`` as it is in force now."""
    # Without the text: every crossing recorded asks, and the text is read once per process.
    latest = PackVersion.objects.filter(name=name).order_by("-loaded_at", "-id").defer("text")
    version = latest.first()
    if version is not None:
        return PackInForce(rules_of(version), version, version.label)
    path = installed_pack_files().get(name)
    if path is None:
        raise NotFound(f"no policy pack called {name!r}", field="pack")
    text = path.read_text(encoding="utf-8")
    pack = parsed(text, path.name)
    return PackInForce(pack, None, f"{pack.version}+{digest(text)[:12]}")


# Parsed stored versions by the digest of their text (a stored text never changes). Few
# versions are ever in force: the cache is emptied rather than grown past a bound.
_stored: dict[str, Pack] = {}
_STORED_AT_MOST = 32


def rules_of(version: PackVersion) -> Pack:
    """The rules of a stored version, its text read and parsed once per process."""
    pack = _stored.get(version.sha256)
    if pack is None:
        text = PackVersion.objects.values_list("text", flat=True).get(pk=version.pk)
        pack = parsed(text, f"{version.name} (loaded {version.loaded_at:%Y-%m-%d})")
        if len(_stored) >= _STORED_AT_MOST:
            _stored.clear()
        _stored[version.sha256] = pack
    return pack


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@lru_cache(maxsize=32)
def parsed(text: str, source: str) -> Pack:
    """``text`` parsed and checked (texts in force were checked when loaded; files on load)."""
    return pack_from_text(text, source)


def decide_in_force(
    facts: PersonFacts, moment: date | datetime, name: str = DEFAULT_PACK
) -> StayDecision:
    """The engine's decision under the pack in force, labelled with the version it used."""
    in_force = pack_in_force(name)
    return replace(decide(facts, in_force.pack, moment), pack_version=in_force.label)
