"""How pay figures read in the terminal and the docs: money to the nearest hundred, percentiles as ordinals."""

from __future__ import annotations

from mlladder.framework.ladder import format_band, format_money
from mlladder.guidance.pay import Finding, PayComparison

__all__ = ["money", "pay_summary", "percentile_phrase", "verdict"]

# A band's verdict names its strongest disagreement, so one phrase says the most (none: in line).
VERDICTS = {
    Finding.wholly_below_p10: "wholly below the market's P10",
    Finding.wholly_above_p90: "wholly above the market's P90",
    Finding.ends_below_median: "ends below the market median",
    Finding.starts_above_median: "starts above the market median",
}
IN_LINE = "brackets the market median"


def money(amount: float, currency: str = "USD") -> str:
    """'$253.4K': market figures to the nearest hundred, as the articles' bands are written."""
    return format_money(round(amount, -2), currency)


def ordinal(number: int) -> str:
    """'41st', '2nd', '13th'."""
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def percentile_phrase(value: float) -> str:
    """'about the 41st percentile'; past the ends it says so rather than rounding to the 0th or 100th."""
    if value < 1:
        return "below the 1st percentile"
    if value > 99:
        return "above the 99th percentile"
    return f"about the {ordinal(round(value))} percentile"


def verdict(findings: list[Finding]) -> str:
    """The strongest of a band's findings in words."""
    return next((VERDICTS[item] for item in VERDICTS if item in findings), IN_LINE)


def pay_summary(pay: PayComparison) -> str:
    """'Pay at L2: market median $161.6K (P25 $130K to P75 $220K); the articles' bands $140K-$200K, ...': one line
    for the notes under a person's results."""
    bands = ", ".join(format_band(c.band.min, c.band.max, c.band.currency, c.band.open_ended) for c in pay.bands)
    articles = f"; the articles' bands {bands}" if bands else ""
    if pay.market is None:
        return f"Pay at {pay.level.id}: no market figures{articles}."
    market = pay.market
    spread = f"P25 {money(market.p25, market.currency)} to P75 {money(market.p75, market.currency)}"
    return f"Pay at {pay.level.id}: market median {money(market.median, market.currency)} ({spread}){articles}."
