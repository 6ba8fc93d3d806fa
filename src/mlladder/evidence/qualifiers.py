"""Words that take a skill mention back ("no experience with X") or soften it ("X is a plus").

Both ways of finding skills read them the same way: the dictionary (:mod:`mlladder.evidence.extract`) near each
mention, the sentence embeddings (:mod:`mlladder.evidence.semantic`) over the whole sentence.
"""

from __future__ import annotations

import re

__all__ = [
    "HEDGE",
    "HEDGE_REACH",
    "NEGATION",
    "NEGATION_REACH",
    "may_hedge",
    "may_negate",
]

NEGATION = re.compile(
    r"\b(?:no|not|never|without|lack(?:s|ing)?|unfamiliar with|little|zero)\b(?:\W+\w+){0,4}\W*$", re.I
)
HEDGE = re.compile(
    r"\b(?:familiarity|familiar with|exposure|basic (?:knowledge|understanding)|some (?:knowledge|experience)|"
    r"a plus|nice to have|is a bonus|bonus|preferred|desirable|ideally|would be (?:great|nice)|currently learning|"
    r"interested in|eager to learn|willing to learn)\b",
    re.I,
)
HEDGE_REACH = 60  # characters around a mention in which a hedge word applies to it
NEGATION_REACH = 60  # characters before a mention searched for a negation

# Substrings that every negation or hedge contains: a plain "in" test rules most sentences out before a regex.
_NEGATION_WORDS = ("no", "not", "never", "without", "lack", "unfamiliar", "little", "zero")
_HEDGE_WORDS = (
    "familiar", "exposure", "basic", "some ", "plus", "nice to have", "bonus", "preferred", "desirable", "ideally",
    "would be", "learning", "interested", "eager", "willing",
)  # fmt: skip
_NEGATION_CUE = re.compile(r"\b(?:no|not|never|without|lack|lacks|lacking|unfamiliar|little|zero)\b", re.I)


def may_negate(sentence: str) -> bool:
    """Whether a negation word stands anywhere in the sentence (where it stands is checked per mention)."""
    return any(word in sentence.lower() for word in _NEGATION_WORDS) and bool(_NEGATION_CUE.search(sentence))


def may_hedge(sentence: str) -> bool:
    """Whether a hedge word stands anywhere in the sentence (whether it reaches a mention is checked per mention)."""
    return any(word in sentence.lower() for word in _HEDGE_WORDS) and bool(HEDGE.search(sentence))
