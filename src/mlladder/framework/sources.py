"""Provenance of guidance: which article a sentence or figure comes from, or that it was written for this ladder.

Every piece of guidance a person reads names its sources by title (never by file name). A source of kind
``editorial`` is text written to complete the framework; it is shown as "written for this ladder".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mlladder.framework.ladder import transition_path
from mlladder.framework.schema import Competency, Duration, Framework, Transition

__all__ = [
    "WRITTEN_HERE",
    "Citation",
    "SourceKey",
    "citations_data",
    "cite",
    "expectation_sources",
    "provenance",
    "provenance_of",
    "step_durations",
    "timeline_sources",
    "titles_data",
    "with_citations",
]

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


def titles_data(citations: list[Citation] | tuple[Citation, ...]) -> list[dict[str, Any]]:
    """Sources by title only, never by file name: ``[{"title", "article"}]``."""
    return [{"title": citation.title, "article": citation.article} for citation in citations]


def citations_data(framework: Framework, source_ids: list[str] | tuple[str, ...]) -> list[dict[str, Any]]:
    """The ids' citations as JSON data: ``[{"id", "title", "article"}]``."""
    return [citation.data() for citation in cite(framework, source_ids)]


def with_citations(framework: Framework, data: Any) -> Any:
    """A copy of JSON data in which every list of source ids (``sources``) is followed by its ``citations`` and
    every single source id (``source``) by its ``citation``, so a reader gets titles without a second lookup.

    Existing keys are left as they are (the ids stay what they were); only the new keys are added beside them."""
    if isinstance(data, list):
        return [with_citations(framework, item) for item in data]
    if not isinstance(data, dict):
        return data
    declared = {source.id for source in framework.sources}
    copy: dict[str, Any] = {}
    for key, value in data.items():
        copy[key] = with_citations(framework, value)
        if key == "sources" and isinstance(value, list) and all(isinstance(item, str) for item in value):
            copy["citations"] = citations_data(framework, value)
        elif key == "source" and isinstance(value, str) and value in declared:
            copy["citation"] = cite(framework, [value])[0].data()
    return copy


class SourceKey:
    """Compact marks for narrow tables: articles numbered in the framework's order ("[1, 3]"), editorial text
    marked in words ("[2; written for this ladder]"), and the key of the numbers used, by title, to print below.

    Numbers follow the framework's order rather than first use so the same article has the same number in every
    view of one framework."""

    def __init__(self, framework: Framework) -> None:
        self._framework = framework
        articles = [source.id for source in framework.sources if source.kind == "article"]
        self._numbers = {source_id: number for number, source_id in enumerate(articles, start=1)}
        self._used: dict[str, Citation] = {}

    def mark(self, source_ids: list[str] | tuple[str, ...]) -> str:
        """'[1, 3]', '[1; written for this ladder]', '[written for this ladder]', or '' without sources."""
        citations = cite(self._framework, source_ids)
        numbers: list[int] = []
        for citation in citations:
            if citation.article:
                # An undeclared id (hand-built frameworks only) gets the next free number rather than no mark.
                number = self._numbers.setdefault(citation.id, len(self._numbers) + 1)
                self._used[citation.id] = citation
                numbers.append(number)
        parts = [", ".join(str(number) for number in sorted(numbers))] if numbers else []
        if any(not citation.article for citation in citations):
            parts.append(WRITTEN_HERE)
        return f"[{'; '.join(parts)}]" if parts else ""

    def lines(self, every: bool = False) -> list[str]:
        """'[1] “Title”' for every article marked so far (``every``: every article), in number order."""
        if every:
            self.mark(list(self._numbers))
        used = sorted(self._used.values(), key=lambda citation: self._numbers[citation.id])
        return [f"[{self._numbers[citation.id]}] “{citation.title}”" for citation in used]


def timeline_sources(framework: Framework, from_id: str, to_id: str) -> list[str]:
    """The sources of the durations on the path between two levels: the figures of a "how long" estimate."""
    spans = [span for step in transition_path(framework, from_id, to_id) for span in step_durations(step)]
    return list(dict.fromkeys(source for span in spans for source in span.sources))


def step_durations(step: Transition) -> list[Duration]:
    """A transition's durations that are given (realistic, accelerated, time in level)."""
    return [span for span in (step.realistic, step.accelerated, step.time_in_level) if span is not None]


def expectation_sources(competency: Competency, level_id: str) -> list[str]:
    """The sources of a level's expectation of a competency; the competency's own when the expectation names
    none (a user's framework may cite only at the competency)."""
    expectation = competency.expectations.get(level_id)
    return list(expectation.sources if expectation is not None and expectation.sources else competency.sources)
