"""Calibration of posting placement: the temperature that makes the stated probabilities honest.

The placement's scores are summed log-likelihoods (src/mlladder/assess/postings.py); dividing them by one
temperature before the softmax keeps the ranking and fixes only how sure the probabilities sound. This script
fits that one number on the train split of the labelled postings (benchmarks/posting_data.py), each posting read
twice (title masked, and with its title), by minimising the negative log-likelihood of the posting's acceptable
levels, over a grid of temperatures. The dev split is never used here; benchmarks/eval_postings.py reports it.

One parameter on 36 readings: the sample is small, and the grid is coarse on purpose.

Run: .venv/bin/python benchmarks/fit_postings.py
"""

from __future__ import annotations

import math

import numpy as np

import mlladder
from mlladder.assess import postings
from mlladder.assess.model import normalise, placement_model
from mlladder.evidence.pipeline import evidence_from_text
from mlladder.framework.ladder import ic_levels
from posting_data import read_postings

GRID = [round(0.4 + 0.1 * step, 1) for step in range(27)]  # 0.4 .. 3.0


def main() -> None:
    framework = mlladder.builtin_framework()
    levels = [level.id for level in ic_levels(framework)]
    readings: list[tuple[np.ndarray, frozenset[str]]] = []
    for item in read_postings():
        if item.split != "train":
            continue
        for text in (item.masked, item.with_title):
            document, evidence = evidence_from_text(item.source, text, framework, kind="posting")
            terms = postings._terms(evidence, framework, placement_model(framework), document.text)
            raw = postings._prior(len(levels)) + sum((term.log_likelihood for term in terms), np.zeros(len(levels)))
            readings.append((raw, item.levels))
    print(f"train: {len(readings)} readings; temperature -> negative log-likelihood of the acceptable levels")
    best = min(GRID, key=lambda temperature: loss(readings, levels, temperature))
    for temperature in GRID:
        marker = "  <- fitted" if temperature == best else ""
        print(f"  T = {temperature:.1f}  NLL {loss(readings, levels, temperature):.4f}{marker}")
    print(f"\nfitted temperature: {best:.1f} (in code: {postings.TEMPERATURE})")


def loss(readings: list[tuple[np.ndarray, frozenset[str]]], levels: list[str], temperature: float) -> float:
    total = 0.0
    for raw, acceptable in readings:
        probabilities = normalise(raw / temperature)
        hit = sum(float(p) for level, p in zip(levels, probabilities, strict=True) if level in acceptable)
        total -= math.log(max(hit, 1e-12))
    return total / len(readings)


if __name__ == "__main__":
    main()
