"""A document as plain text with the blocks it came from, so every offset maps back to a page or paragraph."""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal, NamedTuple, TypedDict, cast, get_args

from mlladder.limits import MAX_BLOCK_CHARS, clean_text, has_unwanted_characters

__all__ = [
    "Block",
    "BlockAttributes",
    "Document",
    "DocumentFormat",
    "cut",
    "document_from_blocks",
]

DocumentFormat = Literal["pdf", "docx", "html", "markdown", "text"]
BlockKind = Literal["heading", "list_item", "paragraph", "table_cell"]


class Block(NamedTuple):  # a tuple: documents have hundreds of blocks and batches millions
    """One paragraph, heading, list item or table cell: ``text[start:end]`` of its document."""

    start: int
    end: int
    kind: BlockKind = "paragraph"
    page: int | None = None  # 1-based page (PDF)
    paragraph: int = 0  # 1-based position of the block in the document
    heading_level: int | None = None  # 1-6 for headings when the format says
    line: int | None = None  # 1-based line of the source file where the block starts (text, Markdown, HTML)


class BlockAttributes(TypedDict, total=False):
    """Where a piece of text came from: the fields of its ``Block`` other than offsets and position."""

    kind: BlockKind
    page: int | None
    heading_level: int | None
    line: int | None


@dataclass(frozen=True)
class Document:
    """Plain text of a file (blocks joined by newlines) and where each block came from."""

    name: str
    format: DocumentFormat
    text: str
    blocks: list[Block] = field(default_factory=list)

    @cached_property
    def _starts(self) -> list[int]:
        # Blocks are in text order, so a binary search over their starts finds the block of any offset.
        return [block.start for block in self.blocks]

    def block_at(self, offset: int) -> Block | None:
        """The block containing ``offset`` (None between blocks or outside the text)."""
        index = bisect.bisect_right(self._starts, offset) - 1
        if index >= 0 and self.blocks[index].start <= offset < max(
            self.blocks[index].end, self.blocks[index].start + 1
        ):
            return self.blocks[index]
        return None

    def where(self, offset: int) -> str:
        """A human location for an offset: 'page 2, paragraph 14' or 'paragraph 3'."""
        block = self.block_at(offset)
        if block is None:
            return f"offset {offset}"
        return f"page {block.page}, paragraph {block.paragraph}" if block.page else f"paragraph {block.paragraph}"


def document_from_blocks(
    name: str, fmt: DocumentFormat, pieces: Sequence[tuple[str, Mapping[str, object]]]
) -> Document:
    """Join text pieces into one document, recording each piece's block (empty pieces are dropped).

    Each piece is its text and its ``BlockAttributes`` (a plain dict works too). Runs of whitespace inside a piece
    become one space, so a block never contains the newline that separates it from the next one; control
    characters are dropped; a piece longer than ``MAX_BLOCK_CHARS`` becomes several blocks (see :func:`cut`).
    """
    parts: list[str] = []
    blocks: list[Block] = []
    offset = 0
    # One search over all the text instead of one per piece: control characters are rare.
    dirty = has_unwanted_characters("".join(text for text, _ in pieces))
    for text, attributes in pieces:
        cleaned = " ".join((clean_text(text) if dirty else text).split())
        if not cleaned:
            continue
        if not _ATTRIBUTE_NAMES.issuperset(attributes) or attributes.get("kind", "paragraph") not in _KINDS:
            _block_attributes(attributes)  # raises, naming what is wrong
        get = attributes.get
        for part in cut(cleaned, MAX_BLOCK_CHARS) if len(cleaned) > MAX_BLOCK_CHARS else (cleaned,):
            blocks.append(
                Block(
                    offset,
                    offset + len(part),
                    get("kind", "paragraph"),  # type: ignore[arg-type]
                    get("page"),  # type: ignore[arg-type]
                    len(blocks) + 1,
                    get("heading_level"),  # type: ignore[arg-type]
                    get("line"),  # type: ignore[arg-type]
                )
            )
            parts.append(part)
            offset += len(part) + 1
    return Document(name=name, format=fmt, text="\n".join(parts), blocks=blocks)


def cut(text: str, limit: int) -> list[str]:
    """``text`` (single-spaced) in parts of at most ``limit`` characters, without the spaces between them.

    Each part ends at the last sentence end in its second half, else at its last space, else mid-word (a line
    with no spaces at all). Work is linear in the text's length, and every part can be read on its own."""
    if len(text) <= limit:
        return [text]
    parts: list[str] = []
    start = 0
    while len(text) - start > limit:
        window_end = start + limit
        end = text.rfind(". ", start + limit // 2, window_end) + 1 or text.rfind(" ", start + 1, window_end + 1)
        if end <= start:
            end = window_end
        parts.append(text[start:end].rstrip())
        start = end + 1 if end < len(text) and text[end] == " " else end
    parts.append(text[start:])
    return [part for part in parts if part]


_ATTRIBUTE_NAMES = frozenset(BlockAttributes.__annotations__)
_KINDS = frozenset(get_args(BlockKind))


def _block_attributes(attributes: Mapping[str, object]) -> BlockAttributes:
    """Check a piece's attributes: a misspelt key or a wrong kind is a bug to report, not to skip silently."""
    if not _ATTRIBUTE_NAMES.issuperset(attributes):
        raise TypeError(f"unknown block attributes: {sorted(set(attributes) - _ATTRIBUTE_NAMES)}")
    if attributes.get("kind", "paragraph") not in _KINDS:
        raise ValueError(f"unknown block kind {attributes.get('kind')!r}")
    for key in ("page", "heading_level", "line"):
        if not isinstance(attributes.get(key), int | None):
            raise TypeError(f"block attribute {key} must be an int or None, not {attributes.get(key)!r}")
    return cast(BlockAttributes, attributes)
