"""Evaluation: skill mentions found by mlladder's dictionary matcher against SkillSpan's hand-labelled spans.

SkillSpan (Zhang et al., NAACL 2022, MIT licence) labels SKILL and KNOWLEDGE spans in sentences of English job
postings. Every sentence of the dev split (tech and house files) is rebuilt as its tokens joined by single spaces,
keeping each token's offsets, and ``skill_matcher(framework).find`` runs on it.

Figures (each per file and for both files together):
- precision: of our mentions, the share that overlaps a gold SKILL or KNOWLEDGE span (by at least one character);
- recall, scoped: over gold spans whose text (tokens joined by spaces, lower-cased) is exactly one of the taxonomy's
  names or aliases (lower-cased), the share that one of our mentions overlaps; also with exact boundaries;
- recall, unscoped: the same over every gold span, and over KNOWLEDGE spans alone (for context: most SKILL spans
  are phrases such as "work in a team", which a dictionary of tools and methods cannot match).
A second mlladder row runs the matcher once on each file's sentences joined by newlines, so its context rules see
neighbouring lines as in a real document; it is scored per sentence like the first.

Baselines measured in the same run: (A) naive substring matching of every name and alias, case-insensitive, with
no word boundaries and no context rules; (B) the same dictionary on word boundaries, longest match first, without
the context rules for ambiguous names (shows what those rules buy).

Run: .venv/bin/python benchmarks/eval_skillspan.py [--top 15]
"""

from __future__ import annotations

import argparse
import bisect
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import ahocorasick

import mlladder
from mlladder.evidence.skills import skill_matcher
from mlladder.framework.schema import Framework

ROOT = Path(__file__).resolve().parents[1]
DEV_FILES = {"tech": "skillspan_tech_dev.conll", "house": "skillspan_house_dev.conll"}
LABELS = {1: "SKILL", 2: "KNOWLEDGE"}  # CoNLL column -> span label
_WORD = re.compile(r"\w")

# A found mention: start, end (exclusive) and the text as written.
Mention = tuple[int, int, str]
Finder = Callable[[str], list[Mention]]


def shared_data() -> Path:
    """The shared data folder: $MLLADDER_SHARED/data when set, else ../shared/data next to the repository."""
    configured = os.environ.get("MLLADDER_SHARED")
    folder = Path(configured) / "data" if configured else ROOT.parent / "shared" / "data"
    if not folder.is_dir():
        raise SystemExit(f"shared data not found at {folder} (set MLLADDER_SHARED to the shared folder)")
    return folder


# -- reading SkillSpan -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    label: str
    text: str


@dataclass(frozen=True)
class Sentence:
    """One CoNLL sentence: its tokens joined by spaces, each token's offsets in that text, and its gold spans."""

    tokens: list[str]
    text: str
    offsets: list[tuple[int, int]]
    spans: list[Span] = field(default_factory=list)


def conll_rows(path: Path) -> Iterator[list[list[str]]]:
    """The sentences of a CoNLL file as lists of tab-separated rows (token, skill tag, knowledge tag)."""
    rows: list[list[str]] = []
    with path.open(encoding="utf-8") as stream:
        for line in stream:
            if not line.strip():
                if rows:
                    yield rows
                rows = []
                continue
            rows.append(line.rstrip("\n").split("\t"))
    if rows:
        yield rows


def read_conll(path: Path) -> list[Sentence]:
    """Every sentence of a SkillSpan file with its SKILL and KNOWLEDGE spans located in the rebuilt text."""
    sentences = []
    for rows in conll_rows(path):
        tokens = [row[0] for row in rows]
        offsets, position = [], 0
        for token in tokens:
            offsets.append((position, position + len(token)))
            position += len(token) + 1
        text = " ".join(tokens)
        spans = [
            span
            for column, label in LABELS.items()
            for span in bio_spans([row[column] for row in rows], offsets, label, text)
        ]
        sentences.append(Sentence(tokens, text, offsets, spans))
    return sentences


def bio_spans(tags: list[str], offsets: list[tuple[int, int]], label: str, text: str) -> list[Span]:
    """Spans of one BIO column. An I- tag after O opens a span too, as conlleval reads it."""
    spans: list[Span] = []
    begin: int | None = None
    for index, tag in enumerate([*tags, "O"]):
        if begin is not None and not tag.startswith("I-"):
            start, end = offsets[begin][0], offsets[index - 1][1]
            spans.append(Span(start, end, label, text[start:end]))
            begin = None
        if tag.startswith("B-") or (tag.startswith("I-") and begin is None):
            begin = index
    return spans


# -- matchers ----------------------------------------------------------------------------------------------------


def taxonomy_names(framework: Framework) -> set[str]:
    """Every skill name and alias of the framework, lower-cased."""
    return {alias.lower() for skill in framework.skills for alias in (skill.name, *skill.aliases)}


def _automaton(names: Iterable[str]) -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for name in names:
        automaton.add_word(name, len(name))
    automaton.make_automaton()
    return automaton


def mlladder_finder(framework: Framework) -> Finder:
    matcher = skill_matcher(framework)

    def find(text: str) -> list[Mention]:
        return [(raw.start, raw.end, text[raw.start : raw.end]) for raw in matcher.find(text)]

    return find


def substring_finder(framework: Framework) -> Finder:
    """Baseline A: every occurrence of every name or alias inside the lower-cased text, overlaps included."""
    automaton = _automaton(taxonomy_names(framework))

    def find(text: str) -> list[Mention]:
        found = []
        for end_index, length in automaton.iter(text.lower()):
            start, end = end_index - length + 1, end_index + 1
            found.append((start, end, text[start:end]))
        return found

    return find


def word_boundary_finder(framework: Framework) -> Finder:
    """Baseline B: longest matches on word boundaries, with no context rules for short or everyday names."""
    automaton = _automaton(taxonomy_names(framework))

    def find(text: str) -> list[Mention]:
        found = []
        for end_index, length in automaton.iter_long(text.lower()):
            start, end = end_index - length + 1, end_index + 1
            if _on_boundaries(text, start, end):
                found.append((start, end, text[start:end]))
        return found

    return find


def _on_boundaries(text: str, start: int, end: int) -> bool:
    """No word character glued to a name's first or last word character ("R" in "Rust" fails)."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    if _WORD.match(text[start]) and _WORD.match(before):
        return False
    return not (_WORD.match(text[end - 1]) and _WORD.match(after))


# -- scoring -----------------------------------------------------------------------------------------------------


COUNTS = (
    "mentions",
    "mentions_on_gold",
    "gold",
    "gold_found",
    "knowledge",
    "knowledge_found",
    "scoped",
    "scoped_found",
    "scoped_exact",
    "labelled_elsewhere",
)


@dataclass
class Score:
    mentions: int = 0
    mentions_on_gold: int = 0
    gold: int = 0
    gold_found: int = 0
    knowledge: int = 0  # KNOWLEDGE spans alone: tools, languages, fields, where a skill dictionary should shine
    knowledge_found: int = 0
    scoped: int = 0
    scoped_found: int = 0
    scoped_exact: int = 0
    labelled_elsewhere: int = 0  # false positives whose text is a gold span somewhere in the data set
    missed: Counter[str] = field(default_factory=Counter)
    missed_outside: Counter[str] = field(default_factory=Counter)  # KNOWLEDGE spans not in the taxonomy
    false_positives: Counter[str] = field(default_factory=Counter)
    never_labelled: Counter[str] = field(default_factory=Counter)  # false positives annotators never label
    examples: dict[str, str] = field(default_factory=dict)  # a sentence for each false positive

    def add(self, other: Score) -> None:
        for name in COUNTS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.missed.update(other.missed)
        self.missed_outside.update(other.missed_outside)
        self.false_positives.update(other.false_positives)
        self.never_labelled.update(other.never_labelled)
        for key, sentence in other.examples.items():
            self.examples.setdefault(key, sentence)


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def mentions_by_sentence(sentences: list[Sentence], find: Finder) -> list[list[Mention]]:
    """Run the matcher on each sentence alone (no neighbouring text as context)."""
    return [find(sentence.text) for sentence in sentences]


def mentions_in_context(sentences: list[Sentence], find: Finder) -> list[list[Mention]]:
    """Run the matcher once on the whole file (sentences in order, one a line), as a document would be read, and
    give each sentence the mentions inside it, in its own offsets. Context rules then see neighbouring lines."""
    starts, position = [], 0
    for sentence in sentences:
        starts.append(position)
        position += len(sentence.text) + 1
    by_sentence: list[list[Mention]] = [[] for _ in sentences]
    for start, end, written in find("\n".join(sentence.text for sentence in sentences)):
        index = bisect.bisect_right(starts, start) - 1
        by_sentence[index].append((start - starts[index], end - starts[index], written))
    return by_sentence


def score(sentences: list[Sentence], found: list[list[Mention]], names: set[str], labelled: set[str]) -> Score:
    """Precision and recall counts; ``labelled`` holds every gold span text of the data set, to tell a false
    positive whose text annotators label elsewhere (a likely unlabelled mention) from one they never label."""
    result = Score()
    for sentence, mentions in zip(sentences, found, strict=True):
        result.mentions += len(mentions)
        for start, end, written in mentions:
            if any(overlaps(start, end, span.start, span.end) for span in sentence.spans):
                result.mentions_on_gold += 1
                continue
            result.false_positives[written.lower()] += 1
            result.labelled_elsewhere += written.lower() in labelled
            if written.lower() not in labelled:
                result.never_labelled[written.lower()] += 1
            result.examples.setdefault(written.lower(), sentence.text)
        for span in sentence.spans:
            hit = any(overlaps(start, end, span.start, span.end) for start, end, _ in mentions)
            result.gold += 1
            result.gold_found += hit
            if span.label == "KNOWLEDGE":
                result.knowledge += 1
                result.knowledge_found += hit
            if span.label == "KNOWLEDGE" and not hit and span.text.lower() not in names:
                result.missed_outside[span.text.lower()] += 1
            if span.text.lower() in names:
                result.scoped += 1
                result.scoped_found += hit
                result.scoped_exact += any((start, end) == (span.start, span.end) for start, end, _ in mentions)
                if not hit:
                    result.missed[span.text.lower()] += 1
    return result


def ratio(part: int, whole: int) -> str:
    return f"{part / whole:6.1%}" if whole else "   n/a"


# -- report ------------------------------------------------------------------------------------------------------

MLLADDER = "mlladder, one sentence at a time"
SCOPE_RULES = """\
Scoping rules:
  text      each CoNLL sentence = its tokens joined by single spaces; matchers run on one sentence at a time
  gold      SKILL (column 2) and KNOWLEDGE (column 3) BIO spans; the two layers are pooled
  precision share of found mentions overlapping any gold span by >= 1 character
  scoped    gold spans whose text, lower-cased, equals a taxonomy name or alias exactly (lower-cased)
  recall    share of (scoped | all) gold spans overlapped by a found mention; 'exact' needs equal boundaries
  'sentences in file order' runs mlladder once on each file's sentences joined by newlines, so its context rules
  for short or everyday names see the neighbouring lines, as in a real document (scored per sentence as above)"""


def print_scores(title: str, scores: dict[str, Score]) -> None:
    print(f"\n{title}")
    print(
        f"  {'matcher':<36} {'mentions':>8} {'precision':>9} {'scoped':>7} {'recall':>7} {'exact':>7} "
        f"{'all gold':>8} {'recall':>7} {'KNOWLEDGE':>9} {'recall':>7}"
    )
    for name, result in scores.items():
        gold = f"{result.gold:>8} {ratio(result.gold_found, result.gold):>7}"
        knowledge = f"{result.knowledge:>9} {ratio(result.knowledge_found, result.knowledge):>7}"
        print(
            f"  {name:<36} {result.mentions:>8} {ratio(result.mentions_on_gold, result.mentions):>9} "
            f"{result.scoped:>7} {ratio(result.scoped_found, result.scoped):>7} "
            f"{ratio(result.scoped_exact, result.scoped):>7} {gold} {knowledge}"
        )


def print_errors(result: Score, top: int) -> None:
    wrong = result.mentions - result.mentions_on_gold
    share = ratio(result.labelled_elsewhere, wrong).strip()
    print(
        f"\nmlladder's {wrong} false positives: {result.labelled_elsewhere} ({share}) have a text that SkillSpan"
        " annotators label as a span elsewhere (train or dev), so many of those are unlabelled mentions (titles,"
        " headers, lists) rather than errors; the rest are never labelled."
    )
    lenient = ratio(result.mentions_on_gold + result.labelled_elsewhere, result.mentions).strip()
    print(f"  precision if every one of those counted as right (an upper bound): {lenient}")
    print(f"\nTop {top} missed in-taxonomy gold spans (mlladder, one sentence at a time): text x times")
    print("  " + ", ".join(f"{text!r} x{count}" for text, count in result.missed.most_common(top)))
    print(f"\nTop {top} false positives (mlladder, one sentence at a time): text (lower-cased) x times, a sentence")
    for written, count in result.false_positives.most_common(top):
        print(f"  {written!r:<24} x{count:<3} {result.examples[written][:100]}")
    print(f"\nTop {top} false positives whose text is never a gold span (real errors, or skills annotators wrap in")
    print("longer phrases such as 'write unit tests'):")
    print("  " + ", ".join(f"{text!r} x{count}" for text, count in result.never_labelled.most_common(top)))
    print(f"\nTop {top} KNOWLEDGE spans missed because no taxonomy name matches them (taxonomy gaps or spellings):")
    print("  " + ", ".join(f"{text!r} x{count}" for text, count in result.missed_outside.most_common(top)))


def labelled_texts(folder: Path) -> set[str]:
    """Every gold span text (lower-cased) in SkillSpan's train and dev files."""
    return {
        span.text.lower() for path in folder.glob("skillspan_*.conll") for s in read_conll(path) for span in s.spans
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=15, help="how many misses and false positives to list")
    args = parser.parse_args()
    framework = mlladder.builtin_framework()
    names = taxonomy_names(framework)
    ours, substring, bounded = mlladder_finder(framework), substring_finder(framework), word_boundary_finder(framework)
    runs: dict[str, Callable[[list[Sentence]], list[list[Mention]]]] = {
        MLLADDER: lambda sentences: mentions_by_sentence(sentences, ours),
        "mlladder, sentences in file order": lambda sentences: mentions_in_context(sentences, ours),
        "baseline A: substring, no rules": lambda sentences: mentions_by_sentence(sentences, substring),
        "baseline B: word bounds, no context": lambda sentences: mentions_by_sentence(sentences, bounded),
    }
    folder = shared_data() / "skillspan"
    labelled = labelled_texts(folder)
    print(f"SkillSpan dev split ({folder}); taxonomy: {len(framework.skills)} skills, {len(names)} names and aliases")
    print(SCOPE_RULES)
    totals = {name: Score() for name in runs}
    for source, filename in DEV_FILES.items():
        sentences = read_conll(folder / filename)
        scores = {name: score(sentences, run(sentences), names, labelled) for name, run in runs.items()}
        for name, result in scores.items():
            totals[name].add(result)
        print_scores(f"{source} ({filename}: {len(sentences)} sentences)", scores)
    print_scores("tech + house", totals)
    print_errors(totals[MLLADDER], args.top)


if __name__ == "__main__":
    main()
