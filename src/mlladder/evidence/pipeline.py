"""Files and texts to evidence: read, tell what kind of document it is, extract; and group evidence for people."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mlladder.batch_input import Row, Span, rows
from mlladder.errors import DocumentError
from mlladder.evidence.document import Document
from mlladder.evidence.extract import extract
from mlladder.evidence.kinds import DocumentKind, KindValue
from mlladder.evidence.model import Evidence, to_data
from mlladder.evidence.readers import MAX_DOCUMENT_BYTES, read_document, read_text
from mlladder.framework.schema import Framework

__all__ = [
    "DocumentBatch",
    "batch_evidence",
    "by_competency",
    "check_posting",
    "evidence_from_document",
    "evidence_from_file",
    "evidence_from_text",
    "guess_kind",
]

_POSTING_CUES = (
    "requirement", "qualification", "responsibilit", "you'll do", "you’ll do", "you will", "looking for", "we offer",
    "nice to have", "how to apply", "apply now", "job description", "the role", "benefits", "what we offer",
)  # fmt: skip
_BRAG_CUES = ("brag", "accomplishments", "my wins", "achievements", "impact log", "self-review", "self review")
_NAME_HINTS = (  # words in a file name that tell the kind, tried in this order
    (DocumentKind.posting, ("posting", "job", "jd", "vacancy")),
    (DocumentKind.brag, ("brag", "review", "journal")),
    (DocumentKind.resume, ("resume", "cv", "résumé")),
)


def check_posting(document: Document, evidence: Evidence) -> None:
    """Refuse a text given as a job posting that has nothing a posting has: no posting wording (requirements,
    responsibilities, "you will", ...) and nothing asked for (years, pay, an early-career cue)."""
    lowered = document.text[:20_000].lower()
    if not any(cue in lowered for cue in _POSTING_CUES) and not evidence.cues:
        message = "does not read like a job posting (no requirements, duties, years or pay)"
        raise DocumentError(document.name, message, "give the posting's full text; a resume goes to --resume")


def guess_kind(document: Document) -> DocumentKind:
    """Posting, brag document or resume, from the file name first and the wording second."""
    name = document.name.lower()
    for kind, hints in _NAME_HINTS:
        if any(hint in name for hint in hints):
            return kind
    head = document.text[:4000]
    lowered = head.lower()
    # Substring tests: each cue is specific enough on its own, and two are needed to call it a posting.
    if sum(cue in lowered for cue in _POSTING_CUES) >= 2:
        return DocumentKind.posting
    if any(cue in lowered for cue in _BRAG_CUES):
        return DocumentKind.brag
    return DocumentKind.resume


def evidence_from_document(
    document: Document,
    framework: Framework,
    kind: KindValue | None = None,
    today: dt.date | None = None,
    semantic: bool = False,
) -> Evidence:
    return extract(document, framework, kind or guess_kind(document), today, semantic)


def evidence_from_file(
    path: Path,
    framework: Framework,
    kind: KindValue | None = None,
    today: dt.date | None = None,
    max_bytes: int = MAX_DOCUMENT_BYTES,
    semantic: bool = False,
) -> tuple[Document, Evidence]:
    """Read a file (PDF, DOCX, HTML, Markdown or text) and extract its evidence."""
    document = read_document(path, max_bytes=max_bytes)
    return document, evidence_from_document(document, framework, kind, today, semantic)


def evidence_from_text(
    name: str, text: str, framework: Framework, kind: KindValue | None = None, today: dt.date | None = None
) -> tuple[Document, Evidence]:
    """Extract evidence from text already in memory (a line of a batch file)."""
    document = read_text(name, text)
    return document, evidence_from_document(document, framework, kind, today)


@dataclass(frozen=True)
class DocumentBatch:
    """A batch file of documents and how to read it: JSONL lines with id and text, or CSV with these columns
    (CSV when the name ends with .csv or a column is named)."""

    path: Path
    kind: KindValue | None = None  # None: each document's kind is guessed
    id_column: str | None = None
    text_column: str | None = None
    today: dt.date | None = None  # when "to Present" ends; default: today
    span: Span | None = None  # one slice of the file (see batch_input.record_spans); None: the whole file


def batch_evidence(
    batch: DocumentBatch,
    framework: Framework,
    on_problem: Callable[[str], None],
    on_progress: Callable[[int], None] = lambda _: None,
) -> Iterator[tuple[Row, Document, Evidence]]:
    """Each row of a batch file with its evidence, streamed; a row that cannot be read (bad JSON, no text, over
    the limits) goes to ``on_problem`` and never stops the batch."""
    path = batch.path
    for row in rows(path, batch.id_column, batch.text_column, batch.span):
        on_progress(row.size)
        if row.problem is not None or row.text is None:
            on_problem(row.problem or f"{path}:{row.number}: empty text")
            continue
        name = f"{path.name}:{row.number}"
        try:
            document, evidence = evidence_from_text(name, row.text, framework, batch.kind, batch.today)
        except DocumentError as error:  # a text over the limits
            on_problem(f"{path}:{row.number}: {error.message} (fix: {error.hint})")
            continue
        yield row, document, evidence


def by_competency(evidence: Evidence, framework: Framework) -> dict[str, list[dict[str, Any]]]:
    """What was found, grouped by the competency it is evidence for, each with its citation."""
    skills = {skill.id: skill for skill in framework.skills}
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for mention in evidence.skills:
        for competency in skills[mention.skill].competencies:
            grouped[competency].append(
                {
                    "type": "skill",
                    "what": mention.name,
                    "level": skills[mention.skill].typical_level,
                    "negated": mention.negated,
                    "hedged": mention.hedged,
                    "in_list": mention.in_list,
                    "section": mention.section,
                    "method": mention.method,
                    "citation": to_data(mention.citation),
                }
            )
    for signal in evidence.signals:
        for competency in signal.competencies:
            grouped[competency].append(
                {
                    "type": "signal",
                    "what": signal.kind,
                    "level": signal.level,
                    "scope": signal.scope,
                    "count": signal.count,
                    "section": signal.section,
                    "citation": to_data(signal.citation),
                }
            )
    order = [competency.id for competency in framework.competencies]
    return {competency: grouped[competency] for competency in order if grouped.get(competency)}
