"""docs/pay.md, generated from the shipped market table and the built-in ladder so its figures cannot go stale.

Regenerate with ``python -m mlladder.guidance.docs > docs/pay.md``; a test fails when the file is out of date.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import jinja2

from mlladder.assess.profile import Profile
from mlladder.errors import InputError
from mlladder.framework.ladder import format_band, ic_levels, salary_bands_for
from mlladder.framework.load import builtin_framework
from mlladder.framework.schema import Framework, Level, SalaryBand
from mlladder.guidance.pay import (
    Finding,
    check_offer,
    compare_pay,
    findings,
)
from mlladder.guidance.person_pay import person_region
from mlladder.guidance.text import money, percentile_phrase, verdict
from mlladder.limits import MAX_OFFER_USD, MIN_OFFER_USD
from mlladder.market.pay import (
    EXPERIENCE_NAMES,
    MarketPay,
    experience_level_for,
    market_pay,
    market_table,
    no_mapping_reason,
    percentile_of,
)

__all__ = ["disagreements", "exact_title_disagreements", "pay_markdown"]

DISAGREEMENT_REGION = "US"


@dataclass(frozen=True)
class BandRow:
    level: str
    article: str
    band: str
    percentiles: str
    findings: list[Finding]


@dataclass(frozen=True)
class LevelDisagreement:
    """One mapped level's bands against one market cell (the chosen rows, or the exact-title check's)."""

    level: Level
    market: MarketPay
    rows: list[BandRow]

    def count(self, finding: Finding) -> int:
        return sum(finding in row.findings for row in self.rows)


def _percentiles(band: SalaryBand, market: MarketPay) -> str:
    low = round(percentile_of(band.min, market))
    high = "" if band.open_ended else str(round(percentile_of(band.max, market)))
    return f"{low}-{high}"


def _articles(framework: Framework) -> dict[str, str]:
    return {source.id: source.title.split(" (", 1)[0] for source in framework.sources}


def _disagreement(framework: Framework, level: Level, market: MarketPay) -> LevelDisagreement:
    titles = _articles(framework)
    rows = [
        BandRow(
            level=level.id,
            article=titles.get(band.source, band.source),
            band=format_band(band.min, band.max, band.currency, band.open_ended),
            percentiles=_percentiles(band, market),
            findings=findings(band, market),
        )
        for band in salary_bands_for(framework, level.id)
        if band.currency == market.currency
    ]
    return LevelDisagreement(level, market, rows)


def disagreements(framework: Framework) -> list[LevelDisagreement]:
    """The mapped levels' bands against the chosen US rows of the latest years."""
    found = []
    for level in ic_levels(framework):
        market = market_pay(level.id, DISAGREEMENT_REGION, framework=framework)
        if market is not None:
            found.append(_disagreement(framework, level, market))
    return found


def exact_title_disagreements(framework: Framework) -> list[LevelDisagreement]:
    """The same comparison against the rows titled exactly 'Machine Learning Engineer' (stored for this check)."""
    cells = {cell["level"]: cell for cell in market_table().raw["exact_title_check"]["cells"]}
    found = []
    for level in ic_levels(framework):
        experience = experience_level_for(framework, level.id)
        cell = cells.get(experience or "")
        if cell is not None:
            market = MarketPay(
                experience_level=cell["level"],
                region=cell["region"],
                years=cell["years"],
                currency="USD",
                n=cell["n"],
                **cell["usd"],
            )
            found.append(_disagreement(framework, level, market))
    return found


def _error(call: Callable[[], object]) -> str:
    """The one line an input error prints, taken from the code so the examples stay true."""
    try:
        call()
    except InputError as error:
        return f"error: {error}"
    raise AssertionError("the example input was accepted")  # pragma: no cover


def _errors(framework: Framework) -> list[tuple[str, str, str]]:
    return [
        ("--region UK", "UnknownRegion", _error(lambda: compare_pay(framework, "L3", "UK"))),
        ("--years 2019", "UnknownYears", _error(lambda: compare_pay(framework, "L3", years="2019"))),
        ("--level L9", "UnknownLevel", _error(lambda: compare_pay(framework, "L9"))),
        ("--currency EURO", "UnknownCurrency", _error(lambda: check_offer(framework, "L3", 1e5, currency="EURO"))),
        ("--base -185000", "InvalidOffer", _error(lambda: check_offer(framework, "L3", -185_000))),
        ("--base 185", "InvalidOffer", _error(lambda: check_offer(framework, "L3", 185))),
        ("--base 20000000", "InvalidOffer", _error(lambda: check_offer(framework, "L3", 20_000_000))),
    ]


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("mlladder.guidance", "templates"),
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    environment.filters["money"] = money
    environment.filters["percentile"] = percentile_phrase
    environment.filters["verdict"] = verdict
    environment.filters["count"] = lambda value: f"{value:,}"
    return environment


def _context(framework: Framework) -> dict[str, Any]:
    table = market_table()
    latest = table.latest_years
    with_figures = [
        region for region in ["ALL", *table.regions] if any(market_pay(code, region) for code in EXPERIENCE_NAMES)
    ]
    return {
        "table": table,
        "raw": table.raw,
        "fw": framework,
        "names": EXPERIENCE_NAMES,
        "latest": latest,
        "mapping": [
            (level, experience_level_for(framework, level.id), no_mapping_reason(framework, level.id))
            for level in framework.levels
        ],
        "latest_cells": [
            (region, [(code, market_pay(code, region)) for code in EXPERIENCE_NAMES]) for region in with_figures
        ],
        "by_year": [
            (years, [(code, market_pay(code, DISAGREEMENT_REGION, years)) for code in EXPERIENCE_NAMES])
            for years in table.years
        ],
        "region": DISAGREEMENT_REGION,
        "disagreements": disagreements(framework),
        "exact": exact_title_disagreements(framework),
        "Finding": Finding,
        "errors": _errors(framework),
        "min_offer": MIN_OFFER_USD,
        "max_offer": MAX_OFFER_USD,
        "example": check_offer(framework, "L3", 185_000, DISAGREEMENT_REGION),
        "no_region_note": person_region(Profile())[2],
    }


def pay_markdown(framework: Framework) -> str:
    return _environment().get_template("pay.md.j2").render(**_context(framework))


if __name__ == "__main__":
    print(pay_markdown(builtin_framework()), end="")
