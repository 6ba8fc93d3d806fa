"""Benchmark: time and peak memory of whole commands on hostile input, beside the same command on a real document.

Each case runs ``mlladder`` as a subprocess and reads its peak resident memory (``ru_maxrss`` of the child) and its
wall time, the median of ``--rounds`` runs. The baseline is the same command on the shipped resume
(examples/documents/resume-senior.md, 3.7 KB) or profile (examples/profiles/mid.yaml), so start-up cost is visible
and every hostile figure can be read against it. Cases, each at the limit or over it:

- one line of 1 MB ("Python Kubernetes " repeated): once 23 GB in the server and over 120 s for 5 MB;
- 1.9 MB of Markdown-like text that makes the Markdown parser slowest ("- a" bullets): read line by line now;
- 2,000,000 characters of table rows, the slowest text for the signal patterns found (a trigger every 6 chars);
- a document over the character limit (refused after decoding);
- a 300-byte YAML profile with 8 nested aliases (once 135 s and 12 GB);
- a 20 MB JSONL batch of 2,000-deep rows (each skipped).

Run: .venv/bin/python benchmarks/bench_limits.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESUME = ROOT / "examples" / "documents" / "resume-senior.md"
PROFILE = ROOT / "examples" / "profiles" / "mid.yaml"
PEAK_SCRIPT = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode\n"
    "print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def alias_bomb() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for previous, name in zip("abcdefg", "bcdefgh", strict=True):
        lines.append(f"{name}: &{name} [{', '.join(['*' + previous] * 9)}]")
    return "\n".join(lines) + "\nratings: {self: {ml-fundamentals: 2}}\n"


def cases(folder: Path) -> list[tuple[str, list[str]]]:
    """(label, arguments of mlladder) for every case, baselines first; writes the inputs into ``folder``."""
    files = {
        "one-line.txt": "Python Kubernetes " * 60_000,
        "bullets.md": "# Skills\n" + "- a\n" * 475_000,
        "table.txt": "|x|y|\n" * 333_000,
        "over.txt": "word " * 500_000,
        "bomb.yaml": alias_bomb(),
    }
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    deep = '{"id": ' + "[" * 2000 + "]" * 2000 + ', "text": "Python"}'
    (folder / "deep.jsonl").write_text((deep + "\n") * (20_000_000 // (len(deep) + 1)), encoding="utf-8")
    return [
        ("baseline: evidence of the shipped resume", ["evidence", str(RESUME), "--format", "json"]),
        ("baseline: assess the shipped profile", ["assess", "--profile", str(PROFILE), "--format", "json"]),
        ("evidence, 1 MB on one line", ["evidence", str(folder / "one-line.txt"), "--format", "json"]),
        ("evidence, 1.9 MB of Markdown bullets", ["evidence", str(folder / "bullets.md"), "--format", "json"]),
        ("evidence, 2,000,000 chars of table rows", ["evidence", str(folder / "table.txt"), "--format", "json"]),
        ("evidence, over the character limit", ["evidence", str(folder / "over.txt"), "--format", "json"]),
        ("assess, 300-byte alias bomb", ["assess", "--profile", str(folder / "bomb.yaml")]),
        ("batch, 20 MB of 2,000-deep rows", ["batch", str(folder / "deep.jsonl")]),
    ]


def measure(arguments: list[str]) -> tuple[int, float, int]:
    """(exit code, seconds, peak KiB) of one run of mlladder with ``arguments``, in a fresh measuring process."""
    command = [sys.executable, "-m", "mlladder", *arguments]
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", PEAK_SCRIPT, *command], capture_output=True, text=True, check=True)
    elapsed = time.perf_counter() - started
    code, peak = result.stdout.split()
    return int(code), elapsed, int(peak)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, default=3)
    rounds = parser.parse_args().rounds
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, median of {rounds} runs\n")
    print(f"{'case':44} {'exit':>4} {'seconds':>8} {'peak MB':>8}")
    with tempfile.TemporaryDirectory() as folder:
        for label, arguments in cases(Path(folder)):
            runs = [measure(arguments) for _ in range(rounds)]
            code = runs[0][0]
            seconds = statistics.median(run[1] for run in runs)
            peak_mb = statistics.median(run[2] for run in runs) / 1024
            print(f"{label:44} {code:>4} {seconds:>8.2f} {peak_mb:>8.0f}")


if __name__ == "__main__":
    main()
