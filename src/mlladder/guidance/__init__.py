"""Guidance beside the ladder: pay against the market, a person's pay, the diagnosis of a person's situation
(stuck at a level, code to design, no sponsor, switch or stay), interview preparation and practice, moving into
ML and getting hired.

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
from mlladder.guidance.interview import (
    CompetencyQuestions,
    InterviewPrep,
    PrepQuestion,
    interview_prep,
    interview_prep_data,
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
from mlladder.guidance.practice import PracticeHistory, choose_questions, practice_history
from mlladder.market.pay import (
    MarketPay,
    UnknownCurrency,
    UnknownRegion,
    UnknownYears,
    experience_level_for,
    market_pay,
    percentile_of,
)

__all__ = [
    "Advice",
    "BandCheck",
    "CitedText",
    "CompetencyQuestions",
    "Diagnosis",
    "Finding",
    "FirstRole",
    "HiringGuidance",
    "InterviewPrep",
    "InvalidOffer",
    "MarketPay",
    "MoveGuidance",
    "NoMarket",
    "OfferCheck",
    "PayComparison",
    "PersonPay",
    "PracticeHistory",
    "PrepQuestion",
    "Situation",
    "Stage",
    "SwitchOrStay",
    "SwitchPoint",
    "UnknownCurrency",
    "UnknownRegion",
    "UnknownYears",
    "check_offer",
    "choose_questions",
    "compare_pay",
    "diagnose",
    "experience_level_for",
    "get_hired",
    "hiring_data",
    "interview_prep",
    "interview_prep_data",
    "market_pay",
    "move_data",
    "move_into_ml",
    "pay_for_person",
    "percentile_of",
    "person_pay_data",
    "practice_history",
]
