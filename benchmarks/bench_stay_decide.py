"""How fast the stay engine decides, on one core, and how its time grows with the history.

Run as ``python benchmarks/bench_stay_decide.py [--people N] [--repeats N] [--profile]``. It loads
the shipped pack ``schengen-90-180`` and builds a fixed, seeded population of US nationals (a
nationality its 90/180 rolling rule lists) with past stays: entries and exits at a Brussels
port, stays of 1 to 30 days, 1 to 60 days apart, the most recent ending up to 200 days before
the decision day; about two in five are still in the country (their last entry has no exit).
Each person is decided as of one fixed day, ``decide(facts, pack, AS_OF)``.

The goal, from the issue: *decide(): at least 50,000 decisions per second on one core for
histories of up to 20 stays under a 90/180 rule; the rolling-window computation O(n log n) or
better in the number of stays, not a loop over every day times every stay.*

It prints, pinned to one core where the system allows it:

* decisions per second (median of ``--repeats`` passes) for histories of 1, 5, 10 and 20 stays,
  and for a mix of 1 to 20 stays;
* the baseline, measured in the same run over the same people: ``presence()`` alone, pairing
  the crossings into stays (the engine's first step). The ratio says what deciding costs on top
  of merely reading the history;
* the scaling: time per decision for 20, 80 and 320 stays. Each step has four times the stays:
  a time growing about four times per step is linear, sixteen times quadratic;
* the goal and whether it was met. ``--profile`` adds where the time goes (cProfile, by the
  functions' own time) for the 20-stay histories.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import math
import os
import pstats
import random
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from support import machine

from orderly.stay.packfiles import PACKS_DIR, load_pack
from orderly.stay.rules import CrossingFact, PersonFacts, decide
from orderly.stay.rules.facts import ENTRY, EXIT, noon
from orderly.stay.rules.pack import Pack
from orderly.stay.rules.stays import presence

AS_OF = date(2025, 6, 1)
GOAL_PER_SECOND = 50_000
GOAL_STAYS = 20
SEED = 90180
SIZES = (1, 5, 10, 20)
SCALING = (20, 80, 320)
PORT, ZONE = "BRU", "Europe/Brussels"
NATIONALITY = frozenset({"USA"})
OPEN_SHARE = 0.4  # people whose last stay has no exit yet


def _crossing(day: date, direction: str) -> CrossingFact:
    return CrossingFact(noon(day, ZONE), day, direction, port=PORT, zone=ZONE)


def person(rng: random.Random, stays: int) -> PersonFacts:
    """One person with ``stays`` stays, built backwards from the decision day.

    Crossings are given newest first, as a query ordered by time descending returns them: the
    engine sorts them itself.
    """
    crossings: list[CrossingFact] = []
    if rng.random() < OPEN_SHARE:
        entered = AS_OF - timedelta(days=rng.randint(0, 120))
        crossings.append(_crossing(entered, ENTRY))
    else:
        left = AS_OF - timedelta(days=rng.randint(0, 200))
        entered = left - timedelta(days=rng.randint(0, 29))
        crossings += [_crossing(left, EXIT), _crossing(entered, ENTRY)]
    for _ in range(stays - 1):
        left = entered - timedelta(days=rng.randint(1, 60))
        entered = left - timedelta(days=rng.randint(0, 29))
        crossings += [_crossing(left, EXIT), _crossing(entered, ENTRY)]
    return PersonFacts(nationalities=NATIONALITY, crossings=tuple(crossings))


def population(count: int, stays: int | tuple[int, int], seed: int) -> list[PersonFacts]:
    """The same ``count`` people on every run and every machine (seeded); ``stays`` is a number
    of stays, or a range to draw each person's number from."""
    rng = random.Random(seed)
    if isinstance(stays, int):
        return [person(rng, stays) for _ in range(count)]
    return [person(rng, rng.randint(*stays)) for _ in range(count)]


def _pin_to_one_core() -> str:
    """Run on one core only, where the system allows it, so the figure is per core."""
    if hasattr(os, "sched_setaffinity"):
        core = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {core})
        return f"pinned to core {core}"
    return "not pinned (no sched_setaffinity here); single-threaded"


def _seconds_per_item(work: Callable[[PersonFacts], object], people: list[PersonFacts],
                      repeats: int) -> float:  # fmt: skip
    """Median seconds per person over ``repeats`` passes."""
    times = []
    for _ in range(repeats):
        gc.collect()
        started = time.perf_counter()
        for facts in people:
            work(facts)
        times.append((time.perf_counter() - started) / len(people))
    return statistics.median(times)


def _decider(pack: Pack) -> Callable[[PersonFacts], object]:
    def work(facts: PersonFacts) -> object:
        return decide(facts, pack, AS_OF)

    return work


def _pairing(facts: PersonFacts) -> object:
    return presence(facts.crossings)


def _statuses(pack: Pack, people: list[PersonFacts]) -> str:
    counts = Counter(decide(facts, pack, AS_OF).status.value for facts in people)
    return ", ".join(f"{status} {n}" for status, n in sorted(counts.items()))


def _rates(pack: Pack, people: int, repeats: int) -> dict[str, float]:
    """Print decide and baseline rates per history size; returns decide's, by label."""
    print(f"{'stays':>7} {'decide/s':>10} {'presence/s':>11} {'ratio':>6}  statuses")
    found: dict[str, float] = {}
    sizes: list[int | tuple[int, int]] = [*SIZES, (1, GOAL_STAYS)]
    for stays in sizes:
        label = f"{stays[0]}-{stays[1]}" if isinstance(stays, tuple) else str(stays)
        seed = SEED + (stays if isinstance(stays, int) else 0)
        group = population(people, stays, seed)
        base = _seconds_per_item(_pairing, group, repeats)
        spent = _seconds_per_item(_decider(pack), group, repeats)
        found[label] = 1 / spent
        print(
            f"{label:>7} {1 / spent:10,.0f} {1 / base:11,.0f} {spent / base:5.1f}x  "
            f"{_statuses(pack, group)}",
            flush=True,
        )
    return found


def _scaling(pack: Pack, people: int, repeats: int) -> None:
    """Print the time per decision for longer and longer histories, and the growth per step."""
    print(f"{'stays':>7} {'us/decision':>12} {'growth':>8}")
    times: list[float] = []
    for stays in SCALING:
        group = population(people, stays, SEED + stays)
        times.append(_seconds_per_item(_decider(pack), group, repeats))
        growth = f"{times[-1] / times[-2]:7.1f}x" if len(times) > 1 else ""
        print(f"{stays:>7} {times[-1] * 1e6:12.1f} {growth:>8}", flush=True)
    exponent = math.log(times[-1] / times[0]) / math.log(SCALING[-1] / SCALING[0])
    print(
        f"each step has 4x the stays: about 4x the time is linear, 16x quadratic; the time grows "
        f"as stays^{exponent:.2f} from {SCALING[0]} to {SCALING[-1]}"
    )


def _profile(pack: Pack, people: int, top: int = 15) -> None:
    """Where the time goes for the ``GOAL_STAYS``-stay histories, by each function's own time."""
    group = population(people, GOAL_STAYS, SEED + GOAL_STAYS)
    work = _decider(pack)
    profiler = cProfile.Profile()
    profiler.enable()
    for facts in group:
        work(facts)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(top)
    print(f"profile : {people} decisions of {GOAL_STAYS}-stay histories (cProfile, own time)")
    root = str(Path(__file__).resolve().parents[1]) + os.sep
    for line in out.getvalue().splitlines():
        if line.strip() and not line.lstrip().startswith(("Ordered", "List reduced")):
            print("  " + line.replace(root, ""))


def main(argv: list[str] | None = None) -> int:
    """Print the machine, the rates per history size, the scaling and the verdict."""
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--people", type=int, default=5_000, help="people per history size")
    options.add_argument(
        "--scaling-people", type=int, default=500, help="people per size in the scaling test"
    )
    options.add_argument("--repeats", type=int, default=5)
    options.add_argument("--profile", action="store_true", help="add a cProfile of 20 stays")
    args = options.parse_args(argv)
    described = machine()  # before pinning, so it counts the machine's cores
    pinning = _pin_to_one_core()
    for key, value in described.items():
        print(f"{key:<12}: {value}")
    print(f"{'pinning':<12}: {pinning}")
    pack = load_pack(PACKS_DIR / "schengen-90-180.yaml")
    print(
        f"data        : {args.people} people per size, seed {SEED}, nationality USA, pack "
        f"{pack.name} {pack.version}, as of {AS_OF}, {args.repeats} repeats (median)\n"
    )
    rates = _rates(pack, args.people, args.repeats)
    print()
    _scaling(pack, args.scaling_people, args.repeats)
    if args.profile:
        print()
        _profile(pack, min(args.people, 3_000))
    worst = rates[str(GOAL_STAYS)]
    verdict = "met" if worst >= GOAL_PER_SECOND else "NOT met"
    print(
        f"\ngoal        : >= {GOAL_PER_SECOND:,} decisions/s on one core with {GOAL_STAYS} stays: "
        f"{worst:,.0f}/s, {verdict} (1-{GOAL_STAYS} mixed: {rates[f'1-{GOAL_STAYS}']:,.0f}/s)"
    )
    print("load after  : {:.2f} {:.2f} {:.2f} (1, 5, 15 min)".format(*os.getloadavg()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
