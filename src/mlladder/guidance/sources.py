"""Provenance of guidance: which article a sentence or figure comes from, or that it was written for this ladder.

Every piece of guidance a person reads names its sources by title (never by file name). A source of kind
``editorial`` is text written to complete the framework; it is shown as "written for this ladder".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mlladder.framework.schema import Framework

WRITTEN_HERE = "written for this ladder"


@dataclass(frozen=True)
class Citation:
    """One source of a piece of guidance: its id, its title and whether it is an article or our own writing."""

    id: str
    title: str
    article: bool

    def data(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "article": self.article}


def cite(framework: Framework, source_ids: list[str] | tuple[str, ...]) -> list[Citation]:
    """The citations for ``source_ids`` in their order, each once; an id the framework does not declare is shown
    as it is (a framework file is validated, so that happens only for hand-built frameworks)."""
    declared = {source.id: source for source in framework.sources}
    citations: list[Citation] = []
    for source_id in dict.fromkeys(source_ids):
        source = declared.get(source_id)
        if source is None:
            citations.append(Citation(source_id, source_id, article=True))
        else:
            citations.append(Citation(source.id, source.title, article=source.kind == "article"))
    return citations


def provenance(citations: list[Citation]) -> str:
    """'from “Title A”; “Title B”', with 'written for this ladder' for editorial text; '' without sources."""
    articles = [f"“{citation.title}”" for citation in citations if citation.article]
    parts = []
    if articles:
        parts.append("from " + "; ".join(articles))
    if any(not citation.article for citation in citations):
        parts.append(WRITTEN_HERE)
    return " and ".join(parts)


def provenance_of(framework: Framework, source_ids: list[str] | tuple[str, ...]) -> str:
    """:func:`provenance` of the ids' citations."""
    return provenance(cite(framework, source_ids))
