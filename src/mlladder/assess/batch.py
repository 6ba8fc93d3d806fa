"""Assessing many profiles from a JSONL file: streamed line by line, one result line per profile.

Memory stays constant whatever the file's size: one line is read, assessed and written before the next. A line
that is not a valid profile is reported and skipped; it never stops the batch.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from mlladder.assess.placement import Assessment, assess
from mlladder.assess.profile import validate_profile_data
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


def _assess_line(text: str, number: int, name: str, framework: Framework) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(f"{name}:{number}: not JSON: {error.msg} (fix: one JSON object per line)") from None
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
    for number, raw, text in _lines(path):
        on_progress(len(raw))
        if not text.strip():
            continue
        try:
            record = _assess_line(text, number, str(path), framework)
        except InputError as error:
            skipped += 1
            on_problem(BatchProblem(number, str(error)))
            continue
        output.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
        assessed += 1
    return assessed, skipped


def _lines(path: Path) -> Iterator[tuple[int, bytes, str]]:
    try:
        stream = path.open("rb")
    except OSError as error:
        raise InputError(f"{path}: cannot read the batch file: {error.strerror} (fix: check the path)") from None
    with stream:
        for number, raw in enumerate(stream, start=1):
            try:
                yield number, raw, raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError:
                yield number, raw, "\x00"  # reported as not JSON by the caller
