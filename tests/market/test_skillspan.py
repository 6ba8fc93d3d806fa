"""Real postings end to end: SkillSpan's TECH dev file (Stack Overflow job ads, CC BY 4.0 per its README) through
``mlladder batch --out`` into Parquet and ``mlladder market``, checked against the extraction run directly."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from tests.conftest import SHARED, RunCli

from mlladder import Framework
from mlladder.evidence.pipeline import evidence_from_text
from mlladder.market.rows import skill_section

CONLL = SHARED / "data" / "skillspan" / "skillspan_tech_dev.conll"
COUNT = 30  # postings: enough for every table, small enough for a shared machine

pytestmark = pytest.mark.skipif(not CONLL.is_file(), reason="the shared SkillSpan data is not on this machine")


def sentences(path: Path) -> list[list[str]]:
    """The CoNLL file's sentences, each a list of tokens (the first column)."""
    found: list[list[str]] = [[]]
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            found[-1].append(line.split("\t")[0])
        elif found[-1]:
            found.append([])
    return [sentence for sentence in found if sentence]


def postings(path: Path, count: int) -> list[dict[str, str]]:
    """The first ``count`` postings: each runs from one "Date posted:" sentence to the next, and carries its date."""
    found: list[dict[str, str]] = []
    current: list[str] = []
    date = ""
    for sentence in [*sentences(path), ["Date", "posted:"]]:  # a last date line closes the last posting
        if sentence[:2] == ["Date", "posted:"]:
            if current and date:
                found.append({"id": f"skillspan-dev-{len(found) + 1}", "date": date, "text": "\n".join(current)})
            current, date = [], sentence[2] if len(sentence) > 2 else ""
        else:
            current.append(" ".join(sentence))
    return found[:count]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, str]]]:
    records = postings(CONLL, COUNT)
    path = tmp_path_factory.mktemp("skillspan") / "postings.jsonl"
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    return path, records


def test_skillspan_postings_become_rows_matching_the_extraction(
    run_cli: RunCli, corpus: tuple[Path, list[dict[str, str]]], ml_ladder: Framework, tmp_path: Path
) -> None:
    source, records = corpus
    assert len(records) == COUNT
    out = tmp_path / "skillspan.parquet"
    result = run_cli("batch", str(source), "--out", str(out), "--kind", "posting")
    assert result.code == 0, result.err
    rows = pq.read_table(out).to_pylist()
    assert [row["id"] for row in rows] == [record["id"] for record in records]
    for row, record in zip(rows, records, strict=True):
        _, evidence = evidence_from_text("posting", record["text"], ml_ladder, "posting")
        expected = {mention.skill for mention in evidence.skills if not mention.negated}
        assert {item["skill"] for item in row["skills"]} == expected
        required = {m.skill for m in evidence.skills if not m.negated and skill_section(m) == "required"}
        assert {item["skill"] for item in row["skills"] if item["section"] == "required"} == required
        assert str(row["date"]) == record["date"][:10]


def test_market_report_over_skillspan_counts_what_the_rows_hold(
    run_cli: RunCli, corpus: tuple[Path, list[dict[str, str]]], tmp_path: Path
) -> None:
    source, _ = corpus
    out = tmp_path / "skillspan.parquet"
    assert run_cli("batch", str(source), "--out", str(out), "--kind", "posting").code == 0
    data = run_cli("market", str(out), "--format", "json", "--min-count", "2").json()
    rows = pq.read_table(out).to_pylist()
    assert data["overview"]["postings"] == COUNT
    assert sum(row["postings"] for row in data["level_mix"]) == COUNT
    asked = Counter((row["level"], item["skill"]) for row in rows for item in row["skills"])
    for row in data["demand"]:
        assert row["asking"] == asked[(row["group"], row["skill"])]
