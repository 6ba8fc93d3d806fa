"""Evaluation: the level mlladder places a job posting at, against the level the posting itself names.

SkillSpan's TECH files (train and dev) hold whole Stack Overflow job postings, one sentence a CoNLL block. Many
carry an "Experience level:" line followed by a line with one or more of Junior, Mid-Level, Senior, Lead, Manager.
Those two lines are removed from the text before placing, so the answer is not in the question.

Splitting the files into postings: each posting opens with a header that ends in its "Date posted:" line. Going
back from that line, the lines made only of placeholders (<ORGANIZATION>, <ADDRESS>, <LOCATION>), dashes and
numbers are the organisation and address; the line before them is the title. When none of those lines names an
organisation and the title candidate has no <ORGANIZATION> either, the candidate is a company name written out
("teckro") and the title is the line before it. The posting runs from its title to the next posting's title.

Labels map to the built-in ladder: Junior -> L1, Mid-Level -> L2, Senior -> L3, Lead -> L4; Manager is left out
(the ladder's manager track is not what the placement predicts), and postings labelled only Manager are dropped.
A prediction is right when it is one of the posting's labels.

Methods, measured in the same run: mlladder (``place_text(..., kind="posting")``); the majority class (the level
found in most postings' labels, chosen on these same postings, so an optimistic baseline); and a rule on the
required years mlladder extracts (<2 -> L1, <5 -> L2, <8 -> L3, else L4; none found -> the majority class).
An extra baseline shows how much the title alone decides: the level a seniority word of the ladder's titles names
("Senior" -> L3, "Lead" -> L4, "Principal" -> L5), else the level whose title has no such word (L2).

Run: .venv/bin/python benchmarks/eval_postings.py [--quiet]
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import mlladder
from eval_skillspan import Sentence, ratio, read_conll, shared_data
from mlladder.assess.documents import title_levels
from mlladder.evidence.batch import place_text
from mlladder.framework.ladder import ic_levels
from mlladder.framework.schema import Framework

TECH_FILES = ("skillspan_tech_train.conll", "skillspan_tech_dev.conll")
LEVEL_OF_LABEL = {"Junior": "L1", "Mid-Level": "L2", "Senior": "L3", "Lead": "L4"}
LEFT_OUT = {"Manager"}
LEVELS = ("L1", "L2", "L3", "L4", "L5")
_PLACEHOLDER = re.compile(r"^(?:<[A-Z]+>|[-–—,/()&.\d]+)$")
ORGANISATION = "<ORGANIZATION>"


@dataclass(frozen=True)
class Posting:
    source: str  # file:line number of the title sentence (0-based sentence index)
    title: str
    text: str  # sentences one a line, the experience-level lines removed
    labels: tuple[str, ...]  # as written: Junior, Mid-Level, ...

    @property
    def levels(self) -> set[str]:
        return {LEVEL_OF_LABEL[label] for label in self.labels if label in LEVEL_OF_LABEL}


# -- splitting the files into postings ---------------------------------------------------------------------------


def is_date_line(sentence: Sentence) -> bool:
    return sentence.tokens[:2] == ["Date", "posted:"]


def is_placeholder_line(sentence: Sentence) -> bool:
    """An organisation or address line: nothing but placeholders, dashes and numbers."""
    return all(_PLACEHOLDER.match(token) for token in sentence.tokens)


def title_index(sentences: list[Sentence], date_index: int) -> int:
    """Where the posting whose "Date posted:" line is at ``date_index`` starts (see the module docstring)."""
    index = date_index - 1
    organisation_seen = False
    while index > 0 and is_placeholder_line(sentences[index]):
        organisation_seen = organisation_seen or ORGANISATION in sentences[index].tokens
        index -= 1
    if index > 0 and not organisation_seen and ORGANISATION not in sentences[index].tokens:
        index -= 1  # a company name written out sits between the title and the address
    return index


def split_postings(sentences: list[Sentence], filename: str) -> list[Posting]:
    starts = [title_index(sentences, index) for index, sentence in enumerate(sentences) if is_date_line(sentence)]
    postings = []
    for number, start in enumerate(starts):
        end = starts[number + 1] if number + 1 < len(starts) else len(sentences)
        postings.append(posting(sentences[start:end], f"{filename}:{start}"))
    return postings


def posting(sentences: list[Sentence], source: str) -> Posting:
    """A posting's text without its "Experience level:" line and the label line after it."""
    lines: list[str] = []
    labels: tuple[str, ...] = ()
    skip_next = False
    for sentence in sentences:
        if skip_next:
            labels, skip_next = tuple(sentence.tokens), False
            continue
        if sentence.tokens == ["Experience", "level:"]:
            skip_next = True
            continue
        lines.append(sentence.text)
    return Posting(source, sentences[0].text, "\n".join(lines), labels)


def read_postings() -> list[Posting]:
    folder = shared_data() / "skillspan"
    return [item for name in TECH_FILES for item in split_postings(read_conll(folder / name), name)]


# -- methods -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Placed:
    posting: Posting
    mlladder: str
    probability: float
    required_years: float | None
    title_names_level: bool  # a seniority word of the ladder's titles is in the posting's title


def place_all(postings: list[Posting], framework: Framework) -> list[Placed]:
    placed = []
    for item in postings:
        evidence, result = place_text(item.source, item.text, framework, kind="posting")
        probabilities = level_probabilities(result, framework)
        level = max(probabilities, key=lambda key: probabilities[key])
        named = bool(title_levels(item.title, framework))
        placed.append(Placed(item, level, probabilities[level], evidence.years.required_min, named))
    return placed


def level_probabilities(result: object, framework: Framework) -> dict[str, float]:
    """``place_text``'s placement as {level: probability}. It has returned a full Assessment and, since the batch
    needs no explanation, only the main-track probabilities in level order; both are read."""
    probabilities: Any = getattr(result, "probabilities", result)
    if isinstance(probabilities, dict):
        return {str(level): float(value) for level, value in probabilities.items()}
    levels = [level.id for level in ic_levels(framework)]
    return {level: float(value) for level, value in zip(levels, probabilities, strict=True)}


def majority_level(postings: list[Posting]) -> str:
    """The level in most postings' label sets (ties go to the lower level)."""
    counts = Counter(level for item in postings for level in item.levels)
    return max(sorted(counts), key=lambda level: counts[level])


def unmarked_level(framework: Framework) -> str:
    """The main-track level whose title carries no seniority word (L2, "ML Engineer", on the built-in ladder)."""
    return next(level.id for level in ic_levels(framework) if not title_levels(level.title, framework))


def title_rule(title: str, framework: Framework) -> str:
    """Extra baseline: the first level a seniority word in the title names, else the unmarked level."""
    named = title_levels(title, framework)
    return named[0] if named else unmarked_level(framework)


def years_rule(required: float | None, fallback: str) -> str:
    if required is None:
        return fallback
    if required < 2:
        return "L1"
    if required < 5:
        return "L2"
    return "L3" if required < 8 else "L4"


# -- report ------------------------------------------------------------------------------------------------------


def label_set(levels: set[str]) -> str:
    return "+".join(sorted(levels))


def print_scores(placed: list[Placed], methods: dict[str, Callable[[Placed], str]]) -> None:
    carrying = {level: [row for row in placed if level in row.posting.levels] for level in LEVELS[:4]}
    print(f"\n  {'method':<34} {'accuracy':>12}   per-level recall (postings carrying the label that get exactly it)")
    print(f"  {'':<34} {'':>12}   " + "  ".join(f"{level} (n={len(rows):>2})" for level, rows in carrying.items()))
    for name, predict in methods.items():
        right = sum(predict(row) in row.posting.levels for row in placed)
        recalls = "  ".join(
            f"{ratio(sum(predict(row) == level for row in rows), len(rows)):>10}" for level, rows in carrying.items()
        )
        print(f"  {name:<34} {right:>3}/{len(placed):<3} {ratio(right, len(placed))}   {recalls}")


def print_confusion(placed: list[Placed], name: str, predict: Callable[[Placed], str]) -> None:
    rows = sorted({label_set(row.posting.levels) for row in placed}, key=lambda labels: (len(labels), labels))
    print(f"\n  confusion, {name}: rows = the posting's labels, columns = predicted level, * = right")
    print(f"  {'labels':<12}" + "".join(f"{level:>6}" for level in LEVELS))
    for labels in rows:
        group = [row for row in placed if label_set(row.posting.levels) == labels]
        cells = []
        for level in LEVELS:
            count = sum(predict(row) == level for row in group)
            mark = "*" if level in labels.split("+") and count else " "
            cells.append(f"{count or '.':>5}{mark}")
        print(f"  {labels:<12}" + "".join(cells))


def print_by_title(placed: list[Placed]) -> None:
    """mlladder's accuracy apart for titles with a seniority word (which decide most placements) and without."""
    print()
    for named in (True, False):
        group = [row for row in placed if row.title_names_level == named]
        right = sum(row.mlladder in row.posting.levels for row in group)
        wording = "names a level (Senior, Junior, Lead, Principal, ...)" if named else "names no level"
        print(f"  mlladder when the title {wording:<52} {right:>3}/{len(group):<3} {ratio(right, len(group))}")


def print_details(placed: list[Placed], fallback: str) -> None:
    print("\n  every posting: source, title, labels -> mlladder (probability), required years -> years rule")
    for row in placed:
        item = row.posting
        ours = "right" if row.mlladder in item.levels else "wrong"
        rule = years_rule(row.required_years, fallback)
        print(
            f"  {item.source:<32} {item.title[:44]:<44} {label_set(item.levels):<12} -> {row.mlladder} "
            f"({row.probability:.2f}) {ours:<5}  years {row.required_years!s:>4} -> {rule}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quiet", action="store_true", help="leave out the per-posting listing")
    args = parser.parse_args()
    framework = mlladder.builtin_framework()
    postings = read_postings()
    labelled = [item for item in postings if item.labels]
    kept = [item for item in labelled if item.levels]
    print(
        f"SkillSpan TECH train + dev: {len(postings)} postings, {len(labelled)} with an 'Experience level:' line, "
        f"{len(kept)} kept ({len(labelled) - len(kept)} labelled only {', '.join(sorted(LEFT_OUT))}: left out)"
    )
    label_counts = Counter(label for item in labelled for label in item.labels)
    print(f"  labels: {dict(label_counts)}; label sets: {dict(Counter(label_set(p.levels) for p in kept))}")
    print("  a small sample: one posting more or less moves accuracy by about 3 points")
    placed = place_all(kept, framework)
    fallback = majority_level(kept)
    methods: dict[str, Callable[[Placed], str]] = {
        "mlladder place_text(kind=posting)": lambda row: row.mlladder,
        f"majority class ({fallback})": lambda row: fallback,
        "required-years rule": lambda row: years_rule(row.required_years, fallback),
        "title words only (extra baseline)": lambda row: title_rule(row.posting.title, framework),
    }
    print_scores(placed, methods)
    for name in ("mlladder place_text(kind=posting)", "required-years rule"):
        print_confusion(placed, name, methods[name])
    print_by_title(placed)
    found = sum(row.required_years is not None for row in placed)
    print(f"\n  required years found in {found} of {len(placed)} postings (the rest fall back to {fallback})")
    if not args.quiet:
        print_details(placed, fallback)


if __name__ == "__main__":
    main()
