"""A batch file read as evidence, row by row: good rows come out with their evidence, bad ones are reported."""

from __future__ import annotations

import json
from pathlib import Path

from mlladder import Framework
from mlladder.batch_input import Skips
from mlladder.evidence.kinds import DocumentKind
from mlladder.evidence.pipeline import DocumentBatch, batch_evidence


def test_good_rows_come_with_evidence_and_bad_ones_are_counted(ml_ladder: Framework, tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "a", "text": "Senior ML Engineer. Requirements: 5+ years of Python and PyTorch."}),
        json.dumps({"id": "b", "text": "  "}),
        "{not json",
        json.dumps({"id": "c", "text": "Built ranking models in PyTorch."}),
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems: list[str] = []
    skips = Skips(problems.append)
    read: list[int] = []
    found = list(batch_evidence(DocumentBatch(path, DocumentKind.posting), ml_ladder, skips, read.append))
    assert [row.id for row, _, _ in found] == ["a", "c"]
    assert all(evidence.kind is DocumentKind.posting for _, _, evidence in found)
    assert [evidence.source for _, _, evidence in found] == ["batch.jsonl:1", "batch.jsonl:4"]
    assert skips.count == 2 and len(problems) == 2
    assert "empty text" in problems[0] and "not JSON" in problems[1]
    assert len(read) == 4  # every row moves the progress, read or skipped
