"""Market pay: what ML engineers are paid, per experience level, region and year, from the shipped table.

The table (``market_pay.json`` in this package) is written by ``scripts/market_pay.py`` from the aijobs.net salary
reports (CC0); docs/pay.md gives its rules. Nothing here reads the network or the CSV. A cell with fewer reports
than the table's minimum is absent, and then :func:`market_pay` answers ``None`` rather than a guess.
"""

from __future__ import annotations

import difflib
import itertools
import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import Any

from mlladder.errors import InputError, UnknownLevel, clipped
from mlladder.framework.ladder import get_level, ic_levels, main_track_id
from mlladder.framework.load import builtin_framework
from mlladder.framework.schema import Framework

__all__ = [
    "ALL_REGIONS",
    "EXPERIENCE_NAMES",
    "MarketPay",
    "UnknownCurrency",
    "UnknownRegion",
    "UnknownYears",
    "check_currency",
    "check_region",
    "check_years",
    "experience_level_for",
    "market_pay",
    "market_table",
    "no_mapping_reason",
    "percentile_of",
]

ALL_REGIONS = "ALL"
EXPERIENCE_LEVELS = ("EN", "MI", "SE", "EX")
EXPERIENCE_NAMES = {"EN": "entry", "MI": "mid", "SE": "senior", "EX": "executive"}
# The data's levels that are rungs of an engineer's ladder, lowest first; EX (executive) is not one.
LADDER_EXPERIENCE = ("EN", "MI", "SE")
# Codes people write that the data spells differently; only used to suggest the right one.
REGION_ALIASES = {"UK": "GB", "EL": "GR"}
Z90 = 1.2815515655446004  # the standard normal's 90th percentile


class UnknownRegion(InputError):
    """The market table has no pay reports from that company location."""


class UnknownYears(InputError):
    """The market table has no year or year range with that label."""


class UnknownCurrency(InputError):
    """No pay report in the data is in that currency."""


@dataclass(frozen=True)
class MarketPay:
    """Quantiles of yearly base pay for one experience level, region, year range and currency.

    ``n`` reports lie behind them (never fewer than the table's minimum). ``currency`` is ``USD`` for the data's
    dollar figures (``salary_in_usd``, every report) or a local currency (only the reports paid in it)."""

    experience_level: str
    region: str
    years: str
    currency: str
    n: int
    p10: float
    p25: float
    median: float
    p75: float
    p90: float

    def quantiles(self) -> list[tuple[float, float]]:
        """(percentile, amount) pairs, lowest first."""
        return [(10, self.p10), (25, self.p25), (50, self.median), (75, self.p75), (90, self.p90)]


@dataclass(frozen=True)
class MarketTable:
    """The shipped table: its cells and what it says about itself (source, rules, regions, currencies)."""

    cells: dict[tuple[str, str, str, str], MarketPay]
    source: dict[str, str]
    title_rule: str
    min_n: int
    latest_years: str
    years: tuple[str, ...]
    regions: dict[str, int]
    currencies: dict[str, float]  # code -> US dollars per unit, the median the data implies
    raw: dict[str, Any]


def _pay(cell: dict[str, Any], currency: str, figures: dict[str, Any]) -> MarketPay:
    return MarketPay(
        experience_level=cell["level"],
        region=cell["region"],
        years=cell["years"],
        currency=currency,
        n=figures["n"] if "n" in figures else cell["n"],
        p10=figures["p10"],
        p25=figures["p25"],
        median=figures["median"],
        p75=figures["p75"],
        p90=figures["p90"],
    )


@lru_cache(maxsize=1)
def market_table() -> MarketTable:
    """The table shipped with the package, read once on first use."""
    raw: dict[str, Any] = json.loads(files("mlladder.market").joinpath("market_pay.json").read_text("utf-8"))
    cells: dict[tuple[str, str, str, str], MarketPay] = {}
    for cell in raw["cells"]:
        cells[(cell["level"], cell["region"], cell["years"], "USD")] = _pay(cell, "USD", cell["usd"])
        for currency, figures in cell.get("local", {}).items():
            cells[(cell["level"], cell["region"], cell["years"], currency)] = _pay(cell, currency, figures)
    return MarketTable(
        cells=cells,
        source=raw["source"],
        title_rule=raw["title_rule"]["text"],
        min_n=raw["min_n"],
        latest_years=raw["latest_years"],
        years=tuple(sorted({cell["years"] for cell in raw["cells"]})),
        regions=raw["regions"],
        currencies={code: item["usd_per_unit"] for code, item in raw["currencies"].items()},
        raw=raw,
    )


# -- the ladder's levels and the data's experience levels ----------------------------------------------------------


def experience_level_for(framework: Framework, level_id: str) -> str | None:
    """The data's experience level for a ladder level, or ``None`` when it has none.

    The first three levels of the framework's main track are entry, mid and senior (EN, MI, SE), whatever the
    framework calls them. Higher levels (Staff, Principal) have none: the data's senior level holds every senior
    engineer, so its figures would understate them, and EX is an executive level, not a rung above senior
    engineer. Levels on other tracks (management, architect) have none either, nor does a framework whose only
    track is a management track: the table holds engineer titles.
    """
    level = get_level(framework, level_id)
    if not _on_engineer_track(framework, level.track):
        return None
    position = [item.id for item in ic_levels(framework)].index(level.id)
    return LADDER_EXPERIENCE[position] if position < len(LADDER_EXPERIENCE) else None


def _on_engineer_track(framework: Framework, track_id: str) -> bool:
    """Only the main track maps, and only when it is not a management track (a framework may have no other)."""
    kinds = {track.id: track.kind for track in framework.tracks}
    return track_id == main_track_id(framework) and kinds[track_id] != "management"


def no_mapping_reason(framework: Framework, level_id: str) -> str:
    """Why a level has no market counterpart, in one sentence."""
    level = get_level(framework, level_id)
    if not _on_engineer_track(framework, level.track):
        return (
            f"{level.id} is on the {level.track} track; the market table holds engineer titles, whose levels are "
            "entry, mid and senior, so it has no figures for it"
        )
    return (
        f"{level.id} is above the third level of the main track; the data has no engineer level above senior (its "
        "senior figures mix in staff and principal engineers with every senior, and executive is for executives), "
        "so it has no market counterpart"
    )


# -- looking figures up ---------------------------------------------------------------------------------------------


def _close(value: str, known: list[str]) -> list[str]:
    close = difflib.get_close_matches(value, known, n=3, cutoff=0.5)
    alias = REGION_ALIASES.get(value)
    return list(dict.fromkeys([alias, *close]))[:3] if alias in known and alias is not None else close


def check_region(region: str | None) -> str:
    """The table's spelling of a region (``ALL`` for none); :class:`UnknownRegion` suggests close codes."""
    if region is None or not region.strip():
        return ALL_REGIONS
    code = region.strip().upper()
    table = market_table()
    if code == ALL_REGIONS or code in table.regions:
        return code
    known = list(table.regions)
    suggestions = _close(code, known)
    hint = f"did you mean {' or '.join(suggestions)}?" if suggestions else "use a two-letter country code."
    with_figures = sorted({key[1] for key in table.cells} - {ALL_REGIONS}, key=known.index)
    raise UnknownRegion(
        f"no ML-engineer pay reports from company location '{clipped(region)}' in the market data (fix: {hint} "
        f"Regions with figures: {', '.join(with_figures)}, or ALL)"
    )


def check_years(years: str | None) -> str:
    """The table's label for a year range (the latest pooled one for none); :class:`UnknownYears` lists them."""
    table = market_table()
    if years is None:
        return table.latest_years
    if years.strip() in table.years:
        return years.strip()
    raise UnknownYears(f"the market data has no years '{years}' (fix: use one of {', '.join(table.years)})")


def check_currency(currency: str) -> str:
    """A currency some report in the data is paid in; :class:`UnknownCurrency` suggests close codes."""
    code = currency.strip().upper()
    known = list(market_table().currencies)
    if code in known:
        return code
    close = difflib.get_close_matches(code, known, n=3, cutoff=0.5)
    hint = f"did you mean {' or '.join(close)}?" if close else f"use one of {', '.join(known)}"
    raise UnknownCurrency(f"no pay report in the market data is in '{currency}' (fix: {hint})")


def market_pay(
    level: str,
    region: str | None = None,
    years: str | None = None,
    *,
    currency: str = "USD",
    framework: Framework | None = None,
) -> MarketPay | None:
    """Market pay quantiles for an experience level, or ``None`` when the table has no such figures.

    ``level`` is one of the data's experience levels (EN, MI, SE, EX) or a level id of ``framework`` (the built-in
    ladder by default), mapped by :func:`experience_level_for`. ``region`` is a company-location country code
    (``None`` or ``ALL``: every location); ``years`` a work year or the pooled latest range (``None``: the latest
    range, e.g. ``2024-2025``). ``None`` is the answer for a ladder level with no market counterpart and for a
    cell with fewer reports than the table's minimum. Unknown regions, years and currencies raise
    :class:`UnknownRegion`, :class:`UnknownYears` and :class:`UnknownCurrency`; an unknown level
    :class:`~mlladder.errors.UnknownLevel`.
    """
    experience = _experience_level(level, framework)
    place, span, money = check_region(region), check_years(years), check_currency(currency)
    if experience is None:
        return None
    return market_table().cells.get((experience, place, span, money))


def _experience_level(level: str, framework: Framework | None) -> str | None:
    code = level.strip().upper()
    if code in EXPERIENCE_LEVELS:
        return code
    ladder = framework if framework is not None else builtin_framework()
    try:
        return experience_level_for(ladder, level)
    except UnknownLevel:
        ids = ", ".join(item.id for item in ladder.levels)
        raise UnknownLevel(
            f"'{level}' is neither a market experience level nor a level of framework '{ladder.id}' (fix: use one "
            f"of {', '.join(EXPERIENCE_LEVELS)} or {ids})"
        ) from None


# -- where an amount sits ---------------------------------------------------------------------------------------


def percentile_of(amount: float, market: MarketPay) -> float:
    """The approximate percentile (0-100) of a yearly amount among the market's reports.

    An approximation from five stored quantiles: between P10 and P90 it interpolates linearly between the two
    quantiles around the amount; below P10 and above P90 it follows a log-normal fitted to P10 and P90, which
    meets them exactly, so the result never falls as the amount rises and never reaches 0 or 100. An amount equal
    to several stored quantiles (many reports of one round figure) gets the middle of their percentiles.
    """
    points = market.quantiles()
    if not market.p10 <= amount <= market.p90:
        return 100 * _log_normal_tail(amount, market.p10, market.p90)
    tied = [share for share, value in points if value == amount]
    if tied:
        return (tied[0] + tied[-1]) / 2
    for (low_share, low), (high_share, high) in itertools.pairwise(points):
        if low < amount < high:
            return low_share + (high_share - low_share) * (amount - low) / (high - low)
    raise AssertionError("unreachable: the amount lies between P10 and P90")  # pragma: no cover


def _log_normal_tail(amount: float, p10: float, p90: float) -> float:
    """CDF at ``amount`` of the log-normal whose 10th and 90th percentiles are ``p10`` and ``p90``."""
    if amount <= 0:
        return 0.0
    mu = (math.log(p10) + math.log(p90)) / 2
    sigma = (math.log(p90) - math.log(p10)) / (2 * Z90)
    if sigma <= 0:  # P10 == P90: every report pays the same
        return 0.0 if amount < p10 else 1.0
    return 0.5 * (1 + math.erf((math.log(amount) - mu) / (sigma * math.sqrt(2))))
