"""Small formatting rules shared by every output, so the terminal, JSON summaries and reports agree."""

from __future__ import annotations

__all__ = ["percent_label"]


def percent_label(probability: float) -> str:
    """A probability as a percentage; tiny and near-certain values are not rounded to 0% or 100%."""
    if 0 < probability < 0.001:
        return "<0.1%"
    if 0.999 < probability < 1:
        return ">99.9%"
    return f"{probability:.1%}"
