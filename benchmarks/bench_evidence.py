"""Benchmark: evidence extraction and placement throughput on one core, and the memory of ``mlladder batch``.

Documents of about 4 KB are built from real job-posting text: SkillSpan's sentences (all four files, in order,
one a line) cut into pieces of at least 4,000 bytes. A resume of 3.7 KB (examples/documents/resume-senior.md) is
timed too, since resumes take the person-placement path. Every figure sits next to a baseline from the same run:

(a) dictionary extraction, ``skill_matcher(framework).find`` on each document, in documents/s, against a pass that
    reads the same texts and lower-cases them (the floor of any dictionary matcher); target >= 10,000 docs/s;
(b) full evidence and placement, ``place_text`` (kind posting, resume and auto), in documents/s, next to extraction
    alone (``evidence_from_text``); target >= 1,000 docs/s;
(c) peak resident memory of ``mlladder batch FILE.jsonl --format jsonl`` run as a subprocess (stdout discarded)
    on JSONL files of those documents at two sizes, against a Python process that reads and parses every line;
    target < 500 MB, and equal peaks at both sizes (memory does not grow with the file). ``--big`` adds a 1 GB file.

The process pins itself (and so its children) to one CPU where the platform allows it.

Run: .venv/bin/python benchmarks/bench_evidence.py [--sizes 10 50] [--big] [--rounds 5]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import mlladder
from eval_skillspan import ROOT, conll_rows, shared_data
from mlladder.assess.batch import place_text
from mlladder.evidence.kinds import DocumentKind
from mlladder.evidence.pipeline import evidence_from_text
from mlladder.evidence.skills import skill_matcher

DOCUMENT_BYTES = 4_000
RESUME = ROOT / "examples" / "documents" / "resume-senior.md"
BIG_MB = 1_000


def pin_to_one_core() -> str:
    """Run on one CPU (children inherit it), so figures are per core whatever the machine."""
    if hasattr(os, "sched_setaffinity"):
        core = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {core})
        return f"pinned to CPU {core}"
    return "not pinned (no sched_setaffinity on this platform)"


def posting_documents() -> list[str]:
    """SkillSpan's sentences in file order, one a line, cut into documents of at least DOCUMENT_BYTES bytes."""
    documents: list[str] = []
    lines: list[str] = []
    size = 0
    for path in sorted((shared_data() / "skillspan").glob("skillspan_*.conll")):
        for rows in conll_rows(path):
            line = " ".join(row[0] for row in rows)
            lines.append(line)
            size += len(line.encode("utf-8")) + 1
            if size >= DOCUMENT_BYTES:
                documents.append("\n".join(lines))
                lines, size = [], 0
    return documents


def rate(action: Callable[[str], object], documents: list[str], rounds: int) -> float:
    """Documents per second in the fastest of ``rounds`` passes over every document (other work on the machine
    only ever slows a pass down, so the fastest is the least disturbed)."""
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        for document in documents:
            action(document)
        samples.append(time.perf_counter() - started)
    return len(documents) / min(samples)


def throughput(documents: list[str], resume: str, rounds: int) -> None:
    framework = mlladder.builtin_framework()
    matcher = skill_matcher(framework)
    sizes = [len(document.encode("utf-8")) for document in documents]
    print(f"documents: {len(documents)} SkillSpan pieces, mean {statistics.mean(sizes):,.0f} bytes; resume 1 x")
    print(f"  {len(resume.encode('utf-8')):,} bytes ({RESUME.name}), timed {len(documents)} times a pass")

    def place(kind: DocumentKind | None) -> Callable[[str], object]:
        return lambda text: place_text("bench", text, framework, kind)

    for document in documents[:20]:  # warm the per-framework caches and the regular expressions
        place_text("warm", document, framework, DocumentKind.posting)
    place_text("warm", resume, framework, DocumentKind.resume)
    resumes = [resume] * len(documents)
    print(f"\n(a) dictionary extraction, fastest of {rounds} passes")
    print(f"  baseline  read + lower-case each text          {rate(str.lower, documents, rounds):>10,.0f} docs/s")
    found = rate(matcher.find, documents, rounds)
    print(f"  mlladder  skill_matcher(framework).find        {found:>10,.0f} docs/s  (target >= 10,000)")
    print(f"\n(b) full evidence + placement (place_text), fastest of {rounds} passes")
    extract_only = rate(
        lambda text: evidence_from_text("bench", text, framework, DocumentKind.posting), documents, rounds
    )
    print(f"  part      evidence_from_text kind=posting      {extract_only:>10,.0f} docs/s  (extraction alone)")
    postings = rate(place(DocumentKind.posting), documents, rounds)
    print(f"  mlladder  place_text kind=posting (SkillSpan)  {postings:>10,.0f} docs/s  (target >= 1,000)")
    people = rate(place(DocumentKind.resume), resumes, rounds)
    print(f"  mlladder  place_text kind=resume ({RESUME.name})  {people:>7,.0f} docs/s  (target >= 1,000)")
    automatic = rate(place(None), documents, rounds)
    print(f"  mlladder  place_text kind=auto (SkillSpan)     {automatic:>10,.0f} docs/s  (what batch does by default)")


# -- batch memory ------------------------------------------------------------------------------------------------

_READ_AND_PARSE = "import json, sys\nfor line in open(sys.argv[1], 'rb'):\n    json.loads(line)\n"


def write_jsonl(path: Path, documents: list[str], megabytes: int) -> int:
    """A JSONL batch file of about ``megabytes`` MB, cycling through the documents; returns its line count."""
    target = megabytes * 1_000_000
    written = count = 0
    with path.open("w", encoding="utf-8") as stream:
        while written < target:
            line = json.dumps({"id": f"d{count}", "text": documents[count % len(documents)]}) + "\n"
            stream.write(line)
            written += len(line.encode("utf-8"))
            count += 1
    return count


def mlladder_command() -> list[str]:
    """The installed console script next to this interpreter, else ``python -m mlladder``."""
    script = Path(sys.executable).with_name("mlladder")
    return [str(script)] if script.exists() else [sys.executable, "-m", "mlladder"]


# A fresh, small interpreter starts the measured command and reports that child's own peak memory. Measuring from
# this process would not do: a forked child starts with its parent's high-water mark, which survives exec.
_MEASURE = (
    "import os, subprocess, sys\n"
    "process = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)\n"
    "_, status, usage = os.wait4(process.pid, 0)\n"
    "print(os.waitstatus_to_exitcode(status), usage.ru_maxrss)\n"
)


def measure(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MB) of one command run as a child process."""
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", _MEASURE, *command], capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    code, kilobytes = result.stdout.split() if result.returncode == 0 else ("?", "0")
    if code != "0":
        sys.exit(f"{' '.join(command)} failed ({code}): {result.stderr[-800:]}")
    return seconds, int(kilobytes) / 1024  # Linux reports kilobytes


def batch_memory(documents: list[str], sizes: list[int]) -> None:
    print("\n(c) mlladder batch FILE.jsonl --format jsonl, one process, stdout discarded")
    with tempfile.TemporaryDirectory() as folder:
        for megabytes in sizes:
            path = Path(folder) / f"batch-{megabytes}mb.jsonl"
            lines = write_jsonl(path, documents, megabytes)
            base_s, base_mb = measure([sys.executable, "-c", _READ_AND_PARSE, str(path)])
            ours_s, ours_mb = measure([*mlladder_command(), "batch", str(path), "--format", "jsonl"])
            print(
                f"  {path.stat().st_size / 1e6:>7,.0f} MB, {lines:>7,} docs | baseline read+parse {base_s:7.1f} s "
                f"{base_mb:5.0f} MB peak | mlladder batch {ours_s:7.1f} s {ours_mb:5.0f} MB peak "
                f"({lines / ours_s:,.0f} docs/s; target < 500 MB)"
            )
            path.unlink()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="passes over the documents for each rate")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 50], help="batch file sizes in MB")
    parser.add_argument("--big", action="store_true", help=f"also run the batch on a {BIG_MB:,} MB file")
    args = parser.parse_args()
    print(pin_to_one_core())
    documents = posting_documents()
    throughput(documents, RESUME.read_text(encoding="utf-8"), args.rounds)
    batch_memory(documents, [*args.sizes, *([BIG_MB] if args.big else [])])


if __name__ == "__main__":
    main()
