"""The level a job posting asks for, read from what its description says, with calibrated probabilities.

A posting is scored at every level of the framework's main track by adding log-likelihoods, one term per cue,
then calibrated by one temperature (``TEMPERATURE``, fitted on labelled postings: benchmarks/fit_postings.py):

- **prior**: the level mix of ML-engineering jobs, tempered (the market's share of each level to the power
  ``PRIOR_POWER``: junior, mid and senior from the aijobs salary data's experience levels; Staff and Principal,
  which that data cannot tell apart from senior or executive, get small fixed shares);
- **title**: a seniority word of the framework's level titles ("Senior", "Lead", "Principal", or a variant such
  as "Sr" or "Graduate") multiplies its level's odds by ``TITLE_FACTOR``. A plain title ("ML Engineer") is no
  evidence of any level: it adds nothing;
- **early career**: students, internships, graduation dates, degrees in progress, "entry level": present or not,
  with the rates ``EARLY_CAREER_RATES`` per level (about two thirds of junior postings say so, under 5% of
  senior ones);
- **years**: the highest required minimum ("5+ years") against the span each level's postings ask for (from a
  year below where the level's year ranges start to a year below where the next level's start); without one,
  the highest years asked for a skill ("3+ years of Java") stand in, at ``SKILL_YEARS_WEIGHT``; preferred years
  add a term at ``PREFERRED_WEIGHT``;
- **scope**: the widest scope the responsibilities ask for (own a component -> lead a project -> set direction
  across teams -> across the organisation) against the scope each level typically has;
- **degree**: a required PhD is more common higher up (``PHD_RATES``);
- **pay**: a stated yearly range, its midpoint against the market's pay per level (log-normal from the market
  table's quartiles, US pay for dollars; levels without market figures share the nearest level's: pay cannot
  tell Senior from Staff);
- **requirements**: the skills and signals of the posting as the person model reads them, at
  ``REQUIREMENTS_WEIGHT``.

Rates are per position on the main track, so a framework with three or seven levels uses the same shapes.
Every term keeps the cue it came from, so the placement can say which sentences decided it.
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from pydantic import Field

from mlladder.assess.model import PlacementModel, Vector, normalise, placement_model
from mlladder.assess.observations import evidence_ratings, observations
from mlladder.assess.placement import Result, log_likelihoods
from mlladder.assess.policy import EVIDENCE_RATER
from mlladder.errors import InputError
from mlladder.evidence.model import Cue, Evidence
from mlladder.framework.cache import derived
from mlladder.framework.ladder import ic_levels
from mlladder.framework.schema import Framework

__all__ = [
    "TEMPERATURE",
    "PostingCue",
    "PostingReading",
    "posting_scores",
    "read_posting",
    "title_levels",
    "title_words",
]

TEMPERATURE = 1.2  # fitted by benchmarks/fit_postings.py on the train split; see docs/evidence-evaluation.md
PRIOR_POWER = 0.5
MARKET_MIX = (0.064, 0.234, 0.693)  # EN, MI, SE shares of ML-engineer rows, 2024-2025 (aijobs salary data)
UPPER_SHARES = (0.10, 0.03)  # Staff and Principal: not in the market data, a small share each (our assumption)
TITLE_FACTOR = 50.0
EARLY_CAREER_RATES = (0.65, 0.20, 0.05, 0.03, 0.02)  # share of postings with an early-career cue, by level
YEARS_EDGE = 0.5
YEARS_FLOOR = 0.02
PREFERRED_WEIGHT = 0.5
SKILL_YEARS_WEIGHT = 0.6
SCOPE_BY_POSITION = (2.0, 2.5, 3.0, 4.0, 4.5)  # the widest scope postings at each level typically ask for
SCOPE_SPREAD = 1.0
PHD_RATES = (0.03, 0.08, 0.12, 0.15, 0.18)
REQUIREMENTS_WEIGHT = 0.3
PAY_WEIGHT = 1.0
RATE_FLOOR = 1e-3

SENIORITY_SYNONYMS = {
    "sr": "senior", "snr": "senior", "jr": "junior", "graduate": "junior", "grad": "junior", "entry": "junior",
    "entry-level": "junior", "trainee": "junior", "intern": "junior", "internship": "junior", "apprentice": "junior",
    "associate": "junior", "mid": "mid-level", "mid-level": "mid-level", "intermediate": "mid-level",
    "lead": "staff", "tech lead": "staff", "distinguished": "principal", "fellow": "principal",
    "ii": "mid-level", "iii": "senior", "iv": "staff",
}  # fmt: skip


class PostingCue(Result):
    """One thing the posting says, what it weighs at each level, and where it says it."""

    kind: str  # title, early_career, years, scope, degree, pay, requirements
    text: str
    sentence: str
    location: str
    leans_to: str | None  # the level it favours most
    effect: dict[str, float]  # its log-likelihood at each level, centred on their mean


class PostingReading(Result):
    """How a posting was read: its level, the probabilities, and the cues that decided it."""

    title: str | None
    level: str
    level_title: str
    probabilities: dict[str, float]
    required_years: float | None
    preferred_years: float | None
    pay: tuple[float, float, str] | None  # yearly low, high, currency
    cues: list[PostingCue] = Field(default_factory=list)
    decided_by: list[str] = Field(default_factory=list)  # the cues that favour the placed level most, in words
    summary: str = ""


@dataclass(frozen=True)
class _Term:
    kind: str
    text: str
    cue: Cue | None
    log_likelihood: Vector


def read_posting(evidence: Evidence, framework: Framework, text: str | None = None) -> PostingReading:
    """Place a posting at the level it asks for, with the cues that decided it (see the module docstring);
    ``text`` is the posting's text, for an "Experience level: Senior" line near its top."""
    model = placement_model(framework)
    terms = _terms(evidence, framework, model, text)
    probabilities = _calibrated(terms, len(model.level_ids))
    placed = int(np.argmax(probabilities))
    levels = model.level_ids
    decided = _decided_by(terms, placed, levels)
    level_title = model.levels[placed].title
    return PostingReading(
        title=evidence.title,
        level=levels[placed],
        level_title=level_title,
        probabilities={level: round(float(p), 6) for level, p in zip(levels, probabilities, strict=True)},
        required_years=_highest(evidence, "years_required"),
        preferred_years=_highest(evidence, "years_preferred"),
        pay=_stated_pay(evidence),
        cues=[_cue_out(term, levels) for term in terms],
        decided_by=decided,
        summary=_summary(evidence, levels[placed], level_title, float(probabilities[placed]), decided),
    )


def posting_scores(evidence: Evidence, framework: Framework, text: str | None = None) -> Vector:
    """The calibrated probabilities alone (the batch's fast path)."""
    model = placement_model(framework)
    return _calibrated(_terms(evidence, framework, model, text), len(model.level_ids))


def _calibrated(terms: list[_Term], count: int) -> Vector:
    total = _prior(count) + sum((term.log_likelihood for term in terms), np.zeros(count))
    return normalise(total / TEMPERATURE)


def _summary(evidence: Evidence, level: str, title: str, probability: float, decided: list[str]) -> str:
    named = f"{evidence.title}: asks" if evidence.title else "The posting asks"
    reasons = "; ".join(decided) if decided else "nothing in it points clearly to one level"
    return f"{named} for {level} ({title}) with probability {probability:.0%}: {reasons}."


# -- the terms ---------------------------------------------------------------------------------------------------


def _terms(evidence: Evidence, framework: Framework, model: PlacementModel, text: str | None) -> list[_Term]:
    count = len(model.level_ids)
    terms: list[_Term] = []
    terms.extend(_title_term(evidence, framework, count, text))
    terms.extend(_early_career_term(evidence, count))
    terms.extend(_years_terms(evidence, framework))
    terms.extend(_scope_term(evidence, count))
    terms.extend(_degree_term(evidence, count))
    terms.extend(_pay_term(evidence, framework))
    terms.extend(_requirements_term(evidence, framework, model))
    return terms


@lru_cache(maxsize=16)
def _prior(count: int) -> Vector:
    shares = list(MARKET_MIX) + list(UPPER_SHARES)
    tempered = np.array(_resample([share**PRIOR_POWER for share in shares], count))
    result: Vector = np.log(tempered / tempered.sum())
    return result


@lru_cache(maxsize=64)
def _rates(values: tuple[float, ...], count: int) -> Vector:
    """``values`` given for five levels, resampled to ``count`` (cached: the same few tables for every posting)."""
    return np.array(_resample(list(values), count))


def _resample(values: list[float], count: int) -> list[float]:
    """Values given for the five levels of the built-in main track, at ``count`` evenly spread positions."""
    if count == len(values):
        return list(values)
    if count == 1:
        return [values[0]]
    positions = [index * (len(values) - 1) / (count - 1) for index in range(count)]
    return [float(np.interp(position, range(len(values)), values)) for position in positions]


def _title_term(evidence: Evidence, framework: Framework, count: int, text: str | None) -> list[_Term]:
    seniority = _seniority_text(evidence, text)
    named = title_levels(seniority, framework)
    if not named:
        return []
    levels = [level.id for level in ic_levels(framework)]
    values = np.zeros(count)
    for level in named:
        values[levels.index(level)] += math.log(TITLE_FACTOR) / len(named)
    return [_Term("title", seniority, None, values)]


_EXPERIENCE_LEVEL = re.compile(r"(?:experience|seniority|career) level\s*:?\s*(.+)", re.I)


def _seniority_text(evidence: Evidence, text: str | None) -> str:
    """The title plus any "Experience level: ..." line near the top, where postings state seniority."""
    parts = [evidence.title or ""]
    head = (text or "")[:3000]
    lowered = head.lower()
    position = lowered.find(" level")
    while position != -1:  # the expression has no literal start: run it only where " level" stands
        match = _EXPERIENCE_LEVEL.search(head, max(0, position - 12), position + 90)
        if match is not None:
            parts.append(match.group(1).split("\n")[0][:60])
        position = lowered.find(" level", position + 6)
    return " ".join(part for part in parts if part)


def _early_career_term(evidence: Evidence, count: int) -> list[_Term]:
    rates = _rates(EARLY_CAREER_RATES, count)
    found = [cue for cue in evidence.cues if cue.kind == "early_career"]
    if found:
        return [_Term("early_career", found[0].text, found[0], np.log(rates))]
    return [_Term("no_early_career", "no student, internship, graduation or entry-level cue", None, np.log(1 - rates))]


def _years_terms(evidence: Evidence, framework: Framework) -> list[_Term]:
    starts = _level_starts(framework)
    if starts is None:
        return []
    # The career's years when the posting states them; else a skill's years stand in for them, more softly
    # ("3+ years of Java" usually is the requirement); preferred years add a softer term of their own.
    required = _highest_cue(evidence, "years_required")
    weight = 1.0
    if required is None:
        required, weight = _highest_cue(evidence, "skill_years"), SKILL_YEARS_WEIGHT
    terms = []
    for cue, cue_weight in ((required, weight), (_highest_cue(evidence, "years_preferred"), PREFERRED_WEIGHT)):
        if cue is not None and cue.value is not None:
            terms.append(_Term("years", cue.text, cue, cue_weight * _years_fit(cue.value, starts)))
    return terms


def _years_fit(years: float, starts: np.ndarray) -> Vector:
    """How well a posting's minimum years fits each level: postings ask for about a year less than where a level
    starts, up to a year less than where the next one starts; soft edges (``YEARS_EDGE``), a floor far outside."""
    low = np.concatenate([[-np.inf], starts[1:] - 1])
    high = np.concatenate([starts[1:] - 1, [np.inf]])
    above = 1 / (1 + np.exp(-(years - low) / YEARS_EDGE))
    below = 1 / (1 + np.exp(-(high - years) / YEARS_EDGE))
    result: Vector = np.log(np.maximum(above * below, YEARS_FLOOR))
    return result


def _scope_term(evidence: Evidence, count: int) -> list[_Term]:
    asked = [s for s in evidence.signals if s.section not in {"company", "nice_to_have", "skills_list", "education"}]
    if not asked:
        return []
    widest = max(asked, key=lambda signal: signal.scope)
    expected = _rates(SCOPE_BY_POSITION, count)
    values = -0.5 * ((widest.scope - expected) / SCOPE_SPREAD) ** 2
    return [_Term("scope", widest.citation.sentence, None, values)]


def _degree_term(evidence: Evidence, count: int) -> list[_Term]:
    phd = next((cue for cue in evidence.cues if cue.kind == "degree_phd" and cue.value == 1.0), None)
    if phd is None:
        return []
    return [_Term("degree", phd.text, phd, np.log(_rates(PHD_RATES, count)))]


def _pay_term(evidence: Evidence, framework: Framework) -> list[_Term]:
    pay = next((cue for cue in evidence.cues if cue.kind == "pay" and cue.value is not None), None)
    if pay is None or pay.value is None:
        return []
    spreads = pay_spreads(framework, pay.currency or "USD")
    if spreads is None:
        return []
    middle = math.log((pay.value + (pay.high or pay.value)) / 2)
    mu, sigma = spreads
    values = PAY_WEIGHT * (-0.5 * ((middle - mu) / sigma) ** 2 - np.log(sigma))
    return [_Term("pay", pay.text, pay, values)]


def pay_spreads(framework: Framework, currency: str) -> tuple[Vector, Vector] | None:
    """Per main-track level, the mean and spread of log yearly pay in the market (None without market data for
    the framework or the currency). Dollar amounts are compared with US pay, other currencies with every region
    paid in them. Levels without market figures of their own (Staff and above) take the nearest mapped level's:
    pay cannot tell them apart, so it adds nothing between them."""

    def build() -> tuple[Vector, Vector] | None:
        from mlladder.market.pay import market_pay  # the market table loads only when a posting states pay

        region = "US" if currency == "USD" else None
        found: list[tuple[float, float] | None] = []
        for level in ic_levels(framework):
            try:
                market = market_pay(level.id, region, currency=currency, framework=framework)
            except InputError:  # a currency or region the table does not have
                return None
            if market is None or market.p25 <= 0 or market.p75 <= market.p25:
                found.append(None)
            else:
                found.append((math.log(market.median), (math.log(market.p75) - math.log(market.p25)) / 1.349))
        if not any(found):
            return None
        filled = [_nearest_known(found, position) for position in range(len(found))]
        return np.array([mu for mu, _ in filled]), np.array([sigma for _, sigma in filled])

    return derived(framework, ("pay-spreads", currency), build)


def _nearest_known(values: list[tuple[float, float] | None], position: int) -> tuple[float, float]:
    known = [index for index, value in enumerate(values) if value is not None]
    nearest = min(known, key=lambda index: (abs(index - position), -index))
    value = values[nearest]
    assert value is not None
    return value


def _requirements_term(evidence: Evidence, framework: Framework, model: PlacementModel) -> list[_Term]:

    ratings = evidence_ratings(observations(evidence, framework))
    if not ratings:
        return []
    pairs = {competency: [(EVIDENCE_RATER, value)] for competency, value in ratings.items()}
    values = log_likelihoods(model, pairs).sum(axis=0) * REQUIREMENTS_WEIGHT
    return [_Term("requirements", f"{len(ratings)} competencies the requirements ask for", None, values)]


# -- reading the cues --------------------------------------------------------------------------------------------


def _highest_cue(evidence: Evidence, kind: str) -> Cue | None:
    found = [cue for cue in evidence.cues if cue.kind == kind and cue.value is not None]
    return max(found, key=lambda cue: cue.value or 0.0) if found else None


def _highest(evidence: Evidence, kind: str) -> float | None:
    cue = _highest_cue(evidence, kind)
    return None if cue is None else cue.value


def _stated_pay(evidence: Evidence) -> tuple[float, float, str] | None:
    pay = next((cue for cue in evidence.cues if cue.kind == "pay" and cue.value is not None), None)
    if pay is None or pay.value is None:
        return None
    return pay.value, pay.high or pay.value, pay.currency or "USD"


def _cue_out(term: _Term, levels: list[str]) -> PostingCue:
    centred = term.log_likelihood - term.log_likelihood.mean()
    leans = levels[int(np.argmax(centred))] if np.ptp(centred) > 1e-9 else None
    citation = term.cue.citation if term.cue is not None else None
    return PostingCue(
        kind=term.kind,
        text=term.text,
        sentence=citation.sentence if citation is not None else term.text,
        location=citation.location if citation is not None else "",
        leans_to=leans,
        effect={level: round(float(value), 3) for level, value in zip(levels, centred, strict=True)},
    )


def _decided_by(terms: list[_Term], placed: int, levels: list[str]) -> list[str]:
    """The cues that favour the placed level most over the others, strongest first, as short phrases."""
    scored = []
    for term in terms:
        others = np.delete(term.log_likelihood, placed)
        margin = float(term.log_likelihood[placed] - others.max()) if len(others) else 0.0
        if margin > 0.05 and term.kind != "no_early_career":
            scored.append((margin, term))
    scored.sort(key=lambda item: -item[0])
    return [_phrase(term, levels[placed]) for _, term in scored[:4]]


_PHRASES = {
    "title": "the title",
    "early_career": "an early-career cue",
    "years": "the years asked for",
    "scope": "the scope of the responsibilities",
    "degree": "a required PhD",
    "pay": "the stated pay against the market",
    "requirements": "what the requirements ask for",
}


def _phrase(term: _Term, level: str) -> str:
    text = f' ("{_short(term.text)}")' if term.text and term.kind != "requirements" else ""
    return f"{_PHRASES.get(term.kind, term.kind)}{text} points to {level}"


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 80 else text[:77] + "..."


# -- shared with the old title rule ------------------------------------------------------------------------------


def title_words(framework: Framework) -> dict[str, str]:
    """Seniority words of the main track's titles -> level (words every title shares, like 'engineer', drop out)."""

    def build() -> dict[str, str]:
        levels = ic_levels(framework)
        words_of = {level.id: _words(" ".join([level.title, *level.alternative_titles])) for level in levels}
        counts: dict[str, int] = {}
        for words in words_of.values():
            for word in words:
                counts[word] = counts.get(word, 0) + 1
        mapping: dict[str, str] = {}
        for level in levels:
            for word in words_of[level.id]:
                if counts[word] == 1 and word not in mapping:
                    mapping[word] = level.id
        return mapping

    return derived(framework, "title-words", build)


def _words(text: str) -> set[str]:
    return {word for word in re.findall(r"[a-z][a-z+-]*", text.lower()) if len(word) > 1}


def title_levels(title: str | None, framework: Framework) -> list[str]:
    """Levels whose seniority words appear in a posting title."""
    if not title:
        return []
    mapping = title_words(framework)
    found: list[str] = []
    tokens = re.findall(r"[a-z][a-z+-]*|\b[iv]+\b", title.lower())
    phrases = tokens + [" ".join(pair) for pair in itertools.pairwise(tokens)]
    for token in phrases:
        # The framework's own title words first ("Lead" is a level of its own in some ladders), then the variants.
        level = mapping.get(token) or mapping.get(SENIORITY_SYNONYMS.get(token, ""))
        if level is not None and level not in found:
            found.append(level)
    return found


def _level_starts(framework: Framework) -> np.ndarray | None:
    """Where each main-track level usually starts: the median of its sources' minimum years (a level without
    year ranges is put three years after the latest known start); None when no level has any."""

    def build() -> np.ndarray | None:
        starts = [
            float(np.median([span.min for span in level.years])) if level.years else math.nan
            for level in ic_levels(framework)
        ]
        if all(math.isnan(start) for start in starts):
            return None
        latest = max(start for start in starts if not math.isnan(start))
        return np.array([latest + 3 if math.isnan(start) else start for start in starts])

    return derived(framework, "level-starts", build)
