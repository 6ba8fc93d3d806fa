"""Files and texts to evidence: read, tell what kind of document it is, extract; and group evidence for people."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path
from typing import Any

from mlladder.errors import DocumentError
from mlladder.evidence.document import Document
from mlladder.evidence.extract import extract
from mlladder.evidence.model import DocumentKind, Evidence, to_data
from mlladder.evidence.readers import MAX_DOCUMENT_BYTES, read_document, read_text
from mlladder.framework.schema import Framework

_POSTING_CUES = (
    "requirement", "qualification", "responsibilit", "you'll do", "you’ll do", "you will", "looking for", "we offer",
    "nice to have", "how to apply", "apply now", "job description", "the role", "benefits", "what we offer",
)  # fmt: skip
_BRAG_CUES = ("brag", "accomplishments", "my wins", "achievements", "impact log", "self-review", "self review")


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
    for kind, hints in (("posting", ("posting", "job", "jd", "vacancy")), ("brag", ("brag", "review", "journal"))):
        if any(hint in name for hint in hints):
            return kind  # type: ignore[return-value]
    if any(hint in name for hint in ("resume", "cv", "résumé")):
        return "resume"
    head = document.text[:4000]
    lowered = head.lower()
    # Substring tests: each cue is specific enough on its own, and two are needed to call it a posting.
    if sum(cue in lowered for cue in _POSTING_CUES) >= 2:
        return "posting"
    if any(cue in lowered for cue in _BRAG_CUES):
        return "brag"
    return "resume"


def evidence_from_document(
    document: Document,
    framework: Framework,
    kind: DocumentKind | None = None,
    today: dt.date | None = None,
    semantic: bool = False,
) -> Evidence:
    return extract(document, framework, kind or guess_kind(document), today, semantic)


def evidence_from_file(
    path: Path,
    framework: Framework,
    kind: DocumentKind | None = None,
    today: dt.date | None = None,
    max_bytes: int = MAX_DOCUMENT_BYTES,
    semantic: bool = False,
) -> tuple[Document, Evidence]:
    """Read a file (PDF, DOCX, HTML, Markdown or text) and extract its evidence."""
    document = read_document(path, max_bytes=max_bytes)
    return document, evidence_from_document(document, framework, kind, today, semantic)


def evidence_from_text(
    name: str, text: str, framework: Framework, kind: DocumentKind | None = None, today: dt.date | None = None
) -> tuple[Document, Evidence]:
    """Extract evidence from text already in memory (a line of a batch file)."""
    document = read_text(name, text)
    return document, evidence_from_document(document, framework, kind, today)


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
