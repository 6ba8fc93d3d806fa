"""Evidence extraction stays bounded whatever the document: long lines, endless repeats, control characters."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from mlladder import Framework
from mlladder.errors import DocumentError
from mlladder.evidence.document import document_from_blocks
from mlladder.evidence.extract import extract
from mlladder.evidence.pipeline import evidence_from_file
from mlladder.evidence.readers import read_document, read_text
from mlladder.evidence.text import layout, sentence_spans
from mlladder.limits import (
    MAX_BLOCK_CHARS,
    MAX_DOCUMENT_CHARS,
    MAX_MARKDOWN_CHARS,
    MAX_MENTIONS_PER_DOCUMENT,
    MAX_MENTIONS_PER_SKILL,
    MAX_SENTENCE_CHARS,
    MAX_SIGNALS_PER_DOCUMENT,
)

ONE_LINE = "Python Kubernetes " * 60_000  # about 1 MB with no line break: the shape that used to exhaust memory


def test_a_long_line_becomes_blocks_of_bounded_size_and_keeps_every_word() -> None:
    words = [f"word{number}" for number in range(5_000)]
    text = " ".join(words) + ". And then a sentence. " * 300
    document = document_from_blocks("long.txt", "text", [(text, {"kind": "paragraph"})])
    assert len(document.blocks) > 1
    assert all(block.end - block.start <= MAX_BLOCK_CHARS for block in document.blocks)
    assert document.text.split() == text.split()
    assert [block.paragraph for block in document.blocks] == list(range(1, len(document.blocks) + 1))


def test_a_line_without_spaces_is_cut_too() -> None:
    document = document_from_blocks("x.txt", "text", [("x" * (3 * MAX_BLOCK_CHARS + 7), {})])
    assert [block.end - block.start for block in document.blocks] == [MAX_BLOCK_CHARS] * 3 + [7]


def test_long_sentences_are_cited_in_parts() -> None:
    document = read_text("run-on.txt", "We built " + "a model and a pipeline and " * 200 + "more.")
    spans = sentence_spans(document, document.blocks[0])
    assert len(spans) > 1 and all(end - start <= MAX_SENTENCE_CHARS for start, end in spans)
    structure = layout(document)
    assert len(structure.sentence(500, 510)) <= 2 * MAX_SENTENCE_CHARS


def test_control_characters_never_reach_the_text() -> None:
    document = read_text("odd.txt", "Senior \x1b[31mML\x1b[0m Engineer\x00\nBuilt models in \x07Python\x9b.")
    assert document.text == "Senior [31mML[0m Engineer\nBuilt models in Python."


def test_repeated_skills_are_kept_a_bounded_number_of_times(ml_ladder: Framework) -> None:
    evidence = extract(read_text("stuffed.txt", ONE_LINE), ml_ladder)
    per_skill: dict[str, int] = {}
    for mention in evidence.skills:
        per_skill[mention.skill] = per_skill.get(mention.skill, 0) + 1
    assert set(per_skill) == {"python", "kubernetes"}
    assert set(per_skill.values()) == {MAX_MENTIONS_PER_SKILL}
    assert all(len(mention.citation.sentence) <= 2 * MAX_SENTENCE_CHARS for mention in evidence.skills)


def test_many_skills_and_signals_are_capped_per_document(ml_ladder: Framework) -> None:
    names = [skill.name for skill in ml_ladder.skills if len(skill.name) > 3][:300]
    line = "Led 4 engineers and cut latency by 30% using " + ", ".join(names) + ".\n"
    evidence = extract(read_text("long.txt", line * 40), ml_ladder)
    assert len(evidence.skills) == MAX_MENTIONS_PER_DOCUMENT
    assert [mention.citation.start for mention in evidence.skills] == sorted(
        mention.citation.start for mention in evidence.skills
    )
    assert 0 < len(evidence.impacts) <= MAX_SIGNALS_PER_DOCUMENT


# Runs the command in a process of its own and reports that process's peak memory (KiB) on the last stderr line.
_MEASURED = (
    "import resource, sys\n"
    "from mlladder.cli import main\n"
    "code = main(sys.argv[1:])\n"
    "sys.stdout.flush()\n"
    "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
    "sys.exit(code)\n"
)


def test_a_one_megabyte_line_finishes_in_bounded_time_and_memory(tmp_path: Path) -> None:
    path = tmp_path / "one-line.txt"
    path.write_text(ONE_LINE, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-c", _MEASURED, "evidence", str(path), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=120,  # a guard against a hang; the figures live in benchmarks/bench_evidence.py
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert len(result.stdout) < 200_000  # was hundreds of megabytes: every mention quoted the whole line
    assert json.loads(result.stdout)
    peak_kib = int(result.stderr.split()[-1])
    assert peak_kib < 800 * 1024  # the command needed over 20 GB before


def test_evidence_from_a_file_of_many_long_lines_is_linear(tmp_path: Path, ml_ladder: Framework) -> None:
    path = tmp_path / "wide.txt"
    path.write_text(("Python, SQL, Kubernetes, Spark and TensorFlow " * 200 + "\n") * 50, encoding="utf-8")
    document, evidence = evidence_from_file(path, ml_ladder)
    assert all(block.end - block.start <= MAX_BLOCK_CHARS for block in document.blocks)
    assert len(evidence.skills) == 5 * MAX_MENTIONS_PER_SKILL


def test_a_document_over_the_character_limit_is_refused_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_text("word " * (MAX_DOCUMENT_CHARS // 5 + 1), encoding="utf-8")
    with pytest.raises(DocumentError, match=f"over the {MAX_DOCUMENT_CHARS:,} limit") as raised:
        read_document(path)
    assert "\n" not in str(raised.value)


def test_long_markdown_is_read_line_by_line(tmp_path: Path) -> None:
    path = tmp_path / "long.md"
    path.write_text("# Skills\n\n" + "- Python **and** [Kubernetes](https://k8s.io)\n" * 10_000, encoding="utf-8")
    assert path.stat().st_size > MAX_MARKDOWN_CHARS
    document = read_document(path)
    assert document.format == "markdown" and len(document.blocks) == 10_001
    assert document.text.splitlines()[1] == "Python **and** [Kubernetes](https://k8s.io)"  # the line as written
    short = tmp_path / "short.md"
    short.write_text("# Skills\n\n- Python **and** [Kubernetes](https://k8s.io)\n", encoding="utf-8")
    assert read_document(short).text.splitlines()[1] == "Python and Kubernetes"  # markup read as Markdown
