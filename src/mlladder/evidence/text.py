"""Text structure the extractors need: sections under headings, and sentences."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache

from mlladder.evidence.document import Block, Document, cut
from mlladder.evidence.model import Citation, Section
from mlladder.evidence.readers import looks_like_heading
from mlladder.limits import MAX_SENTENCE_CHARS

__all__ = [
    "Layout",
    "layout",
    "section_of_heading",
    "sentence_spans",
]

# Heading words -> section. Order matters: the first pattern that matches a heading wins.
_SECTION_PATTERNS: list[tuple[Section, re.Pattern[str]]] = [
    ("nice_to_have", re.compile(r"nice[ -]to[ -]have|preferred|bonus|plus|desirable|good to have|ideal", re.I)),
    (
        "required",
        re.compile(
            r"requirements?|qualifications?|what you(?:'|’)?ll need|what we(?:'|’)?re looking for|must[ -]have|"
            r"you have|who you are|minimum|about you|skills (?:and|&) experience you",
            re.I,
        ),
    ),
    (
        "company",
        re.compile(
            r"about us|about the company|company description|who we are|our company|our mission|benefits|perks|"
            r"what we offer|why join|our culture|life at|equal opportunit",
            re.I,
        ),
    ),
    ("skills_list", re.compile(r"skills|technolog|tech stack|tools|toolbox|competenc|languages", re.I)),
    ("responsibilities", re.compile(r"responsibilit|what you(?:'|’)?ll do|the role|your impact|you will", re.I)),
    ("experience", re.compile(r"experience|employment|work history|career|positions", re.I)),
    ("education", re.compile(r"education|degrees?|certificat|academic", re.I)),
    ("summary", re.compile(r"summary|profile|about|objective|overview", re.I)),
]
_HEADING_MAX_WORDS = 7
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[A-Z0-9(\"'])")


@lru_cache(maxsize=4096)  # the same headings ("Requirements:") come back document after document
def section_of_heading(text: str) -> Section | None:
    """The section a heading opens, or None if the heading names none we know."""
    words = text.strip().rstrip(":").strip()
    if not words or len(words.split()) > _HEADING_MAX_WORDS:
        return None
    for section, pattern in _SECTION_PATTERNS:
        if pattern.search(words):
            return section
    return None


@dataclass
class Layout:
    """A document with the section of every block worked out once, and its sentences found on demand."""

    document: Document
    sections: list[Section]  # one per block
    # Per block: where its sentences start, and where they end (found once, on first use).
    _sentences: dict[int, tuple[list[int], list[int]]] = field(default_factory=dict)

    def _block_index(self, offset: int) -> int | None:
        block = self.document.block_at(offset)
        return None if block is None else block.paragraph - 1

    def section_at(self, offset: int) -> Section:
        index = self._block_index(offset)
        return "other" if index is None else self.sections[index]

    def citation(self, start: int, end: int) -> Citation:
        """Where ``text[start:end]`` is: offsets, a readable location and its sentence (built without validation:
        every field comes from the document itself)."""
        index = self._block_index(start)
        if index is None:
            text = self.document.text
            location, sentence = f"offset {start}", text[max(0, start - 80) : end + 80].strip()
        else:
            block = self.document.blocks[index]
            location = (
                f"page {block.page}, paragraph {block.paragraph}" if block.page else f"paragraph {block.paragraph}"
            )
            sentence = self._sentence(index, start, end)
        return Citation(file=self.document.name, start=start, end=end, location=location, sentence=sentence)

    def sentence(self, start: int, end: int) -> str:
        """The sentence (within its block) around ``text[start:end]``."""
        index = self._block_index(start)
        if index is None:
            return self.document.text[max(0, start - 80) : end + 80].strip()
        return self._sentence(index, start, end)

    def _sentence(self, index: int, start: int, end: int) -> str:
        bounds = self._sentences.get(index)
        if bounds is None:
            spans = sentence_spans(self.document, self.document.blocks[index])
            bounds = self._sentences[index] = ([span[0] for span in spans], [span[1] for span in spans])
        starts, ends = bounds
        first = bisect.bisect_right(starts, start) - 1
        last = max(first, bisect.bisect_left(ends, end))
        begin, finish = starts[max(first, 0)], ends[min(last, len(ends) - 1)]
        return self.document.text[begin:finish].strip()


def sentence_spans(document: Document, block: Block) -> list[tuple[int, int]]:
    """Absolute (start, end) of each sentence in a block; a sentence over ``MAX_SENTENCE_CHARS`` counts as several,
    so the context kept with each piece of evidence stays short however long the sentence."""
    body = document.text[block.start : block.end]
    spans: list[tuple[int, int]] = []
    begin = 0
    for boundary in _SENTENCE_END.finditer(body):
        spans.extend(_parts(body, begin, boundary.start(), block.start))
        begin = boundary.end()
    spans.extend(_parts(body, begin, len(body), block.start))
    return spans


def _parts(body: str, begin: int, finish: int, shift: int) -> list[tuple[int, int]]:
    """``body[begin:finish]`` as absolute spans of at most ``MAX_SENTENCE_CHARS`` (one span when it is short)."""
    if finish - begin <= MAX_SENTENCE_CHARS:
        return [(shift + begin, shift + finish)]
    spans = []
    position = begin
    for part in cut(body[begin:finish], MAX_SENTENCE_CHARS):
        position = body.index(part, position)
        spans.append((shift + position, shift + position + len(part)))
        position += len(part)
    return spans


def layout(document: Document) -> Layout:
    """Assign each block the section of the nearest heading above it."""
    current: Section = "other"
    sections: list[Section] = []
    # Text and Markdown readers already mark every heading-like line; other formats may hide one in a paragraph
    # ("<p>Requirements:</p>"), so their paragraphs are looked at too.
    trust_kinds = document.format in {"text", "markdown"}
    for block in document.blocks:
        if block.kind == "heading" or (not trust_kinds and _looks_like_heading_block(document, block)):
            found = section_of_heading(document.text[block.start : block.end])
            current = found if found else _reset_section(current, document, block)
        sections.append(current)
    return Layout(document, sections)


def _looks_like_heading_block(document: Document, block: Block) -> bool:
    return looks_like_heading(document.text[block.start : block.end])


def _reset_section(current: Section, document: Document, block: Block) -> Section:
    """A major unknown heading (all capitals, or level 1-2) starts an unknown section; a minor one, such as a job
    title inside the experience section, keeps the section it sits in."""
    text = document.text[block.start : block.end]
    major = text.isupper() or (block.heading_level is not None and block.heading_level <= 2)
    if not major and current in {"experience", "responsibilities", "education"}:
        return current
    return "other"
