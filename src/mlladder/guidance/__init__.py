"""Guidance beside the ladder: pay against the market, interview preparation and practice (more to come:
diagnosis rules).

The texts and figures live in data (the framework, the shipped market table) with their sources; the rules that
compare them live here.
"""

from mlladder.guidance.interview import (
    CompetencyQuestions,
    InterviewPrep,
    PrepQuestion,
    interview_prep,
    interview_prep_data,
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
from mlladder.guidance.practice import PracticeHistory, choose_questions, practice_history

__all__ = [
    "BandCheck",
    "CompetencyQuestions",
    "Finding",
    "InterviewPrep",
    "InvalidOffer",
    "MarketPay",
    "NoMarket",
    "OfferCheck",
    "PayComparison",
    "PracticeHistory",
    "PrepQuestion",
    "UnknownCurrency",
    "UnknownRegion",
    "UnknownYears",
    "check_offer",
    "choose_questions",
    "compare_pay",
    "experience_level_for",
    "interview_prep",
    "interview_prep_data",
    "market_pay",
    "percentile_of",
    "practice_history",
]
