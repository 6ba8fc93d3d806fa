"""Diagnosis: the situations the articles describe, recognised in a person's profile, history and goal.

Each rule reads facts about the person (the placement, the ratings, ``in_level_since``, promotion reviews,
``sponsor``, the evidence, years of experience, the goal) and decides whether a situation applies. The advice it
then shows is never written here: it comes from the framework's ``challenges``, ``accelerators`` and
``switching`` sections, which name the situations they serve, each text with its sources. A framework without
those sections gives no situations and no switch-or-stay view. docs/diagnosis.md lists every rule with its
conditions and thresholds.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from mlladder.assess.model import DEFAULT_SETTINGS
from mlladder.assess.placement import Assessment
from mlladder.assess.profile import Profile, PromotionReview
from mlladder.errors import InputError
from mlladder.framework.ladder import get_level, track_levels
from mlladder.framework.schema import (
    Accelerator,
    CareerStageAdvice,
    Challenge,
    Consideration,
    Duration,
    Framework,
    Level,
    SituationId,
    SwitchSignal,
)
from mlladder.framework.sources import Citation, cite, provenance

__all__ = [
    "Advice",
    "Diagnosis",
    "Situation",
    "Stage",
    "SwitchOrStay",
    "SwitchPoint",
    "diagnose",
    "short_of",
    "step_up_of",
    "step_window",
]

RuleId = Literal["stuck", "code-to-design", "no-sponsor", "speed-up"]
AdviceKind = Literal["remedy", "accelerator", "strategy", "slower"]
Lean = Literal["switch", "stay", "open"]

RULE_TITLES: dict[RuleId, str] = {
    "stuck": "Stuck at a level",
    "code-to-design": "From writing code to designing systems",
    "no-sponsor": "No sponsor, little visibility",
    "speed-up": "What speeds up the step",
}

# Thresholds (docs/diagnosis.md explains each).
PASSED_OVER_LIMIT = 2  # one passed-over review can be timing or budget; two at one level is a pattern
DESIGN_SHORT_MIN = 2  # of the design-side competencies, this many short of the step up (all, if fewer are named)
FIRST_GAPS = 3  # how many of the assessment's "raise first" competencies count as the person's gaps
TOLERANCE = DEFAULT_SETTINGS.meets_tolerance  # a combined rating this far below an expectation still meets it
DAYS_PER_YEAR = 365.25

# Evidence that others beyond the team saw: work across teams, in front of leadership or outside the company.
VISIBLE_WORK = re.compile(
    r"\b(cross[- ]team|cross[- ]functional|across (?:the )?(?:teams|org|organi[sz]ation|company)|other teams"
    r"|(?:several|multiple|many|two|three|four|five|\d+) teams|(?:org|organi[sz]ation|company)[- ]wide"
    r"|leadership|executives?|vps?|directors?|cto|all[- ]hands|stakeholders?|present(?:ed|ing|ations?)?"
    r"|talks?|spoke|keynote|conferences?|meetups?|blog(?:ged|s)?|published|demo(?:ed|s)?|open[- ]source|rfcs?)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Advice:
    """One piece of advice: a text from the framework, where in the framework it comes from, and its sources."""

    text: str
    kind: AdviceKind  # a challenge's remedy, or an accelerator's kind
    origin: Literal["challenge", "accelerator", "switching"]
    origin_id: str  # the challenge's or accelerator's id ("strategy" for switching)
    origin_title: str  # the challenge's title or the accelerator's text
    citations: tuple[Citation, ...]


@dataclass(frozen=True)
class Situation:
    """A situation recognised in the profile: the rule, the person's facts that triggered it, and the advice."""

    rule: RuleId
    title: str
    why: tuple[str, ...]  # the person's facts, short sentences
    advice: tuple[Advice, ...]
    citations: tuple[Citation, ...]  # every advice's sources, each once


@dataclass(frozen=True)
class SwitchPoint:
    """One of the framework's reasons to change company or to stay, and whether the person's facts say it holds."""

    side: Literal["switch", "stay"]
    text: str
    signal: SwitchSignal | None
    holds: bool | None  # None: the profile cannot tell
    why: str
    citations: tuple[Citation, ...]


@dataclass(frozen=True)
class Stage:
    """The career stage the person's years of experience fall in, with the framework's advice for it."""

    name: str
    years: str  # "0-5 years"
    advice: tuple[str, ...]
    citations: tuple[Citation, ...]


@dataclass(frozen=True)
class SwitchOrStay:
    """The framework's switching considerations applied to the person."""

    stage: Stage | None
    facts: tuple[str, ...]  # what about the person was used: years, stuck or not, sponsor, goal
    considerations: tuple[SwitchPoint, ...]
    strategy: tuple[Advice, ...]
    lean: Lean  # switch or stay when only one side holds; open otherwise
    summary: str


@dataclass(frozen=True)
class Diagnosis:
    """Everything the rules found for one person on one framework, as of ``today``."""

    framework: str
    name: str | None
    level: str  # the placed level
    level_title: str
    step_up: str | None  # the next level on the placed level's track
    today: dt.date
    situations: tuple[Situation, ...]
    switch_or_stay: SwitchOrStay | None


@dataclass(frozen=True)
class _Facts:
    """What the rules read about the person, worked out once."""

    framework: Framework
    profile: Profile
    assessment: Assessment
    level: Level
    step_up: Level | None
    window: Duration | None  # how long the step up realistically takes
    years_in_level: float | None
    passed_over: tuple[PromotionReview, ...]  # passed-over reviews at the current level


# -- facts -----------------------------------------------------------------------------------------------------------


def step_up_of(framework: Framework, level: Level) -> Level | None:
    """The next level on the level's own track (None at its top)."""
    levels = track_levels(framework, level.track)
    position = [item.id for item in levels].index(level.id)
    return levels[position + 1] if position + 1 < len(levels) else None


def step_window(framework: Framework, level: Level, step_up: Level | None) -> Duration | None:
    """The realistic duration of the step up; where the framework gives none, the typical time in the level."""
    if step_up is None:
        return None
    for transition in framework.transitions:
        if transition.from_level == level.id and transition.to_level == step_up.id:
            return transition.realistic or transition.time_in_level
    return None


def _facts(framework: Framework, profile: Profile, assessment: Assessment, today: dt.date) -> _Facts:
    level = get_level(framework, assessment.level)
    step_up = step_up_of(framework, level)
    since = profile.in_level_since
    years = None if since is None else max(0.0, (today - since).days / DAYS_PER_YEAR)
    passed = tuple(review for review in profile.reviews_at_level() if review.outcome == "passed-over")
    return _Facts(framework, profile, assessment, level, step_up, step_window(framework, level, step_up), years, passed)


def short_of(assessment: Assessment, framework: Framework, level_id: str) -> list[str]:
    """Rated competencies whose combined rating falls short of ``level_id``'s expectation (by more than the
    tolerance an assessment allows); unrated ones are left out, since nothing says they fall short."""
    expectations = {c.id: c.expectations.get(level_id) for c in framework.competencies}
    short = []
    for result in assessment.competencies:
        expected = expectations.get(result.id)
        if result.estimate is not None and expected is not None and result.estimate < expected.proficiency - TOLERANCE:
            short.append(result.id)
    return short


def priorities(assessment: Assessment) -> list[str]:
    """The competencies the assessment puts first: those below the placed level, then the first few to raise
    towards the target (the order the gap report and the plan use). Someone who meets their level falls short of
    the next one nearly everywhere, so these, not every shortfall, are the person's gaps."""
    return list(dict.fromkeys([*assessment.below, *assessment.first[:FIRST_GAPS]]))


def _names(framework: Framework, ids: Iterable[str]) -> str:
    """'system design, communication and business impact' in the framework's words."""
    names = {c.id: c.name for c in framework.competencies}
    listed = [names.get(item, item) for item in ids]
    return "".join(listed) if len(listed) <= 1 else ", ".join(listed[:-1]) + " and " + listed[-1]


def _rating(assessment: Assessment, competency: str, framework: Framework, level_id: str) -> str:
    """'system design 2.0 of 3'."""
    result = next(c for c in assessment.competencies if c.id == competency)
    expected = next(c for c in framework.competencies if c.id == competency).expectations[level_id].proficiency
    return f"{result.name} {result.estimate:.1f} of {expected}"


def _years(value: float) -> str:
    return f"{value:.1f} years"


def _span(duration: Duration) -> str:
    low, high = f"{duration.min_years:g}", f"{duration.max_years:g}"
    return f"{low} years" if low == high else f"{low}-{high} years"


# -- advice from the data ------------------------------------------------------------------------------------------


def _challenges(framework: Framework, situation: SituationId, level: Level) -> list[Challenge]:
    """The framework's challenges for a situation: those of the level, and those of no particular level."""
    return [c for c in framework.challenges if situation in c.situations and c.level in (None, level.id)]


def _remedies(framework: Framework, challenges: Sequence[Challenge]) -> list[Advice]:
    citations = {c.id: tuple(cite(framework, c.sources)) for c in challenges}
    return [
        Advice(remedy, "remedy", "challenge", c.id, c.title, citations[c.id])
        for c in challenges
        for remedy in c.remedies
    ]


def _accelerator_text(accelerator: Accelerator) -> str:
    """'Build visibility: keep a record ...; get to know ...' (its details, when it has any, after its text)."""
    if not accelerator.detail:
        return accelerator.text
    details = [item[0].lower() + item[1:] if item[1:2].islower() else item for item in accelerator.detail]
    return f"{accelerator.text}: {'; '.join(details)}"


def _accelerator_advice(framework: Framework, accelerators: Iterable[Accelerator]) -> list[Advice]:
    """Accelerators and strategies first, then what slows progression, each group in the framework's order."""
    chosen = list(accelerators)
    ordered = [a for a in chosen if a.kind != "slower"] + [a for a in chosen if a.kind == "slower"]
    return [
        Advice(_accelerator_text(a), a.kind, "accelerator", a.id, a.text, tuple(cite(framework, a.sources)))
        for a in ordered
    ]


def _situation(rule: RuleId, why: list[str], advice: list[Advice]) -> Situation | None:
    """A situation with its advice; without any advice in the framework it is not shown (a rule with nothing to
    say would only name a problem)."""
    if not advice:
        return None
    citations = dict.fromkeys(citation for item in advice for citation in item.citations)
    return Situation(rule, RULE_TITLES[rule], tuple(why), tuple(advice), tuple(citations))


def _tagged(framework: Framework, situation: SituationId) -> list[Accelerator]:
    return [a for a in framework.accelerators if situation in a.situations]


# -- rules ---------------------------------------------------------------------------------------------------------


def _past_window(facts: _Facts) -> str | None:
    """Time in the level beyond the longest realistic time the step up takes (the articles' timelines)."""
    if facts.years_in_level is None or facts.window is None or facts.step_up is None:
        return None
    if facts.years_in_level <= facts.window.max_years:
        return None
    since = facts.profile.in_level_since
    assert since is not None
    cited = provenance(cite(facts.framework, facts.window.sources))
    return (
        f"In {facts.level.id} since {since.isoformat()}: {_years(facts.years_in_level)}, past the "
        f"{_span(facts.window)} the step to {facts.step_up.id} realistically takes" + (f" ({cited})" if cited else "")
    ) + "."


def _passed_over(facts: _Facts) -> str | None:
    """Repeated passed-over promotion reviews at the current level."""
    if len(facts.passed_over) < PASSED_OVER_LIMIT:
        return None
    dates = ", ".join(review.date.isoformat() for review in facts.passed_over)
    return f"Passed over for promotion {len(facts.passed_over)} times at {facts.level.id} ({dates})."


def stuck(facts: _Facts) -> Situation | None:
    """Stuck: longer in the level than the step up realistically takes, or passed over for promotion repeatedly;
    the level's typical gaps (its challenges' competencies the person falls short on) are named with it."""
    why = [line for line in (_past_window(facts), _passed_over(facts)) if line]
    if not why:
        return None
    challenges = _challenges(facts.framework, "stuck", facts.level)
    typical = {c for challenge in challenges for c in challenge.competencies}
    gaps = [c for c in priorities(facts.assessment) if c in typical]
    if gaps:
        titles = " and ".join(f"“{challenge.title.lower()}”" for challenge in challenges if challenge.level)
        what = f"the gaps typical of {titles}" if titles else "the gaps typical of being stuck"
        why.append(f"Your first gaps include {_names(facts.framework, gaps)}: {what}.")
    advice = _remedies(facts.framework, challenges) + _accelerator_advice(
        facts.framework, _tagged(facts.framework, "stuck")
    )
    return _situation("stuck", why, advice)


def code_to_design(facts: _Facts) -> Situation | None:
    """The shift from code to design: hands-on work meets the level (and some of it already reaches the step
    up) while the design side (the challenge's competencies: system design, communication, business impact)
    falls short of the step up on at least two of them."""
    framework, assessment, step_up = facts.framework, facts.assessment, facts.step_up
    challenges = _challenges(framework, "code-to-design", facts.level)
    design = list(dict.fromkeys(c for challenge in challenges for c in challenge.competencies))
    if step_up is None or not design:
        return None
    short = set(short_of(assessment, framework, step_up.id))
    hands_on = [c for c in assessment.competencies if c.id not in design and c.estimate is not None]
    if not hands_on or any(c.status == "below" for c in hands_on):
        return None
    strong = [c.id for c in hands_on if c.id not in short and _reaches(c.id, framework, assessment, step_up.id)]
    design_short = [c for c in design if c in short]
    if not strong or len(design_short) < min(DESIGN_SHORT_MIN, len(design)):
        return None
    why = [
        f"Hands-on work meets the {facts.level.id} expectation throughout, and {_names(framework, strong)} "
        f"already reach{'es' if len(strong) == 1 else ''} {step_up.id}.",
        f"Short of {step_up.id} on the design side: "
        + "; ".join(_rating(assessment, c, framework, step_up.id) for c in design_short)
        + ".",
    ]
    advice = _remedies(framework, challenges) + _accelerator_advice(framework, _tagged(framework, "code-to-design"))
    return _situation("code-to-design", why, advice)


def _reaches(competency: str, framework: Framework, assessment: Assessment, level_id: str) -> bool:
    """A rated competency at or above ``level_id``'s expectation, within the tolerance."""
    result = next(c for c in assessment.competencies if c.id == competency)
    expected = next(c for c in framework.competencies if c.id == competency).expectations.get(level_id)
    return result.estimate is not None and expected is not None and result.estimate >= expected.proficiency - TOLERANCE


def visible_work(profile: Profile) -> list[str]:
    """The evidence items that show work seen beyond the person's team (:data:`VISIBLE_WORK`)."""
    return [item.text for item in profile.evidence if VISIBLE_WORK.search(item.text)]


def no_sponsor(facts: _Facts) -> Situation | None:
    """No sponsor or little visibility: the profile says ``sponsor: false``; or it does not say, no evidence item
    shows work seen beyond the team, and a competency the visibility challenge names (communication, leadership,
    business impact) is below the placed level's expectation. ``sponsor: true`` settles it."""
    profile, framework = facts.profile, facts.framework
    if profile.sponsor is True:
        return None
    challenges = _challenges(framework, "no-sponsor", facts.level)
    watched = list(dict.fromkeys(c for challenge in challenges for c in challenge.competencies))
    low = [c for c in watched if c in facts.assessment.below]
    why = []
    if profile.sponsor is False:
        why.append("The profile says nobody senior argues for your promotion (sponsor: false).")
    elif low and not visible_work(profile):
        count = len(profile.evidence)
        shown = (
            f", and none of its {count} evidence item{'s' if count != 1 else ''} shows work"
            if count
            else " and records no evidence of work"
        )
        why.append(f"The profile names no sponsor{shown} seen beyond your team.")
    if not why:
        return None
    if low:
        why.append(f"Below the {facts.level.id} expectation on {_names(framework, low)}.")
    advice = _remedies(framework, challenges) + _accelerator_advice(framework, _tagged(framework, "no-sponsor"))
    return _situation("no-sponsor", why, advice)


def speed_up(facts: _Facts, shown: set[str]) -> Situation | None:
    """What speeds the step: the accelerators and strategies (and what slows progression) tied to the person's
    first gaps (:func:`priorities`), most overlap first, leaving out those another situation already showed."""
    framework, assessment = facts.framework, facts.assessment
    gaps = priorities(assessment)
    related = [a for a in framework.accelerators if a.id not in shown and any(c in gaps for c in a.competencies)]
    if not gaps or not related:
        return None
    related.sort(key=lambda a: -sum(c in gaps for c in a.competencies))  # stable: the data's order breaks ties
    towards = f"towards {assessment.target}" if assessment.target else "at this level"
    why = [f"Your first gaps {towards}: {_names(framework, gaps)}."]
    return _situation("speed-up", why, _accelerator_advice(framework, related))


# -- switch or stay ------------------------------------------------------------------------------------------------


def _stage(framework: Framework, years: float | None) -> Stage | None:
    """The stage whose year range holds the years (its lower end included, its upper end not, unless open)."""
    switching = framework.switching
    if switching is None or years is None:
        return None
    for stage in switching.by_stage:
        span = stage.years
        if span is not None and span.min <= years and (span.max is None or years < span.max):
            return _stage_view(framework, stage)
    return None


def _stage_view(framework: Framework, stage: CareerStageAdvice) -> Stage:
    span = stage.years
    assert span is not None
    years = f"{span.min:g}+ years" if span.max is None else f"{span.min:g}-{span.max:g} years"
    return Stage(stage.stage, years, tuple(stage.advice), tuple(cite(framework, [*stage.sources, *span.sources])))


Verdict = tuple[bool | None, str]
CANNOT_TELL: Verdict = (None, "The profile cannot tell; weigh it yourself.")


def _signals(facts: _Facts, stuck_found: Situation | None) -> dict[SwitchSignal, Verdict]:
    """For every signal: whether it holds for the person, and why in one sentence."""
    judged = facts.window is not None and facts.years_in_level is not None
    reviewed = bool(facts.profile.reviews_at_level())
    blocked: Verdict
    path: Verdict
    if stuck_found is not None:
        blocked = (True, stuck_found.why[0])
        path = (False, stuck_found.why[0])
    elif judged or reviewed:
        parts = []
        if judged:
            assert facts.window is not None and facts.years_in_level is not None and facts.step_up is not None
            parts.append(
                f"{_years(facts.years_in_level)} in {facts.level.id}, within the {_span(facts.window)} the step to "
                f"{facts.step_up.id} realistically takes"
            )
        if reviewed:
            count = len(facts.passed_over)
            times = (
                "not passed over" if count == 0 else "passed over once" if count == 1 else f"passed over {count} times"
            )
            parts.append(f"{times} at {facts.level.id}")
        sentence = "; ".join(parts)
        sentence = sentence[0].upper() + sentence[1:] + "."
        blocked, path = (False, sentence), (True, sentence)
    else:
        unknown = "The profile gives neither in_level_since nor promotion reviews to judge it."
        blocked = path = (None, unknown)
    sponsor = facts.profile.sponsor
    sponsors: Verdict = (
        (None, "The profile does not say (add sponsor: true or false).")
        if sponsor is None
        else (True, "The profile says someone senior argues for you.")
        if sponsor
        else (False, "The profile says nobody senior argues for you.")
    )
    return {"promotion-blocked": blocked, "clear-path": path, "sponsors": sponsors}


def _point(
    framework: Framework, side: Literal["switch", "stay"], item: Consideration, signals: dict[SwitchSignal, Verdict]
) -> SwitchPoint:
    holds, why = signals[item.signal] if item.signal is not None else CANNOT_TELL
    return SwitchPoint(side, item.text, item.signal, holds, why, tuple(cite(framework, item.sources)))


def _goal_fact(facts: _Facts) -> str:
    goal = facts.profile.goal
    if goal is None or goal.kind == "next-level":
        step = facts.step_up.id if facts.step_up else "the next level"
        return f"Goal: the next level ({step})." if goal else f"No goal given: the next level ({step}) is assumed."
    if goal.kind == "get-hired":
        return "Goal: to get hired, so a move is already the plan; the considerations say what to look for."
    if goal.kind == "move-into-ml":
        return "Goal: to move into ML, which may happen inside the company or by changing it."
    return f"Goal: {facts.assessment.target or goal.level}."


def _lean(points: Sequence[SwitchPoint]) -> Lean:
    """Switch when only reasons to move hold, stay when only reasons to stay hold, otherwise open."""
    switch = any(p.holds for p in points if p.side == "switch")
    stay = any(p.holds for p in points if p.side == "stay")
    return "switch" if switch and not stay else "stay" if stay and not switch else "open"


def _summary(lean: Lean, points: Sequence[SwitchPoint]) -> str:
    holding = [p.text[0].lower() + p.text[1:] for p in points if p.holds]
    if lean == "switch":
        return "Only reasons to move hold for you: " + "; ".join(holding) + "."
    if lean == "stay":
        return "Only reasons to stay hold for you: " + "; ".join(holding) + "."
    if holding:
        return "Reasons on both sides hold (" + "; ".join(holding) + "): weigh them against each other."
    return "The profile settles none of the reasons; weigh each of them yourself."


def switch_or_stay(facts: _Facts, stuck_found: Situation | None) -> SwitchOrStay | None:
    """The framework's reasons to change company or stay, each judged against the person's facts where a signal
    ties it to one; the career stage from the years of experience; the strategy as the framework gives it."""
    framework = facts.framework
    switching = framework.switching
    if switching is None:
        return None
    signals = _signals(facts, stuck_found)
    points = [_point(framework, "switch", item, signals) for item in switching.when_to_switch]
    points += [_point(framework, "stay", item, signals) for item in switching.when_to_stay]
    years = facts.profile.years_experience
    stage = _stage(framework, years)
    facts_shown = [
        f"{years:g} year{'' if years == 1 else 's'} of experience"
        + (f": {stage.name.lower()} ({stage.years})." if stage else ".")
        if years is not None
        else "Years of experience not given, so no career stage.",
        "Stuck at the current level." if stuck_found else "Not stuck at the current level by the rules here.",
        _goal_fact(facts),
    ]
    strategy = [
        Advice(item.text, "strategy", "switching", "strategy", "Strategy", tuple(cite(framework, item.sources)))
        for item in switching.strategy
    ]
    lean = _lean(points)
    return SwitchOrStay(stage, tuple(facts_shown), tuple(points), tuple(strategy), lean, _summary(lean, points))


# -- the whole diagnosis -------------------------------------------------------------------------------------------


def diagnose(framework: Framework, profile: Profile, assessment: Assessment, today: dt.date | None = None) -> Diagnosis:
    """Every situation the rules recognise for the person, with the framework's advice, and the switch-or-stay
    considerations applied to them. ``assessment`` is :func:`mlladder.assess` of the same profile and framework;
    ``today`` (default: the local date) is when time in the level is measured. An assessment on another
    framework is an :class:`~mlladder.errors.InputError`."""
    if assessment.framework != framework.id:
        message = f"the assessment is on framework '{assessment.framework}', not '{framework.id}'"
        raise InputError(f"{message} (fix: assess the profile with the same framework)")
    day = today or dt.date.today()
    facts = _facts(framework, profile, assessment, day)
    found = [rule(facts) for rule in (stuck, code_to_design, no_sponsor)]
    situations = [item for item in found if item is not None]
    shown = {advice.origin_id for item in situations for advice in item.advice if advice.origin == "accelerator"}
    faster = speed_up(facts, shown)
    if faster is not None:
        situations.append(faster)
    stuck_found = next((item for item in situations if item.rule == "stuck"), None)
    return Diagnosis(
        framework=framework.id,
        name=profile.name,
        level=facts.level.id,
        level_title=facts.level.title,
        step_up=facts.step_up.id if facts.step_up else None,
        today=day,
        situations=tuple(situations),
        switch_or_stay=switch_or_stay(facts, stuck_found),
    )
