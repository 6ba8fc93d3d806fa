"""Evaluation: the level mlladder places a job posting at, against the level the posting itself names.

The labelled postings, their labels, the masking of titles and seniority words, and the train/dev split are
described in benchmarks/posting_data.py. Every figure is printed for the dev split (never tuned on) and, apart,
for the train split (where the model's calibration was fitted), so the two can be compared.

Methods, measured in the same run:
- mlladder on the masked text (the description alone decides), and on the text with its title;
- the majority class of the train split's labels;
- a rule on the required years mlladder extracts (<2 -> L1, <5 -> L2, <8 -> L3, else L4; none found -> the
  majority class).

Figures: accuracy (the prediction is one of the posting's levels); macro-F1 over the levels present, counting a
prediction against the nearest acceptable level; within one level; expected calibration error of the placed
level's probability (5 equal-width bins; the majority and years rules state no probability and have none);
per-level recall (postings whose label set holds the level and get exactly it).

Run: .venv/bin/python benchmarks/eval_postings.py [--quiet]
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import mlladder
from eval_skillspan import ratio
from mlladder.assess.batch import place_text
from mlladder.framework.ladder import ic_levels
from mlladder.framework.schema import Framework
from posting_data import LEVELS, Posting, read_postings

BINS = 5


@dataclass(frozen=True)
class Placed:
    posting: Posting
    level: str
    probability: float
    titled_level: str
    titled_probability: float
    required_years: float | None


def place_all(postings: list[Posting], framework: Framework) -> list[Placed]:
    placed = []
    for item in postings:
        evidence, probabilities = place_text(item.source, item.masked, framework, kind="posting")
        masked = _probabilities(probabilities, framework)
        _, titled_probabilities = place_text(item.source, item.with_title, framework, kind="posting")
        titled = _probabilities(titled_probabilities, framework)
        level, with_title = max(masked, key=masked.__getitem__), max(titled, key=titled.__getitem__)
        years = evidence.years.required_min
        placed.append(Placed(item, level, masked[level], with_title, titled[with_title], years))
    return placed


def _probabilities(values: object, framework: Framework) -> dict[str, float]:
    levels = [level.id for level in ic_levels(framework)]
    found: dict[str, float] = getattr(values, "probabilities", None) or dict(
        zip(levels, [float(v) for v in values], strict=True)  # type: ignore[attr-defined]
    )
    return {str(level): float(value) for level, value in found.items()}


def years_rule(required: float | None, fallback: str) -> str:
    if required is None:
        return fallback
    if required < 2:
        return "L1"
    if required < 5:
        return "L2"
    return "L3" if required < 8 else "L4"


def nearest(levels: frozenset[str], predicted: str) -> str:
    """The acceptable level nearest the prediction (the prediction itself when acceptable)."""
    return min(sorted(levels), key=lambda level: abs(LEVELS.index(level) - LEVELS.index(predicted)))


def macro_f1(pairs: list[tuple[str, str]]) -> float:
    """Macro-F1 over the levels that occur as gold or prediction; ``pairs`` are (gold, predicted)."""
    scores = []
    for level in sorted({gold for gold, _ in pairs} | {predicted for _, predicted in pairs}):
        tp = sum(gold == level == predicted for gold, predicted in pairs)
        fp = sum(predicted == level != gold for gold, predicted in pairs)
        fn = sum(gold == level != predicted for gold, predicted in pairs)
        scores.append(0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn))
    return sum(scores) / len(scores) if scores else 0.0


def calibration_error(rows: list[tuple[float, bool]]) -> float:
    """Expected calibration error: the gap between stated probability and hit rate, averaged over bins by size."""
    total = 0.0
    for number in range(BINS):
        low, high = number / BINS, (number + 1) / BINS
        group = [(p, hit) for p, hit in rows if low <= p < high or (number == BINS - 1 and p == 1.0)]
        if group:
            stated = sum(p for p, _ in group) / len(group)
            hits = sum(hit for _, hit in group) / len(group)
            total += len(group) * abs(stated - hits)
    return total / len(rows) if rows else 0.0


Method = Callable[[Placed], tuple[str, float | None]]


def print_scores(title: str, rows: list[Placed], methods: dict[str, Method]) -> None:
    present = [level for level in LEVELS if any(level in row.posting.levels for row in rows)]
    sets = Counter("+".join(sorted(row.posting.levels)) for row in rows)
    print(f"\n{title}: {len(rows)} postings; label sets {dict(sets)}")
    header = "  ".join(f"{level} (n={sum(level in r.posting.levels for r in rows)})" for level in present)
    print(f"  {'method':<30} {'accuracy':>13} {'macro-F1':>8} {'within 1':>9} {'ECE':>6}   recall: {header}")
    for name, predict in methods.items():
        answers = [(row, *predict(row)) for row in rows]
        hits = [level in row.posting.levels for row, level, _ in answers]
        pairs = [(nearest(row.posting.levels, level), level) for row, level, _ in answers]
        within = sum(abs(LEVELS.index(gold) - LEVELS.index(level)) <= 1 for gold, level in pairs)
        stated = [(p, hit) for (_, _, p), hit in zip(answers, hits, strict=True) if p is not None]
        ece = f"{calibration_error(stated):.2f}" if stated else "-"
        recalls = "  ".join(f"{recall(answers, level):>10}" for level in present)
        print(
            f"  {name:<30} {sum(hits):>3}/{len(rows):<3} {ratio(sum(hits), len(rows))} {macro_f1(pairs):>8.2f} "
            f"{ratio(within, len(rows)):>9} {ece:>6}   {recalls}"
        )


def recall(answers: list[tuple[Placed, str, float | None]], level: str) -> str:
    """Of the postings whose label set holds ``level``, the share placed at exactly it."""
    carrying = [predicted for row, predicted, _ in answers if level in row.posting.levels]
    return ratio(sum(predicted == level for predicted in carrying), len(carrying))


def print_details(rows: list[Placed], fallback: str) -> None:
    print("\n  every posting: split, title, labels -> mlladder masked (p) / with title (p), required years -> rule")
    for row in rows:
        item = row.posting
        print(
            f"  {item.split:<5} {item.title[:40]:<40} {'+'.join(sorted(item.levels)):<9} -> {row.level} "
            f"({row.probability:.2f}) / {row.titled_level} ({row.titled_probability:.2f})  years "
            f"{row.required_years!s:>4} -> {years_rule(row.required_years, fallback)}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quiet", action="store_true", help="leave out the per-posting listing")
    args = parser.parse_args()
    framework = mlladder.builtin_framework()
    postings = read_postings()
    train = [item for item in postings if item.split == "train"]
    counts = Counter(level for item in train for level in item.levels)
    fallback = max(sorted(counts), key=lambda level: counts[level])
    placed = place_all(postings, framework)
    methods: dict[str, Method] = {
        "mlladder, masked": lambda row: (row.level, row.probability),
        "mlladder, with title": lambda row: (row.titled_level, row.titled_probability),
        f"majority class of train ({fallback})": lambda row: (fallback, None),
        "required-years rule": lambda row: (years_rule(row.required_years, fallback), None),
    }
    basis = Counter(item.label_basis for item in postings)
    print(f"SkillSpan TECH: {len(postings)} labelled postings ({dict(basis)}); one posting moves accuracy 4-6 points")
    print_scores("dev (reported, never tuned on)", [r for r in placed if r.posting.split == "dev"], methods)
    print_scores("train (calibration fitted here)", [r for r in placed if r.posting.split == "train"], methods)
    found = sum(row.required_years is not None for row in placed)
    print(f"\n  required years found in {found} of {len(placed)} postings")
    if not args.quiet:
        print_details(placed, fallback)


if __name__ == "__main__":
    main()
