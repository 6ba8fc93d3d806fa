"""What a level means in years and pay, as the ladder pages show it: the guides' year ranges and pay bands beside
what the market pays, and a plain sentence where the guides give nothing.

The guides' bands are yearly figures as each article states them; none of the articles says whether a band is base
salary or total pay, so they are shown as "as stated". The market figures are base salary (the aijobs.net reports),
for one company location or all of them.
"""

from __future__ import annotations

from dataclasses import dataclass

from mlladder.framework.ladder import (
    CombinedSalary,
    combined_salaries,
    get_level,
    main_track_id,
    years_by_range,
)
from mlladder.framework.schema import Framework, Level
from mlladder.guidance.pay import PayComparison, compare_pay

__all__ = ["LevelFacts", "ladder_facts", "level_facts"]


@dataclass(frozen=True)
class LevelFacts:
    """One level's years and pay: the guides' figures with their sources, the market's, and why either is missing."""

    level: Level
    years: list[tuple[str, list[str]]]  # distinct year ranges ("5-8") with the sources giving each
    no_years: str | None  # why there are no year ranges (None when there are)
    guide_pay: list[CombinedSalary]  # one per currency, every article's band combined
    no_guide_pay: str | None  # why the guides give no pay (None when they do)
    pay: PayComparison  # each article's band against the market for the region, with the market's base pay

    @property
    def has_market(self) -> bool:
        return self.pay.market is not None


def _no_years(framework: Framework, level: Level) -> str | None:
    if level.years:
        return None
    if level.track != main_track_id(framework):
        return "The source articles give no years of experience for this level, only for the engineer's track."
    return "The source articles give no years of experience for this level."


def _no_guide_pay(framework: Framework, level: Level, bands: list[CombinedSalary]) -> str | None:
    if bands:
        return None
    if level.track != main_track_id(framework):
        return "The source articles give no pay for this level, only for the engineer's track."
    return "The source articles give no pay band for this level."


def level_facts(framework: Framework, level_id: str, region: str | None = None) -> LevelFacts:
    """Years and pay of one level; ``region`` is a company-location code for the market figures (default: all)."""
    level = get_level(framework, level_id)
    bands = [item for item in combined_salaries(framework) if item.level == level.id]
    return LevelFacts(
        level=level,
        years=years_by_range(level),
        no_years=_no_years(framework, level),
        guide_pay=bands,
        no_guide_pay=_no_guide_pay(framework, level, bands),
        pay=compare_pay(framework, level.id, region),
    )


def ladder_facts(framework: Framework, region: str | None = None) -> list[LevelFacts]:
    """:func:`level_facts` of every level, in the framework's order."""
    return [level_facts(framework, level.id, region) for level in framework.levels]
