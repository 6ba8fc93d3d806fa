"""Batches, streamed line by line: many profiles assessed from a JSONL file, many documents placed from a JSONL or
CSV file, one result line each.

Memory stays constant whatever the file's size: one line is read, placed and written before the next. A line that
cannot be read (not a valid profile, bad JSON, a missing column, empty text) is reported and skipped; it never
stops the batch. JSONL documents are objects with ``id`` and ``text``; CSV files name their id and text columns.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

import numpy as np

from mlladder.assess.documents import person_probabilities, posting_probabilities
from mlladder.assess.placement import Assessment, assess
from mlladder.assess.profile import validate_profile_data
from mlladder.batch_input import Skips, batch_lines, json_line
from mlladder.errors import InputError, InvalidFile
from mlladder.evidence.document import Document
from mlladder.evidence.kinds import DocumentKind, KindValue
from mlladder.evidence.model import Evidence
from mlladder.evidence.pipeline import DocumentBatch, batch_evidence, evidence_from_text
from mlladder.framework.ladder import ic_levels
from mlladder.framework.schema import Framework

__all__ = [
    "BatchProblem",
    "assess_jsonl",
    "level_probabilities",
    "place_batch",
    "place_text",
]


@dataclass(frozen=True)
class BatchProblem:
    line: int
    message: str


def batch_record(record_id: Any, assessment: Assessment) -> dict[str, Any]:
    """The compact result of one profile in a batch (documented in docs/json-output.md)."""
    return {
        "id": record_id,
        "level": assessment.level,
        "probabilities": assessment.probabilities,
        "meets_level": assessment.meets_level,
        "confidence": assessment.confidence.level_probability,
        "confidence_label": assessment.confidence.label,
        "expected_level": assessment.expected_level,
        "unrated": assessment.unrated,
        "disagreements": assessment.disagreements,
    }


def _assess_line(data: Any, number: int, name: str, framework: Framework) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise InputError(f"{name}:{number}: expected a JSON object (fix: one profile object per line)")
    record_id = data.pop("id", number)
    try:
        profile = validate_profile_data(data, framework, name=f"{name}:{number}")
    except InvalidFile as error:
        raise InputError(str(error)) from None
    return batch_record(record_id, assess(profile, framework))


def assess_jsonl(
    path: Path,
    framework: Framework,
    output: TextIO,
    on_problem: Callable[[BatchProblem], None],
    on_progress: Callable[[int], None] = lambda _: None,
) -> tuple[int, int]:
    """Assess every profile of a JSONL file into ``output``; returns (assessed, skipped)."""
    assessed = skipped = 0
    for number, raw, size in batch_lines(path):
        on_progress(size)
        if raw is not None and not raw.strip():
            continue
        data, problem = json_line(path, number, raw)
        try:
            if problem is not None:
                raise InputError(problem)
            record = _assess_line(data, number, str(path), framework)
        except InputError as error:
            skipped += 1
            on_problem(BatchProblem(number, str(error)))
            continue
        output.write(json.dumps(record, ensure_ascii=False, allow_nan=False, separators=(",", ":")) + "\n")
        assessed += 1
    return assessed, skipped


# -- documents -----------------------------------------------------------------------------------------------------


def document_result(record_id: Any, evidence: Evidence, levels: list[str], probabilities: np.ndarray) -> dict[str, Any]:
    """One output line: the document's id, its level and probabilities, and the skills found in it."""
    placed = int(np.argmax(probabilities))
    posting = evidence.kind == DocumentKind.posting
    return {
        "id": record_id,
        "kind": evidence.kind,
        "level": levels[placed],
        "probabilities": {level: round(float(p), 6) for level, p in zip(levels, probabilities, strict=True)},
        "confidence": round(float(probabilities[placed]), 6),
        "skills": sorted({mention.skill for mention in evidence.skills if not mention.negated}),
        "years": evidence.years.required_min if posting else evidence.years.total,
        "title": evidence.title,
    }


def level_probabilities(document: Document, evidence: Evidence, framework: Framework) -> np.ndarray:
    """The main track's level probabilities of one document: postings get the level they ask for, people their own.

    A batch needs no explanation, so this skips the per-competency results a full assessment builds."""
    if evidence.kind == DocumentKind.posting:
        return posting_probabilities(evidence, framework, document.text)
    return person_probabilities([evidence], framework)


def place_text(
    name: str, text: str, framework: Framework, kind: KindValue | None, today: dt.date | None = None
) -> tuple[Evidence, np.ndarray]:
    """Evidence and level probabilities of one text (see :func:`level_probabilities`)."""
    document, evidence = evidence_from_text(name, text, framework, kind, today)
    return evidence, level_probabilities(document, evidence, framework)


def place_batch(
    batch: DocumentBatch,
    framework: Framework,
    output: TextIO,
    on_problem: Callable[[str], None],
    on_progress: Callable[[int], None] = lambda _: None,
) -> tuple[int, int]:
    """Place every document of a batch file into ``output`` as JSON lines; returns (placed, skipped)."""
    placed, skips = 0, Skips(on_problem)
    levels = [level.id for level in ic_levels(framework)]
    for row, document, evidence in batch_evidence(batch, framework, skips, on_progress):
        record = document_result(row.id, evidence, levels, level_probabilities(document, evidence, framework))
        output.write(json.dumps(record, ensure_ascii=False, allow_nan=False) + "\n")
        placed += 1
    return placed, skips.count
