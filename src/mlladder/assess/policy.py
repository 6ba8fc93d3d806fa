"""How much documents count, and against what: the evidence policy in one place (described in docs/evidence.md).

A document becomes the ratings of the ``evidence`` rater. Each sentence it cites is an observation whose weight
says how much it shows; a rating needs observations worth one full observation. The placement model then reads
those ratings as noisier than any person's, and as lower bounds.
"""

from __future__ import annotations

from typing import Final

from mlladder.evidence.model import Section

__all__ = [
    "EDUCATION_FACTOR",
    "ENOUGH_WEIGHT",
    "EVIDENCE_NOISE",
    "EVIDENCE_RATER",
    "EVIDENCE_SOFTNESS",
    "HEDGED_FACTOR",
    "MIN_OBSERVATION_WEIGHT",
    "POSTING_NICE_TO_HAVE_FACTOR",
    "SEMANTIC_FACTOR",
    "SIGNAL_WEIGHT",
    "SIGNAL_WITH_IMPACT_WEIGHT",
    "SKILL_IN_LIST_WEIGHT",
    "SKILL_IN_WORK_WEIGHT",
    "UNCREDITED_SIGNAL_SECTIONS",
    "UNCREDITED_SKILL_SECTIONS",
]

EVIDENCE_RATER: Final = "evidence"  # the rater documents rate as, beside self, manager and peer

# -- against ratings (the placement model's defaults, see ModelSettings) --------------------------------------------
EVIDENCE_NOISE: Final = 0.8  # read by rules, not by someone who knows the work: noisier than any person (self 0.6)
EVIDENCE_SOFTNESS: Final = 1.5  # a document rarely shows all one can do: its upper side is this much softer

# -- observations: what one sentence is worth ------------------------------------------------------------------------
ENOUGH_WEIGHT: Final = 1.0  # observations must add up to this to support a proficiency: one full observation
SIGNAL_WITH_IMPACT_WEIGHT: Final = 1.0  # a scope signal in a sentence with a measured result: a full observation
SIGNAL_WEIGHT: Final = 0.7  # a scope signal alone: a claim of scope without its result
SKILL_IN_WORK_WEIGHT: Final = 0.35  # a skill named in a sentence about work done
SKILL_IN_LIST_WEIGHT: Final = 0.15  # a skill listed in a skills section: named, not shown
HEDGED_FACTOR: Final = 0.3  # "familiarity with X" is a fraction of having used X
SEMANTIC_FACTOR: Final = 0.5  # about half of the paraphrase matches name the right skill (docs/evidence-evaluation.md)
POSTING_NICE_TO_HAVE_FACTOR: Final = 0.3  # a posting's nice-to-have asks for little of what its requirements ask
EDUCATION_FACTOR: Final = 0.5  # a scope signal from one's studies (a student team led) is half of one at work
# Sections that show nothing the person did: "Mentoring" in a skills list, a company's "leading platform".
UNCREDITED_SIGNAL_SECTIONS: Final[frozenset[Section]] = frozenset({"skills_list", "company"})
UNCREDITED_SKILL_SECTIONS: Final[frozenset[Section]] = frozenset({"company"})

# -- promotion packets ---------------------------------------------------------------------------------------------
# A sentence shows a step when it weighs at least a skill used at work; a bare list of skills shows no step.
MIN_OBSERVATION_WEIGHT: Final = SKILL_IN_WORK_WEIGHT
