"""Every limit mlladder puts on its input, in one place, and the cleaning every text gets on the way in.

Each entrance (framework and profile files, documents, uploads, batch rows, imports, form fields) checks its input
against these numbers before doing work that grows with it, so no input can make a command or the server run
without bound. docs/security.md lists them; a test keeps that page and this module in step.
"""

from __future__ import annotations

import datetime as dt
import re

__all__ = [
    "EARLIEST_START",
    "MAX_BATCH_LINE_BYTES",
    "MAX_BLOCK_CHARS",
    "MAX_COMPRESSION_RATIO",
    "MAX_DOCUMENT_CHARS",
    "MAX_FILE_BYTES",
    "MAX_MARKDOWN_CHARS",
    "MAX_MENTIONS_PER_DOCUMENT",
    "MAX_MENTIONS_PER_SKILL",
    "MAX_NESTING_DEPTH",
    "MAX_NUMBER_CHARS",
    "MAX_OFFER_USD",
    "MAX_PDF_PAGES",
    "MAX_SENTENCE_CHARS",
    "MAX_SIGNALS_PER_DOCUMENT",
    "MAX_START_YEARS_AHEAD",
    "MAX_UNPACKED_BYTES",
    "MAX_WEEKLY_HOURS",
    "MAX_YAML_NODES",
    "MIN_OFFER_USD",
    "MIN_WEEKLY_HOURS",
    "clean_text",
    "has_unwanted_characters",
    "is_future",
    "visible",
]

MAX_FILE_BYTES = 20 * 1024 * 1024
"""Largest input file read whole: a framework, a profile, a document, an import file."""

MAX_PDF_PAGES = 200
"""Pages of a PDF read: a resume or a posting is a few pages; more is a book or a trap, and extraction is slow."""

MAX_UNPACKED_BYTES = 50 * 1024 * 1024
"""Most a DOCX may unpack to, judged from its zip directory before anything is unpacked."""

MAX_COMPRESSION_RATIO = 200
"""Most a DOCX part may inflate: real ones inflate up to about 40 times, a zip bomb a thousand."""

MAX_DOCUMENT_CHARS = 2_000_000
"""Most characters of text a document may hold (about a thousand pages): no resume, brag document or posting
comes near it, and reading stays within seconds whatever the text is."""

MAX_MARKDOWN_CHARS = 200_000
"""Longest Markdown read with its structure: a longer one is read line by line as plain text (the Markdown parser
takes up to 15 µs a character on contrived input)."""

MAX_BLOCK_CHARS = 5_000
"""Longest block (paragraph, line, list item) a document keeps whole; longer ones are cut at spaces into blocks of
at most this size, so work per block stays bounded however long a line is."""

MAX_SENTENCE_CHARS = 400
"""Longest context kept with a piece of evidence: longer sentences are cut into parts of at most this size."""

MAX_MENTIONS_PER_SKILL = 20
"""Mentions of one skill kept from one document: more repeats add no evidence, only weight a keyword list."""

MAX_MENTIONS_PER_DOCUMENT = 2_000
"""Skill mentions kept from one document, in the order they appear."""

MAX_SIGNALS_PER_DOCUMENT = 1_000
"""Scope signals and impact figures kept from one document, each, in the order they appear."""

MAX_NESTING_DEPTH = 40
"""Deepest nesting of mappings and lists in a YAML or JSON input (the built-in ladder needs 7)."""

MAX_NUMBER_CHARS = 40
"""Longest number literal in a YAML or JSON input: no rating, year or id needs more digits."""

MAX_YAML_NODES = 1_000_000
"""Most values a YAML file may hold once its aliases are expanded (the built-in ladder holds about 21,000):
aliases may share a value, but not multiply a small file into a huge one."""

MAX_BATCH_LINE_BYTES = MAX_FILE_BYTES
"""Longest line of a JSONL batch file or field of a CSV one: one document or profile."""

MIN_WEEKLY_HOURS = 1
MAX_WEEKLY_HOURS = 80
"""Hours a week a plan may assume: under one, a plan would run for decades; over 80 is not a week of growth."""

EARLIEST_START = dt.date(2000, 1, 1)
MAX_START_YEARS_AHEAD = 10
"""A plan starts between 2000 and ten years from today: dates beyond are typing mistakes."""

MIN_OFFER_USD = 1_000
MAX_OFFER_USD = 10_000_000
"""A yearly pay amount to check against the market, in US dollars: below, a monthly figure or a typo; above, a
number no ML engineer's pay reaches."""

MAX_FUTURE_DAYS = 1
"""Dates of things that have happened (reaching a level, an achievement) may be at most this far ahead of the
local date (time zones), never later."""


def is_future(day: dt.date, today: dt.date | None = None) -> bool:
    """Whether ``day`` is too late for something that has happened (see ``MAX_FUTURE_DAYS``)."""
    return day > (today or dt.date.today()) + dt.timedelta(days=MAX_FUTURE_DAYS)


_UNWANTED = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
"""Control characters (NUL, escape sequences' ESC, C1 controls) and lone surrogates: they carry no text, a
terminal obeys them, PostgreSQL refuses NUL and UTF-8 cannot encode a lone surrogate. Tabs and line breaks stay."""


def clean_text(text: str) -> str:
    """``text`` without control characters and lone surrogates (tabs, line feeds and carriage returns stay)."""
    return _UNWANTED.sub("", text) if _UNWANTED.search(text) else text


def has_unwanted_characters(text: str) -> bool:
    """Whether :func:`clean_text` would change ``text``."""
    return _UNWANTED.search(text) is not None


def visible(text: str) -> str:
    """``text`` with each control character written as an escape (``\\x1b``), for messages that quote what a
    user typed: a terminal shows the escape instead of obeying it."""
    if not _UNWANTED.search(text):
        return text
    return _UNWANTED.sub(lambda match: match.group(0).encode("unicode_escape", "backslashreplace").decode(), text)
