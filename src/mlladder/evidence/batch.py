"""Placing many documents from a JSONL or CSV file, streamed: one result line per document, constant memory.

JSONL lines are objects with ``id`` and ``text``; CSV files name their id and text columns. A row that cannot be
read (bad JSON, a missing column, empty text) is reported and skipped; it never stops the batch.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

import numpy as np

from mlladder.assess.documents import person_probabilities, posting_probabilities
from mlladder.errors import InputError
from mlladder.evidence.model import DocumentKind, Evidence
from mlladder.evidence.pipeline import evidence_from_text
from mlladder.framework.ladder import ic_levels
from mlladder.framework.schema import Framework

# CSV fields can hold whole documents; the csv module's default limit (128 KB) is too small for that.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


@dataclass(frozen=True)
class Row:
    number: int  # line (JSONL) or record (CSV) number, 1-based
    size: int  # bytes it took in the file, for progress
    id: Any
    text: str | None
    problem: str | None = None


def document_result(record_id: Any, evidence: Evidence, levels: list[str], probabilities: np.ndarray) -> dict[str, Any]:
    """One output line: the document's id, its level and probabilities, and the skills found in it."""
    placed = int(np.argmax(probabilities))
    return {
        "id": record_id,
        "kind": evidence.kind,
        "level": levels[placed],
        "probabilities": {level: round(float(p), 6) for level, p in zip(levels, probabilities, strict=True)},
        "confidence": round(float(probabilities[placed]), 6),
        "skills": sorted({mention.skill for mention in evidence.skills if not mention.negated}),
        "years": evidence.years.required_min if evidence.kind == "posting" else evidence.years.total,
        "title": evidence.title,
    }


def place_text(
    name: str, text: str, framework: Framework, kind: DocumentKind | None, today: dt.date | None = None
) -> tuple[Evidence, np.ndarray]:
    """Evidence and level probabilities of one text: postings get the level they ask for, people their own.

    The batch needs no explanation, so this skips the per-competency results a full assessment builds."""
    document, evidence = evidence_from_text(name, text, framework, kind, today)
    if evidence.kind == "posting":
        return evidence, posting_probabilities(evidence, framework, document.text)
    return evidence, person_probabilities([evidence], framework)


def rows(path: Path, id_column: str | None, text_column: str | None) -> Iterator[Row]:
    """The rows of a JSONL or CSV batch file (CSV when the name ends with .csv or columns are given)."""
    try:
        stream = path.open("rb")
    except OSError as error:
        raise InputError(f"{path}: cannot read the batch file: {error.strerror} (fix: check the path)") from None
    with stream:
        if path.suffix.lower() == ".csv" or id_column or text_column:
            yield from _csv_rows(path, stream, id_column or "id", text_column or "text")
        else:
            yield from _jsonl_rows(path, stream)


def _jsonl_rows(path: Path, stream: io.BufferedReader) -> Iterator[Row]:
    for number, raw in enumerate(stream, start=1):
        if not raw.strip():
            continue
        try:
            data = json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            message = error.msg if isinstance(error, json.JSONDecodeError) else "not UTF-8"
            yield Row(number, len(raw), None, None, f"{path}:{number}: not JSON: {message} (fix: one object a line)")
            continue
        if not isinstance(data, dict) or not isinstance(data.get("text"), str):
            yield Row(
                number, len(raw), None, None, f'{path}:{number}: no "text" string (fix: {{"id": ..., "text": ...}})'
            )
            continue
        yield Row(number, len(raw), data.get("id", number), data["text"])


def _csv_rows(path: Path, stream: io.BufferedReader, id_column: str, text_column: str) -> Iterator[Row]:
    text_stream = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    reader = csv.DictReader(text_stream)
    if reader.fieldnames is None or text_column not in reader.fieldnames:
        found = ", ".join(reader.fieldnames or [])
        raise InputError(f"{path}: no column '{text_column}' (columns: {found}) (fix: pass --text-column NAME)")
    for number, record in enumerate(reader, start=1):
        text = record.get(text_column)
        size = len((text or "").encode("utf-8")) + 1  # progress counts the text only, close enough for CSV
        if not text or not text.strip():
            yield Row(number, size, record.get(id_column, number), None, f"{path}: record {number}: empty text")
            continue
        yield Row(number, size, record.get(id_column, number), text)


def place_batch(
    path: Path,
    framework: Framework,
    output: TextIO,
    on_problem: Callable[[str], None],
    on_progress: Callable[[int], None] = lambda _: None,
    kind: DocumentKind | None = None,
    id_column: str | None = None,
    text_column: str | None = None,
    today: dt.date | None = None,
) -> tuple[int, int]:
    """Place every document of a batch file into ``output`` as JSON lines; returns (placed, skipped)."""
    placed = skipped = 0
    levels = [level.id for level in ic_levels(framework)]
    for row in rows(path, id_column, text_column):
        on_progress(row.size)
        if row.problem is not None or row.text is None:
            skipped += 1
            on_problem(row.problem or f"{path}:{row.number}: empty text")
            continue
        evidence, probabilities = place_text(f"{path.name}:{row.number}", row.text, framework, kind, today)
        record = document_result(row.id, evidence, levels, probabilities)
        output.write(json.dumps(record, ensure_ascii=False) + "\n")
        placed += 1
    return placed, skipped
