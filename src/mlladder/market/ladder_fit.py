"""Ladder against market: where what postings ask for at a level and what the ladder expects there part ways.

Three findings, each decided from the share of a level's postings asking for a skill (see docs/market.md):

- ``earlier_than_ladder``: the market asks for the skill at a level below the one the ladder places it at;
- ``not_in_ladder``: the market asks for a skill the ladder does not have at all (a dataset written with another
  framework, or a ladder file that leaves the skill out), or has only on another track;
- ``rarely_asked``: the ladder expects the skill at a level, and few postings for that level mention it.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from mlladder.framework.ladder import focus_skills, ic_levels
from mlladder.framework.schema import Framework
from mlladder.market.analysis import Z95, MarketOptions

__all__ = [
    "FINDINGS",
    "ladder_vs_market",
    "wilson",
]

FINDINGS = ("earlier_than_ladder", "not_in_ladder", "rarely_asked")


def wilson(asking: int, postings: int) -> tuple[float, float]:
    """The Wilson 95% interval of a share ``asking / postings`` (the same formula the queries use)."""
    if postings <= 0:
        return 0.0, 1.0
    share, z2 = asking / postings, Z95 * Z95
    centre = share + z2 / (2 * postings)
    spread = Z95 * math.sqrt(share * (1 - share) / postings + z2 / (4 * postings * postings))
    return max(0.0, (centre - spread) / (1 + z2 / postings)), min(1.0, (centre + spread) / (1 + z2 / postings))


def _finding(
    kind: str, level: str, skill: str, asking: int, postings: int, ladder: str | None, market: str | None, name: str
) -> dict[str, Any]:
    low, high = wilson(asking, postings)
    return {
        "finding": kind,
        "level": level,
        "skill": skill,
        "name": name,
        "ladder_level": ladder,
        "market_level": market,
        "postings": postings,
        "asking": asking,
        "share": asking / postings if postings else 0.0,
        "share_low": low,
        "share_high": high,
    }


def expected_at(framework: Framework, levels: list[str], index: int, seen: set[str]) -> set[str]:
    """The skills the ladder expects at a level: those it places there that postings mention somewhere (a skill
    no posting names at any level says more about the wording of postings than about this level), and the
    skills its guides name for the step into the level."""
    level = levels[index]
    placed = {skill.id for skill in framework.skills if skill.typical_level == level and skill.id in seen}
    stepped = set(focus_skills(framework, levels[index - 1], level)) if index else set()
    return placed | stepped


def ladder_vs_market(
    demand_by_level: Iterable[dict[str, Any]], framework: Framework, options: MarketOptions
) -> list[dict[str, Any]]:
    """The findings from the per-level demand rows (:func:`~mlladder.market.analysis.demand` by level), ordered
    by finding, level and share."""
    levels = [level.id for level in ic_levels(framework)]
    rank = {level: index for index, level in enumerate(levels)}
    skills = {skill.id: skill for skill in framework.skills}
    postings: dict[str, int] = {}
    asking: dict[tuple[str, str], int] = {}
    overall: dict[str, int] = defaultdict(int)
    for row in demand_by_level:
        postings[row["group"]] = row["postings"]
        asking[(row["group"], row["skill"])] = row["asking"]
        overall[row["skill"]] += row["asking"]
    asked_at = {
        key: count
        for key, count in asking.items()
        if count >= options.min_count and count / postings[key[0]] >= options.min_share
    }
    market_level: dict[str, str] = {}
    for level, skill in sorted(asked_at, key=lambda key: rank.get(key[0], len(levels))):
        market_level.setdefault(skill, level)
    found: list[dict[str, Any]] = []
    for (level, skill), count in asked_at.items():
        known = skills.get(skill)
        ladder = known.typical_level if known else None
        name = known.name if known else skill
        if level not in rank:
            continue
        if ladder is None or ladder not in rank:
            found.append(_finding("not_in_ladder", level, skill, count, postings[level], ladder, level, name))
        elif rank[ladder] > rank[level]:
            found.append(
                _finding("earlier_than_ladder", level, skill, count, postings[level], ladder, market_level[skill], name)
            )
    seen = {skill for skill, count in overall.items() if count >= options.min_count}
    for index, level in enumerate(levels):
        total = postings.get(level, 0)
        if total < options.min_count:
            continue  # too few postings at this level to say that few mention anything
        for skill in sorted(expected_at(framework, levels, index, seen)):
            count = asking.get((level, skill), 0)
            if count / total < options.rare_share:
                name = skills[skill].name if skill in skills else skill
                found.append(
                    _finding(
                        "rarely_asked",
                        level,
                        skill,
                        count,
                        total,
                        skills[skill].typical_level if skill in skills else None,
                        market_level.get(skill),
                        name,
                    )
                )
    order = {kind: index for index, kind in enumerate(FINDINGS)}
    found.sort(key=lambda item: (order[item["finding"]], rank[item["level"]], -item["share"], item["skill"]))
    return found
