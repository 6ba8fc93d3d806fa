"""Placing many documents from a JSONL or CSV file, streamed: one result line per document, constant memory.

JSONL lines are objects with ``id`` and ``text``; CSV files name their id and text columns. A row that cannot be
read (bad JSON, a missing column, empty text) is reported and skipped; it never stops the batch.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

import numpy as np

from mlladder.assess.documents import person_probabilities, posting_probabilities
from mlladder.batch_input import batch_lines, json_line, opened
from mlladder.errors import DocumentError, InputError
from mlladder.evidence.model import DocumentKind, Evidence
from mlladder.evidence.pipeline import evidence_from_text
from mlladder.framework.ladder import ic_levels
from mlladder.framework.schema import Framework
from mlladder.limits import MAX_BATCH_LINE_BYTES, clean_text

# CSV fields can hold whole documents: the csv module's default limit (128 KB) is too small for that.
csv.field_size_limit(MAX_BATCH_LINE_BYTES)


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
    if path.suffix.lower() == ".csv" or id_column or text_column:
        yield from _csv_rows(path, id_column or "id", text_column or "text")
    else:
        yield from _jsonl_rows(path)


def _jsonl_rows(path: Path) -> Iterator[Row]:
    for number, raw, size in batch_lines(path):
        if raw is not None and not raw.strip():
            continue
        data, problem = json_line(path, number, raw)
        if problem is None and (not isinstance(data, dict) or not isinstance(data.get("text"), str)):
            problem = f'{path}:{number}: no "text" string (fix: {{"id": ..., "text": ...}})'
        elif problem is None and not data["text"].strip():
            problem = f"{path}:{number}: empty text (fix: give the document's text)"
        if problem is not None:
            yield Row(number, size, None, None, problem)
            continue
        yield Row(number, size, data.get("id", number), data["text"])


def _csv_rows(path: Path, id_column: str, text_column: str) -> Iterator[Row]:
    # Undecodable bytes become stand-ins (surrogateescape) so that one bad record is reported and skipped
    # instead of ending the run; a record holding one is refused, never guessed at.
    stream = io.TextIOWrapper(opened(path), encoding="utf-8-sig", errors="surrogateescape", newline="")
    with stream:
        reader = csv.DictReader(stream)
        if reader.fieldnames is None or text_column not in reader.fieldnames:
            found = ", ".join(reader.fieldnames or [])
            raise InputError(f"{path}: no column '{text_column}' (columns: {found}) (fix: pass --text-column NAME)")
        number = 0
        while True:
            number += 1
            try:
                record = next(reader, None)
            except csv.Error as error:  # a field over the limit, or quoting the reader cannot follow
                raise InputError(f"{path}: record {number}: {error} (fix: check the file's quoting)") from None
            if record is None:
                return
            yield _csv_row(path, number, record, id_column, text_column)


def _csv_row(path: Path, number: int, record: dict[str, Any], id_column: str, text_column: str) -> Row:
    text = record.get(text_column)
    size = len((text or "").encode("utf-8", "surrogateescape")) + 1  # progress counts the text only
    if any(isinstance(value, str) and _SURROGATE.search(value) for value in record.values()):
        return Row(number, size, None, None, f"{path}: record {number}: not UTF-8 (fix: save the file as UTF-8)")
    record_id = record.get(id_column, number)
    record_id = clean_text(record_id) if isinstance(record_id, str) else record_id
    if not text or not text.strip():
        return Row(number, size, record_id, None, f"{path}: record {number}: empty text")
    return Row(number, size, record_id, text)


_SURROGATE = re.compile(r"[\udc80-\udcff]")  # what surrogateescape makes of a byte that is not UTF-8


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
        try:
            evidence, probabilities = place_text(f"{path.name}:{row.number}", row.text, framework, kind, today)
        except DocumentError as error:  # a text over the limits
            skipped += 1
            on_problem(f"{path}:{row.number}: {error.message} (fix: {error.hint})")
            continue
        record = document_result(row.id, evidence, levels, probabilities)
        output.write(json.dumps(record, ensure_ascii=False, allow_nan=False) + "\n")
        placed += 1
    return placed, skipped
