"""How fast `mlladder batch` places postings into Parquet, against today's JSON-lines path, and whether its memory
stays flat as the input grows.

    python benchmarks/market_batch.py [--postings 2000] [--sizes 1000 4000] [--rounds 2]

The input is the sample corpus (examples/market/postings.jsonl) repeated with fresh ids up to the size needed.
Rates: both paths run in this process, in turn, ``--rounds`` times after a warm-up, over the same file; each is
postings per second of wall time and per second of processor time (one core's rate, whatever else the machine
runs). Memory: ``mlladder batch FILE --out X.parquet`` runs as a whole process at each of ``--sizes`` postings and
its peak resident set is read when it ends; flat means the larger input does not need more.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from mlladder.assess.batch import level_probabilities, place_batch
from mlladder.evidence.pipeline import DocumentBatch
from mlladder.framework.load import builtin_framework
from mlladder.market.parquet import jsonl_output, write_rows
from mlladder.market.rows import placed_rows

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "market" / "postings.jsonl"
PEAK_RSS = (
    "import resource, sys; from mlladder.cli import main; code = main(sys.argv[1:]); "
    "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr); sys.exit(code)"
)


def corpus(folder: Path, count: int) -> Path:
    """``count`` postings: the sample's, cycled, each with a fresh id."""
    sample = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines()]
    path = folder / f"postings-{count}.jsonl"
    with path.open("w", encoding="utf-8") as stream:
        for number in range(count):
            stream.write(json.dumps({**sample[number % len(sample)], "id": f"bench-{number}"}) + "\n")
    return path


def measure(action: Callable[[], int], rounds: int) -> tuple[float, float]:
    """Median postings a second of wall time and of processor time."""
    wall, processor = [], []
    for _ in range(rounds):
        started, used = time.perf_counter(), time.process_time()
        placed = action()
        wall.append(placed / (time.perf_counter() - started))
        processor.append(placed / (time.process_time() - used))
    return statistics.median(wall), statistics.median(processor)


def rates(source: Path, folder: Path, rounds: int) -> dict[str, tuple[float, float]]:
    framework = builtin_framework()
    batch = DocumentBatch(source)
    problems: list[str] = []

    def jsonl() -> int:
        with jsonl_output(folder / "out.jsonl") as stream:
            return place_batch(batch, framework, stream, problems.append)[0]

    def parquet() -> int:
        return write_rows(placed_rows(batch, framework, level_probabilities, problems.append), folder / "out.parquet")

    warm = DocumentBatch(corpus(folder, 50))
    write_rows(placed_rows(warm, framework, level_probabilities, problems.append), folder / "warm.parquet")
    figures: dict[str, list[tuple[float, float]]] = {"JSONL (today's path)": [], "Parquet": []}
    for _ in range(rounds):  # the two paths in turn, so a busy moment on a shared machine hits both
        figures["JSONL (today's path)"].append(measure(jsonl, 1))
        figures["Parquet"].append(measure(parquet, 1))
    assert not problems, problems[:3]
    return {
        label: (statistics.median(w for w, _ in runs), statistics.median(p for _, p in runs))
        for label, runs in figures.items()
    }


def peak_rss_mb(source: Path, folder: Path) -> float:
    command = [sys.executable, "-c", PEAK_RSS, "batch", str(source), "--out", str(folder / "rss.parquet")]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    finished = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
    kilobytes = int(finished.stderr.strip().splitlines()[-1])
    return kilobytes / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postings", type=int, default=2_000)
    parser.add_argument("--sizes", type=int, nargs=2, default=[1_000, 4_000])
    parser.add_argument("--rounds", type=int, default=2)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        found = rates(corpus(folder, arguments.postings), folder, arguments.rounds)
        base = found["JSONL (today's path)"][0]
        print(f"{arguments.postings:,} postings, medians of {arguments.rounds} rounds:")
        for label, (wall, processor) in found.items():
            print(f"  {label:<22} {wall:7,.0f} postings/s wall ({wall / base:.2f}x), {processor:7,.0f} per processor s")
        small, large = arguments.sizes
        small_mb, large_mb = peak_rss_mb(corpus(folder, small), folder), peak_rss_mb(corpus(folder, large), folder)
        growth = f"{large_mb / small_mb:.2f}x for {large / small:.0f}x the input"
        print(f"peak memory of 'mlladder batch --out X.parquet': {small:,} postings {small_mb:.0f} MB, ", end="")
        print(f"{large:,} postings {large_mb:.0f} MB ({growth})")
        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; own peak {own_peak():.0f} MB")


def own_peak() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    main()
