"""How fast the MRZ rule parses and verifies zones on one core.

Run as ``python benchmarks/bench_mrz.py [--count N] [--repeats N]``. It builds a fixed, seeded
mix of zones of all five formats (about one in ten with a corrupted character, about one in
ten typed sloppily: lower case, CRLF, spaces), then times ``parse_mrz`` over all of them.

Baseline, measured in the same run over the same texts: ``split_mrz`` alone, the first stage of
parsing (white space and case normalized, characters checked, format told, character values
computed). The ratio says what reading the fields and verifying every check digit cost on top
of merely getting the text into shape. The goal is at least 50,000 parses per second.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from orderly.registry.rules.mrz import build_mrz, parse_mrz
from orderly.registry.rules.mrz_text import split_mrz

TODAY = date(2025, 6, 1)
GOAL_PER_SECOND = 50_000
SEED = 9303
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
DIGITS = "0123456789"
STATES = ["UTO", "D", "FRA", "NZL", "THA", "PHL", "IDN", "AUS", "XXA", "GBD", "UNO"]
FORMATS = {"TD1": "I", "TD2": "I", "TD3": "P", "MRVA": "V", "MRVB": "V"}


def _name(rng: random.Random, words: int) -> str:
    return " ".join("".join(rng.choices(LETTERS, k=rng.randint(2, 9))) for _ in range(words))


def _zone(rng: random.Random) -> str:
    format_ = rng.choice(list(FORMATS))
    birth = TODAY - timedelta(days=rng.randint(0, 36_000))
    expiry = TODAY + timedelta(days=rng.randint(-3_000, 3_650))
    zone = build_mrz(
        format=format_,
        document_type=FORMATS[format_],
        issuing_state=rng.choice(STATES),
        document_number="".join(rng.choices(LETTERS + DIGITS, k=rng.randint(6, 9))),
        nationality=rng.choice(STATES),
        date_of_birth=birth.isoformat(),
        expiry_date=expiry.isoformat(),
        sex=rng.choice("FMX"),
        surname=_name(rng, rng.randint(1, 2)),
        given_names=_name(rng, rng.randint(0, 2)),
        optional_data="".join(rng.choices(DIGITS, k=rng.randint(0, 7))),
    )
    roll = rng.random()
    if roll < 0.1:  # a misread character somewhere: parsed, reported invalid
        at = rng.randrange(len(zone))
        if zone[at] != "\n":
            zone = zone[:at] + rng.choice(DIGITS) + zone[at + 1 :]
    elif roll < 0.2:  # typed or scanned sloppily
        zone = " " + zone.lower().replace("\n", " \r\n") + "\r\n"
    return zone


def zones(count: int) -> list[str]:
    """The same ``count`` zones on every run and every machine (seeded)."""
    rng = random.Random(SEED)
    return [_zone(rng) for _ in range(count)]


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _pin_to_one_core() -> str:
    """Run on one core only, where the system allows it, so the figure is per core."""
    if hasattr(os, "sched_setaffinity"):
        core = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {core})
        return f"pinned to core {core}"
    return "not pinned (no sched_setaffinity here); single-threaded"


def _rate(work: Callable[[str], object], texts: list[str], repeats: int) -> float:
    """Median items per second over ``repeats`` passes."""
    rates = []
    for _ in range(repeats):
        started = time.perf_counter()
        for text in texts:
            work(text)
        rates.append(len(texts) / (time.perf_counter() - started))
    return statistics.median(rates)


def _parse(text: str) -> object:
    return parse_mrz(text, today=TODAY)


def main(argv: list[str] | None = None) -> int:
    """Print the machine, the median parse rate, the baseline rate and their ratio."""
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--count", type=int, default=20_000)
    options.add_argument("--repeats", type=int, default=5)
    args = options.parse_args(argv)
    pinning = _pin_to_one_core()
    texts = zones(args.count)
    invalid = sum(not parse_mrz(text, today=TODAY).valid for text in texts)
    print(f"machine : {platform.platform()}; {_cpu_model()}; {pinning}")
    print(f"python  : {platform.python_implementation()} {platform.python_version()}")
    print(f"data    : {len(texts)} zones, seed {SEED}, {invalid} invalid, {args.repeats} repeats")
    baseline = _rate(split_mrz, texts, args.repeats)
    parse = _rate(_parse, texts, args.repeats)
    print(f"baseline: split_mrz (normalize + split + format) {baseline:12,.0f} zones/s")
    print(f"parse   : parse_mrz (all fields, all checks)     {parse:12,.0f} zones/s")
    print(f"ratio   : parsing costs {baseline / parse:.2f}x the time of splitting alone")
    verdict = "met" if parse >= GOAL_PER_SECOND else "NOT met"
    print(f"goal    : >= {GOAL_PER_SECOND:,} parses/s on one core: {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
