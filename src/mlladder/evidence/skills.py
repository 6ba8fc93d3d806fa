"""Finding the framework's skills in text: every name and alias at once, on word boundaries, with context rules.

One Aho-Corasick automaton holds every name and alias of the taxonomy (lower-cased), so a document is scanned
once whatever the taxonomy's size. A match counts only on word boundaries. Aliases that are also ordinary
words or very short (R, C, Go, Spark, Rust, AI, ...) need context: they must be written as the skill is
usually written (case-sensitive) and stand next to other technical terms, so "go to market" is not Go and
"R&D" is not R.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import NamedTuple

import ahocorasick

from mlladder.framework.cache import derived
from mlladder.framework.schema import Framework

__all__ = [
    "RawMention",
    "is_ambiguous",
    "skill_matcher",
]

# Ordinary English words that are also names of tools; such names need technical context nearby.
COMMON_WORDS = frozenset(
    [
        "go",
        "spark",
        "rust",
        "ray",
        "beam",
        "flask",
        "dash",
        "swift",
        "julia",
        "gym",
        "sam",
        "pip",
        "uv",
        "amp",
        "express",
        "spring",
        "glue",
        "lambda",
        "hive",
        "pig",
        "presto",
        "arrow",
        "delta",
        "feast",
        "chroma",
        "lightning",
        "prefect",
        "helm",
        "vault",
        "consul",
        "storm",
        "looker",
        "mode",
        "hex",
        "excel",
        "airflow",
        "haystack",
        "superset",
        "kedro",
        "make",
        "bash",
        "shell",
        "gin",
        "echo",
        "keras",
        "triton",
        "jupyter",
        "colab",
        "ml",
        "ai",
        "dl",
        "nn",
        "cv",
        "rl",
        "ssl",
        "nas",
    ]
)
# After a one-letter name (R, C) these characters mean it is not the language: R&D, C-level, C#? (own alias).
_AFTER_LETTER_FORBIDDEN = set("&-'’.+")
CONTEXT_WINDOW = 80  # characters around an ambiguous match searched for other technical terms


@dataclass(frozen=True)
class Entry:
    skill: str
    name: str
    alias: str
    ambiguous: bool


class RawMention(NamedTuple):  # a tuple: thousands are made per second
    entry: Entry
    start: int
    end: int


def is_ambiguous(alias: str) -> bool:
    """Names of one or two characters and names that are ordinary words need context (see the module docstring);
    three-letter acronyms such as AWS, NLP or RAG stand on their own."""
    compact = alias.strip()
    if compact.lower() in COMMON_WORDS:
        return True
    return len(compact) <= 2


# Every character that is not a letter, a digit, "+" or "#" separates words. Mapping each to a space keeps the
# text's length, so offsets found in the normalised text are offsets in the original.
_KEPT = {ord(char) for char in "+#"}
_ASCII_SEPARATORS = bytes.maketrans(
    bytes(code for code in range(128) if not (chr(code).isalnum() or code in _KEPT)),
    b" " * sum(1 for code in range(128) if not (chr(code).isalnum() or code in _KEPT)),
)


def normalise(text: str) -> str:
    """Lower-case with every separator as a space, same length as ``text``.

    Non-ASCII characters become separators too (``encode(..., "replace")`` writes one "?" for each), which keeps
    this a single fast byte translation; skill names are ASCII, so no name is lost.
    """
    return _lower_same_length(text).encode("ascii", "replace").translate(_ASCII_SEPARATORS).decode("ascii")


class SkillMatcher:
    """The taxonomy compiled for matching; build once per framework with :func:`skill_matcher`.

    Keys are normalised names with a leading space, searched in the normalised text with a leading space, so a
    match always starts at a word boundary and never inside a word ("ml" in "html"); the end boundary is one
    character check.
    """

    def __init__(self, framework: Framework) -> None:
        self.automaton = ahocorasick.Automaton()
        entries: dict[str, Entry] = {}
        for skill in framework.skills:
            for alias in (skill.name, *skill.aliases):
                key = " " + " ".join(normalise(alias).split())
                if key.strip() and key not in entries:
                    entries[key] = Entry(skill.id, skill.name, alias, is_ambiguous(alias))
        for key, entry in entries.items():
            self.automaton.add_word(key, (len(key), entry))
        self.automaton.make_automaton()

    def find(self, text: str) -> list[RawMention]:
        """Every skill mention in ``text`` that passes the word-boundary and context rules."""
        spaced = " " + normalise(text) + " "
        mentions: list[RawMention] = []
        ambiguous: list[RawMention] = []
        for end_index, (length, entry) in self.automaton.iter_long(spaced):
            if spaced[end_index + 1] != " ":
                continue  # the name continues into a longer word
            # Offsets in ``text``: the leading space shifts everything by one.
            mention = RawMention(entry, end_index - length + 1, end_index)
            if entry.ambiguous:
                ambiguous.append(mention)
            else:
                mentions.append(mention)
        if ambiguous:
            anchors = sorted(mention.start for mention in mentions)
            mentions.extend(mention for mention in ambiguous if _ambiguous_ok(text, mention, anchors))
            mentions.sort(key=lambda mention: mention.start)
        return mentions


def _lower_same_length(text: str) -> str:
    """Lower-case without changing offsets (a few characters lower-case to two; those stay as they are)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(char.lower() if len(char.lower()) == 1 else char for char in text)


def _ambiguous_ok(text: str, mention: RawMention, anchors: list[int]) -> bool:
    written = text[mention.start : mention.end]
    alias = mention.entry.alias
    lower_alias_ok = alias.islower() and (written.istitle() or written.isupper())
    if written != alias and not lower_alias_ok:
        return False  # "go" is not "Go"
    if len(written) == 1 and mention.end < len(text) and text[mention.end] in _AFTER_LETTER_FORBIDDEN:
        return False
    # Anchors are sorted: look only at those inside the window, so each check is short however long the text.
    first = bisect.bisect_left(anchors, mention.start - CONTEXT_WINDOW)
    last = bisect.bisect_right(anchors, mention.end + CONTEXT_WINDOW)
    return any(anchor != mention.start for anchor in anchors[first:last])


def skill_matcher(framework: Framework) -> SkillMatcher:
    """The (cached) matcher for a framework's taxonomy."""
    return derived(framework, "skill-matcher", lambda: SkillMatcher(framework))
