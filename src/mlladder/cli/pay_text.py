"""Plain-text views of pay comparisons and offers for the terminal: aligned lines, no tables to wrap."""

from __future__ import annotations

from mlladder import Framework, MarketPay, OfferCheck, PayComparison, PersonPay, SalaryBand
from mlladder.framework.ladder import format_band, format_money
from mlladder.guidance.pay import BandCheck, Position
from mlladder.guidance.text import money, percentile_phrase, verdict
from mlladder.market.pay import EXPERIENCE_NAMES, market_table

__all__ = ["offer_text", "pay_text", "person_pay_text"]

POSITIONS = {
    Position.below: "below",
    Position.within: "within",
    Position.above: "above",
    Position.other_currency: "not compared (other currency)",
}


def _p(value: float | None) -> str:
    if value is None:
        return ""
    return "P<1" if value < 1 else "P>99" if value > 99 else f"P{round(value)}"


def _heading(pay: PayComparison) -> str:
    level = f"{pay.level.id} {pay.level.title}"
    where = "all company locations" if pay.region == "ALL" else f"company location {pay.region}"
    if pay.experience_level is None:
        return f"{level}: no market level; {where}; {pay.years}"
    name = EXPERIENCE_NAMES[pay.experience_level]
    return f"{level}: market level {pay.experience_level} ({name}); {where}; {pay.years}"


def _market_lines(market: MarketPay) -> list[str]:
    paid = "in US dollars a year" if market.currency == "USD" else f"paid in {market.currency}, a year"
    figures = "  ".join(
        f"{name} {money(value, market.currency)}"
        for name, value in (
            ("P10", market.p10),
            ("P25", market.p25),
            ("median", market.median),
            ("P75", market.p75),
            ("P90", market.p90),
        )
    )
    return [f"Market: {_reports(market)}, {paid}", f"  {figures}"]


def _reports(market: MarketPay) -> str:
    paid = "" if market.currency == "USD" else f" paid in {market.currency}"
    return f"{market.n:,} full-time ML-engineer pay reports{paid}"


def _band_text(band: SalaryBand) -> str:
    return format_band(band.min, band.max, band.currency, band.open_ended)


def _short(article: str) -> str:
    """An article's title without its parenthesised description."""
    return article.split(" (", 1)[0]


def _band_line(check: BandCheck, width: int) -> str:
    band = _band_text(check.band).ljust(width)
    if check.market is None:
        return f"  {band}  {'':9}  {'':30}  {_short(check.article)}"
    low, high = _p(check.min_percentile), _p(check.max_percentile)
    span = f"{low}-{high}" if high else f"{low}-"
    return f"  {band}  {span:9}  {verdict(check.findings):30}  {_short(check.article)}"


def _source_lines() -> list[str]:
    table = market_table()
    source = table.source
    return [
        f"Market source: {source['name']} ({source['licence']}), {source['file']}.",
        f"Titles naming ML or AI with 'engineer', full-time, cells of {table.min_n}+ reports; see docs/pay.md.",
    ]


def pay_text(pay: PayComparison, sources: bool = True) -> str:
    lines = [_heading(pay)]
    if pay.market is not None:
        lines += _market_lines(pay.market)
    else:
        lines.append(f"No market figures: {pay.reason}.")
    local = {
        check.market.currency: check.market for check in pay.bands if check.market and check.market.currency != "USD"
    }
    for market in local.values():
        lines += _market_lines(market)
    lines.append("")
    width = max((len(_band_text(check.band)) for check in pay.bands), default=0)
    if pay.bands:
        compared = " (percentiles in the market)" if any(check.market for check in pay.bands) else ""
        lines.append(f"The articles' bands{compared}:")
        lines += [_band_line(check, width).rstrip() for check in pay.bands]
        lines += _unmatched(pay)
    else:
        lines.append("The framework gives no salary band for this level.")
    if sources:
        lines += ["", *_source_lines()]
    return "\n".join(lines) + "\n"


def person_pay_text(pay: PersonPay) -> str:
    """The placed level's pay, then the aimed-at level's, under one line naming the region and why."""
    who = pay.name or "This profile"
    placed = pay.current.level
    if pay.target is None:
        lines = [f"Pay for {who}: placed {placed.id}, aiming at the same level.", pay.region_note, ""]
    else:
        aim = pay.target.level
        lines = [f"Pay for {who}: placed {placed.id}, aiming at {aim.id}.", pay.region_note, ""]
    lines.append("Now: " + pay_text(pay.current, sources=False))
    if pay.target is not None:
        lines.append("Aiming at: " + pay_text(pay.target, sources=False))
    lines += _source_lines()
    return "\n".join(lines) + "\n"


def _unmatched(pay: PayComparison) -> list[str]:
    """A note for bands left uncompared because the market has no figures in their currency."""
    currencies = sorted({check.band.currency for check in pay.bands if check.market is None and pay.market})
    if not currencies:
        return []
    return [f"  (no market figures in {', '.join(currencies)} here, so those bands are not compared)"]


def offer_text(offer: OfferCheck, framework: Framework) -> str:
    amount = format_money(offer.amount, offer.currency)
    lines = [f"Offer {amount} a year for {_heading(offer.pay)}"]
    if offer.market is not None and offer.percentile is not None:
        market = offer.market
        lines.append(
            f"Market: {percentile_phrase(offer.percentile)} of {_reports(market)} (an estimate from their quantiles)"
        )
        lines.append(
            f"  P25 {money(market.p25, market.currency)}  median {money(market.median, market.currency)}  "
            f"P75 {money(market.p75, market.currency)}"
        )
    else:
        lines.append(f"No market figures: {offer.reason}.")
    lines.append("")
    if offer.bands:
        width = max(len(_band_text(item.band)) for item in offer.bands)
        words = max(len(POSITIONS[item.position]) for item in offer.bands)
        lines.append("Against the articles' bands:")
        for item in offer.bands:
            position = POSITIONS[item.position].ljust(words)
            lines.append(f"  {position}  {_band_text(item.band).ljust(width)}  {_short(item.article)}")
    else:
        lines.append("The framework gives no salary band for this level.")
    lines.append("")
    if offer.advice:
        titles = {source.id: _short(source.title) for source in framework.sources}
        lines.append("Negotiation advice from the articles:")
        for advice in offer.advice:
            cited = "; ".join(titles.get(source, source) for source in advice.sources)
            lines.append(f"  - {advice.text}" + (f" [{cited}]" if cited else ""))
    else:
        lines.append("The framework holds no negotiation advice.")
    lines += ["", *_source_lines()]
    return "\n".join(lines) + "\n"
