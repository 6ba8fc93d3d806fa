"""Guidance beside the ladder: pay against the market, and the diagnosis of a person's situation (stuck at a
level, code to design, no sponsor, switch or stay).

The texts and figures live in data (the framework, the shipped market table) with their sources; the rules that
compare them live here.
"""

from mlladder.guidance.diagnosis import (
    Advice,
    Diagnosis,
    Situation,
    Stage,
    SwitchOrStay,
    SwitchPoint,
    diagnose,
)
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
    "Advice",
    "BandCheck",
    "Diagnosis",
    "Finding",
    "InvalidOffer",
    "MarketPay",
    "NoMarket",
    "OfferCheck",
    "PayComparison",
    "Situation",
    "Stage",
    "SwitchOrStay",
    "SwitchPoint",
    "UnknownCurrency",
    "UnknownRegion",
    "UnknownYears",
    "check_offer",
    "compare_pay",
    "diagnose",
    "experience_level_for",
    "market_pay",
    "percentile_of",
]
