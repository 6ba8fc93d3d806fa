"""Guidance beside the ladder: pay against the market (more to come: diagnosis rules, interview practice).

The texts and figures live in data (the framework, the shipped market table) with their sources; the rules that
compare them live here.
"""

from mlladder.guidance.market import (
    MarketPay,
    UnknownCurrency,
    UnknownRegion,
    UnknownYears,
    experience_level_for,
    market_pay,
    percentile_of,
)
from mlladder.guidance.pay import (
    BandCheck,
    Finding,
    InvalidOffer,
    NoMarket,
    OfferCheck,
    PayComparison,
    check_offer,
    compare_pay,
)

__all__ = [
    "BandCheck",
    "Finding",
    "InvalidOffer",
    "MarketPay",
    "NoMarket",
    "OfferCheck",
    "PayComparison",
    "UnknownCurrency",
    "UnknownRegion",
    "UnknownYears",
    "check_offer",
    "compare_pay",
    "experience_level_for",
    "market_pay",
    "percentile_of",
]
