"""A level's pay as the articles give it beside what the market pays, and where an offer sits in both.

The articles' bands come from the framework (``salary_bands``, each with its source); the market figures from
:mod:`mlladder.market.pay`. Rules here decide how they are compared; the figures stay in the data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from mlladder.errors import InputError
from mlladder.framework.ladder import get_level, salary_bands_for
from mlladder.framework.schema import Framework, Level, SalaryBand, SourcedText
from mlladder.limits import MAX_OFFER_USD, MIN_OFFER_USD
from mlladder.market.pay import (
    EXPERIENCE_NAMES,
    MarketPay,
    check_currency,
    check_region,
    check_years,
    experience_level_for,
    market_pay,
    market_table,
    no_mapping_reason,
    percentile_of,
)

__all__ = [
    "BandCheck",
    "Finding",
    "InvalidOffer",
    "NoMarket",
    "OfferCheck",
    "PayComparison",
    "Position",
    "check_offer",
    "compare_pay",
    "findings",
]

# An offer is yearly base pay: below this (in US dollars) it is most likely written in thousands or per month,
# above the other bound it is a typing slip; both are refused rather than placed at the 0th or 100th percentile.


class InvalidOffer(InputError):
    """An offer amount that cannot be yearly base pay: zero, negative, or absurdly small or large."""


class Finding(StrEnum):
    """How an article's band stands against the market's quantiles (a band may have none of these: in line)."""

    wholly_below_p10 = "wholly_below_p10"  # the band's top is under the market's 10th percentile
    ends_below_median = "ends_below_median"  # the band's top is under the market median
    starts_above_median = "starts_above_median"  # the band's bottom is over the market median
    wholly_above_p90 = "wholly_above_p90"  # the band's bottom is over the market's 90th percentile


class NoMarket(StrEnum):
    """Why there are no market figures to compare with."""

    no_mapping = "no_mapping"  # the ladder level has no experience level in the data
    too_few_reports = "too_few_reports"  # the cell has fewer reports than the table's minimum
    other_currency = "other_currency"  # figures exist, but not in the band's or offer's currency


@dataclass(frozen=True)
class BandCheck:
    """One article's band for the level against the market in the band's currency."""

    band: SalaryBand
    article: str  # the source's title (its id when the framework gives no title)
    market: MarketPay | None
    no_market: NoMarket | None
    min_percentile: float | None
    max_percentile: float | None  # None also when the band is open-ended ("N+")
    findings: list[Finding]


@dataclass(frozen=True)
class PayComparison:
    """A level's bands beside the market's figures for its experience level, region and years."""

    level: Level
    experience_level: str | None
    region: str
    years: str
    market: MarketPay | None  # in US dollars
    no_market: NoMarket | None
    reason: str | None  # the sentence behind ``no_market``
    bands: list[BandCheck] = field(default_factory=list)


def findings(band: SalaryBand, market: MarketPay) -> list[Finding]:
    """Where a band and the market disagree; an open-ended band has no top, so only its bottom is judged."""
    found: list[Finding] = []
    if not band.open_ended:
        if band.max < market.p10:
            found.append(Finding.wholly_below_p10)
        if band.max < market.median:
            found.append(Finding.ends_below_median)
    if band.min > market.median:
        found.append(Finding.starts_above_median)
    if band.min > market.p90:
        found.append(Finding.wholly_above_p90)
    return found


def _article(framework: Framework, source_id: str) -> str:
    titles = {source.id: source.title for source in framework.sources}
    return titles.get(source_id, source_id)


def _market_or_reason(
    experience: str | None, region: str, years: str, currency: str
) -> tuple[MarketPay | None, NoMarket | None]:
    """The market cell in ``currency``, else why there is none (too few reports in any currency, or not this one)."""
    if experience is None:
        return None, NoMarket.no_mapping
    if currency not in market_table().currencies:  # a framework's own currency that no report uses
        return None, NoMarket.other_currency
    found = market_pay(experience, region, years, currency=currency)
    if found is not None:
        return found, None
    in_dollars = market_pay(experience, region, years)
    return None, NoMarket.too_few_reports if in_dollars is None else NoMarket.other_currency


def _check_band(framework: Framework, band: SalaryBand, experience: str | None, region: str, years: str) -> BandCheck:
    market, missing = _market_or_reason(experience, region, years, band.currency)
    return BandCheck(
        band=band,
        article=_article(framework, band.source),
        market=market,
        no_market=missing,
        min_percentile=percentile_of(band.min, market) if market else None,
        max_percentile=percentile_of(band.max, market) if market and not band.open_ended else None,
        findings=findings(band, market) if market else [],
    )


def compare_pay(
    framework: Framework, level_id: str, region: str | None = None, years: str | None = None
) -> PayComparison:
    """Every article's band for a ladder level beside the market's figures, with where they disagree."""
    level = get_level(framework, level_id)
    place, span = check_region(region), check_years(years)
    experience = experience_level_for(framework, level.id)
    market, missing = _market_or_reason(experience, place, span, "USD")
    return PayComparison(
        level=level,
        experience_level=experience,
        region=place,
        years=span,
        market=market,
        no_market=missing,
        reason=_reason(missing, framework, level.id, experience, place, span, "USD"),
        bands=[_check_band(framework, band, experience, place, span) for band in salary_bands_for(framework, level.id)],
    )


def _reason(
    missing: NoMarket | None,
    framework: Framework,
    level_id: str,
    experience: str | None,
    region: str,
    years: str,
    currency: str,
) -> str | None:
    """The sentence behind a missing market figure (``None`` when there is one)."""
    if missing is None:
        return None
    if missing is NoMarket.no_mapping or experience is None:
        return no_mapping_reason(framework, level_id)
    table = market_table()
    where = "all company locations" if region == "ALL" else f"company location {region}"
    cell = f"{EXPERIENCE_NAMES[experience]} ({experience}) in {where} in {years}"
    if missing is NoMarket.other_currency:
        return (
            f"the market data has fewer than {table.min_n} full-time ML-engineer pay reports paid in {currency} "
            f"for {cell}; it has figures in US dollars"
        )
    total = sum(table.regions.values()) if region == "ALL" else table.regions.get(region, 0)
    return (
        f"the market data has fewer than {table.min_n} full-time ML-engineer pay reports for {cell}, so the "
        f"table leaves them out ({where} has {total} over all years and levels)"
    )


# -- offers -------------------------------------------------------------------------------------------------------


class Position(StrEnum):
    below = "below"
    within = "within"
    above = "above"
    other_currency = "other_currency"  # the band is in another currency, so the offer is not placed in it


@dataclass(frozen=True)
class OfferBand:
    band: SalaryBand
    article: str
    position: Position


@dataclass(frozen=True)
class OfferCheck:
    """An offer against the market (its percentile) and against each article's band, with the negotiation advice."""

    amount: float
    currency: str
    pay: PayComparison
    market: MarketPay | None  # in the offer's currency
    no_market: NoMarket | None
    reason: str | None  # the sentence behind ``no_market``
    percentile: float | None
    bands: list[OfferBand]
    advice: list[SourcedText]


def check_amount(amount: float, currency: str) -> None:
    """Refuse amounts that cannot be yearly base pay, judged in US dollars at the data's median rate."""
    if amount <= 0:
        raise InvalidOffer(f"the offer must be a positive yearly amount, not {amount:g} (fix: e.g. --base 185000)")
    in_dollars = amount * market_table().currencies[currency]
    if in_dollars < MIN_OFFER_USD:
        raise InvalidOffer(
            f"an offer of {amount:,.0f} {currency} a year is below {MIN_OFFER_USD:,} US dollars (fix: give the whole "
            "yearly base pay, e.g. 185000 rather than 185 or a monthly figure)"
        )
    if in_dollars > MAX_OFFER_USD:
        raise InvalidOffer(
            f"an offer of {amount:,.0f} {currency} a year is above {MAX_OFFER_USD:,} US dollars (fix: give the "
            "yearly base pay without extra digits)"
        )


def _position(amount: float, currency: str, band: SalaryBand) -> Position:
    if band.currency != currency:
        return Position.other_currency
    if amount < band.min:
        return Position.below
    if amount > band.max and not band.open_ended:
        return Position.above
    return Position.within


def check_offer(
    framework: Framework,
    level_id: str,
    amount: float,
    region: str | None = None,
    currency: str = "USD",
    years: str | None = None,
) -> OfferCheck:
    """Where a yearly base-pay offer for a ladder level sits in the market and in each article's band."""
    money = check_currency(currency)
    pay = compare_pay(framework, level_id, region, years)
    check_amount(amount, money)
    market, missing = _market_or_reason(pay.experience_level, pay.region, pay.years, money)
    return OfferCheck(
        amount=amount,
        currency=money,
        pay=pay,
        market=market,
        no_market=missing,
        reason=_reason(missing, framework, pay.level.id, pay.experience_level, pay.region, pay.years, money),
        percentile=percentile_of(amount, market) if market else None,
        bands=[OfferBand(item.band, item.article, _position(amount, money, item.band)) for item in pay.bands],
        advice=list(framework.negotiation),
    )
