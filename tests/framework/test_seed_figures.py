"""The built-in ladder's figures, checked against the source articles themselves.

Each article states its figures in its own layout; the parsers below read them straight from the text, so a
figure typed wrong in the ladder, or one the ladder forgot, fails here.
"""

from __future__ import annotations

import re

import pytest

from mlladder import Framework
from tests.conftest import SEEDS, SEEDS_MISSING

GUIDE = "001_60c2f85fc76de547.txt"
OVERVIEW = "002_c5a541c7fecb3c44.txt"
LADDER_PAGE = "004_dd3532ce783bed2c.txt"

pytestmark = pytest.mark.skipif(SEEDS_MISSING, reason=f"source articles not found at {SEEDS}")

# How each article names the levels of the built-in ladder.
TITLES = {
    GUIDE: {"Junior": "L1", "Mid-Level": "L2", "Senior": "L3", "Staff+": "L4"},
    OVERVIEW: {"Junior": "L1", "Mid-Level": "L2", "Senior": "L3", "Staff": "L4", "Principal": "L5"},
    LADDER_PAGE: {
        "Junior ML Engineer / ML Intern": "L1",
        "Machine Learning Engineer": "L2",
        "Senior ML Engineer": "L3",
        "ML Architect / Head of AI": "A1",
    },
}
STEPS = {"Junior → Mid": ("L1", "L2"), "Mid → Senior": ("L2", "L3"), "Senior → Staff": ("L3", "L4")}

Band = tuple[str, float, float, bool]  # level, min, max, open-ended
Years = tuple[str, float, float | None]


def read(name: str) -> str:
    return (SEEDS / name).read_text(encoding="utf-8")


def money(text: str) -> float:
    """'$100,000' -> 100000, '$80K' -> 80000."""
    text = text.replace("$", "").replace(",", "")
    return float(text[:-1]) * 1000 if text.endswith("K") else float(text)


def years(low: str, high: str | None) -> tuple[float, float | None]:
    return float(low), float(high) if high else None


# One pattern per article, each capturing: title, years low, years high, pay low, pay high, "+" if open-ended.
PATTERNS = {
    GUIDE: (
        r"### (?P<title>\S+) ML Engineer \((?P<low>\d+)(?:-(?P<high>\d+)|\+) years\)\s+.*?"
        r"Salary range:\s+(?P<pay_low>\$[\d,]+) - (?P<pay_high>\$[\d,]+)(?P<plus>\+?)",
        re.S,
    ),
    OVERVIEW: (
        r"### (?P<title>\S+) ML Engineer \((?P<low>\d+)(?:-(?P<high>\d+)|\+) years\).*?"
        r"\*\*Compensation:\*\* (?P<pay_low>\$\d+K)-(?P<pay_high>\$\d+K)(?P<plus>\+?)",
        re.S,
    ),
    LADDER_PAGE: (
        r"^(?P<title>.+)\n(?P<pay_low>\$\d+K)-(?P<pay_high>\$\d+K)(?P<plus>\+?)\n"
        r"(?P<low>\d+)(?:-(?P<high>\d+)|\+) years$",
        re.M,
    ),
}


def figures(source: str) -> tuple[list[Band], list[Years]]:
    """The salary bands and year ranges an article states, read from its text."""
    pattern, flags = PATTERNS[source]
    bands: list[Band] = []
    spans: list[Years] = []
    for match in re.finditer(pattern, read(source), flags):
        level = TITLES[source][match["title"].strip()]
        bands.append((level, money(match["pay_low"]), money(match["pay_high"]), match["plus"] == "+"))
        spans.append((level, *years(match["low"], match["high"])))
    return bands, spans


def guide_timelines() -> dict[str, dict[tuple[str, str], tuple[float, float]]]:
    text = read(GUIDE)
    realistic = text.split("Realistic progression:")[1].split("Accelerated progression")[0]
    accelerated = text.split("Accelerated progression (top performers):")[1].split("Factors that speed")[0]

    def steps(block: str) -> dict[tuple[str, str], tuple[float, float]]:
        found = re.findall(r"(\w+ → \w+): ([\d.]+)-([\d.]+) years", block)
        return {STEPS[step]: (float(low), float(high)) for step, low, high in found}

    return {"realistic": steps(realistic), "accelerated": steps(accelerated)}


@pytest.mark.parametrize("source", list(PATTERNS))
def test_every_salary_band_of_the_source_is_in_the_ladder(ml_ladder: Framework, source: str) -> None:
    expected, _ = figures(source)
    assert len(expected) == len(TITLES[source]), "the parser should find one band per level the source names"
    ours = sorted(
        (band.level, band.min, band.max, band.open_ended) for band in ml_ladder.salary_bands if band.source == source
    )
    assert ours == sorted(expected)
    assert all(band.currency == "USD" for band in ml_ladder.salary_bands if band.source == source)


@pytest.mark.parametrize("source", list(PATTERNS))
def test_every_year_range_of_the_source_is_in_the_ladder(ml_ladder: Framework, source: str) -> None:
    _, expected = figures(source)
    ours = sorted(
        (level.id, span.min, span.max) for level in ml_ladder.levels for span in level.years if source in span.sources
    )
    assert ours == sorted(expected)


def test_both_timelines_match_the_source(ml_ladder: Framework) -> None:
    timelines = guide_timelines()
    assert len(timelines["realistic"]) == len(timelines["accelerated"]) == 3
    for kind, steps in timelines.items():
        for (start, end), (low, high) in steps.items():
            (step,) = [t for t in ml_ladder.transitions if (t.from_level, t.to_level) == (start, end)]
            span = getattr(step, kind)
            assert (span.min_years, span.max_years) == (low, high), f"{kind} {start}->{end}"
            assert GUIDE in span.sources


def test_no_figure_cites_a_source_that_lacks_it(ml_ladder: Framework) -> None:
    """Bands citing the two articles without pay figures would be invented."""
    cited = {band.source for band in ml_ladder.salary_bands}
    assert cited == {GUIDE, OVERVIEW, LADDER_PAGE}


def test_senior_year_ranges_from_different_sources_are_kept_side_by_side(ml_ladder: Framework) -> None:
    senior = next(level for level in ml_ladder.levels if level.id == "L3")
    ranges = {(span.min, span.max, source) for span in senior.years for source in span.sources}
    assert {(5, 8, GUIDE), (5, 8, LADDER_PAGE), (4, 7, OVERVIEW)} <= ranges
