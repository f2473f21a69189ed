"""Cold import time of the timeback packages, measured in fresh interpreters.

    uv run python scripts/bench/import_time.py                    # every timeback_* package
    uv run python scripts/bench/import_time.py timeback_common httpx
    uv run python scripts/bench/import_time.py --runs 20

For each module, ``--runs`` fresh processes run ``python -X importtime -c "import <module>"``.
The table shows, as medians:

* ``wall ms``: the process's wall time minus that of a bare interpreter (``python -c pass``)
  measured in the same run, i.e. what importing the module adds to a cold start;
* ``self-reported ms``: the cumulative time ``-X importtime`` attributes to the module;
* ``x httpx``: that time as a ratio of ``import httpx`` (the floor of any HTTP client package),
  measured in the same run.

Loops are bounded (runs x modules processes); nothing touches the network.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_IMPORTTIME = re.compile(r"^import time:\s+(\d+)\s+\|\s+(\d+)\s+\|(\s*)(\S+)\s*$")


def default_modules() -> list[str]:
    """Every ``timeback_*`` import package of the workspace."""
    return sorted(p.name for p in ROOT.glob("packages/*/src/timeback_*") if p.is_dir())


def run_once(code: str) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code],
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{code!r} failed:\n{done.stderr[-2000:]}")
    return elapsed, done.stderr


def self_reported_ms(stderr: str, module: str) -> float:
    """The cumulative import time of ``module`` as printed by ``-X importtime``."""
    for line in stderr.splitlines():
        match = _IMPORTTIME.match(line)
        if match and match.group(4) == module and len(match.group(3)) <= 1:
            return int(match.group(2)) / 1000.0
    return 0.0  # already imported by the interpreter itself


def measure(module: str, runs: int) -> tuple[float, float]:
    walls: list[float] = []
    reported: list[float] = []
    for _ in range(runs):
        wall, stderr = run_once(f"import {module}")
        walls.append(wall)
        reported.append(self_reported_ms(stderr, module))
    return statistics.median(walls) * 1000.0, statistics.median(reported)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", help="modules to import (default: timeback_*)")
    parser.add_argument("--runs", type=int, default=10, help="fresh processes per module")
    args = parser.parse_args(argv)
    modules = args.modules or default_modules()

    bare = statistics.median(run_once("pass")[0] for _ in range(args.runs)) * 1000.0
    _, httpx_ms = measure("httpx", args.runs)
    print(f"python {sys.version.split()[0]}, {args.runs} runs each, medians")
    print(f"bare interpreter: {bare:.1f} ms; import httpx (self-reported): {httpx_ms:.1f} ms\n")
    print(f"{'module':<24} {'wall ms':>9} {'self-reported ms':>17} {'x httpx':>8}")
    for module in modules:
        wall, reported = measure(module, args.runs)
        ratio = reported / httpx_ms if httpx_ms else float("nan")
        print(f"{module:<24} {wall - bare:>9.1f} {reported:>17.1f} {ratio:>8.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
