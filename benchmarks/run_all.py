"""Run every benchmark (``benchmarks/bench_*.py``) in turn and print what each prints.

    python benchmarks/run_all.py            # all of them (what `make bench` runs)
    python benchmarks/run_all.py mrz api    # only those whose name contains one of the words

Each runs in its own process, one after another, so none measures another's load. The exit code
is 1 when any benchmark failed (a non-zero exit), after all have run.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def benchmarks(words: list[str]) -> list[Path]:
    """The benchmark scripts, by name, keeping only those matching ``words`` when given."""
    found = sorted(HERE.glob("bench_*.py"))
    return [p for p in found if not words or any(word in p.stem for word in words)]


def main(argv: list[str] | None = None) -> int:
    scripts = benchmarks(list(sys.argv[1:] if argv is None else argv))
    if not scripts:
        print("no benchmark matches", file=sys.stderr)
        return 2
    failed: list[str] = []
    for script in scripts:
        print(f"=== {script.name} ===", flush=True)
        started = time.monotonic()
        # Output is not captured: long benchmarks show their progress as it happens.
        code = subprocess.run(
            [sys.executable, str(script)], cwd=HERE.parent, check=False
        ).returncode
        print(
            f"=== {script.name}: exit {code} after {time.monotonic() - started:.0f} s ===\n",
            flush=True,
        )
        if code != 0:
            failed.append(script.name)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
