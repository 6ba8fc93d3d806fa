"""Guidance beside the ladder: pay against the market, a person's pay, the diagnosis of a person's situation
(stuck at a level, code to design, no sponsor, switch or stay), moving into ML and getting hired.

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
from mlladder.guidance.moves import (
    CitedText,
    FirstRole,
    HiringGuidance,
    MoveGuidance,
    get_hired,
    hiring_data,
    move_data,
    move_into_ml,
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
from mlladder.guidance.person_pay import PersonPay, pay_for_person, person_pay_data

__all__ = [
    "Advice",
    "BandCheck",
    "CitedText",
    "Diagnosis",
    "Finding",
    "FirstRole",
    "HiringGuidance",
    "InvalidOffer",
    "MarketPay",
    "MoveGuidance",
    "NoMarket",
    "OfferCheck",
    "PayComparison",
    "PersonPay",
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
    "get_hired",
    "hiring_data",
    "market_pay",
    "move_data",
    "move_into_ml",
    "pay_for_person",
    "percentile_of",
    "person_pay_data",
]
