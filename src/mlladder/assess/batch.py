"""Assessing many profiles from a JSONL file: streamed line by line, one result line per profile.

Memory stays constant whatever the file's size: one line is read, assessed and written before the next. A line
that is not a valid profile is reported and skipped; it never stops the batch.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from mlladder.assess.placement import Assessment, assess
from mlladder.assess.profile import validate_profile_data
from mlladder.batch_input import batch_lines, json_line
from mlladder.errors import InputError, InvalidFile
from mlladder.framework.schema import Framework


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
