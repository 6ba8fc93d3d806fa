"""Finding the framework's skills in text: every name and alias at once, on word boundaries, with context rules.

One Aho-Corasick automaton holds every name and alias of the taxonomy (lower-cased), so a document is scanned
once whatever the taxonomy's size. A match counts only on word boundaries. Aliases that are also ordinary
words or very short (R, C, Go, Spark, Rust, AI, ...) need context: they must be written as the skill is
usually written (case-sensitive) and stand next to other technical terms, so "go to market" is not Go and
"R&D" is not R.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import ahocorasick

from mlladder.framework.cache import derived
from mlladder.framework.schema import Framework

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
_WORD_CHAR = re.compile(r"\w")
# After a one-letter name (R, C) these characters mean it is not the language: R&D, C-level, C#? (own alias).
_AFTER_LETTER_FORBIDDEN = set("&-'’.+")
CONTEXT_WINDOW = 80  # characters around an ambiguous match searched for other technical terms


@dataclass(frozen=True)
class Entry:
    skill: str
    name: str
    alias: str
    ambiguous: bool


@dataclass(frozen=True)
class RawMention:
    entry: Entry
    start: int
    end: int


def is_ambiguous(alias: str) -> bool:
    """Short names and names that are ordinary words need context (see the module docstring)."""
    compact = alias.strip()
    if compact.lower() in COMMON_WORDS:
        return True
    if len(compact) <= 2:
        return True
    return len(compact) == 3 and compact.isalpha() and not compact.isupper()


class SkillMatcher:
    """The taxonomy compiled for matching; build once per framework with :func:`skill_matcher`."""

    def __init__(self, framework: Framework) -> None:
        self.automaton = ahocorasick.Automaton()
        entries: dict[str, Entry] = {}
        for skill in framework.skills:
            for alias in (skill.name, *skill.aliases):
                key = alias.lower()
                if key not in entries:
                    entries[key] = Entry(skill.id, skill.name, alias, is_ambiguous(alias))
        for key, entry in entries.items():
            self.automaton.add_word(key, (key, entry))
        self.automaton.make_automaton()

    def find(self, text: str) -> list[RawMention]:
        """Every skill mention in ``text`` that passes the word-boundary and context rules."""
        lowered = _lower_same_length(text)
        mentions: list[RawMention] = []
        ambiguous: list[RawMention] = []
        for end_index, (key, entry) in self.automaton.iter_long(lowered):
            start, end = end_index - len(key) + 1, end_index + 1
            if not _on_word_boundaries(text, start, end):
                continue
            mention = RawMention(entry, start, end)
            (ambiguous if entry.ambiguous else mentions).append(mention)
        anchors = [mention.start for mention in mentions]
        mentions.extend(mention for mention in ambiguous if _ambiguous_ok(text, mention, anchors))
        mentions.sort(key=lambda mention: mention.start)
        return mentions


def _lower_same_length(text: str) -> str:
    """Lower-case without changing offsets (a few characters lower-case to two; those stay as they are)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(char.lower() if len(char.lower()) == 1 else char for char in text)


def _on_word_boundaries(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    first, last = text[start], text[end - 1]
    # Boundaries matter only where the name itself starts or ends with a word character ("C++" ends with "+").
    if _WORD_CHAR.match(first) and _WORD_CHAR.match(before):
        return False
    return not (_WORD_CHAR.match(last) and _WORD_CHAR.match(after))


def _ambiguous_ok(text: str, mention: RawMention, anchors: list[int]) -> bool:
    written = text[mention.start : mention.end]
    alias = mention.entry.alias
    lower_alias_ok = alias.islower() and (written.istitle() or written.isupper())
    if written != alias and not lower_alias_ok:
        return False  # "go" is not "Go"
    if len(written) == 1 and mention.end < len(text) and text[mention.end] in _AFTER_LETTER_FORBIDDEN:
        return False
    window_start, window_end = mention.start - CONTEXT_WINDOW, mention.end + CONTEXT_WINDOW
    return any(window_start <= anchor <= window_end and anchor != mention.start for anchor in anchors)


def skill_matcher(framework: Framework) -> SkillMatcher:
    """The (cached) matcher for a framework's taxonomy."""
    return derived(framework, "skill-matcher", lambda: SkillMatcher(framework))
