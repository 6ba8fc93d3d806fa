"""Benchmark: assessment + gap + plan of one profile, and batch assessment of JSONL files.

Prints figures next to a baseline measured in the same run:
- one profile: validating the profile alone (the floor any assessment pays) vs assess + gaps + plan;
- batch: reading and parsing every JSON line (the floor of any batch tool) vs ``mlladder assess --batch``,
  with the peak memory of both runs at two file sizes (constant memory shows as equal peaks).

Run: .venv/bin/python benchmarks/bench_assess.py [--profiles 10000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import mlladder
from mlladder.assess.profile import validate_profile_data

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "profiles" / "mid.yaml"


def timed(action: Callable[[], object], repeat: int) -> float:
    """Median seconds of ``repeat`` runs."""
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def one_profile(repeat: int) -> None:
    framework = mlladder.builtin_framework()
    profile = mlladder.load_profile(EXAMPLE, framework)
    data = profile.model_dump(mode="json", exclude_none=True)
    start = dt.date(2027, 1, 4)
    mlladder.plan(profile, framework, start=start)  # warm the per-framework caches once

    def full() -> None:
        assessment = mlladder.assess(profile, framework)
        mlladder.plan(profile, framework, start=start, assessment=assessment)

    baseline = timed(lambda: validate_profile_data(data, framework), repeat)
    measured = timed(full, repeat)
    print(f"one profile, median of {repeat}:")
    print(f"  baseline  validate the profile          {baseline * 1000:8.3f} ms")
    print(f"  mlladder  assess + gaps + plan          {measured * 1000:8.3f} ms  (target < 20 ms)")


def write_profiles(path: Path, count: int, seed: int = 11) -> None:
    framework = mlladder.builtin_framework()
    competencies = [c.id for c in framework.competencies]
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as stream:
        for number in range(count):
            ratings = {
                rater: {c: rng.randint(0, 4) for c in competencies if rng.random() > 0.15}
                for rater in ("self", "manager")
            }
            record = {"id": f"p{number}", "years_experience": round(rng.uniform(0, 15), 1), "ratings": ratings}
            stream.write(json.dumps(record) + "\n")


# Each child reports its own run time and peak resident memory on its last stderr line.
_REPORT = "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, file=sys.stderr)"
_BASELINE = (
    "import json, resource, sys, time\nt = time.perf_counter()\n"
    "for line in open(sys.argv[1], encoding='utf-8'):\n    json.loads(line)\n" + _REPORT
)
_MLLADDER = (
    "import os, resource, sys, time\nt = time.perf_counter()\nfrom mlladder.cli import main\n"
    "sys.stdout = open(os.devnull, 'w')\n"
    "code = main(['assess', '--batch', sys.argv[1], '--format', 'jsonl'])\nassert code == 0, code\n" + _REPORT
)


def measure(code: str, path: Path) -> tuple[float, float]:
    """Seconds and peak memory (MB) of ``code`` run on ``path`` in a fresh interpreter."""
    process = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, check=False)
    if process.returncode != 0:
        sys.exit(f"benchmark child failed: {process.stderr.decode()[-800:]}")
    seconds, megabytes = process.stderr.decode().strip().splitlines()[-1].split()
    return float(seconds), float(megabytes)


def batch(count: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        print("batch (single process, one core):")
        for n in (count, count * 4):
            path = Path(folder) / f"profiles-{n}.jsonl"
            write_profiles(path, n)
            base_s, base_mb = measure(_BASELINE, path)
            ours_s, ours_mb = measure(_MLLADDER, path)
            print(
                f"  {n:>6} profiles ({path.stat().st_size / 1e6:5.1f} MB)  baseline read+parse {base_s:6.2f} s "
                f"{base_mb:5.0f} MB peak | mlladder assess --batch {ours_s:6.2f} s {ours_mb:5.0f} MB peak "
                f"({n / ours_s:,.0f} profiles/s; target: 10,000 in < 20 s)"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=10_000, help="profiles in the smaller batch file")
    parser.add_argument("--repeat", type=int, default=200, help="runs of the one-profile timing")
    args = parser.parse_args()
    one_profile(args.repeat)
    batch(args.profiles)


if __name__ == "__main__":
    main()
