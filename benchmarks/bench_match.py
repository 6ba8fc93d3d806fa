"""Benchmark: matching one resume against many job postings (``rank_postings``, as ``mlladder match --postings``).

The postings are SkillSpan's texts cut into 4 KB pieces (as in bench_evidence.py), repeated to the size asked for
and written as JSONL. The resume is the shipped examples/documents/resume-senior.md. Baseline in the same run:
reading and parsing every JSONL line. Target: 10,000 postings in under 30 s on one core.

Run: .venv/bin/python benchmarks/bench_match.py [--postings 10000]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

import mlladder
from bench_evidence import RESUME, pin_to_one_core, posting_documents
from mlladder.assess.match import rank_postings
from mlladder.evidence.pipeline import evidence_from_file

TARGET_SECONDS = 30.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--postings", type=int, default=10_000)
    count = parser.parse_args().postings
    print(pin_to_one_core())
    framework = mlladder.builtin_framework()
    pieces = posting_documents()
    resume = evidence_from_file(RESUME, framework, "resume")[1]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "postings.jsonl"
        with path.open("w", encoding="utf-8") as stream:
            for number in range(count):
                stream.write(json.dumps({"id": number, "text": pieces[number % len(pieces)]}) + "\n")
        started = time.perf_counter()
        with path.open(encoding="utf-8") as stream:
            parsed = sum(1 for line in stream if json.loads(line))
        baseline = time.perf_counter() - started
        size = path.stat().st_size
        started = time.perf_counter()
        ranked, read, skipped = rank_postings([resume], path, framework, lambda _: None, top=10)
        elapsed = time.perf_counter() - started
    print(f"{count:,} postings ({size / 1e6:.1f} MB), one resume")
    print(f"  baseline  read + parse every line      {baseline:6.2f} s ({parsed:,} lines)")
    print(
        f"  mlladder  rank_postings (top 10)       {elapsed:6.2f} s ({read / elapsed:,.0f} postings/s; {skipped} "
        f"skipped; target < {TARGET_SECONDS:g} s for 10,000)"
    )
    print(f"  best fit: {ranked[0].match.score:.1f} ({ranked[0].match.posting_level})")


if __name__ == "__main__":
    main()
