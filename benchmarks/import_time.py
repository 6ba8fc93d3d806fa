"""Benchmark: how long ``import mlladder`` takes, beside an interpreter that imports nothing of ours.

Each case is a fresh ``python -c ...`` subprocess, timed from the outside (wall time, so interpreter start-up is
included); the figure is the median of ``--runs`` runs, the cases interleaved so a busy machine slows them alike.
The baselines are ``python -c pass`` (start-up alone) and ``import json`` (a small standard-library module).
``import mlladder`` loads only the light core; the heavy parts (rich, numpy, jinja2, SQLAlchemy) load when a name
that needs them is first used, which the last cases show: the eager set a typical script touches, and the CLI.

Run: .venv/bin/python benchmarks/import_time.py [--runs 15]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

CASES: list[tuple[str, list[str]]] = [
    ("baseline: python -c pass", ["-c", "pass"]),
    ("baseline: import json", ["-c", "import json"]),
    ("import mlladder", ["-c", "import mlladder"]),
    ("from mlladder import assess, Store", ["-c", "from mlladder import assess, Store"]),
    ("from mlladder import report_html", ["-c", "from mlladder import report_html"]),
    ("mlladder --help", ["-m", "mlladder", "--help"]),
]


def wall_time(arguments: list[str]) -> float:
    """Seconds one fresh interpreter takes to run ``arguments`` and exit."""
    started = time.perf_counter()
    subprocess.run([sys.executable, *arguments], check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def medians(runs: int) -> dict[str, float]:
    """The median wall time of each case over ``runs`` interleaved rounds (one warm-up round first)."""
    times: dict[str, list[float]] = {label: [] for label, _ in CASES}
    for round_number in range(runs + 1):
        for label, arguments in CASES:
            elapsed = wall_time(arguments)
            if round_number:  # the first round fills the disk cache
                times[label].append(elapsed)
    return {label: statistics.median(values) for label, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="timed runs of each case (default 15)")
    runs = parser.parse_args().runs
    figures = medians(runs)
    start_up = figures[CASES[0][0]]
    print(f"median wall time of {runs} runs, Python {sys.version.split()[0]}")
    for label, seconds in figures.items():
        print(f"  {label:<38} {seconds * 1000:7.1f} ms   ({(seconds - start_up) * 1000:+7.1f} ms over start-up)")


if __name__ == "__main__":
    main()
